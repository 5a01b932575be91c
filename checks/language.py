"""Detects the language of a draft: Dutch, English, German or French (lingua), reported by ISO code.

URLs, @mentions, #hashtags and e-mail addresses are left out first: they are names, not language. A text
with too little language left (emoji, a link) counts as Dutch, the language of the organisations served.
The detectors are built on first use and then shared; `preload()` builds them at start-up.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lingua import Language, LanguageDetectorBuilder

_NOT_LANGUAGE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[@#]\w+|\b[\w.-]+\.(?:nl|com|org|eu|be)\b\S*")
_CODES = {Language.DUTCH: "nl", Language.ENGLISH: "en", Language.GERMAN: "de", Language.FRENCH: "fr"}
DEFAULT = "nl"


# From this many letters on, lingua's low-accuracy mode (trigram models only, built in milliseconds) is as
# accurate as the full models, which take about a second to build; shorter drafts, where it mistakes Dutch
# for German, get the full models, built on the first such draft.
LOW_ACCURACY_FROM = 120


@lru_cache(maxsize=2)
def _detector(low_accuracy: bool):
    builder = LanguageDetectorBuilder.from_languages(*_CODES).with_preloaded_language_models()
    return (builder.with_low_accuracy_mode() if low_accuracy else builder).build()


def preload() -> None:
    """Build both detectors now, so that no author waits for them."""
    _detector(True)
    _detector(False)


def detect_language(text: str) -> str:
    letters = _NOT_LANGUAGE.sub(" ", text)
    count = sum(ch.isalpha() for ch in letters)
    if count < 3:
        return DEFAULT
    language = _detector(count >= LOW_ACCURACY_FROM).detect_language_of(letters)
    return _CODES.get(language, DEFAULT)
