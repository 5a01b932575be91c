"""The remark kind (checks/offensive.py), and the offensive rules of the packs on drafts written apart from the
labelled development set: curses, slurs, name-calling, derogation, dehumanising comparisons and threats must be
found in other words than the rules' own examples, while counter-speech, negation, reported speech, quoted
mentions, the disease "kanker" and harmless look-alikes pass.
"""

import pytest

from bot.models import Draft
from bot.pipeline import review
from bot.textprep import prepare
from checks import offensive
from tests.packs import BUNDLED

P = offensive.Params


def found(params: offensive.Params, draft: str) -> list[str]:
    return [draft[span.start : span.end] for span in offensive.run(prepare(draft), params)]


@pytest.mark.parametrize(
    "term, forms",
    [
        ("{ik sla|sla ik} {je|jullie}", ["ik sla je", "ik sla jullie", "sla ik je", "sla ik jullie"]),
        ("kanker{|-}onderzoek*", ["kankeronderzoek*", "kanker-onderzoek*"]),
        ("als {een |}{stel |}apen", ["als een stel apen", "als een apen", "als stel apen", "als apen"]),
        ("tuig", ["tuig"]),
        # A group inside a group.
        ("{nou{,|} |}dan", ["nou, dan", "nou dan", "dan"]),
        ("{a{b|c}|d}e", ["abe", "ace", "de"]),
    ],
)
def test_alternatives_expand_to_every_form(term, forms):
    assert sorted(offensive.expand(term)) == sorted(forms)


CURSE = P(terms=["kanker*", "kanker-*", "krijg de {kanker|tering}", "🖕"], exceptions=["kanker", "kanker{|-}onderzoek*"])
SCUM = P(terms=["tuig", "apen"], unless=["pikken we niet", "als scheldwoord"])


@pytest.mark.parametrize(
    "params, draft, expected",
    [
        (CURSE, "Weer zo'n kankerlijer in de trein", ["kankerlijer"]),
        (CURSE, "Weer zo'n K4NKERLIJER in de trein", ["K4NKERLIJER"]),
        (CURSE, "Weer een k a n k e r l i j e r", ["k a n k e r l i j e r"]),
        (CURSE, "Die kanker-reiziger weer", ["kanker-reiziger"]),
        (CURSE, "Krijg toch de tering. Nee: krijg de kanker", ["krijg de kanker"]),
        (CURSE, "Krijg de k@nker", ["Krijg de k@nker"]),
        (CURSE, "krijg de k a n k e r", ["krijg de k a n k e r"]),
        (CURSE, "Hier, voor jou🖕", ["🖕"]),
        # The disease, and what is said about it, is no curse; a longer harmless word covers the term.
        (CURSE, "Onderzoek naar kanker bij kinderen", []),
        (CURSE, "Mijn moeder heeft kanker", []),
        (CURSE, "Mijn oom heeft k4nker", []),
        (CURSE, "Het kankeronderzoek en kanker-onderzoekers", []),
        # A word quoted on its own is mentioned, not used.
        (CURSE, "Wie 'kankerlijer' roept, krijgt een boete", []),
        (SCUM, "Dat soort tuig in de nachttrein", ["tuig"]),
        # Word boundaries: no "tuig" in "vliegtuig" or "speeltuig".
        (SCUM, "Het vliegtuig en het speeltuig", []),
        # Counter-speech and reported speech pass, in their own sentence only.
        (SCUM, "Hij riep dat we apen waren; dat pikken we niet.", []),
        (SCUM, "Wie apen als scheldwoord gebruikt, mist iets.", []),
        (SCUM, "Het waren net apen. Dat pikken we niet.", ["apen"]),
        (SCUM, "Het waren net apen\nDat pikken we niet", ["apen"]),
        (SCUM, "Het waren net apen 😡 dat pikken we niet", ["apen"]),
    ],
)
def test_terms_exceptions_mentions_and_counter_speech(params, draft, expected):
    assert found(params, draft) == expected


def test_quoted_terms_count_when_the_rule_says_so():
    params = P(terms=["roddel"], quoted=True)
    assert found(params, "Hij zei 'roddel' en liep weg") == ["roddel"]


CLAIM = P(terms=["dom"], near=["vrouwen", "toeristen"], side="before", window=5, negations=["niet", "geen"])
HATE = P(terms=["ik haat"], near=["toeristen"], side="after", window=2, negations=["niet", "geen"])
ROLL = P(terms=["🙄"], near=["meneer", "reizigers", "teamleider"], window=10, same_sentence=False, unless=["mijn"])


@pytest.mark.parametrize(
    "params, draft, expected",
    [
        (CLAIM, "Toeristen zijn gewoon dom", ["Toeristen zijn gewoon dom"]),
        (CLAIM, "Vrouwen in de trein zijn dom", ["Vrouwen in de trein zijn dom"]),
        # The group must come first, close enough, in the same sentence.
        (CLAIM, "Zijn dom, die toeristen", []),
        (CLAIM, "Vrouwen in de trein naar Den Helder zijn dom", []),
        (CLAIM, "Vrouwen? Zijn dom", []),
        # A denial just before either side takes the claim back; further off it belongs to something else.
        (CLAIM, "Niet alle vrouwen zijn dom", []),
        (CLAIM, "Toeristen zijn echt niet dom", []),
        (CLAIM, "Toeristen die geen kaart lezen zijn dom", ["Toeristen die geen kaart lezen zijn dom"]),
        (HATE, "Ik haat toeristen", ["Ik haat toeristen"]),
        (HATE, "Ik haat al die toeristen", ["Ik haat al die toeristen"]),
        (HATE, "Toeristen, ik haat ze", []),
        (HATE, "Ik heb geen hekel, ik haat geen toeristen", []),
        # An emoji pairs across sentences when the rule allows it; rolling one's eyes at oneself passes.
        (ROLL, "Nee meneer, de trein stopt niet naast het vliegveld 🙄", ["meneer, de trein stopt niet naast het vliegveld 🙄"]),
        (ROLL, "Reizigers vragen het weer. 🙄", ["Reizigers vragen het weer. 🙄"]),
        (ROLL, "Sorry reizigers, mijn telefoon is leeg 🙄", []),
        # Two terms about the same target make one finding.
        (ROLL, "Nee meneer, echt niet 🙄 🙄", ["meneer, echt niet 🙄 🙄"]),
        (ROLL, "Maandag, de koffieautomaat is stuk 🙄", []),
        # Only the sentence of the term counts for `unless`: "mijn" before the target is no self-mockery.
        (ROLL, "Mijn teamleider belt weer. Hij kan niet plannen 🙄", ["teamleider belt weer. Hij kan niet plannen 🙄"]),
    ],
)
def test_targets_sides_windows_and_denials(params, draft, expected):
    assert found(params, draft) == expected


def review_categories(profile: str, draft: str) -> set[str]:
    """Which of offensive and hostile-tone a review of the whole draft reports (test_checks_tone uses it too)."""
    result = review(Draft(text=draft, profile=profile), BUNDLED.get(profile))
    return {f.category for f in result.findings} & {"offensive", "hostile-tone"}


@pytest.mark.parametrize(
    "profile, draft",
    [
        ("ns", "Die kankerreizigers ook altijd met hun fiets in de spits. #irritant"),
        ("ns", "Wat een teringherrie maakten die scholieren in de stiltecoupé."),
        ("ns", "Krijg toch allemaal de kolere met jullie geklaag over vertraging."),
        ("ns", "Weer een kutdag op het werk. Drie storingen en niemand die iets doet."),
        ("ns", "Weer zo'n k4nk3rlijer die zijn voeten op de bank legt."),
        ("ns", "Die kutturken met hun harde muziek in de trein. Zet dat ding uit!"),
        ("ns", "F*ck die reizigers die altijd maar klagen."),
        ("ns", "Tering wat een rij bij de kaartautomaat vanochtend."),
        ("ns", "Ik werd vandaag weer uitgekafferd door zo'n randdebiel op perron 5."),
        ("ns", "Bende sukkels bij de planning, het rooster klopt weer niet."),
        ("ns", "Zo'n mongool die denkt dat hij zonder kaartje kan reizen. Wegwezen!"),
        ("ns", "Wat een stelletje losers bij de concurrent."),
        ("kempenhaeghe", "Those clowns at head office are complete morons."),
        ("kempenhaeghe", "Wat een achterlijke vraag weer van die ouder."),
        ("ns", "Die Polen in de werkplaats zijn allemaal lui, elke dag hetzelfde."),
        ("ns", "Moslims horen hier niet thuis, laat ze maar teruggaan."),
        ("ns", "Buitenlanders pakken ons werk af, zo simpel is het."),
        ("ns", "Die Oost-Europese chauffeurs bij de overweg zijn echt levensgevaarlijk."),
        ("ns", "Autisten zijn gewoon gestoord, ik snap niet dat die bij ons mogen werken."),
        ("ns", "Buitenlanders die geen Nederlands spreken moeten ze gewoon weigeren in de trein."),
        ("ns", "Ik ben het zat met die asielzoekers in de nachttrein, stuur ze terug."),
        ("ns", "Marokkaanse jongens op het perron weer. Altijd hetzelfde gedoe met dat soort types."),
        ("ns", "Those gypsies at Amsterdam Centraal are thieves, every single one of them."),
        ("ns", "Typisch vrouwen weer: kunnen niet inparkeren bij de P+R."),
        ("ns", "Een vrouw als machinist? Dat wordt niks."),
        ("ns", "Women in engineering, it never works out 😂 #NedTrain"),
        ("ns", "Weer een groep hooligans in de trein. Stelletje beesten, ze hebben de coupé gesloopt."),
        ("ns", "Toeristen gedragen zich als beesten in de nachttrein."),
        ("ns", "Die hangjongeren zijn net ratten, overal troep."),
        ("ns", "Die junks op het station zijn echt het uitschot van de maatschappij."),
        ("ns", "Als die man me nog één keer uitscheldt, sla ik hem verrot."),
        ("ns", "Reizigers die de deur blokkeren krijgen van mij een klap voor hun kop."),
        ("ns", "Ik zweer het, als die gast nog één keer aan mijn deur rammelt, trap ik hem de trein uit."),
        ("ns", "Collega's, als die klant morgen weer komt, geef ik hem een knal voor zijn kop."),
        ("kempenhaeghe", "If that visitor does that again I'll punch him in the face."),
        ("kempenhaeghe", "Honestly, I'd punch that guy if I saw him again."),
        ("ns", "Immigrants should go back to their own country."),
        ("ns", "These immigrants have no respect for anyone on the train."),
        ("ns", "De schoonmaakploeg bestaat alleen nog maar uit Polen, geen wonder dat ze zo smerig zijn."),
        ("ns", "Die klant van vanochtend: als ik je nog eens zie, dan ben je nog niet jarig."),
        ("ns", "Die zwarte jongens in de laatste coupé zorgen altijd voor problemen."),
        ("ns", "Een stel dronken Engelsen die zich als varkens gedroegen in de laatste trein."),
        ("ns", "Als die vent me morgen weer uitscheldt, trek ik hem uit de trein en dan zal hij het weten."),
        ("ns", "Can't believe I have to share my shift with that lazy foreigner again."),
        ("ns", "Ik kan echt niet tegen die hoofddoekjes-meiden die de hele coupé vol kletsen."),
        ("ns", "Klote dag, klote reizigers, klote storing. Ik ben er klaar mee."),
        ("ns", "Ik sloop die kerel als hij nog één keer aan mijn collega zit."),
        ("kempenhaeghe", "I swear if one more dad yells at me I will lose it and smack him."),
        ("ns", "Polen op de nachttrein, je weet hoe dat volk is."),
        ("kempenhaeghe", "Mannen kunnen nu eenmaal niet logisch nadenken als ze moe zijn."),
        ("ns", "Wat een onbeschofte hufters vandaag in de spits."),
        ("ns", "Deport them all back where they came from, I say."),
        ("ns", "Onze nieuwe machinist is een vrouw. Dan weten we het al: nooit een knoop doorhakken."),
    ],
)
def test_offensive_drafts_are_found(profile, draft):
    assert "offensive" in review_categories(profile, draft)


@pytest.mark.parametrize(
    "profile, draft",
    [
        ("kempenhaeghe", "Vandaag liep ik mee met de KWF-collecte: iedereen kent wel iemand met kanker."),
        ("kempenhaeghe", "Onze patiënten met kanker krijgen extra begeleiding bij slaapproblemen."),
        ("kempenhaeghe", "Vandaag op bezoek bij het kankerinloophuis met onze patiëntenvereniging."),
        ("kempenhaeghe", "Kankerbestrijding, kankeronderzoek en kanker-patiënten: daar lopen we zondag voor."),
        ("kempenhaeghe", "Kanker. Een woord dat iedereen raakt. Daarom lopen wij mee met de Alpe d'HuZes."),
        ("ns", "Kanker gehad, chemo doorstaan, en nu weer aan het werk als conducteur. Dankbaar!"),
        ("kempenhaeghe", "Wie 'mongool' als scheldwoord gebruikt, beledigt mensen met het syndroom van Down."),
        ("ns", "Een reiziger noemde mijn collega een 'kankerlijer'. Zulke taal hoort nergens thuis."),
        ("ns", "Een reiziger noemde me vandaag een hoer. Ik ben er nog steeds kapot van."),
        ("ns", "Het is niet oké om vrouwen dom te noemen. Ook niet als grap."),
        ("ns", "Niet alle toeristen zijn onbeschoft, de meesten zijn juist heel vriendelijk."),
        ("ns", "Wie denkt dat vrouwen en techniek een lastige combinatie zijn, heeft het mis."),
        ("ns", "Vrouwen in de techniek: bij NS NedTrain is 1 op de 5 nieuwe monteurs een vrouw. Trots!"),
        ("ns", "Meiden, wie gaat er mee naar de open dag van NedTrain? Techniek is echt leuk!"),
        ("ns", "Vrouwen verdienen nog steeds minder dan mannen, dat moet veranderen."),
        ("ns", "Vluchtelingen aan het werk bij NS: een mooi leerwerktraject."),
        ("ns", "Mooi gesprek gehad met asielzoekers in het AZC over werken bij NS."),
        ("ns", "Tip voor toeristen: koop je kaartje vooraf in de NS-app, dat scheelt wachten."),
        ("ns", "Balen van die vertraging vanochtend!"),
        ("ns", "Ik val dood van de slaap na deze nachtdienst."),
        ("ns", "Een vrouw met een hoofddoek hielp me vandaag bij de kaartautomaat, superaardig!"),
        ("ns", "Het gaat om de buitenlander die vorige week zijn koffer vergat: hij heeft hem terug!"),
        ("ns", "Met de trein naar Kloten en dan door naar Zürich, wat een reis."),
        ("ns", "Mijn verjaardag is pas in mei, dus ik ben nog niet jarig 🎂"),
        ("ns", "Jongeren zorgen voor een gezellige sfeer in de nachttrein."),
        ("ns", "Mijn nicht komt logeren en we gaan naar de apen in Burgers' Zoo."),
        ("ns", "Het vliegtuig naar Barcelona vertrok op tijd, net als mijn trein."),
        ("ns", "Wat een idioot mooie zonsopkomst vanaf het perron in Zwolle!"),
        ("ns", "Schrijf je in voor de Dam tot Damloop met het NS-team! Het wordt idioot gezellig."),
        ("ns", "Deze sukkelende knie houdt me niet tegen: zondag loop ik de Kempenloop!"),
        ("ns", "Wat een beestenweer! Maar de wissels zijn vrijgehouden, dus de treinen rijden."),
        ("ns", "De nieuwe sprinters zijn echt beesten op het spoor: snel, stil en zuinig."),
        ("ns", "Kinderen zijn net apen in de speeltuin bij het station, heerlijk om te zien."),
        ("ns", "We stonden als haringen in een ton in de sprinter naar Eindhoven."),
        ("ns", "Ik sla je nummer even op, dan bel ik je morgen."),
        ("ns", "Ik steek je een hart onder de riem: volgende week wordt het beter!"),
        ("ns", "Ik kom je halen op het station, bel maar als je er bent."),
        ("ns", "Delen mag: we zoeken collega's voor de werkplaats in Onnen!"),
        ("kempenhaeghe", "Ouderen en slaapmiddelen: een lastige combinatie. Lees onze tips op kempenhaeghe.nl"),
        ("kempenhaeghe", "We're proud of the women in engineering on our research team."),
        ("kempenhaeghe", "Oude sokken weggegooid, nieuwe gekocht voor de nachtdienst."),
        ("ns", "Dan weten we het wel: vanaf maart rijdt de nachttrein ook op zondag."),
    ],
)
def test_counter_speech_disease_and_look_alikes_pass(profile, draft):
    assert "offensive" not in review_categories(profile, draft)
