"""The spelling kind: slips are found with a likely correction; names, jargon, compounds and links are not."""

import pytest

from bot.evaluation import flags
from bot.textprep import prepare
from checks import spelling
from tests.packs import BUNDLED

PLAIN = spelling.Params(confusions={"nl": (("ei", "ij"), ("au", "ou"))})
MIXED = spelling.Params(foreign={"nl": "en", "en": "nl"}, variants={"en": (("er", "re"), ("or", "our"))})


@pytest.mark.parametrize(
    "language, draft, found",
    [
        ("nl", "Ik kan niet wachten tot volgende weak", [("weak", "week")]),
        ("nl", "We hebben het echt gezelig gehad", [("gezelig", "gezellig")]),
        ("nl", "De vergadring is morgen", [("vergadring", "vergadering")]),
        ("nl", "Wat een prachtige dga was het", [("dga", "dag")]),
        ("nl", "Dank aan mijn nieuwe colega's!", [("colega's", "collega's")]),
        ("nl", "Dit is echt onmogelik", [("onmogelik", "onmogelijk")]),
        ("nl", "Wat een mooie zomre", [("zomre", "zomer")]),
        # the dictionary's own table of known misspellings: splits, apostrophes, d/t
        ("nl", "De trein was optijd en ik heb nogsteeds zin", [("optijd", "op tijd"), ("nogsteeds", "nog steeds")]),
        ("nl", "Hij heeft gebelt over de autos", [("gebelt", "gebeld"), ("autos", "auto's")]),
        ("nl", "Twee fouten: de trien was laat en de koffie was kaud", [("kaud", "koud")]),
        ("en", "What a wonderfull day with the team", [("wonderfull", "wonderful")]),
        ("en", "I recieved the award today", [("recieved", "received")]),
    ],
)
def test_finds_slips_with_their_correction(language, draft, found):
    spans = spelling.run(prepare(draft, language), PLAIN)
    assert [(draft[s.start : s.end], s.fill["suggestion"]) for s in spans] == found


@pytest.mark.parametrize(
    "params, language, draft",
    [
        (PLAIN, "nl", "Vandaag met Daan en Sanne naar Amersfoort. Kempenhaeghe en NS doen mee."),  # names
        (PLAIN, "nl", "De NS-app, het EEG en de CPAP werken weer."),  # acronyms, mixed case
        (PLAIN, "nl", "Kijk op kempenhaeghe.nl/werkenbij of mail info@ns.nl #slaapgeneeskunde @marloes_reist"),
        (PLAIN, "nl", "Check de P+R, 1:28 gelopen, f*cking koud, 3e plek 🎉"),  # symbols and digits
        (PLAIN, "nl", "Slaapgeneeskunde, nachtdienstrooster en treinreizigersvereniging zijn woorden."),  # compounds
        (PLAIN, "nl", "De sollicitatielink staat online."),  # a new compound with no listed neighbour
        (PLAIN, "nl", "Zooooo blij, hmmm!"),  # stretched for effect
        (PLAIN, "nl", "Onze somnologen zijn er klaar voor."),  # jargon without a close listed word
        (PLAIN, "de", "Ich habe heute viel gelernt."),  # no dictionary for this language
        (MIXED, "nl", "Hieronder alvast een sneak peek van het ontwerp."),  # an English phrase
        (MIXED, "en", "Our sleep center has a new color scheme."),  # American spellings
        (MIXED, "nl", "Ons employer branding team groeit."),  # an English phrase around a Dutch word
        (MIXED, "nl", "Wij bouwen aan sterke communities in de regio."),  # a long English loanword
        (MIXED, "nl", "Dit document zegt: the key is using each platform for any use."),  # an English quote
        (spelling.Params(allow=("ovchipkaart", "somno*", "*lijer")), "nl", "Mijn ovchipkaart, somnoloog, kankerlijer"),
    ],
)
def test_passes_what_is_not_a_slip(params, language, draft):
    assert spelling.run(prepare(draft, language), params) == []


@pytest.mark.parametrize("draft", ["tot volgende weak", "het was weak"])
def test_a_word_of_the_other_language_alone_is_still_a_slip(draft):
    assert [s.fill["suggestion"] for s in spelling.run(prepare(draft, "nl"), MIXED)] == ["week"]


@pytest.mark.parametrize("borrowing, found", [((), ["barrel"]), (("en",), [])])
def test_borrowing_languages_take_a_lone_word_of_the_other(borrowing, found):
    params = MIXED.model_copy(update={"borrowing": borrowing})
    assert [s.fill["suggestion"] for s in spelling.run(prepare("Thanks for the borrel!", "en"), params)] == found


TYPO = BUNDLED.get("kempenhaeghe").rule("spelling.typo")


@pytest.mark.parametrize(
    "draft, should_flag",
    [
        ("Mijn eerste week bij Kempenhaeghe zit erop! Het team ontving mij hartelijk.", False),
        ("Mijn eerste weak bij Kempenhaeghe zit erop! Het team ontving mij hartelijk.", True),
        ("Als slaapverpleegkundige geef ik vaak tips over slaaphygiëne en polysomnografie.", False),
        ("Als slaapverpleegkundige geef ik vaak tips over slaaphygiëne en polysomnografie, haha.", False),
        ("So proud of our team at the sleep center. Views are my own.", False),
        ("So proud of our taem at the sleep centre.", True),
    ],
)
def test_the_typo_rule_on_whole_drafts(draft, should_flag):
    assert flags(TYPO, draft) is should_flag


def test_compound_parts_follow_each_words_flags_and_ending():
    # A suffix rule applies where its condition fits the word's ending: "station" takes "s" (not after an
    # s), "bus" does not, and both take "sen"; a stripping rule replaces the ending; "en\/of" has a slash.
    affixes = [
        "FLAG long",
        "COMPOUNDBEGIN Ca",
        "COMPOUNDEND Cc",
        "SFX Zs Y 2",
        "SFX Zs 0 s/Ca [^s]",
        "SFX Zs 0 sen/Ca .",
        "SFX Zx Y 1",
        "SFX Zx ar aren/Cc ar",
        "SFX Zy Y 1",
        "SFX Zy 0 je [^s]",
    ]
    dictionary = "5\nstation/CaZs\nbus/Zs\nen\\/of/Ca\nlepelaar/ZxZy\nboom\n"
    role_of_flag = {"Ca": "COMPOUNDBEGIN", "Cc": "COMPOUNDEND"}
    suffixes = spelling._compound_suffixes(affixes, role_of_flag, "long")
    parts = spelling._compound_parts(dictionary, role_of_flag, suffixes, "long")
    assert parts["COMPOUNDBEGIN"] == {"station", "stations", "stationsen", "bussen", "en/of"}
    assert parts["COMPOUNDEND"] == {"lepelaaren"}
    assert parts["COMPOUNDMIDDLE"] == set()


@pytest.mark.parametrize(
    "language, draft, found",
    [
        ("en", "See you tommorow at the station", [("tommorow", "tomorrow")]),
        ("nl", "Wat een intresant verhaal", [("intresant", "interessant")]),
    ],
)
def test_a_rules_known_misspellings_reach_further_than_one_slip(language, draft, found):
    params = PLAIN.model_copy(update={"misspellings": {"en": (("mmorow", "morrow"),), "nl": (("intresant", "interessant"),)}})
    spans = spelling.run(prepare(draft, language), params)
    assert [(draft[s.start : s.end], s.fill["suggestion"]) for s in spans] == found
    without = [(draft[s.start : s.end], s.fill["suggestion"]) for s in spelling.run(prepare(draft, language), PLAIN)]
    assert without != found, "no single slip leads there"
