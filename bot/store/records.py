"""What the store hands out: frozen records of escalations, outbox items, preferences and the audit.

It also fixes the escalation life cycle: the statuses, which of them a contact may set (and from where),
and which the delivery worker sets. The rows behind these records are in `bot/store/tables.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.models import Contact, Finding, Frozen, Language, Route

Status = Literal["pending", "delivered", "acknowledged", "approved", "rejected", "failed"]
STATUSES: tuple[str, ...] = ("pending", "delivered", "acknowledged", "approved", "rejected", "failed")

# What a contact may do, from which status. `pending → delivered` and `pending → failed` belong to the
# delivery worker alone; nothing leaves approved, rejected or failed.
CONTACT_TRANSITIONS: dict[str, frozenset[str]] = {
    "delivered": frozenset({"acknowledged"}),
    "acknowledged": frozenset({"approved", "rejected"}),
}
# The status of an escalation a contact took on; a decision needs it first (see `Store.transition`).
TAKEN = "acknowledged"
# What a contact's buttons set, in the order they are offered, and the statuses in which they are: a
# decision on an escalation nobody took yet takes it first, and a ping still being delivered already
# shows the buttons its contacts will press.
CONTACT_STATUSES: tuple[str, ...] = ("acknowledged", "approved", "rejected")
OPEN_STATUSES: tuple[str, ...] = ("pending", "delivered", "acknowledged")

OutboxKind = Literal["escalation", "outcome", "alert"]

# The actor recorded in the history for changes the delivery worker makes.
SYSTEM_ACTOR = "checkpost"


class TransitionRefused(Exception):
    """A status change that is not allowed; `code` is `unknown`, `not_a_contact`, `not_allowed` or
    `conflict` (someone else changed the status first), `reason` a sentence for the log or the actor."""

    def __init__(self, reason: str, *, code: str):
        super().__init__(reason)
        self.reason = reason
        self.code = code


class UnknownFinding(LookupError):
    """Feedback named a review, or a rule within it, that the store does not know."""


@dataclass(frozen=True)
class StoredReview:
    review_id: str
    escalation_id: str | None


class Preferences(Frozen):
    division: str | None = None
    language: Language | None = None


class EscalationRecord(Frozen):
    """One escalated draft as its contacts see it, with where its delivery stands.

    `draft_text` and `findings` are empty after the retention period (`Store.purge`). `attempts`,
    `next_attempt_at` (None once the ping is delivered or has failed) and `last_error` describe the
    delivery of the ping to the contacts.
    """

    id: str
    review_id: str
    created_at: datetime
    route: Route
    division: str | None
    fallback: bool
    contacts: tuple[Contact, ...]
    draft_text: str | None
    findings: tuple[Finding, ...]
    verdict: str
    profile: str
    language: Language
    platform: str
    author_id: str | None
    origin: dict
    status: Status
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    delivery_ref: dict | None
    updated_by: str | None
    updated_at: datetime

    def contact(self, actor_id: str | None) -> Contact | None:
        """The contact `actor_id` names: by Slack or Teams user id, e-mail address (in any case) or the
        contact's name as the directory spells it; None when it names none of them."""
        if not actor_id:
            return None
        for contact in self.contacts:
            if actor_id in (contact.slack_user_id, contact.teams_user_id, contact.name):
                return contact
            if contact.email and contact.email.casefold() == actor_id.casefold():
                return contact
        return None

    def is_contact(self, actor_id: str) -> bool:
        return self.contact(actor_id) is not None

    @property
    def choices(self) -> tuple[str, ...]:
        """The statuses a contact's buttons offer now: while the escalation is open every one but its current
        status, once it is decided or failed none."""
        return tuple(s for s in CONTACT_STATUSES if s != self.status) if self.status in OPEN_STATUSES else ()

    def actor_name(self, actor_id: str | None) -> str:
        """How to name whoever acted on the escalation: the contact's name, found by any of their ids;
        else the id as given."""
        contact = self.contact(actor_id)
        return contact.name if contact else actor_id or ""


class OutboxItem(Frozen):
    """One delivery a notifier makes.

    - `escalation`: ping the escalation's contacts.
    - `outcome`: tell the author, in the thread `escalation.origin` names, that a contact set `outcome`
      (`acknowledged`, `approved` or `rejected`); `actor_id` is that contact.
    - `alert`: the delivery of kind `failed_kind` for this escalation failed for good; `reason` is its
      last error. Alerts go to the fallback notifier.
    """

    id: str
    kind: OutboxKind
    escalation: EscalationRecord
    attempts: int
    outcome: Status | None = None
    actor_id: str | None = None
    failed_kind: OutboxKind | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Claim:
    """An outbox item leased to one worker; `token` proves the lease when the worker reports back."""

    item: OutboxItem
    token: str


class StatusChange(Frozen):
    at: datetime
    actor_id: str
    from_status: Status
    to_status: Status


class DisputedRule(Frozen):
    rule: str
    disputes: int
    fired: int


class AuditReport(Frozen):
    """Counts of reviews since a date: per verdict, category (reviews with at least one finding in it) and
    division; escalations per status; and the rules authors most often disputed with "Dit klopt niet",
    beside how often each fired in that period."""

    since: datetime
    reviews: int
    verdicts: dict[str, int]
    categories: dict[str, int]
    divisions: dict[str, int]
    escalations: dict[str, int]
    disputed: tuple[DisputedRule, ...]

    def to_text(self) -> str:
        lines = [f"reviews since {self.since.date().isoformat()}: {self.reviews}"]
        sections = (
            ("verdict", self.verdicts),
            ("category", self.categories),
            ("division", self.divisions),
            ("escalation status", self.escalations),
        )
        for title, counts in sections:
            lines.append(f"\nper {title}:")
            lines.extend(f"  {name:40} {count:6}" for name, count in counts.items())
            if not counts:
                lines.append("  (none)")
        lines.append('\nmost disputed rules ("Dit klopt niet"), disputes / times fired:')
        lines.extend(f"  {d.rule:40} {d.disputes:6} / {d.fired}" for d in self.disputed)
        if not self.disputed:
            lines.append("  (none)")
        return "\n".join(lines)
