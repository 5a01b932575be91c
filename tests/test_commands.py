"""Chat commands: what counts as a command, a typo or a draft, and what carrying one out remembers."""

from __future__ import annotations

import pytest

from bot.commands import Command, answer, language_code, parse
from bot.services import Author, resolve_author


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", Command("empty")),
        ("   \n ", Command("empty")),
        ("help", Command("help")),
        ("HULP", Command("help")),
        ("divisie NS Poort", Command("division", "NS Poort")),
        ("division  hispeed ", Command("division", "hispeed")),
        ("divisie", Command("division", "")),
        ("taal en", Command("language", "en")),
        ("language Nederlands", Command("language", "Nederlands")),
        ("hepl", Command("unknown", "hepl")),
        ("Top", Command("unknown", "Top")),
        ('"Top"', Command("draft", "Top")),
        ("“Geweldig”", Command("draft", "Geweldig")),
        ('""', Command("empty")),
        # Drafts that merely start like a command, or are one word that is not a plain word.
        ("Help ons de treinen schoon te houden!", Command("draft", "Help ons de treinen schoon te houden!")),
        ("help!", Command("draft", "help!")),
        ("Divisie Poort groeit hard. Trots op het team!", Command("draft", "Divisie Poort groeit hard. Trots op het team!")),
        ("Taal is de sleutel tot integratie en daar werken wij elke dag aan", Command("draft", "Taal is de sleutel tot integratie en daar werken wij elke dag aan")),
        ("#vacature", Command("draft", "#vacature")),
        ("@collega", Command("draft", "@collega")),
        ("2024", Command("draft", "2024")),
        ("  Mooie dag op het station  ", Command("draft", "Mooie dag op het station")),
    ],
)
def test_parse_tells_commands_typos_and_drafts_apart(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    "name, code", [("nl", "nl"), ("EN", "en"), ("Engels", "en"), ("dutch", "nl"), ("Nederlands ", "nl"), ("de", None), ("", None)]
)
def test_language_names(name, code):
    assert language_code(name) == code


@pytest.fixture
def services(chat_services):
    return chat_services


def author(division: str | None = None, language: str = "nl") -> Author:
    return Author("slack", "U0ANN", division, language, division_unknown=division is None)


@pytest.mark.parametrize(
    "command, expected_reply, remembered",
    [
        (Command("division", "hispeed"), "Je divisie is nu NS Hispeed.", ("NS Hispeed", None)),
        (Command("division", "  ns   POORT "), "Je divisie is nu NS Poort.", ("NS Poort", None)),
        (Command("division", "Atlantis"), "Onbekende divisie 'Atlantis'. Kies uit: NS Reizigers, NS Poort", None),
        (Command("division", ""), "Je divisie is nog niet bekend. Stel die in met `/x divisie <naam>`", None),
        (Command("language", "Engels"), "From now on I will answer you in English.", (None, "en")),
        (Command("language", "fr"), "Kies `/x taal nl` of `/x taal en`.", None),
        (Command("help"), "`/x divisie <naam>`", None),
        (Command("unknown", "hepl"), "'hepl' is geen commando", None),
        (Command("empty"), "Je concept is leeg.", None),
    ],
)
async def test_answer_replies_and_remembers_only_valid_choices(services, command, expected_reply, remembered):
    reply = await answer(services, command, author(), prefix="/x")
    assert expected_reply in reply
    prefs = await services.store.get_preferences("slack", "U0ANN")
    assert (None if prefs is None else (prefs.division, prefs.language)) == remembered


async def test_the_current_division_is_shown_when_known(services):
    reply = await answer(services, Command("division"), author("NS Poort", "en"), prefix="/x")
    assert reply.startswith("Your division is NS Poort.")


@pytest.mark.parametrize(
    "stored, member_keys, hints, locale, expected",
    [
        (("NS Poort", "en"), ["author@example.org"], ["NedTrain"], "nl-NL", ("NS Poort", "en")),  # the author's choice first
        (None, ["author@example.org"], ["NedTrain"], "en-GB", ("NS Reizigers", "en")),  # then the directory, by e-mail
        (None, [], ["Atlantis", "hispeed"], None, ("NS Hispeed", "nl")),  # then the first hint the directory knows
        (None, [], [None, None], "de-DE", (None, "nl")),  # nothing known: no division, Dutch
    ],
)
async def test_resolve_author_takes_division_and_language_in_order(services, stored, member_keys, hints, locale, expected):
    if stored:
        await services.store.set_preferences("slack", "U0ANN", division=stored[0], language=stored[1])
    found = await resolve_author(services, "slack", "U0ANN", member_keys=member_keys, division_hints=hints, locale=locale)
    assert (found.division, found.language) == expected
    assert found.division_unknown == (expected[0] is None)
