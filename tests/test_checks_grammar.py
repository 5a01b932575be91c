"""The grammar kind and the pack's grammar rules: right words in the wrong place, and the near-misses."""

import pytest

from bot.evaluation import flags
from bot.textprep import prepare
from checks import grammar
from tests.packs import BUNDLED

P = grammar.Params


@pytest.mark.parametrize(
    "params, draft, found",
    [
        (P(patterns=[{"match": r"\bik (?P<x>(\w+d)t)\b", "suggestion": r"\2"}]), "Ik Wordt moe", [("Wordt", "word")]),
        # without a group named x, the whole match is the finding
        (P(patterns=[{"match": r"\balot\b", "suggestion": "a lot"}]), "thanks alot!", [("alot", "a lot")]),
        # sets stand in the pattern as {name}
        (
            P(sets={"s": ["hij", "zij"]}, patterns=[{"match": r"\b{s} (?P<x>wilt)\b", "suggestion": "wil"}]),
            "Zij wilt en hij wilt",
            [("wilt", "wil"), ("wilt", "wil")],
        ),
        # offsets map back through normalisation (accents, double spaces)
        (P(patterns=[{"match": r"\b(?P<x>hun) hebben\b", "suggestion": "zij"}]), "Café:  hun  hebben", [("hun", "zij")]),
        (
            P(patterns=[{"match": r"\b(?P<x>mee ge\w+)\b", "suggestion": r"\g<x>", "joined": True}]),
            "ik heb mee gewerkt",
            [("mee gewerkt", "mee gewerkt")],
        ),
    ],
)
def test_patterns_find_and_suggest(params, draft, found):
    assert [(draft[s.start : s.end], s.fill["suggestion"]) for s in grammar.run(prepare(draft), params)] == found


@pytest.mark.parametrize(
    "params, draft",
    [
        # `joined`: only when the words written as one are a word
        (P(patterns=[{"match": r"\b(?P<x>in ge\w+)\b", "suggestion": "", "joined": True}]), "in gebruik genomen"),
        # `unless_before`: earlier in the same sentence only
        (
            P(patterns=[{"match": r"\bop gewacht\b", "suggestion": "", "unless_before": r"\bwaar\b"}]),
            "Waar ik lang op gewacht heb",
        ),
    ],
)
def test_conditions_keep_near_misses_out(params, draft):
    assert grammar.run(prepare(draft), params) == []


def test_unless_before_looks_only_in_the_same_sentence():
    params = P(patterns=[{"match": r"\bop gewacht\b", "suggestion": "", "unless_before": r"\bwaar\b"}])
    assert grammar.run(prepare("Waar is het? Ik heb op gewacht"), params)


POLICY = BUNDLED.get("ns")


@pytest.mark.parametrize(
    "rule, draft",
    [
        ("spelling.dt", "Ik wordt morgen dertig!"),
        ("spelling.dt", "Morgen word de nieuwe dienstregeling bekend."),
        ("spelling.dt", "Het perron word vandaag opnieuw betegeld."),
        ("spelling.dt", "Ik werk bij NS Poort, en morgen word de nieuwe hal geopend."),
        ("spelling.dt", "Je houd het niet voor mogelijk, maar de trein was op tijd."),
        ("spelling.dt", "Wordt je morgen ook geholpen door de conducteur?"),
        ("spelling.dt", "Mijn zoon wil machinist worden en hij kunt al alle treinen noemen."),
        ("spelling.gebeurd", "Wat is er vanochtend gebeurt op het spoor?"),
        ("spelling.gebeurd", "Het gebeurd niet vaak dat alles op tijd rijdt."),
        ("spelling.hun-zij", "Ik vroeg de reizigers of hun al wisten dat de trein uitviel."),
        ("spelling.hun-zij", "Hun zijn al twintig jaar collega's."),
        ("spelling.als-dan", "De nieuwe stationshal is veel groter als gedacht."),
        ("spelling.als-dan", "Er reisden meer als 2000 mensen mee."),
        ("spelling.compound-split", "We hebben hard samen gewerkt aan dit project."),
        ("spelling.compound-split", "Ik ben vorige week terug gekomen van vakantie."),
        ("spelling.compound-split", "Het was super gezellig met het team!"),
        ("spelling.compound-split", "Wij hebben er aan mee gewerkt."),
        ("spelling.en-homophones", "Thanks to are volunteers for their help!"),
        ("spelling.en-homophones", "Its been a great year for the team."),
        ("spelling.en-homophones", "I would of come if I had known."),
        ("spelling.en-homophones", "Trains are faster then cars on this route."),
        ("spelling.en-homophones", "Their are three trains an hour."),
        ("spelling.en-homophones", "Trains were busier then usual; share you're experiences with us."),
    ],
)
def test_rules_flag_grammar_mistakes(rule, draft):
    assert flags(POLICY.rule(rule), draft)


@pytest.mark.parametrize(
    "rule, draft",
    [
        ("spelling.dt", "Ik word morgen dertig en mijn zus wordt veertig."),
        ("spelling.dt", "Word nu lid en word je eigen baas!"),
        ("spelling.dt", "Als ik later groot word, wil ik machinist worden."),
        ("spelling.dt", "Open het Word-document of het word bestand."),
        ("spelling.dt", "Dat vind ik echt een mooie stap. Hij vindt het ook."),
        ("spelling.dt", "Die houd ik voor mezelf."),
        ("spelling.dt", "U wilt graag meer weten? Jij kunt ons altijd bellen."),
        ("spelling.dt", "Het land van herkomst staat op je kaartje."),
        ("spelling.gebeurd", "Wat is er vanochtend gebeurd op het spoor?"),
        ("spelling.gebeurd", "Niemand weet precies wat er gebeurd is."),
        ("spelling.gebeurd", "Er gebeurt vandaag van alles op het station."),
        ("spelling.hun-zij", "Hun kaartjes waren geldig, en ik gaf hun een folder."),
        ("spelling.als-dan", "Het is beter als je even thuis blijft."),
        ("spelling.als-dan", "We werken steeds meer als één team."),
        ("spelling.als-dan", "Het was net zo druk als vorig jaar."),
        ("spelling.compound-split", "Waar ik zo lang op gewacht heb, is er eindelijk."),
        ("spelling.compound-split", "De nieuwe app is vandaag in gebruik genomen."),
        ("spelling.compound-split", "Daar heb ik nooit aan gedacht."),
        ("spelling.compound-split", "Het was super, en morgen weer!"),
        ("spelling.en-homophones", "All are welcome. Our team is there for you, and it's its own thing."),
        ("spelling.en-homophones", "There are more trains than ever; you're welcome to ride."),
        ("spelling.en-homophones", "The will of the people, and the May of 2024."),
    ],
)
def test_rules_pass_correct_sentences(rule, draft):
    assert not flags(POLICY.rule(rule), draft)
