"""Term lists: flags whole words and phrases of a list, found on the normalised text.

A term is a word or phrase as written in the pack; `word*` also takes every word that starts with `word`.
With `inflect`, the usual Dutch and English endings count too (`belofte` finds `beloftes`, `klant` finds
`klanten`). Word boundaries are enforced, so `del` never matches inside `delen`, nor `intern` inside
`internationaal`. The lists themselves live in the policy packs under `config/`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Annotated

import ahocorasick
from pydantic import AfterValidator

from bot.textprep import PreparedText, normalise
from checks.base import Params as BaseParams
from checks.base import Span

# Endings of Dutch (and a few English) inflections and derivations that keep a word's meaning.
ENDINGS = ("", "e", "en", "n", "s", "'s", "es", "er", "ers", "ere", "st", "ste", "t", "te", "ten", "de", "den", "d")


class TermList(tuple):
    """A term list as the checks hold it: one shared instance per distinct list, its hash computed once.

    Automata are cached per list and looked up for every draft; a plain tuple of thousands of terms would be
    hashed again on each lookup, and an equal list from another pack compared term by term."""

    def __hash__(self) -> int:
        if "hash" not in self.__dict__:
            self.__dict__["hash"] = tuple.__hash__(self)
        return self.__dict__["hash"]


_TERM_LISTS: dict[tuple[str, ...], TermList] = {}


def term_list(terms: Iterable[str]) -> TermList:
    """The shared instance of a list (packs repeat the same lists across rules and organisations)."""
    plain = tuple(terms)
    shared = _TERM_LISTS.get(plain)
    if shared is None:
        shared = _TERM_LISTS[plain] = TermList(plain)
    return shared


# A term-list field of a kind's parameters.
Terms = Annotated[tuple[str, ...], AfterValidator(term_list)]


class Params(BaseParams):
    terms: Terms
    inflect: bool = False


@lru_cache(maxsize=512)
def automaton(terms: tuple[str, ...], inflect: bool) -> ahocorasick.Automaton:
    """One Aho-Corasick automaton per distinct list; built once, shared by every draft."""
    auto = ahocorasick.Automaton()
    for term in terms:
        prefix = term.endswith("*")
        base = normalise(term.rstrip("*").strip())
        if not base:
            continue
        forms = [base + ending for ending in ENDINGS] if inflect and not prefix else [base]
        for form in forms:
            auto.add_word(form, (len(form), prefix))
    if len(auto) == 0:
        auto.add_word("\x00", (1, False))
    auto.make_automaton()
    return auto


def find(text: PreparedText, terms: tuple[str, ...], inflect: bool = False) -> list[tuple[int, int]]:
    """Spans of `text.norm` where a term stands as whole words (longest match per start)."""
    norm = text.norm
    best: dict[int, int] = {}
    for end_index, (length, prefix) in automaton(terms, inflect).iter(norm):
        start, end = end_index - length + 1, end_index + 1
        if start > 0 and norm[start - 1].isalnum():
            continue
        if prefix:
            while end < len(norm) and norm[end].isalnum():
                end += 1
        elif end < len(norm) and norm[end].isalnum():
            continue
        if end > best.get(start, -1):
            best[start] = end
    spans: list[tuple[int, int]] = []
    for start in sorted(best):
        if spans and start < spans[-1][1]:
            continue
        spans.append((start, best[start]))
    return spans


def run(text: PreparedText, params: Params) -> list[Span]:
    return [Span(*text.to_original(s, e)) for s, e in find(text, params.terms, params.inflect)]
