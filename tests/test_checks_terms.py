"""The terms kind: whole words and phrases of a list, with optional inflection and `word*` prefixes, found on
the normalised text and reported at the author's own offsets; equal lists are one shared list."""

import pytest

from bot.textprep import prepare
from checks import identifiers, proximity, terms


@pytest.mark.parametrize(
    "words, inflect, draft, found",
    [
        (("intern",), False, "Dit is intern, niet internationaal.", ["intern"]),
        (("del",), False, "We delen dit graag.", []),
        (("klant",), False, "Onze klanten zijn tevreden.", []),
        (("klant",), True, "Onze klanten zijn tevreden.", ["klanten"]),
        (("belofte",), True, "Geen beloftes vandaag.", ["beloftes"]),
        (("reorganis*",), False, "De reorganisatie komt eraan.", ["reorganisatie"]),
        (("ns", "ns reizigers"), False, "Werken bij NS Reizigers is mooi.", ["NS Reizigers"]),
        (("kanker",), False, "Wat een k a n k e r weer.", ["k a n k e r"]),
        (("cafe",), False, "Het Café\nopent morgen.", ["Café"]),
        (("nieuwe baan",), False, "Mijn nieuwe\n  baan begint!", ["nieuwe\n  baan"]),
    ],
)
def test_finds_whole_words_and_maps_them_back(words, inflect, draft, found):
    spans = terms.run(prepare(draft), terms.Params(terms=words, inflect=inflect))
    assert [draft[s.start : s.end] for s in spans] == found


def test_equal_lists_are_one_shared_list():
    first = terms.Params(terms=["ns", "prorail"]).terms
    second = proximity.Params(terms=("ns", "prorail")).terms
    third = identifiers.Params(type="bsn", context=["ns", "prorail"]).context
    assert first is second is third
    assert isinstance(first, terms.TermList)
    assert first == ("ns", "prorail") and hash(first) == hash(("ns", "prorail"))
    assert terms.Params(terms=["ns"]).terms is not first
