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

Many packs' rules are of this kind, so it must stay cheap on long drafts: a pattern is not scanned over the
whole text when the literal text its matches start with can be read off it (`(?:moet|moeten) worden` starts
with "moet " or "moeten "); one Aho-Corasick pass finds those starts and the pattern is tried only there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from re import _parser as sre_parse

import ahocorasick
from pydantic import Field, PrivateAttr, model_validator

from bot.textprep import PreparedText, normalise
from checks.base import Params as BaseParams
from checks.base import Span
from checks.terms import Terms, find

_SLOT = re.compile(r"\{([a-z][a-z0-9-]*)\}")
# Hashtags and @handles: with `tags: false` a group ignores matches inside them ("#NS" is a label, not talk
# about NS), while a match that is the whole tag's start still counts for groups that want tags.
_TAG = re.compile(r"[#@][\w-]+")


class Group(BaseParams):
    """Terms and patterns that count as one thing: "a disclosure", "an ad label", "a stance"."""

    terms: Terms = ()
    patterns: tuple[str, ...] = ()
    inflect: bool = False
    tags: bool = True


@dataclass(frozen=True)
class _Matcher:
    terms: tuple[str, ...]
    inflect: bool
    tags: bool
    # Patterns tried only where one of their literal starts occurs (`starts` maps a start to their indexes),
    # and patterns without a literal start, scanned over the whole text.
    indexed: tuple[re.Pattern[str], ...]
    starts: ahocorasick.Automaton | None
    scanned: tuple[re.Pattern[str], ...]

    def spans(self, text: PreparedText, tag_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        found = find(text, self.terms, self.inflect) if self.terms else []
        found.extend(self._pattern_spans(text.norm))
        if not self.tags:
            found = [s for s in found if not any(a < s[0] < b for a, b in tag_spans)]
        return _disjoint(found)

    def _pattern_spans(self, norm: str) -> list[tuple[int, int]]:
        spans = [m.span() for regex in self.scanned for m in regex.finditer(norm) if m.end() > m.start()]
        if self.starts is not None:
            tried: set[tuple[int, int]] = set()
            for end, (length, indexes) in self.starts.iter(norm):
                start = end - length + 1
                for index in indexes:
                    if (start, index) in tried:
                        continue
                    tried.add((start, index))
                    match = self.indexed[index].match(norm, start)
                    if match and match.end() > start:
                        spans.append(match.span())
        return spans


# A pattern's literal starts are read no further once they would number more than this.
_MAX_STARTS = 256
# With its slots filled in, a pattern's starts number about this many at most: each slot term can make
# another start, and an automaton of tens of thousands of starts per group costs memory and load time.
_MAX_FILLED_STARTS = 1024
# Slots stand in a parsed pattern as characters from Unicode's private use area, which no pack writes.
_PLACEHOLDERS = 0xE000
_PLACEHOLDER = re.compile("([\ue000-\uf8ff])")
_ZERO_WIDTH = (sre_parse.AT, sre_parse.ASSERT, sre_parse.ASSERT_NOT)


def _literal_starts(pattern: str, slots: dict[str, tuple[str, ...]] | None = None) -> set[str] | None:
    """The literal strings every match of `pattern` starts with, or None when they cannot be read off it.

    Zero-width parts (`\\b`, look-behinds) are skipped: they do not move the match, and the pattern itself
    checks them where it is tried. A slot is read as one placeholder character standing for each of its
    terms, so a slot of hundreds of names costs no more to read than one name. Reads the parse tree of `re`,
    which has no public form.
    """
    names = dict.fromkeys(_SLOT.findall(pattern))
    placeholders = {chr(_PLACEHOLDERS + i): name for i, name in enumerate(names)}
    by_name = {name: mark for mark, name in placeholders.items()}
    parsed = sre_parse.parse(_SLOT.sub(lambda m: by_name[m.group(1)], pattern))
    if parsed.state.flags & re.IGNORECASE:
        return None
    starts = [start for start, _ in _sequence_starts(parsed)]
    # The starts share what they may number, so that a pattern with many ways to begin and a slot in each
    # still indexes about a thousand starts, not tens of thousands.
    budget = max(1, _MAX_FILLED_STARTS // max(len(starts), 1))
    literal: set[str] = set()
    for start in starts:
        literal |= _fill_slots(start, placeholders, slots or {}, budget)
    return None if "" in literal else literal


def _fill_slots(start: str, placeholders: dict[str, str], slots: dict[str, tuple[str, ...]], budget: int) -> set[str]:
    """A start read off a pattern with placeholders, as the literal starts it stands for: each placeholder
    replaced by each term of its slot. Once they number more than `budget`, or past a known head a slot
    would make them, they end there: what comes before is start enough."""
    if not _PLACEHOLDER.search(start):
        return {start}
    filled = {""}
    # Split, the pieces alternate: literal text, a placeholder, literal text, ...
    for index, piece in enumerate(_PLACEHOLDER.split(start)):
        if index % 2 == 0:
            if piece:
                filled = {head + piece for head in filled}
            continue
        forms = _slot_forms(slots[placeholders[piece]])
        if filled != {""} and len(filled) * len(forms) > budget:
            break
        filled = {head + form for head in filled for form in forms}
        if len(filled) > budget:
            break
    return filled


def _sequence_starts(items) -> set[tuple[str, bool]]:
    """Pairs (literal start, whether it spells out the whole sequence) for a parsed sequence."""
    out = {("", True)}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        alternatives = _item_starts(op, av)
        if alternatives is None:
            alternatives = {("", False)}
        longer = {(a + b, whole) if complete else (a, False) for a, complete in out for b, whole in alternatives}
        if len(longer) > _MAX_STARTS:
            # Too many combinations: the starts read so far are specific enough.
            return {(a, False) for a, _ in out}
        out = longer
        if not any(complete for _, complete in out):
            break
    return out


def _item_starts(op, av) -> set[tuple[str, bool]] | None:
    if op is sre_parse.LITERAL:
        return {(chr(av), True)}
    if op is sre_parse.IN:
        # A set of plain characters (`['"]`); a class such as `\d` or `\w` covers too many to list.
        if all(kind is sre_parse.LITERAL for kind, _ in av):
            return {(chr(code), True) for _, code in av}
        return None
    if op is sre_parse.SUBPATTERN:
        # `(?i:...)` matches other cases than its literals spell.
        return None if av[1] & re.IGNORECASE else _sequence_starts(av[-1])
    if op is sre_parse.BRANCH:
        return set().union(*(_sequence_starts(branch) for branch in av[1]))
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
        low, high, item = av
        if low > 1 or (low == 0 and high > 1):
            return None
        starts = _sequence_starts(item)
        if low == 0:
            return starts | {("", True)}
        # One or more: the first repetition starts the match, what follows it is unknown.
        return starts if high == 1 else {(start, False) for start, _ in starts}
    return None


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in order, the longest where several start together, none overlapping the one before."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out


@lru_cache(maxsize=256)
def _slot_forms(terms: tuple[str, ...]) -> tuple[str, ...]:
    """A slot's terms as they read in the normalised text, longest first, so a regex takes the longest."""
    return tuple(sorted({norm for norm in (normalise(t) for t in terms) if norm}, key=len, reverse=True))


def _slot_regex(terms: tuple[str, ...]) -> str:
    forms = _slot_forms(terms)
    # An empty list must match nothing rather than everything.
    return "(?:" + "|".join(re.escape(f) for f in forms) + ")" if forms else "(?!)"


class Params(BaseParams):
    mentions: Group
    requires: tuple[Group, ...] = ()
    unless: Group = Group()
    within: int | None = Field(None, ge=1, description="Characters between a mention and each required group.")
    min_mentions: int = Field(1, ge=1, description="Distinct mentioned terms needed before anything is reported.")
    once: bool = Field(False, description="Report the first mention only: one finding says it all.")
    slots: dict[str, Terms] = Field(default_factory=dict)

    _mentions: _Matcher = PrivateAttr()
    _requires: tuple[_Matcher, ...] = PrivateAttr()
    _unless: _Matcher = PrivateAttr()
    _skips_tags: bool = PrivateAttr()

    @model_validator(mode="after")
    def _compile_groups(self) -> Params:
        # Compiled once when the pack loads, so a review only runs the automata and regexes; a bad pattern
        # is a pack error with file and line, not a failure during a review.
        self._mentions = _compile(self.mentions, self.slots)
        self._requires = tuple(_compile(group, self.slots) for group in self.requires)
        self._unless = _compile(self.unless, self.slots)
        self._skips_tags = not all(group.tags for group in (self.mentions, self.unless, *self.requires))
        return self


def _compile(group: Group, slots: dict[str, tuple[str, ...]]) -> _Matcher:
    names: set[str] = set()
    for pattern in group.patterns:
        used = _SLOT.findall(pattern)
        unknown = [name for name in used if name not in slots]
        if unknown:
            raise ValueError(f"pattern {pattern!r} names unknown slot {{{unknown[0]}}}")
        names.update(used)
    return _compiled(group, tuple(sorted((name, slots[name]) for name in names)))


@lru_cache(maxsize=1024)
def _compiled(group: Group, slots: tuple[tuple[str, tuple[str, ...]], ...]) -> _Matcher:
    """A group's matcher, built once for all rules that share it: several rules accept the same
    disclosures, with the same slots."""
    slot_terms = dict(slots)
    indexed: list[re.Pattern[str]] = []
    scanned: list[re.Pattern[str]] = []
    starts: dict[str, list[int]] = {}
    for pattern in group.patterns:
        expanded = _SLOT.sub(lambda m: _slot_regex(slot_terms[m.group(1)]), pattern)
        try:
            regex = re.compile(expanded)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} is not a valid regular expression: {exc}") from None
        literal = _literal_starts(pattern, slot_terms)
        if literal is None:
            scanned.append(regex)
            continue
        for start in literal:
            starts.setdefault(start, []).append(len(indexed))
        indexed.append(regex)
    automaton = None
    if starts:
        automaton = ahocorasick.Automaton()
        for start, indexes in starts.items():
            automaton.add_word(start, (len(start), tuple(indexes)))
        automaton.make_automaton()
    return _Matcher(group.terms, group.inflect, group.tags, tuple(indexed), automaton, tuple(scanned))


def _near(span: tuple[int, int], others: list[tuple[int, int]], distance: int | None) -> bool:
    if distance is None:
        return bool(others)
    return any(start - span[1] <= distance and span[0] - end <= distance for start, end in others)


def run(text: PreparedText, params: Params) -> list[Span]:
    tag_spans = [m.span() for m in _TAG.finditer(text.norm)] if params._skips_tags else []
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
    if params.once:
        mentions = mentions[:1]
    return [Span(*text.to_original(s, e)) for s, e in mentions]
