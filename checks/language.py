"""Detects the language of a draft: Dutch, English, German or French (lingua), reported by ISO code.

URLs, @mentions, #hashtags and e-mail addresses are left out first: they are names, not language. A text
with too little language left (emoji, a link) counts as Dutch, the language of the organisations served.
The detector is built on first use and then shared; `preload()` builds it at start-up.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lingua import Language, LanguageDetectorBuilder

_NOT_LANGUAGE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[@#]\w+|\b[\w.-]+\.(?:nl|com|org|eu|be)\b\S*")
_CODES = {Language.DUTCH: "nl", Language.ENGLISH: "en", Language.GERMAN: "de", Language.FRENCH: "fr"}
DEFAULT = "nl"


@lru_cache(maxsize=1)
def _detector():
    # Low-accuracy mode (trigram models only) builds in milliseconds instead of about a second and was
    # right on every labelled draft; it can miss on a handful of words, where only the reply language and
    # the spelling dictionary depend on it.
    return LanguageDetectorBuilder.from_languages(*_CODES).with_low_accuracy_mode().with_preloaded_language_models().build()


def preload() -> None:
    _detector()


def detect_language(text: str) -> str:
    letters = _NOT_LANGUAGE.sub(" ", text)
    if sum(ch.isalpha() for ch in letters) < 3:
        return DEFAULT
    language = _detector().detect_language_of(letters)
    return _CODES.get(language, DEFAULT)
