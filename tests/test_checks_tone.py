"""The shouting kind (checks/tone.py), and the hostile-tone rules of the packs on drafts written apart from the
labelled development set: shouting, eye-rolling and sarcasm at people, belittling customers, colleagues and
competitors, gossip and rumours must be found; friendly emoji, jokes about oneself, a colleague's funny quote,
proud posts and sighs about the weather or a delay must pass.
"""

import pytest

from bot.textprep import prepare
from checks import tone
from tests.test_checks_offensive import review_categories

SHOUTING = tone.Params(min_words=4, min_letters=15)


@pytest.mark.parametrize(
    "draft, expected",
    [
        ("WAAROM STAAN ER WEER FIETSEN VOOR DE INGANG?!", ["WAAROM STAAN ER WEER FIETSEN VOOR DE INGANG"]),
        ("Beste reizigers: HOUD DE DEUREN VRIJ ALSTUBLIEFT.", ["HOUD DE DEUREN VRIJ ALSTUBLIEFT"]),
        # A run goes on over punctuation, emoji and hashtags, and stops at the first word with small letters.
        ("STOP ERMEE. IK BEN HET ZAT 😡 #NSPOORT MENSEN! echt waar", ["STOP ERMEE. IK BEN HET ZAT 😡 #NSPOORT MENSEN"]),
        ("Twee runs: DIT IS ECHT BELACHELIJK en GEEN ENKELE TREIN REED VANDAAG", ["DIT IS ECHT BELACHELIJK", "GEEN ENKELE TREIN REED VANDAAG"]),
        # Abbreviations, a single shouted word, short runs and capitalised names are no shouting.
        ("Vandaag bij NS, HR en ICT een mooie dag met de ADHD-werkgroep.", []),
        ("STOP! Even lezen: de trein naar Zwolle vertrekt van spoor 5.", []),
        ("IK BEN ZO BLIJ", []),
        ("Trots op #NSPOORTUTRECHT en #OVFIETS en @NS_ONLINE vandaag!", []),
        ("Kijk op WWW.NS.NL/WERKZAAMHEDEN voor je reis.", []),
        ("", []),
    ],
)
def test_shouting_finds_runs_of_capitals(draft, expected):
    assert [draft[s.start : s.end] for s in tone.run(prepare(draft), SHOUTING)] == expected


@pytest.mark.parametrize(
    "profile, draft",
    [
        ("ns", "De conducteur riep het drie keer, MAAR NIEMAND LUISTERDE, WAT IS ER MIS MET DEZE MENSEN"),
        ("ns", "NIEMAND HEEFT ZIN IN JOUW GEZEUR OM 7 UUR 'S OCHTENDS"),
        ("kempenhaeghe", "Patiënten die 'even snel' een uitslag willen. Ja hoor, ik tover hem wel even tevoorschijn 🙄"),
        ("ns", "Kan iemand de dame in coupé 3 even uitleggen dat stilte ook voor haar geldt? Bedankt 🙃"),
        ("kempenhaeghe", "Shoutout to the genius who parked his car in front of the ambulance entrance."),
        ("ns", "Wat een amateurs bij de gemeente, alweer een bord verkeerd."),
        ("ns", "Leuk hoor, weer een storing. Bedankt ProRail 🙄"),
        ("kempenhaeghe", "Another entitled boomer yelling at our receptionist because he can't use the app. Ok boomer 🙄"),
        ("kempenhaeghe", "Dit is toch niet normaal, die jankende moeders bij de balie. Gewoon wachten net als iedereen!"),
        ("ns", "Leuk dat de concurrent nu ook nachttreinen gaat rijden. Ze mogen van ons leren hoe het moet 😉"),
        ("ns", "Mijn teamleider vindt dat ik vaker moet glimlachen. Misschien moet hij eerst zelf eens leren plannen 🙄"),
        ("ns", "Oké, wie van de afdeling heeft er weer gelekt? We weten allemaal wie het is 😏"),
        ("ns", "Hoorde net dat de afdeling planning wordt opgeheven. Ik zeg niks, maar ik zeg ook niet dat het niet waar is 🤐"),
        ("ns", "Dear passenger who left his banana peel on seat 43: your mother doesn't work here. 🙂"),
        ("ns", "Onze nieuwe planner snapt er werkelijk niks van, drie keer het rooster fout 🙄"),
        ("ns", "Ik hoor dat er weer een reorganisatie aankomt, wie gaat er dit keer uit? 🍿"),
        ("ns", "Tja, weer iemand die denkt dat de trein op hem wacht 🙄 Sommige mensen ook."),
        ("ns", "Mevrouw vond het nodig te klagen over 3 minuten vertraging. Ja mevrouw, de wereld vergaat 🙄"),
        ("ns", "Reizigers zijn net kleine kinderen, je moet alles drie keer uitleggen 🙄"),
        ("kempenhaeghe", "Die ouwe zeurende bejaarden met hun rollators in de gang 🙄"),
        ("ns", "Weer iemand die niet snapt dat je moet inchecken. Hoe moeilijk kan het zijn? 🤦‍♀️"),
        ("ns", "Geachte klant, lezen is blijkbaar lastig: het staat gewoon op het bord."),
        ("ns", "Klanten die bellen of de trein rijdt terwijl het in de app staat... Lezen is een kunst 🙄"),
        ("ns", "Aan de reiziger die zei dat ik mijn werk niet goed doe: doe het zelf maar eens, slimmerik."),
        ("ns", "Tegen de meneer die mijn collega uitschold: ga lekker met de auto, niemand zal je missen."),
        ("kempenhaeghe", "U was zelf te laat, dus die wachttijd heeft u echt aan uzelf te danken."),
        ("ns", "De directie heeft weer eens een briljant idee: nóg een reorganisatie. Top geregeld jongens 👏"),
        ("ns", "Sommige reizigers snappen het gewoon niet: de stalling is onder het plein."),
        ("kempenhaeghe", "Ouders die lopen te zeuren over de wachttijd, ik word er moe van."),
        ("ns", "Arriva heeft weer een 'innovatie'. Goed bezig jongens 😂"),
        ("ns", "Onze concurrent heeft nu pas wifi in de trein. Welkom in de vorige eeuw, jongens 😂"),
        ("ns", "The competition's new app is pathetic, amateur hour."),
        # Competitors by name come from the organisation's pack.
        ("ns", "Die prutsers van Keolis hebben de dienstregeling weer niet op orde."),
        ("ns", "Arriva heeft eindelijk ook een app. Schattig 😂"),
        ("ns", "Ik hoorde dat onze directeur binnenkort vertrekt, maar dat heb je niet van mij 🤫"),
        ("ns", "Volgens de wandelgangen zit onze teamleider op de schopstoel."),
        ("ns", "Ik hoor van collega's dat de nieuwe planner er binnenkort alweer uit ligt. Verrast niemand 😂"),
        ("kempenhaeghe", "Gehoord bij de koffieautomaat: de nieuwe manager zou een affaire hebben met iemand van HR 👀"),
        ("kempenhaeghe", "Our new manager won't last the summer, wanna bet?"),
        ("kempenhaeghe", "Mevrouw, had u gewoon op tijd afgezegd, dan was er niks aan de hand geweest."),
        ("ns", "Prachtig hoor, fietsers die dwars over het perron racen. Zo lastig is het toch niet om af te stappen."),
        ("ns", "Claimed his dog was a 'service cat'. Sure, and I'm a train driver on the moon. Some people, honestly."),
        ("ns", "Another train operator just discovered dynamic pricing. How cute 😂"),
        ("kempenhaeghe", "Die nieuwe stagiaires begrijpen er werkelijk geen snars van."),
        ("ns", "Apparently the signs are still too small: third passenger today pulling at a door marked 'out of order' 🙃"),
        ("kempenhaeghe", "Onze nieuwe manager? Die is bij zijn vorige baan na drie maanden al ontslagen, hoor ik 👀"),
    ],
)
def test_hostile_drafts_are_found(profile, draft):
    assert review_categories(profile, draft) == {"hostile-tone"}


@pytest.mark.parametrize(
    "profile, draft",
    [
        ("ns", "Een reiziger vroeg of de trein naar Schiphol ook naar het vliegveld gaat. Ja hoor, en ik heb haar even de weg gewezen 😊"),
        ("ns", "Nee, de ov-fiets is geen gratis fiets 😂 Maar voor €4,65 per dag kom je een heel eind!"),
        ("ns", "Haha, ik ben mijn pasje alweer vergeten 😂 Typisch ik."),
        ("ns", "Collega Sanne zei vandaag: 'Zonder koffie geen conducteur.' 😂"),
        ("ns", "Sorry mensen, vandaag geen foto: mijn telefoon is leeg 🙄"),
        ("ns", "Maandagochtend en de koffieautomaat is weer stuk 🙄"),
        ("kempenhaeghe", "De CliniClowns kwamen langs bij onze patiënten, wat een feest!"),
        ("ns", "Oliebollen voor alle reizigers op oudejaarsdag! 🎆"),
        ("kempenhaeghe", "Zo moeilijk is het niet: drie tips voor beter slapen."),
        ("kempenhaeghe", "Leer lezen met onze nieuwe app voor kinderen met epilepsie."),
        ("kempenhaeghe", "Reading is hard for some children with epilepsy; our teachers help them every day."),
        ("ns", "Can you believe it's Monday again 🙄"),
        ("ns", "Mijn moeder is trots op mijn nieuwe baan bij NS 😊"),
        ("ns", "Film kijken met popcorn 🍿 na een lange dienst, heerlijk."),
        ("ns", "Ik heb mijn sleutels weer laten liggen 🤦 Collega's, wie heeft een reserve?"),
        ("ns", "Complimenten aan de held die vanochtend een reiziger reanimeerde op perron 3!"),
        ("ns", "Samen met ProRail hebben we vannacht de wissels vervangen, top samenwerking!"),
        ("ns", "Balen van die vertraging vanochtend! Gelukkig was de conducteur supervriendelijk."),
        ("ns", "Rot weer vandaag, maar met een warme chocomel in de trein is het goed te doen ☕"),
        ("ns", "Mijn eerste eigen dienst als conducteur zit erop! Dank aan alle reizigers 🚆"),
        ("ns", "Mooi initiatief van ProRail en de andere vervoerders: één reisplanner voor heel Nederland."),
        ("ns", "Knap werk van de concurrent, die nieuwe trein ziet er goed uit 👏"),
        ("ns", "Vanaf december rijden wij samen met Arriva in Limburg, mooie samenwerking! 😊"),
        ("ns", "Mijn collega Anouk gaat na 25 jaar met pensioen. We gaan je missen! 🎉"),
        ("ns", "Onze nieuwe collega gaat de marathon lopen. Wedden dat ze het haalt?"),
        ("ns", "Hoe moeilijk is het om machinist te worden? Ik vertel het je in deze blog!"),
        ("ns", "De meeste reizigers zijn gewoon vriendelijk, zeker als je zelf vriendelijk bent."),
        ("ns", "Reizigers zijn niet dom, de bordjes zijn gewoon onduidelijk."),
        ("ns", "Stom van me, ik had de verkeerde trein genomen."),
        ("kempenhaeghe", "Succes ermee morgen, lieve collega's van de nachtdienst! 💪"),
        ("kempenhaeghe", "Goed bezig hoor, team Slaapcentrum: weer een erkenning binnen! 🎉"),
        ("kempenhaeghe", "Patiënten en ouders verdienen duidelijke uitleg over de wachttijd."),
        ("kempenhaeghe", "Sudoku op niveau vijf is blijkbaar te moeilijk voor mij 😅"),
        ("kempenhaeghe", "Te laat opgestaan, helemaal mijn eigen schuld."),
        ("kempenhaeghe", "Blijkbaar is slapen moeilijker dan het lijkt: 1 op de 3 Nederlanders slaapt slecht."),
        ("kempenhaeghe", "De nieuwe accu van de EEG-kar houdt het geen week vol in de kou."),
        ("kempenhaeghe", "Nieuwe folder over EEG en MRI op kempenhaeghe.nl, met dank aan het KNF-team."),
        ("kempenhaeghe", "Had ik maar eerder afgezegd, dan had ik het niet zo druk gehad 😅"),
        ("ns", "Geweldig hoor, collega's, die taart was heerlijk!"),
        ("ns", "Together with another train operator we discovered how to share spare parts."),
        ("kempenhaeghe", "Zo lastig is het niet: drie tips voor een goede nachtrust."),
        ("ns", "De oude borden op spoor 3 waren te klein, vandaag hangen er grotere. Mooi werk van de monteurs!"),
    ],
)
def test_friendly_drafts_pass(profile, draft):
    assert review_categories(profile, draft) == set()
