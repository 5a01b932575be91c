"""Identifiers: finds personal identifiers of one `type` in the draft as typed and checks that they are real.

- `bsn`: a Dutch citizen service number that passes the 11-proef (python-stdnum);
- `iban`: an IBAN with a valid mod-97 check, also when written in groups with spaces;
- `phone`: a Dutch or international number that phonenumbers (region NL) takes as a valid personal line
  (mobile, fixed, VoIP); emergency, short, free-phone, premium and company-wide numbers are no one's own;
- `email`: an e-mail address;
- `address`: a street name with a house number, or a postcode with a town;
- `birthdate`: a date (13-03-1961, 13 maart 1961, March 13, 1961, 1961-03-13);
- `plate`: a Dutch licence plate in one of its sidecodes, written with dashes (73-KLN-4, XX-99-XX);
- `creditcard`: 13 to 19 digits with a card-issuer prefix and a valid Luhn check.

Identifiers are not words, so matching runs on `text.original` and spans go straight into the draft. With
`context`, a match counts only when one of those terms (matched on the normalised text) stands within
`window` words: a BSN needs "BSN" nearby because about one in eleven random 9-digit numbers passes the
11-proef, and a date is a date of birth only next to "geboren" or "born". A full address (street, number
and postcode) counts on its own; a street with a number, or a postcode with a town, needs the context. `allow` lists public identifiers of the
organisation (service numbers, role mailboxes such as "info@", its own address) that are fine to share; an
entry allows every identifier that starts with it. Street-name endings come from the rule (`streets`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date
from functools import lru_cache
from typing import Callable, Iterator, Literal

import phonenumbers
from phonenumbers import PhoneNumberType
from stdnum import iban, luhn
from stdnum.nl import bsn, postcode

from bot.textprep import PreparedText
from checks.base import Params as BaseParams
from checks.base import Span
from checks.proximity import nearest
from checks.terms import Terms, find

IdentifierType = Literal["bsn", "iban", "phone", "email", "address", "birthdate", "plate", "creditcard"]


class Params(BaseParams):
    type: IdentifierType
    context: Terms = ()
    window: int = 4
    allow: tuple[str, ...] = ()
    streets: tuple[str, ...] = ()


# Where an identifier was found in the original (start, end), its compact form (for the allow-list), and
# whether it counts without context (an address with a postcode).
Match = tuple[int, int, str, bool]

# Any run of at least six digits, separators allowed: numeric identifiers need one, so most drafts skip
# the costly matchers at once.
_DIGITS = re.compile(r"\d(?:[\s.\-/()]{0,3}\d){5,}")

_BSN = re.compile(r"(?<![\w.,\-])\d{2,4}[ .]?\d{2,3}[ .]?\d{3}(?![\w]|[.,\-]\d)")
_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![\w])", re.IGNORECASE)
_CARD = re.compile(r"(?<![\w.,\-])\d(?:[ \-]?\d){12,18}(?![\w]|[.,\-]\d)")
# Prefixes of the card schemes people carry: Visa, Mastercard, American Express, Maestro and Discover.
_CARD_ISSUER = re.compile(r"4|5[1-5]|2[2-7]|3[47]|6")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w-])", re.IGNORECASE)
_POSTCODE = r"(?P<postcode>\d{4} ?[A-Z]{2})"
_TOWN = r",? [A-Z][\w'-]+"
# A postcode on its own needs a town after it: "2024 EK" in "de 2024 EK-finale" is a year and a tournament.
_POSTCODE_TOWN = re.compile(r"(?<![\w])" + _POSTCODE + _TOWN + r"(?![\w])")

# The phone lines that belong to a person; free-phone, premium-rate, shared-cost and company-wide (088)
# numbers are services, and short numbers such as 112 are not valid lines at all.
_PERSONAL_LINES = {
    PhoneNumberType.MOBILE,
    PhoneNumberType.FIXED_LINE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE,
    PhoneNumberType.PERSONAL_NUMBER,
    PhoneNumberType.VOIP,
    PhoneNumberType.PAGER,
}

# Dutch licence-plate sidecodes (letters L, digits 9), written with dashes as on the plate.
_SIDECODES = (
    "LL-99-99", "99-99-LL", "99-LL-99", "LL-99-LL", "LL-LL-99", "99-LL-LL", "99-LLL-9",
    "9-LLL-99", "LL-999-L", "L-999-LL", "LLL-99-L", "L-99-LLL", "9-LL-999", "999-LL-9",
)
# Plates use consonants only (vowels and C, Q, W, Y are left out to avoid words and confusion).
_PLATE_LETTER = "[BDFGHJKLMNPRSTVXZ]"
_PLATE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(code.replace("L", _PLATE_LETTER).replace("9", r"\d") for code in _SIDECODES)
    + r")(?![\w-])",
    re.IGNORECASE,
)

# Month names are date grammar, like the digits of a numeric date: Dutch and English, with abbreviations.
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "january", "jan"), ("februari", "february", "feb"), ("maart", "march", "mrt", "mar"),
            ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
            ("augustus", "august", "aug"), ("september", "sept", "sep"), ("oktober", "october", "okt", "oct"),
            ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month_name>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(?<![\d.\-/])(?P<day>\d{1,2})[-/.](?P<month>\d{1,2})[-/.](?P<year>\d{4}|\d{2})(?![\d.\-/]\d)",
        r"(?<![\d.\-/])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)",
        r"(?<!\w)(?P<day>\d{1,2})(?:st|nd|rd|th|e)? " + _MONTH + r",? (?P<year>\d{4})(?!\d)",
        r"(?<!\w)" + _MONTH + r" (?P<day>\d{1,2})(?:st|nd|rd|th)?,? (?P<year>\d{4})(?!\d)",
    )
]


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _alnum(value: str) -> str:
    return "".join(ch for ch in value if ch.isalnum()).lower()


def _bsns(text: str, params: Params) -> Iterator[Match]:
    for m in _BSN.finditer(text):
        number = _digits(m.group())
        if len(number) in (8, 9) and bsn.is_valid(number):
            yield m.start(), m.end(), number, False


def _ibans(text: str, params: Params) -> Iterator[Match]:
    for m in _IBAN.finditer(text):
        # The pattern may run on into a following word of four letters or digits: take the longest prefix,
        # group by group, that is a valid IBAN.
        groups = re.findall(r"[A-Za-z0-9]+|\s+", m.group())
        for count in range(len(groups), 0, -1):
            candidate = "".join(groups[:count]).rstrip()
            compact = _alnum(candidate)
            if len(compact) >= 15 and iban.is_valid(compact.upper()):
                yield m.start(), m.start() + len(candidate), compact, False
                break


def _phones(text: str, params: Params) -> Iterator[Match]:
    for m in phonenumbers.PhoneNumberMatcher(text, "NL", leniency=phonenumbers.Leniency.VALID):
        if phonenumbers.number_type(m.number) in _PERSONAL_LINES:
            yield m.start, m.end, phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164), False


def _emails(text: str, params: Params) -> Iterator[Match]:
    for m in _EMAIL.finditer(text):
        yield m.start(), m.end(), m.group().lower(), False


@lru_cache(maxsize=32)
def _street_pattern(streets: tuple[str, ...]) -> re.Pattern[str] | None:
    if not streets:
        return None
    endings = "|".join(re.escape(s) for s in sorted(streets, key=len, reverse=True))
    # A capitalised word that is or ends in a street word, a house number ("12", "12a", "12-3", "12 A"),
    # and optionally the postcode (and town) after it.
    return re.compile(
        r"(?<![\w-])[A-Z][\w'-]*?(?i:" + endings + r") \d{1,4}(?: ?[a-zA-Z](?![\w]))?(?:-\d{1,4})?(?![\w])"
        r"(?:,? " + _POSTCODE + r"(?:" + _TOWN + r")?)?(?![\w])"
    )


def _addresses(text: str, params: Params) -> Iterator[Match]:
    streets = _street_pattern(params.streets)
    taken: list[tuple[int, int]] = []
    if streets is not None:
        for m in streets.finditer(text):
            taken.append((m.start(), m.end()))
            complete = m.group("postcode") is not None and postcode.is_valid(m.group("postcode"))
            yield m.start(), m.end(), _alnum(m.group()), complete
    for m in _POSTCODE_TOWN.finditer(text):
        if postcode.is_valid(m.group("postcode")) and not any(s <= m.start() < e for s, e in taken):
            yield m.start(), m.end(), _alnum(m.group()), False


def _birthdates(text: str, params: Params) -> Iterator[Match]:
    for pattern in _DATES:
        for m in pattern.finditer(text):
            parts = m.groupdict()
            month = _MONTHS[parts["month_name"].lower()] if parts.get("month_name") else int(parts["month"])
            year = int(parts["year"])
            year += 1900 if year < 100 else 0
            try:
                date(year, month, int(parts["day"]))
            except ValueError:
                continue
            yield m.start(), m.end(), f"{year:04d}{month:02d}{int(parts['day']):02d}", False


def _plates(text: str, params: Params) -> Iterator[Match]:
    for m in _PLATE.finditer(text):
        yield m.start(), m.end(), _alnum(m.group()), False


def _cards(text: str, params: Params) -> Iterator[Match]:
    for m in _CARD.finditer(text):
        number = _digits(m.group())
        if 13 <= len(number) <= 19 and _CARD_ISSUER.match(number) and luhn.is_valid(number):
            yield m.start(), m.end(), number, False


_FINDERS: dict[str, Callable[[str, Params], Iterator[Match]]] = {
    "bsn": _bsns,
    "iban": _ibans,
    "phone": _phones,
    "email": _emails,
    "address": _addresses,
    "birthdate": _birthdates,
    "plate": _plates,
    "creditcard": _cards,
}
# Cheap tests that rule out most drafts before the matchers run: numeric identifiers need a run of digits,
# dates a year, e-mail addresses an at sign.
_YEAR = re.compile(r"\d\d")
_WORTH_LOOKING: dict[str, Callable[[str], object]] = {
    "bsn": _DIGITS.search,
    "iban": _DIGITS.search,
    "phone": _DIGITS.search,
    "creditcard": _DIGITS.search,
    "birthdate": _YEAR.search,
    "email": re.compile("@").search,
}


def _compact(kind: str, value: str) -> str | None:
    """An identifier as the allow-list compares it: a phone number in E.164, an e-mail address in lower
    case, anything else as its letters and digits in lower case."""
    if kind == "phone":
        try:
            return phonenumbers.format_number(phonenumbers.parse(value, "NL"), phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            return None
    if kind == "email":
        return value.lower()
    return _alnum(value)


@lru_cache(maxsize=64)
def _allowed(kind: str, allow: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c for c in (_compact(kind, entry) for entry in allow) if c)


def _norm_span(text: PreparedText, start: int, end: int) -> tuple[int, int]:
    """The span of `text.norm` that came from `original[start:end]`."""
    first = bisect_left(text.starts, start)
    return first, max(bisect_left(text.starts, end), first + 1)


def run(text: PreparedText, params: Params) -> list[Span]:
    original = text.original
    worth_looking = _WORTH_LOOKING.get(params.type)
    if worth_looking is not None and not worth_looking(original):
        return []
    context = find(text, params.context) if params.context else None
    if context == [] and params.type != "address":
        # Only a full address stands without context; for every other type nothing can count.
        return []
    allowed = _allowed(params.type, params.allow)
    spans = []
    for start, end, compact, complete in _FINDERS[params.type](original, params):
        # An allowed entry covers every identifier that starts with it: "info@" any role mailbox of that
        # name, "Sterkselseweg 65" that address with or without its postcode.
        if any(compact.startswith(entry) for entry in allowed):
            continue
        if context is not None and not complete:
            if not context or nearest(text, _norm_span(text, start, end), context, params.window) is None:
                continue
        spans.append(Span(start, end))
    return spans
