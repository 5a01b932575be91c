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
from dataclasses import dataclass, field

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
_SPACED = re.compile(r"(?<![^\W\d_])(?:[^\W\d_][ ._\-]){2,}[^\W\d_](?![^\W\d_])")

WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")


@dataclass(frozen=True)
class PreparedText:
    """A draft as checks see it. `norm[i]` came from `original[starts[i]:ends[i]]`."""

    original: str
    norm: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    language: str = "nl"
    _words: tuple[tuple[int, int], ...] = field(default=(), repr=False)

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


def _fold_char(ch: str) -> str:
    """One original character as it appears in `norm` (possibly empty, possibly several characters)."""
    if ch in _INVISIBLE:
        return ""
    ch = ch.translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept.lower().translate(_FOLD)


def prepare(text: str, language: str = "nl") -> PreparedText:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, ch in enumerate(text):
        folded = _fold_char(ch)
        if folded.isspace():
            # Any run of white space reads as one space, so that phrases match across line breaks.
            folded = "" if chars and chars[-1] == " " else " "
        if not folded:
            # A dropped character still belongs to the match of the character before it.
            if ends:
                ends[-1] = index + 1
            continue
        for out in folded:
            chars.append(out)
            starts.append(index)
            ends.append(index + 1)

    _read_leet(chars)
    chars, starts, ends = _join_spaced(chars, starts, ends)
    norm = "".join(chars)
    words = tuple((m.start(), m.end()) for m in WORD.finditer(norm))
    return PreparedText(text, norm, tuple(starts), tuple(ends), language, words)


def _read_leet(chars: list[str]) -> None:
    for i in range(1, len(chars) - 1):
        if chars[i] in _LEET and chars[i - 1].isalpha():
            # Look past further leet characters: "k3nk3r" has letters around each digit only after reading.
            j = i + 1
            while j < len(chars) and chars[j] in _LEET:
                j += 1
            if j < len(chars) and chars[j].isalpha():
                for k in range(i, j):
                    chars[k] = _LEET[chars[k]]


def _join_spaced(chars: list[str], starts: list[int], ends: list[int]):
    text = "".join(chars)
    drop: set[int] = set()
    for match in _SPACED.finditer(text):
        for i in range(match.start() + 1, match.end(), 2):
            drop.add(i)
    if not drop:
        return chars, starts, ends
    kept = [i for i in range(len(chars)) if i not in drop]
    new_ends = list(ends)
    for i in sorted(drop):
        # The separator's span joins the letter before it, so a span over the word covers it too.
        new_ends[i - 1] = ends[i]
    return [chars[i] for i in kept], [starts[i] for i in kept], [new_ends[i] for i in kept]
