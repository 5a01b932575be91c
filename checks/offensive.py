"""Remarks about people: decides where a draft insults, curses, derogates, threatens or mocks, and where it
only condemns, denies, reports or quotes such words.

A rule of the `remark` kind names:
- `terms`: what is said: a curse, a slur, a negative generalisation, a threat, a mocking formula, an emoji;
- `near`: optionally, whom it must be about (a group, a customer, a manager): one of these within `window`
  words, in the same sentence unless `same_sentence` is off, and on the `side` of the term the rule says
  ("vrouwen zijn ..." names the group before, "ik haat ..." after); the finding then spans both;
- `exceptions`: harmless words and phrases that contain a term ("kankeronderzoek", "idioot veel"); a term
  inside one of them is not reported;
- `negations`: with `near`, words that deny the statement when they stand just before either part
  ("niet alle vrouwen", "vrouwen zijn helemaal geen ..."); further off they belong to something else;
- `unless`: counter-speech and reported speech: one of these in the sentence of the term makes it someone
  else's remark, or a remark against it ("dat pikken we niet", "hij riep dat", "als scheldwoord").
A term in quotes on its own ('kanker') is a mention, not a use, unless `quoted` says it counts.

Terms may hold alternatives, `{a|b|}`, so that one line covers pronouns and word orders
("{ik sla|sla ik} {je|jullie}"); a term without letters or digits (an emoji) matches anywhere, even glued to
a word. Matching runs on the normalised text (`bot.textprep`), so leetspeak, homoglyphs and spaced-out
letters are read as words. The lists themselves live in the policy packs and `config/terms/`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import product
from typing import Literal

from pydantic import Field, field_validator, model_validator

from bot.textprep import PreparedText, normalise, prepare
from checks.base import Params as BaseParams
from checks.base import Span
from checks.proximity import nearest
from checks.terms import find, term_list

_EMPTY = prepare("")
_ALTERNATIVES = re.compile(r"\{([^{}]*)\}")
_ALPHANUMERIC = re.compile(r"[^\W_]")
_EMOJI = "\u2600-\u27bf\U0001f000-\U0001faff"
# A sentence ends at end punctuation, or at emoji: in posts they often stand where a full stop would.
_SENTENCE_END = re.compile(rf"(?:[.!?]+|[{_EMOJI}][{_EMOJI}\ufe0f]*)(?= |$)")
_QUOTES = "'\""
# How many words before each side a denial reaches: "niet alle vrouwen ...", "... zijn helemaal geen ...".
# Further off it belongs to something else ("buitenlanders die geen Nederlands spreken moeten ...").
NEGATION_REACH = 2


def expand(term: str) -> list[str]:
    """Every form a term with `{a|b|}` alternatives stands for, white space tidied."""
    # Split on the innermost groups, the pieces alternate: text, a group's alternatives, text, ... A group
    # around a group ("{nou{,|} |}") is left for the next round.
    pieces = _ALTERNATIVES.split(term)
    choices = [(piece,) if index % 2 == 0 else piece.split("|") for index, piece in enumerate(pieces)]
    forms = ["".join(parts) for parts in product(*choices)]
    if len(pieces) > 1 and "{" in forms[0]:
        return list(dict.fromkeys(form for outer in forms for form in expand(outer)))
    return [" ".join(form.split()) for form in forms]


class Params(BaseParams):
    terms: tuple[str, ...]
    near: tuple[str, ...] = ()
    window: int = Field(8, ge=0, description="Words that may stand between a term and its `near` match.")
    same_sentence: bool = True
    side: Literal["before", "after", "either"] = Field(
        "either", description="Where `near` must stand, seen from the term."
    )
    exceptions: tuple[str, ...] = ()
    negations: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    quoted: bool = False

    @field_validator("terms", "near", "exceptions", "negations", "unless", mode="after")
    @classmethod
    def _expand(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # Expanded once when the pack loads; a review only runs the automata built from the result.
        return term_list(dict.fromkeys(form for term in value for form in expand(term) if form))

    @model_validator(mode="after")
    def _build_automata(self) -> Params:
        # Built when the pack loads: the lists beside `terms` are only searched once a term is found, and
        # the first author to write one should not wait for thousands of forms to be compiled.
        for terms in (self.terms, self.near, self.exceptions, self.negations, self.unless):
            _spans(_EMPTY, terms)
        return self


@lru_cache(maxsize=256)
def _split(terms: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Word terms (for the automaton, with word boundaries) and symbol terms (plain search), of one list."""
    words, symbols = [], []
    for term in terms:
        if _ALPHANUMERIC.search(term):
            words.append(term)
        else:
            symbols.append(normalise(term))
    return term_list(words), tuple(s for s in symbols if s)


def _spans(text: PreparedText, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    words, symbols = _split(terms)
    spans = find(text, words) if words else []
    for symbol in symbols:
        at = text.norm.find(symbol)
        while at != -1:
            spans.append((at, at + len(symbol)))
            at = text.norm.find(symbol, at + len(symbol))
    return sorted(spans)


def _sentence_starts(text: PreparedText) -> list[int]:
    """Offsets into `text.norm` where a sentence begins: after end punctuation or emoji, and after a line
    break of the draft (the normalised text has turned those into spaces)."""
    starts = {0}
    starts.update(m.end() for m in _SENTENCE_END.finditer(text.norm))
    line = text.original.find("\n")
    while line != -1:
        starts.add(bisect_right(text.starts, line))
        line = text.original.find("\n", line + 1)
    return sorted(starts)


def _sentence(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset) - 1


def _quoted(norm: str, span: tuple[int, int]) -> bool:
    start, end = span
    return start > 0 and end < len(norm) and norm[start - 1] in _QUOTES and norm[end] in _QUOTES


Offsets = tuple[int, int]


def _denied(text: PreparedText, first: Offsets, second: Offsets, sentence_start: int, denials: list[Offsets]) -> bool:
    """Whether a denial stands in the NEGATION_REACH words before either of two spans (for the first, within
    its sentence); a denial inside either span is part of what is said ("niet te vertrouwen")."""
    word_starts = [s for s, _ in text.words()]

    def reach(span: Offsets, floor: int) -> int:
        word = bisect_right(word_starts, span[0]) - 1
        return max(word_starts[max(word - NEGATION_REACH, 0)] if word_starts else 0, floor)

    regions = ((reach(first, sentence_start), first[0]), (reach(second, first[1]), second[0]))
    return any(low <= start and end <= high for start, end in denials for low, high in regions)


def _pair(
    text: PreparedText,
    hit: Offsets,
    targets: list[Offsets],
    sentences: list[int],
    denials: list[Offsets],
    params: Params,
) -> Offsets | None:
    """The span from `hit` to its nearest target allowed by the rule, or None when there is none or the
    pairing is denied."""
    sentence = _sentence(sentences, hit[0])
    candidates = [
        t for t in targets
        if ((t[1] <= hit[0] and params.side != "after") or (hit[1] <= t[0] and params.side != "before"))
        and (not params.same_sentence or _sentence(sentences, t[0]) == sentence)
    ]
    target = nearest(text, hit, candidates, params.window)
    if target is None:
        return None
    first, second = sorted((hit, target))
    if _denied(text, first, second, sentences[_sentence(sentences, first[0])], denials):
        return None
    return first[0], max(hit[1], target[1])


def run(text: PreparedText, params: Params) -> list[Span]:
    hits = _spans(text, params.terms)
    if hits and params.exceptions:
        harmless = _spans(text, params.exceptions)
        hits = [h for h in hits if not any(s <= h[0] and h[1] <= e for s, e in harmless)]
    if not params.quoted:
        hits = [h for h in hits if not _quoted(text.norm, h)]
    targets = _spans(text, params.near) if params.near and hits else []
    if not hits or (params.near and not targets):
        return []
    sentences = _sentence_starts(text)
    guarded = {_sentence(sentences, start) for start, _ in _spans(text, params.unless)} if params.unless else set()
    denials = _spans(text, params.negations) if params.negations else []

    spans: list[Offsets] = []
    for hit in hits:
        span = _pair(text, hit, targets, sentences, denials, params) if params.near else hit
        if span is None or _sentence(sentences, hit[0]) in guarded:
            continue
        # Two terms about the same target ("Arriva ... schattig 😂") make one finding, not two.
        if spans and span[0] < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(span[1], spans[-1][1]))
        else:
            spans.append(span)
    return [Span(*text.to_original(*span)) for span in spans]
