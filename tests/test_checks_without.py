"""The `without` kind: mentions are reported only when every required group is there and no `unless` group is."""

import json
import re

import pytest
from pydantic import ValidationError

from bot.textprep import prepare
from bot.settings import REPO_ROOT
from checks import without
from tests.packs import BUNDLED

DISCLOSURE = {
    "terms": ["ik werk bij", "I work for", "#ikwerkbij*"],
    "patterns": [r"\bals [\w-]+ bij {employer}\b"],
}
AFFILIATION = {
    "mentions": {"terms": ["NS", "Dal Voordeel", "NS-app"], "tags": False},
    "unless": DISCLOSURE,
    "slots": {"employer": ["NS", "NS Poort"]},
}
OPINION = {
    "mentions": {"terms": ["moet worden afgeschaft", "gemiste kans"]},
    "requires": [{"terms": ["NS", "Kempenhaeghe"]}],
    "unless": {"terms": ["op persoonlijke titel", "views are my own"]},
}
QUOTE = {
    "mentions": {"terms": ["collega", "mijn manager"], "inflect": True},
    "requires": [{"terms": ["zei", "schreef"]}],
    "within": 40,
}
PRAISE = {"mentions": {"terms": ["aanrader", "de beste van Nederland", "alleen deze week"]}, "min_mentions": 2}
ONCE = {"mentions": {"terms": ["NS", "NS-app"]}, "once": True}


def excerpts(params: dict, draft: str) -> list[str]:
    prepared = prepare(draft)
    return [draft[s.start : s.end] for s in without.run(prepared, without.Params.model_validate(params))]


@pytest.mark.parametrize(
    "params, draft, expected",
    [
        # X without Y: the mention is reported.
        (AFFILIATION, "Met Dal Voordeel reis je goedkoop buiten de spits.", ["Dal Voordeel"]),
        (AFFILIATION, "Check de NS-app voor je reis, NS rijdt vanavond extra.", ["NS-app", "NS"]),
        # Y anywhere in the draft, as a term, a hashtag or a pattern over a slot list: nothing reported.
        (AFFILIATION, "Met Dal Voordeel reis je goedkoop. Ik werk bij NS, dus ik ben fan.", []),
        (AFFILIATION, "Dal Voordeel is top! #ikwerkbijNSPoort", []),
        (AFFILIATION, "Als stationsmanager bij NS Poort zie ik hoe handig Dal Voordeel is.", []),
        (AFFILIATION, "ALS CONDUCTEUR BIJ NS: check de NS-app!", []),
        # The slot needs the employer's name itself: another company is no disclosure.
        (AFFILIATION, "Als stationsmanager bij ProRail vind ik de NS-app handig.", ["NS-app"]),
        # A hashtag or handle is a label, not talk about the employer; a word inside another word is no mention.
        (AFFILIATION, "Heerlijk fietsen vandaag #NS @NS_online", []),
        (AFFILIATION, "Snel naar de NSX-winkel en de nsfw-sectie.", []),
        # X requires Z: no stance, or no employer, means no finding.
        (OPINION, "Bij NS vinden we: het eigen risico moet worden afgeschaft.", ["moet worden afgeschaft"]),
        (OPINION, "Het eigen risico moet worden afgeschaft.", []),
        (OPINION, "Ik werk bij NS en de nieuwe winkelstraat vind ik mooi.", []),
        (OPINION, "Op persoonlijke titel: die winkelstraat bij NS is een gemiste kans.", []),
        (OPINION, "Views are my own: NS's new shops are a gemiste kans.", []),
        # `within`: the required group must stand close to the mention.
        (QUOTE, "Collega Ruud zei vanochtend: 'een trein is net een mens'.", ["Collega"]),
        (QUOTE, "Mijn manager schreef in de teamchat dat we klaar zijn.", ["Mijn manager"]),
        (QUOTE, "Welkom aan alle nieuwe collega's! " + "Vandaag was een mooie dag op het werk. " * 3 + "Hij zei ja.", []),
        # `min_mentions`: one weak signal is not enough, two different ones are; a repeat is still one.
        (PRAISE, "Dat artikel is een aanrader als je van treinen houdt.", []),
        (PRAISE, "Echt een aanrader, de beste van Nederland!", ["aanrader", "de beste van Nederland"]),
        (PRAISE, "Een aanrader. Echt een aanrader!", []),
        # `once`: the first mention stands for all.
        (ONCE, "De NS-app van NS is top, NS bedankt!", ["NS-app"]),
    ],
)
def test_reports_mentions_only_without_the_context(params, draft, expected):
    assert excerpts(params, draft) == expected


def test_spans_point_into_the_original_text_across_diacritics_and_line_breaks():
    draft = "Één tip:\n\nDal   Voordeel! 😍"
    params = {"mentions": {"terms": ["dal voordeel"]}}
    assert excerpts(params, draft) == ["Dal   Voordeel"]


@pytest.mark.parametrize(
    "params, error",
    [
        ({"mentions": {"patterns": [r"als (\w+ bij"]}}, "not a valid regular expression"),
        ({"mentions": {"patterns": [r"als \w+ bij {werkgever}"]}}, "unknown slot {werkgever}"),
        ({"mentions": {"terms": ["x"]}, "within": 0}, "greater than or equal to 1"),
        ({"mentions": {"terms": ["x"], "colour": "red"}}, "Extra inputs are not permitted"),
    ],
)
def test_bad_parameters_are_pack_errors(params, error):
    with pytest.raises(ValidationError, match=error):
        without.Params.model_validate(params)


def test_an_empty_slot_list_matches_nothing():
    params = {"mentions": {"patterns": [r"\bals \w+ bij {employer}"]}, "slots": {"employer": []}}
    assert excerpts(params, "Als conducteur bij NS doe ik dit graag.") == []


@pytest.mark.parametrize(
    "pattern, starts",
    [
        (r"\b(?:moet|moeten) worden\b", {"moet worden", "moeten worden"}),
        (r"(?<!geen )\b(?:reclame|gesponsord\w*)\b", {"reclame", "gesponsord"}),
        (r"\bals (?:een )?[\w-]+ bij", {"als ", "als een "}),
        (r": ?['\"]", {":'", ': "', ":\"", ": '"}),
        (r"\b(?:\d+|een) op", None),
        (r"(?:ab)+c", {"ab"}),
        # Nothing literal to start from: scanned over the whole text.
        (r"\b[\w-]*team van", None),
        (r"x*foo", None),
        (r"(?:foo)?", None),
        (r"(?i)foo", None),
        (r"\b(?i:foo) bar", None),
    ],
)
def test_literal_starts_are_read_off_patterns(pattern, starts):
    assert without._literal_starts(pattern) == starts


EMPLOYERS = {"employer": ("NS", "ProRail", "NS Reizigers")}


@pytest.mark.parametrize(
    "pattern, slots, starts",
    [
        (r"\b{employer}\b is", EMPLOYERS, {"ns is", "prorail is", "ns reizigers is"}),
        (r"\b(?:bij|voor) {employer}\b", EMPLOYERS, {"bij ns", "bij prorail", "bij ns reizigers", "voor ns",
                                                       "voor prorail", "voor ns reizigers"}),
        (r"\bals [\w-]+ bij {employer}", EMPLOYERS, {"als "}),
        (r"(?:{employer}|de baas) zegt", EMPLOYERS, {"ns zegt", "prorail zegt", "ns reizigers zegt", "de baas zegt"}),
        (r"{employer}?x", EMPLOYERS, {"nsx", "prorailx", "ns reizigersx", "x"}),
        (r"{employer} en {employer}", EMPLOYERS, {f"{a} en {b}" for a in ("ns", "prorail", "ns reizigers")
                                                   for b in ("ns", "prorail", "ns reizigers")}),
        # A long list after a literal head: the head alone is start enough.
        (r"bij {many}", {"many": tuple(f"naam{i}" for i in range(2000))}, {"bij "}),
        (r"{many}", {"many": tuple(f"naam{i}" for i in range(2000))}, {f"naam{i}" for i in range(2000)}),
        # Many ways to begin, each with a slot: the slots' terms are start enough, not every combination.
        (r"(?:{a}|{b})(?: te zijn)? (?:bij|at) {c}", {"a": tuple(f"a{i}" for i in range(600)),
         "b": tuple(f"b{i}" for i in range(600)), "c": ("ns",)}, {f"{x}{i}" for x in "ab" for i in range(600)}),
    ],
)
def test_a_slot_stands_for_each_of_its_terms(pattern, slots, starts):
    assert without._literal_starts(pattern, slots) == starts


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?<!geen )(?<!niet )\b(?:reclame|advertentie)\b",
        r"\b(?:verdubbelt|halveert) (?:je|de) (?:kans|risico)\b",
        r"\b\d+ ?% (?:korting|off)\b",
        r"\b(?:kans|risico)\b[^.!?]{0,40}\bverdubbelt\b",
        r"\b[\w-]*overleg\b",
    ],
)
def test_patterns_find_what_a_whole_text_scan_finds(pattern):
    # Trying a pattern only where its literal starts occur must miss nothing a plain scan finds, including
    # look-behinds and word boundaries just before those places.
    draft = (
        "Geen reclame hoor, maar reclame is het wel. Niet advertentie, wel advertentiecampagne. Slaaptekort "
        "verdubbelt je kans, en roken halveert de kans niet. Het risico, zeggen ze, verdubbelt. 25% korting, "
        "30 % off, x5% korting. Werkoverleg, teamoverleg en overleg; overlegstructuur."
    )
    prepared = prepare(draft)
    expected = [m.span() for m in re.finditer(pattern, prepared.norm) if m.end() > m.start()]
    params = without.Params.model_validate({"mentions": {"patterns": [pattern]}})
    found = [(s.start, s.end) for s in without.run(prepared, params)]
    assert found == [prepared.to_original(s, e) for s, e in expected]
    assert found


def _pack_drafts() -> list[str]:
    drafts = []
    for profile in BUNDLED.profiles:
        for rule in BUNDLED.get(profile).rules:
            drafts.extend((*rule.spec.examples.flag, *rule.spec.examples.pass_))
    extra = REPO_ROOT / "eval" / "extra.jsonl"
    drafts.extend(json.loads(line)["text"] for line in extra.read_text(encoding="utf-8").splitlines() if line)
    return drafts


@pytest.mark.parametrize("profile", BUNDLED.profiles)
def test_every_pack_pattern_is_tried_wherever_a_scan_would_find_it(profile):
    # Reading starts off patterns (slots included) must never lose a match: on every example and evaluation
    # draft, each match a plain scan of a pack's pattern finds is also found by trying it at its starts.
    matchers = [
        matcher
        for rule in BUNDLED.get(profile).rules
        if rule.check is without
        for matcher in (rule.params._mentions, rule.params._unless, *rule.params._requires)
        if matcher.indexed
    ]
    assert matchers
    for norm in {prepare(draft).norm for draft in _pack_drafts()}:
        for matcher in matchers:
            found = set(matcher._pattern_spans(norm))
            for regex in matcher.indexed:
                assert {m.span() for m in regex.finditer(norm) if m.end() > m.start()} <= found, regex.pattern


def test_rules_that_accept_the_same_disclosures_share_one_matcher():
    policy = BUNDLED.get("ns")
    first = policy.rule("affiliation.undisclosed-employer").params._unless
    assert first is policy.rule("affiliation.promotion-on-station").params._unless
    assert first.indexed, "the disclosure patterns are compiled"
