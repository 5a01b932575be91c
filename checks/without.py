"""Mentions X without Y: flags what a draft mentions when the context that would make it acceptable is missing.

A rule of this kind names groups of terms and patterns:
- `mentions` (X): what the rule reports, one span per match;
- `requires`: every one of these groups must occur as well, anywhere in the draft or, with `within`, at most
  that many characters from a mention (mentions without it are not reported);
- `unless` (Y): if this group occurs anywhere in the draft, nothing is reported.

So employer talk without a disclosure, an opinion on employer matters without a personal disclaimer and
promotion without an ad label are all one shape. A group matches its `terms` like the `terms` kind does
(whole words, optional Dutch inflection) and its `patterns`, regular expressions over the normalised text
(lower case, no diacritics, single spaces: see `bot.textprep`). In a pattern `{name}` stands for any term of
the rule's `slots[name]` list, e.g. `als [\\w-]+ bij {employer}`. The terms, patterns and slot lists live in
the policy packs under `config/`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import Field, PrivateAttr, model_validator

from bot.textprep import PreparedText, prepare
from checks.base import Params as BaseParams
from checks.base import Span
from checks.terms import find

_SLOT = re.compile(r"\{([a-z][a-z0-9-]*)\}")
# Hashtags and @handles: with `tags: false` a group ignores matches inside them ("#NS" is a label, not talk
# about NS), while a match that is the whole tag's start still counts for groups that want tags.
_TAG = re.compile(r"[#@][\w-]+")


class Group(BaseParams):
    """Terms and patterns that count as one thing: "a disclosure", "an ad label", "a stance"."""

    terms: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    inflect: bool = False
    tags: bool = True


@dataclass(frozen=True)
class _Matcher:
    terms: tuple[str, ...]
    inflect: bool
    regexes: tuple[re.Pattern[str], ...]
    tags: bool

    def spans(self, text: PreparedText, tag_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        found = find(text, self.terms, self.inflect) if self.terms else []
        for regex in self.regexes:
            found.extend(m.span() for m in regex.finditer(text.norm) if m.end() > m.start())
        if not self.tags:
            found = [s for s in found if not any(a < s[0] < b for a, b in tag_spans)]
        return _disjoint(found)


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in order, the longest where several start together, none overlapping the one before."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out


def _slot_regex(terms: tuple[str, ...]) -> str:
    forms = sorted({norm for norm in (prepare(t).norm for t in terms) if norm}, key=len, reverse=True)
    # An empty list must match nothing rather than everything.
    return "(?:" + "|".join(re.escape(f) for f in forms) + ")" if forms else "(?!)"


class Params(BaseParams):
    mentions: Group
    requires: tuple[Group, ...] = ()
    unless: Group = Group()
    within: int | None = Field(None, ge=1, description="Characters between a mention and each required group.")
    min_mentions: int = Field(1, ge=1, description="Distinct mentioned terms needed before anything is reported.")
    slots: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    _mentions: _Matcher = PrivateAttr()
    _requires: tuple[_Matcher, ...] = PrivateAttr()
    _unless: _Matcher = PrivateAttr()

    @model_validator(mode="after")
    def _compile_groups(self) -> Params:
        # Compiled once when the pack loads, so a review only runs the automata and regexes; a bad pattern
        # is a pack error with file and line, not a failure during a review.
        self._mentions = _compile(self.mentions, self.slots)
        self._requires = tuple(_compile(group, self.slots) for group in self.requires)
        self._unless = _compile(self.unless, self.slots)
        return self


def _compile(group: Group, slots: dict[str, tuple[str, ...]]) -> _Matcher:
    regexes = []
    for pattern in group.patterns:
        unknown = [name for name in _SLOT.findall(pattern) if name not in slots]
        if unknown:
            raise ValueError(f"pattern {pattern!r} names unknown slot {{{unknown[0]}}}")
        expanded = _SLOT.sub(lambda m: _slot_regex(slots[m.group(1)]), pattern)
        try:
            regexes.append(re.compile(expanded))
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} is not a valid regular expression: {exc}") from None
    return _Matcher(group.terms, group.inflect, tuple(regexes), group.tags)


def _near(span: tuple[int, int], others: list[tuple[int, int]], distance: int | None) -> bool:
    if distance is None:
        return bool(others)
    return any(start - span[1] <= distance and span[0] - end <= distance for start, end in others)


def run(text: PreparedText, params: Params) -> list[Span]:
    tag_spans = [m.span() for m in _TAG.finditer(text.norm)]
    mentions = params._mentions.spans(text, tag_spans)
    if not mentions or params._unless.spans(text, tag_spans):
        return []
    for required in params._requires:
        found = required.spans(text, tag_spans)
        mentions = [m for m in mentions if _near(m, found, params.within)]
        if not mentions:
            return []
    if len({text.norm[s:e] for s, e in mentions}) < params.min_mentions:
        return []
    return [Span(*text.to_original(s, e)) for s, e in mentions]
