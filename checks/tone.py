"""Shouting: decides which stretches of a draft are written in capitals.

Capitals are a matter of the draft as typed, so this kind reads `PreparedText.original`, not the lower-cased
copy. It reads the draft word by word (words of two letters or more) and looks for runs of words in capitals:
a run shouts when it holds at least `min_words` words and `min_letters` letters, so a whole post in capitals
is one finding and so is a shouted sentence inside a calm one ("... en toen: WAT IS ER MIS MET DEZE MENSEN").
Abbreviations (NS, HR, ADHD) are capitals too, but on their own or in pairs they never reach those minimums.
Hashtags, @handles and links are names rather than tone: they neither count nor break a run; any word with a
small letter ends one. The thresholds live with the rule in `config/`.
"""

from __future__ import annotations

import re

from pydantic import Field

from bot.textprep import PreparedText
from checks.base import Params as BaseParams
from checks.base import Span

_TOKEN = re.compile(r"\S+")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
# Tokens that name rather than speak: hashtags, handles, links and web or mail addresses.
_NAME_TOKEN = re.compile(r"[#@]|\w+://|www\.|\w\.[a-z]{2,}\b|\w@\w", re.IGNORECASE)


class Params(BaseParams):
    min_words: int = Field(4, ge=1)
    min_letters: int = Field(15, ge=1)


def _words(original: str):
    """(start, end, letters, loud) for every word of two letters or more outside names."""
    for token in _TOKEN.finditer(original):
        if _NAME_TOKEN.search(token.group()):
            continue
        for word in _LETTERS.finditer(token.group()):
            start = token.start() + word.start()
            yield start, start + len(word.group()), len(word.group()), word.group().isupper()


def run(text: PreparedText, params: Params) -> list[Span]:
    # Most drafts hold too few capitals for any run: counting them is much cheaper than reading words.
    if sum(map(str.isupper, text.original)) < params.min_letters:
        return []
    spans = []
    run_start = run_end = words = letters = 0
    # A quiet word after the last one closes the last run like any other.
    for start, end, length, loud in [*_words(text.original), (0, 0, 0, False)]:
        if loud:
            if not words:
                run_start = start
            run_end, words, letters = end, words + 1, letters + length
            continue
        if words >= params.min_words and letters >= params.min_letters:
            spans.append(Span(run_start, run_end))
        words = letters = 0
    return spans
