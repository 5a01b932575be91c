"""The chat commands every adapter understands, and what is a draft instead.

`parse` decides what a message to the bot asks for: `help`, `divisie <naam>` (or `division`), `taal nl|en`
(or `language`), or a review of the text as a draft. A lone word that is no command is answered with the
list of commands rather than reviewed, because `/checkpost hepl` is a typo far more often than a one-word
post; a one-word draft can still be checked by putting it in quotes. `answer` carries out a command and
returns the reply; its wording lives in `config/messages.yaml` (keys `command.*`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.directory import UnknownDivision
from bot.services import Author, Services, rejection_text

Kind = Literal["help", "division", "language", "draft", "unknown", "empty"]

_HELP = frozenset({"help", "hulp", "?", "-h", "--help"})
_DIVISION = frozenset({"divisie", "division"})
_LANGUAGE = frozenset({"taal", "language"})
_LANGUAGES = {"nl": "nl", "nederlands": "nl", "dutch": "nl", "en": "en", "engels": "en", "english": "en"}
# A setting names a division or a language: a few words and no sentence. Longer text that happens to
# start with "divisie" or "taal" is a draft about it.
_MAX_SETTING_WORDS = 5
_SENTENCE_END = re.compile(r"[.!?\n]")
_LONE_WORD = re.compile(r"[^\W\d_][\w-]{0,29}")
_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’", "„": "”", "«": "»"}


@dataclass(frozen=True)
class Command:
    kind: Kind
    # The draft for `draft`; the division or language asked for (may be empty); the word not understood.
    argument: str = ""


def _unquoted(text: str) -> str | None:
    closing = _QUOTES.get(text[0])
    if closing and len(text) >= 2 and text.endswith(closing):
        return text[1:-1].strip()
    return None


def _is_setting(rest: str) -> bool:
    return len(rest.split()) <= _MAX_SETTING_WORDS and not _SENTENCE_END.search(rest)


def parse(text: str) -> Command:
    stripped = text.strip()
    if not stripped:
        return Command("empty")
    quoted = _unquoted(stripped)
    if quoted is not None:
        return Command("draft", quoted) if quoted else Command("empty")
    first, _, rest = stripped.partition(" ")
    word, rest = first.lower(), rest.strip()
    if word in _HELP and not rest:
        return Command("help")
    if word in _DIVISION and _is_setting(rest):
        return Command("division", rest)
    if word in _LANGUAGE and _is_setting(rest):
        return Command("language", rest)
    if not rest and _LONE_WORD.fullmatch(stripped):
        return Command("unknown", stripped)
    return Command("draft", stripped)


def language_code(name: str) -> str | None:
    """`nl` or `en` for a language as an author may write it (`nl`, `Engels`, `english`), else None."""
    return _LANGUAGES.get(name.strip().lower())


async def answer(services: Services, command: Command, author: Author, *, prefix: str) -> str:
    """Carry out a command that is not a draft and return the reply in the author's language. `prefix` is
    how the author addresses the bot on their platform (`/checkpost`, `@Checkpost`), used in examples."""
    messages, language = services.messages, author.language
    known = ", ".join(services.policy.directory.names)
    if command.kind == "help":
        return messages.get("command.help", language, prefix=prefix, known=known)
    if command.kind == "empty":
        return messages.get("error.empty_draft", language)
    if command.kind == "unknown":
        return messages.get("command.unknown", language, word=command.argument, prefix=prefix)
    if command.kind == "division":
        return await _set_division(services, command.argument, author, prefix=prefix, known=known)
    if command.kind == "language":
        code = language_code(command.argument)
        if code is None:
            return messages.get("command.language_invalid", language, prefix=prefix)
        await services.store.set_preferences(author.platform, author.user_id, language=code)
        return messages.get("command.language_set", code)
    raise ValueError(f"not a command: {command.kind}")


async def _set_division(services: Services, name: str, author: Author, *, prefix: str, known: str) -> str:
    messages, language = services.messages, author.language
    if not name:
        if author.division:
            return messages.get("command.division_current", language, division=author.division, prefix=prefix, known=known)
        return messages.get("command.division_none", language, prefix=prefix, known=known)
    try:
        division = services.policy.directory.find(name).name
    except UnknownDivision as exc:
        return rejection_text(exc, messages, language)
    await services.store.set_preferences(author.platform, author.user_id, division=division)
    return messages.get("command.division_set", language, division=division)
