"""The proximity kind: a term of one list within a few words of a term of another, and person references."""

import pytest

from bot.evaluation import flags
from bot.textprep import prepare
from checks import proximity
from tests.packs import BUNDLED

COMPLAINT = proximity.Params(
    near=["klacht"], terms=["dossiernummer", "zaak"], window=3, inflect=True, inflect_near=True
)
PERSON = proximity.Params(
    terms=["aanval", "medicatie"],
    window=6,
    person=proximity.Person(
        titles=["mevrouw", "dhr.", "collega"], particles=["de", "van"], ages=True, places=["kamer", "paviljoen"]
    ),
)
GUARDED = proximity.Params(near=["mijn patient"], terms=["medicatie"], window=5, unless=["bel 112"])


@pytest.mark.parametrize(
    "params, draft, near, term",
    [
        (COMPLAINT, "Mijn klacht over dossiernummer 443 is nog open", "klacht", "dossiernummer"),
        (COMPLAINT, "Het dossiernummer bij mijn klacht klopt niet", "klacht", "dossiernummer"),
        (COMPLAINT, "Twee klachten over dezelfde zaak", "klachten", "zaak"),
        (PERSON, "Mevrouw De Graaf kreeg weer een aanval", "Mevrouw De Graaf", "aanval"),
        (PERSON, "Gisteren had mevrouw van Dijk een aanval", "mevrouw van Dijk", "aanval"),
        (PERSON, "Dhr. Jansen is gestopt met zijn medicatie", "Dhr. Jansen", "medicatie"),
        (PERSON, "Trots op Daan (9): geen aanval meer", "Daan (9)", "aanval"),
        (PERSON, "Trots op Sanne (12 jaar), geen aanval", "Sanne (12 jaar)", "aanval"),
        (PERSON, "De man op kamer 12b had een aanval", "kamer 12b", "aanval"),
        (PERSON, "Op paviljoen De Linde weer een aanval", "paviljoen De", "aanval"),
        (PERSON, "Collega Ilse is weer aan de medicatie", "Collega Ilse", "medicatie"),
        (GUARDED, "Mijn patiënt kreeg nieuwe medicatie", "Mijn patiënt", "medicatie"),
    ],
)
def test_flags_a_reference_near_a_term(params, draft, near, term):
    spans = proximity.run(prepare(draft), params)
    assert [(draft[s.start : s.end], s.fill["near"], s.fill["term"]) for s in spans] == [(near, near, term)]


@pytest.mark.parametrize(
    "params, draft",
    [
        (COMPLAINT, "Een klacht indienen kan altijd, en voor een lopende zaak bel je ons"),  # too far apart
        (COMPLAINT, "Het dossiernummer staat op je kaart"),  # only one side
        (PERSON, "Mevrouw, u krijgt uw medicatie straks"),  # a title without a name
        (PERSON, "Dank u, mevrouw. Morgen de aanval op het record"),  # the capital starts a new sentence
        (PERSON, "Mijn collega's en ik praten over medicatie"),  # a plural is nobody in particular
        (PERSON, "Daan had een mooie dag"),  # a name alone
        (PERSON, "In Nederland hebben 200.000 mensen (0,1%) een aanval gehad"),  # brackets without an age
        (PERSON, "Vergaderen in kamer twaalf over nieuwe medicatie"),  # a place word without a number or name
        (GUARDED, "Mijn patiënten vragen vaak naar medicatie"),  # plural: no inflection on the near side
        (GUARDED, "Mijn patiënt heeft nieuwe medicatie. Twijfel je? Bel 112"),  # cancelled by `unless`
    ],
)
def test_passes_without_both_sides_close_together(params, draft):
    assert proximity.run(prepare(draft), params) == []


def test_a_single_capital_after_a_place_word_counts_as_a_name():
    assert len(proximity.run(prepare("De vergadering is in kamer B, over medicatie"), PERSON)) == 1


@pytest.mark.parametrize(
    "draft, found",
    [
        ("mevrouw Jansen had een training over medicatie", False),  # the term is the topic
        ("mevrouw Jansen krijgt nieuwe medicatie, vertelde ze tijdens de training", True),  # topic comes after
        ("mevrouw Jansen over haar nieuwe medicatie", False),
        ("over mevrouw Jansen: ze had een zware aanval", True),  # the topic word is too far from the term
    ],
)
def test_a_term_right_after_a_topic_word_does_not_count(draft, found):
    params = PERSON.model_copy(update={"topic": ("over", "training")})
    assert bool(proximity.run(prepare(draft), params)) is found


def test_the_window_counts_words_in_either_direction():
    params = COMPLAINT.model_copy(update={"window": 1})
    assert proximity.run(prepare("klacht een zaak"), params)
    assert not proximity.run(prepare("klacht een twee zaak"), params)
    assert proximity.run(prepare("zaak een klacht"), params)


POLICY = BUNDLED.get("kempenhaeghe")
HEALTH = POLICY.rule("personal-data.health-details")
COLLEAGUE = POLICY.rule("personal-data.colleague-health")


@pytest.mark.parametrize(
    "draft",
    [
        "Zware nacht. De jonge vrouw op kamer 12 van paviljoen De Linde heeft vannacht zes aanvallen gehad.",
        "Zo trots op Daan (9) uit mijn klas! Na maanden met elke dag meerdere absences heeft hij nu een hele week"
        " geen enkele aanval gehad.",
        "Kan iemand checken waarom mevrouw De Graaf niet in het systeem staat? Ze wordt morgen opgenomen.",
        "Een leerling uit mijn groep is gisteren gediagnosticeerd met epilepsie, we zijn er stil van.",
        "Meneer Bakker van kamer 3 is vanochtend overleden. Wat een lieve man was hij.",
        "Thinking of my patient who had her third brain surgery today. Stay strong!",
        "Mrs. Jones on ward 5 finally got her diagnosis today.",
    ],
)
def test_health_rule_flags_a_recognisable_person_with_health_details(draft):
    assert flags(HEALTH, draft)


@pytest.mark.parametrize(
    "draft",
    [
        "Eindelijk eens doen wat ik mijn patiënten altijd aanraad, haha.",
        "Iemand in je omgeving krijgt een epileptische aanval? Blijf rustig en bel 112 als het lang duurt.",
        "Vandaag is mijn collega Ilse Verbeek gepromoveerd op haar onderzoek naar slaap bij kinderen met epilepsie.",
        "Onze leerlingen hebben epilepsie of een slaapstoornis; we schakelen snel als een leerling een zware nacht"
        " heeft gehad.",
        "Sprekers vertellen over behandeling, school en thuis. Aanmelden via de website.",
        "De teamvergadering is verplaatst naar lokaal 4, kamer 12 is bezet.",
        "In Nederland hebben ruim 200.000 mensen epilepsie (bron: EpilepsieNL).",
        "Many thanks to all participants who made this study on seizure detection possible.",
        "Mijn collega Henk Veldkamp viert zijn 40-jarig jubileum, van leerling-monteur tot teamleider!",
        "Op kamer 3 van het onderwijsgebouw geven we vandaag een training over medicatieveiligheid.",
        "Mijn collega Sanne promoveerde vandaag op onderzoek naar de behandeling van slaapapneu.",
    ],
)
def test_health_rule_passes_generic_and_unrelated_mentions(draft):
    assert not flags(HEALTH, draft)


@pytest.mark.parametrize(
    "draft, should_flag",
    [
        ("Mijn collega Petra zit al weken ziek thuis met een burn-out, sterkte Petra!", True),
        ("Een collega van mij is vorige week geopereerd aan haar knie.", True),
        ("Collega De Vries is met zwangerschapsverlof, en wij zijn zo blij voor haar!", True),
        ("My colleague Tom is in hospital after a heart attack.", True),
        ("Mijn collega Sanne heeft vandaag haar promotieonderzoek verdedigd over de behandeling van slaapapneu.", False),
        ("Mijn collega Ilse begeleidt kinderen met epilepsie en hun medicatie.", False),
        ("Onze collega's van de afdeling zijn vaak ziek geweest deze winter.", False),
        ("Vandaag afscheid van mijn collega Marieke na 25 jaar. Geniet van je pensioen!", False),
    ],
)
def test_colleague_rule_flags_a_named_colleagues_health(draft, should_flag):
    assert flags(COLLEAGUE, draft) is should_flag
