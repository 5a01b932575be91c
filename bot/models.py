"""The platform-neutral vocabulary of Checkpost: drafts in, reviews out.

Everything an adapter, the CLI or the store exchanges with the review engine is one of these frozen
models. The category ids and severities are the public contract of `categories.md`; the wording that
users read lives in `config/`, never here.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Category = Literal[
    "confidential",
    "personal-data",
    "offensive",
    "hostile-tone",
    "press-crisis",
    "affiliation",
    "opinion-disclaimer",
    "attribution",
    "colleague-quote",
    "hidden-marketing",
    "commitments",
    "customer-service",
    "internal-communication",
    "spelling",
]
# In the order of categories.md; eval tables and rendered replies list categories in this order.
CATEGORIES: tuple[str, ...] = get_args(Category)
Severity = Literal["info", "warn", "block"]
Verdict = Literal["pass", "info", "warn", "block"]
Route = Literal["division", "press"]
Language = Literal["nl", "en"]

SEVERITY_RANK: dict[str, int] = {"pass": 0, "info": 1, "warn": 2, "block": 3}

# Drafts longer than this are refused rather than reviewed: no network allows posts anywhere near it,
# and it bounds the work one request can cause.
MAX_DRAFT_CHARS = 10_000


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Draft(Frozen):
    """One draft post as an author submitted it, with what is known about where it will go."""

    text: str
    profile: str = "ns"
    division: str | None = None
    network: str | None = None
    # The language the author wants the review in; None means the draft's own language, else Dutch.
    reply_language: Language | None = None
    platform: str = "cli"
    author_id: str | None = None
    id: str | None = None


class Finding(Frozen):
    """One thing wrong with a draft: which rule, where (offsets into the draft as given), why and how to fix."""

    rule: str
    category: Category
    severity: Severity
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    excerpt: str
    message: str
    suggestion: str
    source: str


class Contact(Frozen):
    """A person or desk that can take an escalated draft; platform ids come from the deployment overlay."""

    name: str
    role: str | None = None
    phone: str | None = None
    email: str | None = None
    slack_user_id: str | None = None
    teams_user_id: str | None = None
    teams_channel_id: str | None = None


class EscalationDecision(Frozen):
    """Whom a draft goes to when it needs a human: the route, the division it was decided for, the contacts."""

    route: Route
    division: str | None
    contacts: tuple[Contact, ...]
    # Set when the author's division was unknown and the pack's fallback contact was chosen instead.
    fallback: bool = False


class Review(Frozen):
    """The outcome of reviewing one draft."""

    id: str | None = None
    profile: str
    division: str | None
    verdict: Verdict
    language: str
    reply_language: Language
    findings: tuple[Finding, ...]
    escalation: EscalationDecision | None = None

    @property
    def escalate(self) -> bool:
        return self.escalation is not None

    @property
    def escalate_to(self) -> Route | None:
        return self.escalation.route if self.escalation else None

    @property
    def categories(self) -> tuple[str, ...]:
        """The distinct categories found, in the order of `CATEGORIES`."""
        found = {f.category for f in self.findings}
        return tuple(c for c in CATEGORIES if c in found)

    def to_public_dict(self) -> dict:
        """The review object of the CLI and batch contract (DESIGN.md)."""
        escalation = None
        if self.escalation is not None:
            escalation = {
                "route": self.escalation.route,
                "division": self.escalation.division,
                "contacts": [c.name for c in self.escalation.contacts],
            }
        return {
            "id": self.id,
            "verdict": self.verdict,
            "escalate": self.escalate,
            "escalate_to": self.escalate_to,
            "language": self.language,
            "escalation": escalation,
            "findings": [f.model_dump() for f in self.findings],
        }


def verdict_of(findings: tuple[Finding, ...] | list[Finding]) -> Verdict:
    """The highest severity among the findings, or `pass` when there are none."""
    best: Verdict = "pass"
    for finding in findings:
        if SEVERITY_RANK[finding.severity] > SEVERITY_RANK[best]:
            best = finding.severity
    return best
