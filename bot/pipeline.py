"""Reviews one draft against one policy: prepare the text, run every rule, decide the verdict and escalation.

This is the only place that turns a check's spans into findings; the wording comes from the rule in the
policy pack (`config/packs/`), in the language the author reads. The pipeline is synchronous and pure:
no I/O, so adapters may call it from any thread or event loop.
"""

from __future__ import annotations

from bot.escalation import decide
from bot.models import MAX_DRAFT_CHARS, Draft, Finding, Review, verdict_of
from bot.policy import Policy, Rule
from bot.textprep import PreparedText, prepare
from checks.language import detect_language


class DraftRejected(Exception):
    """The draft cannot be reviewed as given; `code` names why (a key of `config/messages.yaml`)."""

    def __init__(self, code: str, **values):
        self.code = code
        self.values = values
        super().__init__(code)


def reply_language(draft: Draft, draft_language: str) -> str:
    """The author's chosen language, else the draft's own if the product speaks it, else Dutch."""
    if draft.reply_language:
        return draft.reply_language
    return draft_language if draft_language in ("nl", "en") else "nl"


def _format(template: str, fill: dict[str, str]) -> str:
    try:
        return template.format_map(fill)
    except (KeyError, ValueError, IndexError):
        # A pack may name a value a check does not provide; show the template rather than fail a review.
        return template


def _findings(rule: Rule, text: PreparedText, language: str) -> list[Finding]:
    spec = rule.spec
    findings = []
    for span in rule.spans(text):
        excerpt = text.original[span.start : span.end]
        fill = {"excerpt": excerpt, **span.fill}
        findings.append(
            Finding(
                rule=spec.id,
                category=spec.category,
                severity=spec.severity,
                start=span.start,
                end=span.end,
                excerpt=excerpt,
                message=_format(spec.message.get(language), fill),
                suggestion=_format(spec.suggestion.get(language), fill),
                source=rule.source_text.get(language),
            )
        )
    return findings


def check_text(draft: Draft) -> None:
    if not draft.text.strip():
        raise DraftRejected("empty_draft")
    if len(draft.text) > MAX_DRAFT_CHARS:
        raise DraftRejected("draft_too_long", length=len(draft.text), limit=MAX_DRAFT_CHARS)


def review(draft: Draft, policy: Policy) -> Review:
    """Review `draft` against `policy`. Raises DraftRejected for empty or oversized drafts and
    UnknownDivision when the draft names a division the policy's directory does not know."""
    check_text(draft)
    division = policy.directory.find(draft.division).name if draft.division else None
    language = detect_language(draft.text)
    text = prepare(draft.text, language)
    reply = reply_language(draft, language)
    findings: list[Finding] = []
    for rule in policy.rules:
        findings.extend(_findings(rule, text, reply))
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return Review(
        id=draft.id,
        profile=policy.id,
        division=division,
        verdict=verdict_of(findings),
        language=language,
        reply_language=reply,
        findings=tuple(findings),
        escalation=decide(findings, policy, division),
    )


def warm_up(policy: Policy) -> None:
    """Build every lazily built resource (language models, dictionaries, automata) before the first
    author waits for it, by reviewing a sample draft in both languages."""
    for sample in WARM_UP_SAMPLES:
        review(Draft(text=sample, profile=policy.id), policy)


# Long enough for the fast language models; the full ones, for short drafts, are built by
# `checks.language.preload()` where a server can afford it.
WARM_UP_SAMPLES = (
    "Ik werk bij de organisatie en deel graag dit nieuws met jullie: vanaf volgende week zijn we ook op zaterdag "
    "open, en iedereen is van harte welkom om een kijkje te komen nemen.",
    "I work here and am happy to share this news with you: from next week we are also open on Saturdays, and "
    "everyone is very welcome to come and have a look around.",
)
