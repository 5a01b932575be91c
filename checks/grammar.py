"""Grammar: flags the frequent mistakes a spelling dictionary cannot see, as patterns over the normalised text.

Every word of "ik wordt", "hun hebben", "groter als", "mee gewerkt" or "are team" is spelt right; what is
wrong is the word in its context. A rule lists `patterns`, each a regular expression over `text.norm`
(lower case, no accents, one space between words) with the correction as `suggestion` (a template that
may use the groups of the match, `\\1` or `\\g<name>`). Named word lists in `sets` can stand in a pattern
as `{name}`, so that subjects or comparatives are written once. A pattern may also carry:

- `unless_before`: a pattern that, found earlier in the same sentence, means the match is fine ("waar ik
  op gewacht heb": "op" belongs to "waar", so "op gewacht" is no split verb);
- `joined`: the match only counts when its words written as one are a word the rule's `dictionary` knows
  ("mee gewerkt" -> "meegewerkt" is; "in gebruik" -> "ingebruik" is not).

The finding covers the group named `x` if the pattern has one, else the whole match; its fill gives the
corrected text as `suggestion`. The patterns themselves live in the policy packs under `config/`.
"""

from __future__ import annotations

import re

from pydantic import PrivateAttr

from bot.textprep import PreparedText
from checks import spelling
from checks.base import Params as BaseParams
from checks.base import Span

_SENTENCE_END = re.compile(r"[.!?]")


class Pattern(BaseParams):
    match: str
    suggestion: str
    unless_before: str | None = None
    joined: bool = False


class Params(BaseParams):
    patterns: tuple[Pattern, ...]
    sets: dict[str, tuple[str, ...]] = {}
    # Hunspell dictionary for `joined` patterns (see checks/spelling.py).
    dictionary: str = "nl_NL"
    _compiled: tuple[tuple[Pattern, re.Pattern[str], re.Pattern[str] | None], ...] = PrivateAttr(default=())

    def model_post_init(self, context: object) -> None:
        # Compiled once when the pack loads, so that a draft only runs ready automata.
        self._compiled = tuple(
            (
                pattern,
                re.compile(self._expand(pattern.match)),
                re.compile(self._expand(pattern.unless_before)) if pattern.unless_before else None,
            )
            for pattern in self.patterns
        )

    def _expand(self, regex: str) -> str:
        for name, words in self.sets.items():
            alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            regex = regex.replace("{" + name + "}", f"(?:{alternatives})")
        return regex


def run(text: PreparedText, params: Params) -> list[Span]:
    norm = text.norm
    spans = []
    for pattern, regex, unless_before in params._compiled:
        for m in regex.finditer(norm):
            start, end = m.span("x") if "x" in regex.groupindex else m.span()
            if unless_before is not None:
                sentence_start = max((s.end() for s in _SENTENCE_END.finditer(norm, 0, m.start())), default=0)
                if unless_before.search(norm, sentence_start, m.start()):
                    continue
            if pattern.joined and not spelling.accepted(params.dictionary, norm[start:end].replace(" ", "")):
                continue
            orig_start, orig_end = text.to_original(start, end)
            spans.append(Span(orig_start, orig_end, {"suggestion": m.expand(pattern.suggestion)}))
    return spans
