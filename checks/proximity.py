"""Proximity: flags where a term of one list stands within a few words of a term of another list.

A rule names the `near` list (what must be close by, e.g. a reference to one recognisable person) and the
`terms` list (e.g. health or case details); a finding needs both within `window` words of each other. A term
of the `unless` list anywhere in the draft cancels the rule (generic advice rather than one person's case),
and a term just after a word of the `topic` list ("een training over medicatie") does not count.

Term lists alone cannot see names, so `person` adds heuristics for references to one identifiable person:
a capitalised word after a title or role word ("mevrouw De Graaf", "collega Jan"), a capitalised word with an
age in brackets ("Daan (9)"), and a place word followed by a number or a name ("kamer 12", "paviljoen De
Linde"). The words themselves (titles, name particles, places) come from the rule's parameters in `config/`.
Each finding spans the `near` reference; its fill gives both parts as `near` and `term`.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from bot.textprep import PreparedText
from checks.base import Params as BaseParams
from checks.base import Span
from checks.terms import Terms, find

# A word with an age in brackets right after it, on the normalised text: "daan (9)", "daan (9 jaar)".
_AGED = re.compile(r"(?<![\w'-])([^\W\d_][\w'-]*) ?\( ?\d{1,3}(?: ?[^\W\d_]{1,5}\.?)? ?\)")
# What may follow a place word for it to point at one spot: a number ("12", "12b", "3.14") or a name.
_PLACE_NUMBER = re.compile(r"\d+[a-z]?(?:[.\-]\d+)?")


class Person(BaseParams):
    """Heuristics for a reference to one identifiable person, on top of the `near` terms."""

    # Titles and role words after which a capitalised word is a name: "mevrouw", "dhr.", "collega".
    titles: Terms = ()
    # Lower-case name particles that may stand between a title and the name: "de", "van", "ter".
    particles: Terms = ()
    # A capitalised word followed by an age in brackets.
    ages: bool = False
    # Words that point at one person's place when a number or a capitalised name follows: "kamer", "bed".
    places: Terms = ()


class Params(BaseParams):
    near: Terms = ()
    terms: Terms
    window: int = 12
    unless: Terms = ()
    # `inflect` is for `terms` and `unless`; `near` has its own switch because number can matter there
    # ("mijn patiënt" is one person, "mijn patiënten" is nobody in particular).
    inflect: bool = False
    inflect_near: bool = False
    person: Person | None = None
    # Words after which (within `topic_window` words) a term is a subject of talk and does not count.
    topic: Terms = ()
    topic_window: int = 3


def _capitalised(text: PreparedText, norm_index: int) -> bool:
    return text.original[text.starts[norm_index]].isupper()


def _word_after(text: PreparedText, index: int, end: int) -> int | None:
    """Index into `text.words()` of the word starting right after `end` (one space between), if any."""
    words = text.words()
    if index < len(words) and words[index][0] == end + 1 and text.norm[end] == " ":
        return index
    return None


def _titled_names(text: PreparedText, person: Person) -> list[tuple[int, int]]:
    words = text.words()
    word_starts = [s for s, _ in words]
    particles = set(person.particles)
    spans = []
    for start, end in find(text, person.titles):
        index = _word_after(text, bisect_right(word_starts, end - 1), end)
        # Name particles are skipped whatever their case ("De Graaf", "de Vries"); the name needs a capital.
        while index is not None and text.norm[slice(*words[index])] in particles and index + 1 < len(words):
            index = _word_after(text, index + 1, words[index][1])
        if index is not None and _capitalised(text, words[index][0]):
            spans.append((start, words[index][1]))
    return spans


def _aged_names(text: PreparedText) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _AGED.finditer(text.norm) if _capitalised(text, m.start(1))]


def _places(text: PreparedText, person: Person) -> list[tuple[int, int]]:
    words = text.words()
    word_starts = [s for s, _ in words]
    spans = []
    for start, end in find(text, person.places):
        index = _word_after(text, bisect_right(word_starts, end - 1), end)
        if index is None:
            continue
        word_start, word_end = words[index]
        if _PLACE_NUMBER.fullmatch(text.norm[word_start:word_end]) or _capitalised(text, word_start):
            spans.append((start, word_end))
    return spans


def _whole_words(text: PreparedText, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop matches that stop before an apostrophe ending: without inflection "collega" is one person, but
    "collega's" is a plural, which a plain word-boundary match would still take."""
    norm = text.norm
    return [(s, e) for s, e in spans if not (norm[e : e + 1] == "'" and norm[e + 1 : e + 2].isalnum())]


def references(text: PreparedText, params: Params) -> list[tuple[int, int]]:
    """Spans of `text.norm` that refer to what the `near` side stands for, overlapping ones merged."""
    spans = find(text, params.near, params.inflect_near)
    if not params.inflect_near:
        spans = _whole_words(text, spans)
    if params.person is not None:
        spans += _titled_names(text, params.person) + _places(text, params.person)
        if params.person.ages:
            spans += _aged_names(text)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def nearest(
    text: PreparedText, span: tuple[int, int], others: list[tuple[int, int]], window: int, before_only: bool = False
) -> tuple[int, int] | None:
    """The span of `others` (all on `text.norm`) with the fewest words between it and `span`, if that is
    at most `window` words; with `before_only`, only spans that end before `span` starts."""
    word_starts = [s for s, _ in text.words()]

    def word_range(s: tuple[int, int]) -> tuple[int, int]:
        return bisect_right(word_starts, s[0]) - 1, bisect_right(word_starts, s[1] - 1) - 1

    first, last = word_range(span)
    best = None
    for other in others:
        if before_only and other[1] > span[0]:
            continue
        o_first, o_last = word_range(other)
        between = max(o_first - last - 1, first - o_last - 1, 0)
        if between <= window and (best is None or between < best[0]):
            best = (between, other)
    return None if best is None else best[1]


def run(text: PreparedText, params: Params) -> list[Span]:
    near = references(text, params)
    if not near:
        return []
    if params.unless and find(text, params.unless, params.inflect):
        return []
    terms = find(text, params.terms, params.inflect)
    if params.topic:
        # "een training over medicatie", "onderzoek naar de behandeling": the term is what is talked
        # about, not a detail of someone's case.
        topics = find(text, params.topic)
        terms = [t for t in terms if nearest(text, t, topics, params.topic_window, before_only=True) is None]
    if not terms:
        return []
    found = []
    for ref in near:
        term = nearest(text, ref, terms, params.window)
        if term is not None:
            start, end = text.to_original(*ref)
            term_start, term_end = text.to_original(*term)
            fill = {"near": text.original[start:end], "term": text.original[term_start:term_end]}
            found.append(Span(start, end, fill))
    return found
