"""Prepares a draft for matching: a normalised copy of the text plus a map back to the original.

Checks match on `PreparedText.norm`: lower case, every run of white space one space, no diacritics, no zero-width or soft-hyphen characters,
look-alike letters from other scripts folded to Latin, typographic quotes and dashes made plain, digits and
symbols used as letters inside words read as letters ("k4nk3r"), and letters spaced out to dodge filters
("k a n k e r") joined again. Every character of `norm` remembers the stretch of the original it came from,
so a match on `norm` maps back to offsets into the draft exactly as the author typed it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

# Invisible characters that people (or their keyboards) put inside words.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"}

# Letters from Cyrillic and Greek that look like Latin ones, and typographic punctuation made plain.
_FOLD = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
        "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "ԛ": "q",
        "ԝ": "w", "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
        "τ": "t", "υ": "u", "χ": "x", "ϲ": "c", "ı": "i",
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
    }
)

# Digits and symbols read as letters, but only between letters, so that "2024", "25%" or "zomer25" stay as
# they are while "k4nk3r" and "m0ngool" become words again.
_LEET = {"4": "a", "3": "e", "1": "i", "0": "o", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "l"}

# Three or more single letters separated by one space, dot, dash or underscore: "k a n k e r", "k.u.t".
# A letter glued to an apostrophe ("zo'n", "'s") belongs to its word and never starts a spaced run.
_SPACED = re.compile(r"(?<![^\W\d_])(?<!')(?:[^\W\d_][ ._\-]){2,}[^\W\d_](?![^\W\d_])(?!')")

WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")

_SPACE_RUN = re.compile(r" {2,}")
# A run of digits and symbols between two letters: "k4nk3r", "m0ng00l".
_LEET_RUN = re.compile(r"(?<=[^\W\d_])[" + re.escape("".join(_LEET)) + r"]+(?=[^\W\d_])")


@dataclass(frozen=True)
class PreparedText:
    """A draft as checks see it. `norm[i]` came from `original[starts[i]:ends[i]]`."""

    original: str
    norm: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    language: str = "nl"

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of `norm` (end exclusive, start < end) to the span of the original it came from."""
        if not self.norm:
            return (0, 0)
        start = min(max(start, 0), len(self.norm) - 1)
        end = min(max(end, start + 1), len(self.norm))
        return self.starts[start], self.ends[end - 1]

    def words(self) -> tuple[tuple[int, int], ...]:
        """Spans of the words of `norm`, in order."""
        return self._words

    @cached_property
    def _words(self) -> tuple[tuple[int, int], ...]:
        return tuple((m.start(), m.end()) for m in WORD.finditer(self.norm))


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One original character as it appears in `norm` (possibly empty, possibly several characters)."""
    if ch in _INVISIBLE:
        return ""
    if ch.isspace():
        return " "
    ch = ch.translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept.lower().translate(_FOLD)


class _FoldTable(dict):
    """`_fold_char` as a `str.translate` table, filled in as characters are first seen."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()
# Lower-case ASCII words between single spaces, with no two one-letter words in a row (where a spaced-out
# run could start), are normal already: most of a pack's terms are.
_PLAIN = re.compile(r"[a-z'-]+(?: [a-z'-]+)* ?")
_LETTER_PAIR = re.compile(r"(?<![a-z])[a-z][ -][a-z](?![a-z])")
_LEET_TABLE = str.maketrans(_LEET)


def normalise(text: str) -> str:
    """`prepare(text).norm` without the map back to the original: for the terms and patterns of a pack,
    tens of thousands of which are normalised when it loads."""
    if _PLAIN.fullmatch(text) and not _LETTER_PAIR.search(text):
        return text
    joined = _SPACE_RUN.sub(" ", text.translate(_FOLD_TABLE))
    joined = _LEET_RUN.sub(lambda m: m.group().translate(_LEET_TABLE), joined)
    # Of a spaced-out run ("k a n k e r") the letters stand at every other place.
    return _SPACED.sub(lambda m: m.group()[::2], joined)


def prepare(text: str, language: str = "nl") -> PreparedText:
    pieces = list(map(_fold_char, text))
    if "" not in pieces and len("".join(pieces)) == len(text):
        # The common case, one character in and one out, needs no per-character bookkeeping.
        chars, starts, ends = pieces, list(range(len(text))), list(range(1, len(text) + 1))
    else:
        chars, starts, ends = _expand(pieces)
    joined = "".join(chars)
    # Any run of white space reads as one space, so that phrases match across line breaks.
    chars, starts, ends = _drop(chars, starts, ends, _extra_spaces(joined))
    _read_leet(chars)
    chars, starts, ends = _drop(chars, starts, ends, _spaced_separators("".join(chars)))
    return PreparedText(text, "".join(chars), tuple(starts), tuple(ends), language)


def _expand(pieces: list[str]) -> tuple[list[str], list[int], list[int]]:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, piece in enumerate(pieces):
        if not piece:
            # A dropped character still belongs to the match of the character before it.
            if ends:
                ends[-1] = index + 1
            continue
        for out in piece:
            chars.append(out)
            starts.append(index)
            ends.append(index + 1)
    return chars, starts, ends


def _extra_spaces(joined: str) -> set[int]:
    return {i for m in _SPACE_RUN.finditer(joined) for i in range(m.start() + 1, m.end())}


def _read_leet(chars: list[str]) -> None:
    for match in _LEET_RUN.finditer("".join(chars)):
        for k in range(match.start(), match.end()):
            chars[k] = _LEET[chars[k]]


def _spaced_separators(joined: str) -> set[int]:
    return {i for m in _SPACED.finditer(joined) for i in range(m.start() + 1, m.end(), 2)}


def _drop(chars: list[str], starts: list[int], ends: list[int], drop: set[int]):
    """The three lists without the positions in `drop`; a dropped character's span joins the character
    kept before it, so that a match over that character covers it too."""
    if not drop:
        return chars, starts, ends
    new_ends = list(ends)
    for i in sorted(drop):
        kept_before = i - 1
        while kept_before in drop:
            kept_before -= 1
        if kept_before >= 0:
            new_ends[kept_before] = ends[i]
    kept = [i for i in range(len(chars)) if i not in drop]
    return [chars[i] for i in kept], [starts[i] for i in kept], [new_ends[i] for i in kept]
