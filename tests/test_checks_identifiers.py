"""The identifier kind: real identifiers are found where they were typed, look-alikes and public ones are not."""

import pytest

from bot.evaluation import flags
from bot.textprep import prepare
from checks import identifiers
from tests.packs import BUNDLED

P = identifiers.Params
STREETS = ("straat", "laan", "weg")


@pytest.mark.parametrize(
    "params, draft, found",
    [
        (P(type="bsn", context=["bsn"]), "Mevrouw De Graaf (BSN 312966210) belt nog", ["312966210"]),
        (P(type="bsn", context=["bsn"]), "bsn: 1112.22.333", ["1112.22.333"]),
        (P(type="bsn", context=["bsn"]), "BSN 11222335 (acht cijfers)", ["11222335"]),
        (P(type="iban"), "naar NL12 RABO 0210 6552 24 t.n.v. S. Kuipers", ["NL12 RABO 0210 6552 24"]),
        (P(type="iban"), "IBAN NL91ABNA0417164300.", ["NL91ABNA0417164300"]),
        (P(type="iban"), "op nl91 abna 0417 1643 00 TEST graag", ["nl91 abna 0417 1643 00"]),
        (P(type="iban"), "Konto DE89 3704 0044 0532 0130 00", ["DE89 3704 0044 0532 0130 00"]),
        (P(type="phone"), "Bel me op 06-12345678!", ["06-12345678"]),
        (P(type="phone"), "Call +31 6 1234 5678 now", ["+31 6 1234 5678"]),
        (P(type="phone"), "tel. 020 - 555 1234", ["020 - 555 1234"]),
        (P(type="email"), "mail a.dewit78@gmail.com vandaag", ["a.dewit78@gmail.com"]),
        (P(type="email", allow=["info@"]), "info@ns.nl of Jan.Jansen@NS.nl", ["Jan.Jansen@NS.nl"]),
        (P(type="address", streets=STREETS), "Lindelaan 4, 3701 AB Zeist", ["Lindelaan 4, 3701 AB Zeist"]),
        (P(type="address", streets=STREETS, context=["woont"]), "Hij woont op de Kerkstraat 12a", ["Kerkstraat 12a"]),
        (P(type="address", streets=STREETS, context=["woont"]), "Ze woont in 3511 AB Utrecht", ["3511 AB Utrecht"]),
        (P(type="birthdate", context=["geboren"]), "geboren 14-03-1961", ["14-03-1961"]),
        (P(type="birthdate", context=["geb."]), "geb. 2 april 1958", ["2 april 1958"]),
        (P(type="birthdate", context=["born"]), "born March 3rd, 1990", ["March 3rd, 1990"]),
        (P(type="birthdate", context=["dob"]), "DOB 1990-03-03", ["1990-03-03"]),
        (P(type="plate"), "kenteken 73-KLN-4.", ["73-KLN-4"]),
        (P(type="plate"), "de gx-42-tb bij perron 3", ["gx-42-tb"]),
        (P(type="plate"), "auto 4-TFK-92 en 12-BB-34", ["4-TFK-92", "12-BB-34"]),
        (P(type="creditcard"), "kaart 4111 1111 1111 1111 geweigerd", ["4111 1111 1111 1111"]),
        (P(type="creditcard"), "card 5500-0000-0000-0004", ["5500-0000-0000-0004"]),
    ],
)
def test_finds_identifiers_where_they_were_typed(params, draft, found):
    assert [draft[s.start : s.end] for s in identifiers.run(prepare(draft), params)] == found


@pytest.mark.parametrize(
    "params, draft",
    [
        (P(type="bsn", context=["bsn"]), "Ordernummer 312966210 is verstuurd"),  # valid 11-proef, no context
        (P(type="bsn", context=["bsn"]), "BSN 312966211"),  # fails the 11-proef
        (P(type="bsn", context=["bsn"]), "Je BSN deel je nooit met anderen, zeker niet online. Onze 312966210 reizigers waren blij"),  # too far
        (P(type="iban"), "naar NL12 RABO 0210 6552 25"),  # wrong check digits
        (P(type="iban"), "Route NL12 naar de kust"),
        (P(type="phone"), "bel 112 als het lang duurt"),
        (P(type="phone"), "servicelijn 0900-9292, gratis 0800-0123, centrale 088 123 4567"),
        (P(type="phone"), "ruim 200.000 mensen, van 21.00 uur tot 05.00 uur, op 14-03-1961"),
        (P(type="phone", allow=["030 - 235 30 40"]), "Pers? Bel 030-2353040"),
        (P(type="email"), "Stuur een DM naar @NS_online of kijk op ns.nl"),
        (P(type="email", allow=["pers@"]), "Journalisten: pers@ns.nl"),
        (P(type="address", streets=STREETS, context=["woont"]), "Het station ligt aan de Stationsweg 1"),
        (P(type="address", streets=STREETS, context=["woont"]), "Wij kijken de 2024 EK-finale"),
        (P(type="address", streets=STREETS, context=["woont"]), "Ik woon sinds 2019 in Utrecht"),
        (P(type="address", streets=STREETS, allow=["Sterkselseweg 65"]), "Welkom op Sterkselseweg 65, 5591 VE Heeze"),
        (P(type="birthdate", context=["geboren"]), "Mevrouw De Graaf (63) staat niet in het systeem"),
        (P(type="birthdate", context=["geboren"]), "Vanaf 1 juni 2025 rijden er meer treinen"),
        (P(type="birthdate", context=["geboren"]), "geboren op 31-02-1961"),  # no such date
        (P(type="birthdate", context=["geboren"]), "Ik ben geboren in Zwolle"),
        (P(type="plate"), "de trein van 14.03 uur, op 14-03-61, Sprinter SLT-2-4"),
        (P(type="plate"), "kenteken 12-ABC-3"),  # vowels never appear on Dutch plates
        (P(type="creditcard"), "kaart 4111 1111 1111 1112"),  # fails Luhn
        (P(type="creditcard"), "1.234.567.890.123 reizigers"),
    ],
)
def test_passes_look_alikes_and_public_identifiers(params, draft):
    assert identifiers.run(prepare(draft), params) == []


POLICIES = BUNDLED


@pytest.mark.parametrize(
    "profile, rule, draft",
    [
        ("kempenhaeghe", "personal-data.bsn", "Kan iemand checken waarom mevrouw De Graaf (BSN 312966210) niet in HiX staat?"),
        ("kempenhaeghe", "personal-data.birthdate", "mevrouw De Graaf (geboren 14-03-1961) wordt morgen opgenomen"),
        ("kempenhaeghe", "personal-data.email", "de bevestiging is naar a.dewit78@gmail.com gestuurd"),
        ("ns", "personal-data.iban", "je teruggave is overgemaakt naar NL12 RABO 0210 6552 24 t.n.v. S. Kuipers"),
        ("ns", "personal-data.licence-plate", "Een grijze VW Golf met kenteken 73-KLN-4 staat hier al weken."),
        ("ns", "personal-data.phone", "Gevonden portemonnee! Eigenaar kan bellen naar 06 - 2345 6789."),
        ("ns", "personal-data.address", "Hij woont op de Dorpsstraat 14 in Bunnik, zeg het maar tegen hem."),
    ],
)
def test_rules_flag_identifiers_in_drafts(profile, rule, draft):
    assert flags(POLICIES.get(profile).rule(rule), draft)


@pytest.mark.parametrize(
    "profile, rule, draft",
    [
        ("ns", "personal-data.phone", "Bij reacties vanuit de media: bel Persvoorlichting op 030 - 235 30 40."),
        ("ns", "personal-data.phone", "Vragen over je reis? NS Klantenservice: 030 751 51 55."),
        ("kempenhaeghe", "personal-data.phone", "Bel ons gerust: 040 227 90 22."),
        ("kempenhaeghe", "personal-data.address", "Informatieavond op Sterkselseweg 65, 5591 VE Heeze."),
        ("ns", "personal-data.email", "Journalisten kunnen mailen naar pers@ns.nl."),
        ("kempenhaeghe", "personal-data.phone", "Duurt de aanval langer dan 5 minuten, bel dan 112."),
    ],
)
def test_rules_pass_the_organisations_public_contact_details(profile, rule, draft):
    assert not flags(POLICIES.get(profile).rule(rule), draft)
