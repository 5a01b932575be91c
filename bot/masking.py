"""Masks what must not be read in public: the spans of personal-data and confidential findings.

Anything Checkpost posts where others can read it (a channel's parent message, an escalation channel)
passes through here: the draft through `mask`, each finding through `public_finding`, which also masks
those spans where a finding's excerpt, message or suggestion quotes them. A 1:1 reply to the author may
show the draft as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.models import Finding

MASKED_CATEGORIES = frozenset({"personal-data", "confidential"})
MASK = "█"


def _hidden(findings: Iterable[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.category in MASKED_CATEGORIES]


def _blocks(text: str) -> str:
    return "".join(ch if ch.isspace() else MASK for ch in text)


def mask(text: str, findings: Iterable[Finding], *, offset: int = 0) -> str:
    """`text`, which starts at `offset` in the draft, with every character inside a personal-data or
    confidential finding replaced by a block; white space stays, so the shape of the sentence remains
    readable."""
    hidden = [False] * len(text)
    for finding in _hidden(findings):
        for i in range(max(finding.start - offset, 0), min(finding.end - offset, len(text))):
            hidden[i] = True
    return "".join(MASK if h and not ch.isspace() else ch for ch, h in zip(text, hidden))


_WORD = re.compile(r"\w")


def _unquote(text: str, quoted: dict[str, str]) -> str:
    """`text` with every quote of a key of `quoted` shown as its value; longer quotes go first, so one that
    contains another is replaced whole. Only whole quotes: the marker 'Vertrouwelijk' is masked, the word
    'Vertrouwelijke' in a rule's explanation is not."""
    for excerpt in sorted(quoted, key=len, reverse=True):
        before = r"(?<!\w)" if _WORD.match(excerpt[0]) else ""
        after = r"(?!\w)" if _WORD.match(excerpt[-1]) else ""
        shown = quoted[excerpt]
        text = re.sub(before + re.escape(excerpt) + after, lambda _: shown, text)  # taken literally, backslashes too
    return text


def public_finding(finding: Finding, findings: Iterable[Finding] = ()) -> Finding:
    """`finding` as it may be read in public: where its excerpt overlaps a personal-data or confidential
    span (its own, or one of `findings`, the rest of the review) that part is masked, and its message and
    suggestion, which may quote what a rule found ('{excerpt}'), quote only what may be shown."""
    hidden = [finding, *findings]
    # The excerpt is the draft from `start` to `end`, so it is masked by position, like the draft.
    excerpt = mask(finding.excerpt, hidden, offset=finding.start)
    quoted = {f.excerpt: _blocks(f.excerpt) for f in _hidden(hidden) if f.excerpt}
    if excerpt != finding.excerpt:
        quoted[finding.excerpt] = excerpt  # partly personal or confidential: masked as in the excerpt
    return finding.model_copy(
        update={
            "excerpt": excerpt,
            "message": _unquote(finding.message, quoted),
            "suggestion": _unquote(finding.suggestion, quoted),
        }
    )
