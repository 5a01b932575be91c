"""Masks what must not be read in public: the spans of personal-data and confidential findings.

Anything Checkpost posts where others can read it (a channel's parent message, an escalation channel)
passes through `mask`; a 1:1 reply to the author may show the draft as written.
"""

from __future__ import annotations

from bot.models import Finding

MASKED_CATEGORIES = frozenset({"personal-data", "confidential"})
MASK = "█"


def mask(text: str, findings: tuple[Finding, ...] | list[Finding]) -> str:
    """`text` with every character inside a personal-data or confidential finding replaced by a block;
    white space stays, so the shape of the sentence remains readable."""
    hidden = [False] * len(text)
    for finding in findings:
        if finding.category in MASKED_CATEGORIES:
            for i in range(max(finding.start, 0), min(finding.end, len(text))):
                hidden[i] = True
    return "".join(MASK if h and not ch.isspace() else ch for ch, h in zip(text, hidden))


def masked_excerpt(finding: Finding) -> str:
    """A finding's quoted part as it may appear in public."""
    if finding.category in MASKED_CATEGORIES:
        return "".join(ch if ch.isspace() else MASK for ch in finding.excerpt)
    return finding.excerpt
