"""Drafts written apart from the labelled development set, for the five categories that turn on what a draft
leaves out: affiliation, opinion-disclaimer, hidden-marketing, attribution and colleague-quote.

Each row is a whole draft reviewed against its organisation's pack; the row names which of these five
categories a correct review reports (the others belong to other rules and are not checked here). Many rows
are near misses that must stay clean: a private post, a disclosure in other words, a named source.
"""

import pytest

from bot.models import Draft
from bot.pipeline import review
from tests.packs import BUNDLED

POLICIES = BUNDLED
CATEGORIES = {"affiliation", "opinion-disclaimer", "hidden-marketing", "attribution", "colleague-quote"}


@pytest.mark.parametrize(
    "profile, text, expected",
    [
        (
            "ns",
            "Vanaf december rijdt NS elk kwartier een intercity tussen Eindhoven en Amsterdam. Eindelijk!",
            {"affiliation"},
        ),
        (
            "ns",
            "@jeroen_reist Met een NS Flex abonnement betaal je achteraf, handig als je niet vaak reist.",
            {"affiliation"},
        ),
        ("ns", "Did you know the OV-fiets now costs only 4,45 per day? Great for the last mile!", {"affiliation"}),
        ("ns", "Goed nieuws voor forenzen: vanaf 1 januari wordt Dal Voordeel goedkoper!", {"affiliation"}),
        ("ns", "De vakbond en NS praten volgende week verder, ben benieuwd.", {"affiliation"}),
        ("ns", "Ben benieuwd naar de nieuwe NS-app, eindelijk een donkere modus!", {"affiliation"}),
        ("ns", "De nieuwe Sprinter is echt heerlijk stil, eindelijk!", {"affiliation"}),
        (
            "ns",
            "Vacature: NS zoekt conducteurs in de regio Zwolle. Solliciteer via werkenbijns.nl",
            {"affiliation"},
        ),
        (
            "ns",
            "Weekendje weg? Met de NS Dagkaart reis je een hele dag onbeperkt. Gebruik code WEEKEND10 voor 10% "
            "extra korting! Link in bio",
            {"affiliation", "hidden-marketing"},
        ),
        (
            "ns",
            "NS zou veel meer nachttreinen moeten inzetten, dat is toch een gemiste kans.",
            {"affiliation", "opinion-disclaimer"},
        ),
        (
            "ns",
            "Het roer moet om: NS moet stoppen met het sluiten van loketten. Dit kan echt niet langer zo.",
            {"affiliation", "opinion-disclaimer"},
        ),
        (
            "ns",
            "Wist je dat 70% van de reizigers de trein neemt voor woon-werkverkeer? Ik werk bij NS en vind dat "
            "mooi.",
            {"attribution"},
        ),
        (
            "ns",
            "Research shows that people who commute by train are happier. I work for NS, so I'd say: hop on!",
            {"attribution"},
        ),
        (
            "ns",
            "Prachtige video van de nieuwe ICNG bij Lage Zwaluwe, gevonden op YouTube! Ik werk bij NS.",
            {"attribution"},
        ),
        ("ns", "Zag deze cartoon voorbijkomen en moest zo lachen 😂 #conducteursleven", {"attribution"}),
        (
            "ns",
            "Volgens een onderzoek rijden treinen in Nederland vaker op tijd dan in Duitsland.",
            {"attribution"},
        ),
        (
            "ns",
            "Twee keer zoveel mensen nemen tegenwoordig de trein naar het werk als tien jaar geleden. Mooi toch? "
            "Ik werk bij NS.",
            {"attribution"},
        ),
        (
            "ns",
            "In Nederland reizen elke dag ruim 1,2 miljoen mensen met de trein. Ik werk bij NS en ben trots.",
            {"attribution"},
        ),
        (
            "ns",
            "Wist je dat treinreizen per kilometer 80% minder CO2 uitstoot dan autorijden? Ik werk bij NS en kies"
            " elke dag voor de trein 🌱",
            {"attribution"},
        ),
        (
            "ns",
            "Mijn teamleider zei vandaag in het werkoverleg dat we volgend jaar misschien naar Utrecht verhuizen "
            "😮 #NS",
            {"colleague-quote"},
        ),
        ("ns", "Machinist Peter in de kantine: 'Als deze trein op tijd is, trakteer ik.' 😂", {"colleague-quote"}),
        (
            "ns",
            "Overheard in our team chat today: \"if the timetable works, I'll eat my hat\". Love my colleagues 😂",
            {"colleague-quote"},
        ),
        (
            "ns",
            "Onze directeur tijdens de nieuwjaarsbijeenkomst: 'Dit wordt het jaar van de reiziger.' Benieuwd! #NS",
            {"colleague-quote"},
        ),
        (
            "ns",
            "Een collega vertelde me vandaag dat de werkplaats in Haarlem misschien dichtgaat 😟",
            {"colleague-quote"},
        ),
        (
            "ns",
            "Mijn nieuwe hardloopschoenen van RunFast zijn echt een aanrader 🏃 Met code RUN15 krijg je 15% "
            "korting!",
            {"hidden-marketing"},
        ),
        (
            "ns",
            "Gebruik mijn code LISA bij de nieuwe sportschool om de hoek, dan krijgen we allebei een maand gratis"
            " 💪",
            {"hidden-marketing"},
        ),
        ("ns", "WINACTIE! Like en deel dit bericht en maak kans op twee bioscoopkaartjes 🎬", {"hidden-marketing"}),
        (
            "ns",
            "Mijn vriendin heeft een webshop in handgemaakte sieraden 💍 Met code VRIEND10 krijg je 10% korting!",
            {"hidden-marketing"},
        ),
        (
            "ns",
            "Beste broodjes van Nederland bij het nieuwe zaakje in de stationshal van Amersfoort 😋 Alleen deze "
            "week 2 halen 1 betalen!",
            {"hidden-marketing", "affiliation"},
        ),
        (
            "ns",
            "Ik werk al twintig jaar bij NS en ik zeg het eerlijk: het schrappen van de nachtnet-treinen is een "
            "slechte beslissing.",
            {"opinion-disclaimer"},
        ),
        (
            "ns",
            "Als conducteur zie ik het elke dag: de politiek moet eindelijk investeren in meer personeel op de "
            "trein.",
            {"opinion-disclaimer"},
        ),
        (
            "ns",
            "As a train driver for NS I believe the new timetable should be scrapped. It's a terrible decision.",
            {"opinion-disclaimer"},
        ),
        (
            "ns",
            "Ik werk bij NS en zeg: stem morgen op een partij die het ov serieus neemt!",
            {"opinion-disclaimer"},
        ),
        (
            "ns",
            "@jeroen_reist Met een NS Flex abonnement betaal je achteraf. Ik werk zelf bij NS, dus check voor de "
            "zekerheid ns.nl.",
            set(),
        ),
        ("ns", "Zaterdag met de trein naar oma in Groningen, heerlijk een boek lezen onderweg 📚", set()),
        ("ns", "Eerste werkdag als machinist bij NS Reizigers erop! Wat een ervaring.", set()),
        (
            "ns",
            "#advertentie Mijn nieuwe hardloopschoenen van RunFast, in samenwerking met RunFast. Code RUN15 voor "
            "15% korting.",
            set(),
        ),
        (
            "ns",
            "Ik werk al twintig jaar bij NS en ben trots op de nieuwe nachttreinen. Op naar de volgende twintig!",
            set(),
        ),
        (
            "ns",
            "Op persoonlijke titel: de politiek moet eindelijk investeren in meer personeel op de trein. (ik werk"
            " als conducteur)",
            set(),
        ),
        (
            "ns",
            "Views are my own, but as a train driver for NS I believe the new timetable should be scrapped.",
            set(),
        ),
        ("ns", "Volgens het KiM neemt 70% van de reizigers de trein voor woon-werkverkeer. Ik werk bij NS.", set()),
        (
            "ns",
            "Prachtige video van de nieuwe ICNG bij Lage Zwaluwe (video: @spoorfilmer, gedeeld met toestemming). "
            "Ik werk bij NS.",
            set(),
        ),
        ("ns", "Collega Peter heeft zijn 25-jarig jubileum! Hij vond het prima dat ik dit deel. Proficiat!", set()),
        (
            "ns",
            "Vandaag met mijn collega's van NS Stations de nieuwe fietsenstalling geopend. Wat een mooie dag!",
            set(),
        ),
        ("ns", "Wat een mooie zonsopkomst vanaf het perron in Zwolle vanochtend 🌅", set()),
        ("ns", "Morgen de Dam tot Damloop! Wie loopt er mee? Verzamelen om 9 uur op het station.", set()),
        ("ns", "Ik heb vandaag een nieuwe fiets gekocht, echt een aanrader die winkel in Utrecht.", set()),
        ("ns", "Gelezen: een prachtig boek over de geschiedenis van het spoor. Een aanrader!", set()),
        ("ns", "Vandaag 25 jaar getrouwd 🥂 Dank lieverd voor alles.", set()),
        ("ns", "Mijn dochter is vandaag 18 geworden, waar blijft de tijd?", set()),
        ("ns", "Wat een wedstrijd gisteren! 3-1 gewonnen, op naar de finale ⚽", set()),
        ("ns", "Ik vind dat iedereen een keer naar Parijs moet, wat een stad!", set()),
        ("ns", "Lekker gegeten bij de Italiaan in de buurt, de beste pizza van de stad volgens mij.", set()),
        ("ns", "Stemmen is belangrijk. Ga morgen stemmen, wat je keuze ook is!", set()),
        ("ns", "Thanks to all my colleagues at NS for a great farewell party today!", set()),
        ("ns", "Mijn collega's van NS Reizigers zijn de beste! Bedankt voor de taart 🎂", set()),
        ("ns", "Trots op mijn team bij NS Poort: de nieuwe stalling in Delft is open!", set()),
        ("ns", "Heerlijk, de zomer! Op vakantie naar Frankrijk met de auto, 1200 km rijden 😅", set()),
        ("ns", "1 op de 3 keer mis ik mijn bus, haha, moet echt eerder opstaan.", set()),
        ("ns", "Gisteren 10 km gelopen in 58 minuten, nieuw record!", set()),
        ("ns", "Ik zou graag eens met de nachttrein naar Wenen willen. Tips?", set()),
        (
            "ns",
            "Weer eens een boek uit: 'De ontdekking van de hemel'. Wat een meesterwerk, Harry Mulisch op zijn "
            "best.",
            set(),
        ),
        ("ns", "Mijn buurman zei vanochtend: 'Het wordt een mooie dag.' Hij had gelijk ☀️", set()),
        ("ns", "Collega's, bedankt voor het fijne jaar! Op naar 2025.", set()),
        (
            "ns",
            "Afscheid van mijn collega Jan na 40 jaar. Hij zei: 'Het waren mooie jaren.' Hij vond het leuk dat ik"
            " dit deel.",
            set(),
        ),
        ("ns", "Full disclosure: I'm employed by NS, but the new Sprinter really is quiet.", set()),
        ("ns", "Als NS'er ben ik natuurlijk bevooroordeeld, maar de nieuwe Sprinter is echt stil.", set()),
        ("ns", "Ik ben conducteur en de nieuwe Sprinter is echt heerlijk om in te werken.", set()),
        ("ns", "Op persoonlijke titel: stem morgen op een partij die het ov serieus neemt!", set()),
        ("ns", "Mijn collega gaf me toestemming om dit te delen: 'Elke dag is een nieuwe dienst.'", set()),
        ("ns", "Volgens onderzoek van ProRail rijden treinen hier vaker op tijd dan in Duitsland.", set()),
        ("ns", "Vandaag met 300 collega's van NS Reizigers naar de heidag in Ede. Wat een dag!", set()),
        ("ns", "Een op de drie keer vergeet ik mijn sleutels, haha.", set()),
        (
            "ns",
            "Vandaag mijn laatste werkdag bij NS na 38 jaar. Wat heb ik een mooie tijd gehad met al mijn "
            "collega's! 🚆",
            set(),
        ),
        (
            "ns",
            "Na 12 jaar bij NS Reizigers begin ik maandag aan een nieuw avontuur bij ProRail. Dank aan iedereen!",
            set(),
        ),
        ("ns", "Wat een ochtend: trein 20 minuten vertraagd, gelukkig had ik een boek bij me 📖", set()),
        ("ns", "Mijn zoon wil later machinist worden. Vandaag samen naar het Spoorwegmuseum geweest!", set()),
        ("ns", "Iemand tips voor een leuke fietsroute rond Utrecht? We willen zondag 50 km fietsen.", set()),
        ("ns", "Zo trots op mijn dochter: vandaag afgestudeerd als verpleegkundige! 🎓", set()),
        ("ns", "Nieuwe blogpost over mijn reis door Japan staat online, link in bio!", set()),
        (
            "ns",
            "Vacature: NS zoekt conducteurs in de regio Zwolle! Ik werk er zelf al 10 jaar met plezier. "
            "Solliciteer via werkenbijns.nl",
            set(),
        ),
        (
            "ns",
            "Leuk: op 12 mei open dag bij NedTrain in Haarlem, waar ik werk. Kom kijken hoe we treinen "
            "onderhouden!",
            set(),
        ),
        (
            "ns",
            "I've been a conductor for 15 years and today I got to work the first trip of the new ICNG. What a "
            "ride!",
            set(),
        ),
        (
            "ns",
            "Bedankt @NS_online voor het snelle antwoord op mijn vraag over mijn abonnement 👍 (ik werk zelf bij "
            "NS Poort, maar dit ging via de gewone klantenservice)",
            set(),
        ),
        ("ns", "Vandaag in de trein naar Den Haag een oude klasgenoot tegengekomen, 20 jaar niet gezien!", set()),
        ("ns", "Een op de twee dagen werk ik thuis, de andere dagen op kantoor in Utrecht.", set()),
        (
            "kempenhaeghe",
            "Goed nieuws: het slaaponderzoek kan nu ook thuis! Je hoeft niet meer te blijven slapen in Heeze.",
            {"affiliation"},
        ),
        (
            "kempenhaeghe",
            "Uit onderzoek van Kempenhaeghe en de TU/e (2023) blijkt dat kinderen met epilepsie vaker slecht "
            "slapen.",
            {"affiliation"},
        ),
        (
            "kempenhaeghe",
            "Our sleep clinic in Heeze now has shorter waiting times: you can get a sleep study within four "
            "weeks.",
            {"affiliation"},
        ),
        (
            "kempenhaeghe",
            "Open dag bij Kempenhaeghe op zaterdag 5 oktober! Kom kijken hoe wij mensen met epilepsie helpen.",
            {"affiliation"},
        ),
        (
            "kempenhaeghe",
            "De Berkenschutse heeft nog plek voor nieuwe leerlingen na de zomer, aanmelden kan via de website.",
            {"affiliation"},
        ),
        (
            "kempenhaeghe",
            "Ouders opgelet: het Slaapcentrum in Heeze organiseert op 3 maart een gratis informatieavond over "
            "slaapproblemen bij kinderen.",
            {"affiliation"},
        ),
        (
            "kempenhaeghe",
            "Slaapproblemen? De slaapcursus van Kempenhaeghe heeft mij echt geholpen, een aanrader! Nog maar 3 "
            "plekken vrij, link in bio.",
            {"affiliation", "hidden-marketing"},
        ),
        (
            "kempenhaeghe",
            "Uit onderzoek blijkt dat kinderen met epilepsie vaker slecht slapen. Ik werk bij Kempenhaeghe en zie"
            " dit terug.",
            {"attribution"},
        ),
        (
            "kempenhaeghe",
            "Ruim de helft van alle mensen met epilepsie heeft ook slaapproblemen. Ik werk bij Kempenhaeghe.",
            {"attribution"},
        ),
        (
            "kempenhaeghe",
            "Mooie tekening die ik op Pinterest vond over leven met epilepsie 💜 Ik werk als verpleegkundige bij "
            "Kempenhaeghe.",
            {"attribution"},
        ),
        (
            "kempenhaeghe",
            "Wist je dat 1 op de 100 mensen epilepsie heeft? Ik werk bij Kempenhaeghe.",
            {"attribution"},
        ),
        (
            "kempenhaeghe",
            "Slaapgebrek verhoogt het risico op een aanval aanzienlijk. Als verpleegkundige bij Kempenhaeghe zie "
            "ik dat dagelijks.",
            {"attribution"},
        ),
        (
            "kempenhaeghe",
            "Scientists have found that blue light before bed cuts your sleep by an hour.",
            {"attribution"},
        ),
        (
            "kempenhaeghe",
            "Mensen die slecht slapen hebben 50% meer kans op een epileptische aanval. Ik werk bij Kempenhaeghe.",
            {"attribution"},
        ),
        (
            "kempenhaeghe",
            "Melatonine werkt niet bij iedereen, maar uit recent onderzoek blijkt dat het bij kinderen met ADHD "
            "de inslaaptijd halveert. Ik werk bij Kempenhaeghe.",
            {"attribution"},
        ),
        (
            "kempenhaeghe",
            "Onze teamleider vertelde vanochtend in de groepsapp dat er weer drie collega's ziek zijn. Wat een "
            "week.",
            {"colleague-quote"},
        ),
        (
            "kempenhaeghe",
            "Dokter Jansen zei vandaag tijdens de overdracht: 'Slaap is het beste medicijn.' Mooi gezegd!",
            {"colleague-quote"},
        ),
        (
            "kempenhaeghe",
            "My manager told us at the staff meeting that the night shifts will be cut. Not happy.",
            {"colleague-quote"},
        ),
        (
            "kempenhaeghe",
            "Mijn collega zei vandaag bij de overdracht dat ze echt op is. Iemand tips?",
            {"colleague-quote"},
        ),
        (
            "kempenhaeghe",
            "Mijn leidinggevende appte gisteravond: 'Kun je morgen een extra dienst draaien?' Nee dus 🙄",
            {"colleague-quote"},
        ),
        (
            "kempenhaeghe",
            "Mijn collega op de slaapafdeling zei vannacht: 'Dit is de rustigste nacht in jaren.' Uiteraard was "
            "het daarna druk 😅",
            {"colleague-quote"},
        ),
        (
            "kempenhaeghe",
            "Deze melatonine-gummies van SlaapWel zijn echt een aanrader 😴 Gebruik code NACHT20 voor 20% korting.",
            {"hidden-marketing"},
        ),
        (
            "kempenhaeghe",
            "This pillow changed my life 😍 20% off with code SLEEPY20, link in bio!",
            {"hidden-marketing"},
        ),
        (
            "kempenhaeghe",
            "Mijn favoriete thee voor het slapengaan 🍵 Echt een aanrader, nu met 25% korting bij de Kruidvat!",
            {"hidden-marketing"},
        ),
        (
            "kempenhaeghe",
            "Mijn zus verkoopt de fijnste slaapmaskers van Nederland 😴 Alleen deze week 20% korting!",
            {"hidden-marketing"},
        ),
        (
            "kempenhaeghe",
            "Als neuroloog bij Kempenhaeghe vind ik het onbegrijpelijk dat de zorgverzekeraar deze medicatie niet"
            " vergoedt.",
            {"opinion-disclaimer"},
        ),
        (
            "kempenhaeghe",
            "Ik werk in de zorg bij Kempenhaeghe en het kabinet moet gewoon stoppen met bezuinigen op de "
            "langdurige zorg!",
            {"opinion-disclaimer"},
        ),
        (
            "kempenhaeghe",
            "I'm a nurse at Kempenhaeghe and honestly, the new budget cuts are a disgrace. The minister must "
            "reconsider.",
            {"opinion-disclaimer"},
        ),
        (
            "kempenhaeghe",
            "Ik werk bij Kempenhaeghe en vind het schandalig dat de wachtlijsten in de ggz zo lang zijn. De "
            "minister moet ingrijpen!",
            {"opinion-disclaimer"},
        ),
        (
            "kempenhaeghe",
            "Als epileptoloog bij Kempenhaeghe: dit besluit van de zorgverzekeraars is kortzichtig.",
            {"opinion-disclaimer"},
        ),
        (
            "kempenhaeghe",
            "Als kinderneuroloog bij Kempenhaeghe zeg ik: de wachtlijsten voor kinderen zijn onacceptabel. De "
            "minister moet nu ingrijpen.",
            {"opinion-disclaimer"},
        ),
        (
            "kempenhaeghe",
            "Goed nieuws: het slaaponderzoek kan nu ook thuis! Als somnoloog bij Kempenhaeghe ben ik hier heel "
            "blij mee.",
            set(),
        ),
        (
            "kempenhaeghe",
            "Als neuroloog bij Kempenhaeghe leg ik vaak uit hoe deze medicatie werkt. Vragen? Stel ze gerust.",
            set(),
        ),
        (
            "kempenhaeghe",
            "Mijn persoonlijke mening: het kabinet moet stoppen met bezuinigen op de zorg. Ik werk bij "
            "Kempenhaeghe.",
            set(),
        ),
        ("kempenhaeghe", "'Slaap is het beste medicijn', zei mijn oma altijd al. Ze had gelijk!", set()),
        ("kempenhaeghe", "Heerlijke vakantie gehad in Zeeland. Veel geslapen, veel gelezen 📚", set()),
        (
            "kempenhaeghe",
            "Ik werk als leerkracht bij Kempenhaeghe en vandaag hadden we sportdag. Wat een plezier!",
            set(),
        ),
        (
            "kempenhaeghe",
            "I'm a sleep nurse at Kempenhaeghe: our sleep clinic in Heeze now has shorter waiting times.",
            set(),
        ),
        ("kempenhaeghe", "Wat is er nou lekkerder dan een zondag uitslapen? 😴", set()),
        ("kempenhaeghe", "Vandaag mijn BIG-registratie verlengd. Weer vijf jaar verpleegkundige!", set()),
        (
            "kempenhaeghe",
            "Goede nachtrust begint bij een vast ritme. Probeer eens elke dag om dezelfde tijd op te staan.",
            set(),
        ),
        (
            "kempenhaeghe",
            "Ik werk als verpleegkundige bij Kempenhaeghe en vandaag was het weer een mooie dag op de afdeling.",
            set(),
        ),
        (
            "kempenhaeghe",
            "Een op de tien mensen die ik spreek, weet niet wat epilepsie is. Tijd voor meer voorlichting! Ik "
            "werk bij Kempenhaeghe.",
            set(),
        ),
        (
            "kempenhaeghe",
            "Ik werk bij Kempenhaeghe en vind het belangrijk dat we goed naar onze patiënten luisteren.",
            set(),
        ),
        (
            "kempenhaeghe",
            "Hoorde vandaag een prachtig concert van het Brabants Orkest. Een aanrader als ze bij jou in de buurt"
            " spelen!",
            set(),
        ),
        (
            "kempenhaeghe",
            "Sinds ik minder koffie drink slaap ik beter. Misschien toeval, maar ik doe het lekker door.",
            set(),
        ),
        (
            "kempenhaeghe",
            "Slaapgebrek verhoogt het risico op een aanval, aldus EpilepsieNL. Als verpleegkundige bij "
            "Kempenhaeghe zie ik dat dagelijks.",
            set(),
        ),
        (
            "kempenhaeghe",
            "Op de foto: ons team bij de Kempenrun! Ik werk bij Kempenhaeghe en we liepen voor het goede doel.",
            set(),
        ),
        (
            "kempenhaeghe",
            "Open dag bij Kempenhaeghe op zaterdag 5 oktober! Ik werk er zelf en ik laat je graag de school zien.",
            set(),
        ),
        ("kempenhaeghe", "Our team won the innovation award! So proud of my colleagues at Kempenhaeghe 💜", set()),
        ("kempenhaeghe", "I'm not sponsored, I just love this pillow. Bought it myself last year.", set()),
        (
            "kempenhaeghe",
            "Our new study (Van den Berg et al., 2024) shows that blue light delays sleep. Full paper: "
            "kempenhaeghe.nl/onderzoek. I'm a researcher at Kempenhaeghe.",
            set(),
        ),
        (
            "kempenhaeghe",
            "Welkom aan onze nieuwe collega's op de slaapafdeling! Ik werk er al tien jaar en jullie gaan het "
            "geweldig doen.",
            set(),
        ),
        ("kempenhaeghe", "Mijn favoriete thee voor het slapengaan 🍵 Echt een aanrader!", set()),
        (
            "kempenhaeghe",
            "Slaap is belangrijk voor iedereen, maar zeker voor mensen met epilepsie. Ik werk bij Kempenhaeghe en"
            " zie het elke dag.",
            set(),
        ),
        (
            "kempenhaeghe",
            "Deze quote van Maya Angelou hangt bij mij op de afdeling: 'People will never forget how you made "
            "them feel.' Ik werk als verpleegkundige bij Kempenhaeghe.",
            set(),
        ),
        (
            "kempenhaeghe",
            "Wat een mooie dag op de Berkenschutse vandaag, ik werk er als leerkracht en de kinderen genoten van "
            "de sportdag.",
            set(),
        ),
        (
            "kempenhaeghe",
            "Onze dochter heeft epilepsie en wordt sinds vorig jaar behandeld in Heeze. Wat zijn we dankbaar voor"
            " de zorg 💜",
            set(),
        ),
        ("kempenhaeghe", "Vandaag 10 jaar in dienst bij Kempenhaeghe! Dank aan alle collega's 💐", set()),
        ("kempenhaeghe", "Nachtdienst erop zitten, nu slapen 😴 #nachtdienst #verpleegkunde", set()),
        (
            "kempenhaeghe",
            "Ik heb vandaag geleerd dat je nooit te oud bent om iets nieuws te leren. Mijn eerste pianoles!",
            set(),
        ),
        (
            "kempenhaeghe",
            "Slaaphygiëne in het kort: vaste tijden, geen schermen voor het slapen, en overdag naar buiten. Ik "
            "werk als somnoloog bij Kempenhaeghe.",
            set(),
        ),
        (
            "kempenhaeghe",
            "Ons artikel in Epilepsia (Janssen et al., 2024) laat zien dat slaapregistratie thuis betrouwbaar is."
            " Ik ben onderzoeker bij Kempenhaeghe.",
            set(),
        ),
        (
            "kempenhaeghe",
            "Als kinderneuroloog bij Kempenhaeghe krijg ik vaak de vraag hoe lang de wachtlijst is. Kijk op "
            "kempenhaeghe.nl voor actuele info.",
            set(),
        ),
        (
            "kempenhaeghe",
            "Prachtige woorden van een ouder vandaag: 'Jullie hebben ons leven veranderd.' Daar doe ik het voor. "
            "Ik werk als verpleegkundige bij Kempenhaeghe.",
            set(),
        ),
        ("kempenhaeghe", "Mijn zus heeft een slaapmaskerwinkel geopend in Eindhoven. Trots op haar!", set()),
        (
            "kempenhaeghe",
            "Congres in Lissabon was geweldig! Veel geleerd over nieuwe behandelingen. #ECE2024",
            set(),
        ),
        (
            "kempenhaeghe",
            "I'm a researcher at Kempenhaeghe and I think every child with epilepsy deserves a good night's "
            "sleep. Views are my own.",
            set(),
        ),
        (
            "ns",
            "NS should really bring back the night trains to Berlin. Such a missed opportunity!",
            {"opinion-disclaimer", "affiliation"},
        ),
        (
            "ns",
            "I work at NS and honestly, the government must invest in rail instead of roads.",
            {"opinion-disclaimer"},
        ),
        ("ns", "I work at NS and I'm proud of the new night train to Berlin. See you on board!", set()),
        (
            "ns",
            "It's scientifically proven that train travellers are less stressed than drivers. I work for NS 🚆",
            {"attribution"},
        ),
        (
            "ns",
            "Zag deze foto van de Hondsrugtrein op insta en moest hem even delen 😍 (ik werk bij NS)",
            {"attribution"},
        ),
        ("ns", "Onze teamleider vertelde net dat de nieuwe roosters pas in juli komen 🙄 #NS", {"colleague-quote"}),
        (
            "ns",
            "The CEO said at the all-hands today that we'll be hiring 500 people next year!",
            {"colleague-quote"},
        ),
        (
            "ns",
            "Obsessed with this new coffee place at my gym ☕ 15% off with code GYMLOVE, link in bio!",
            {"hidden-marketing"},
        ),
        (
            "kempenhaeghe",
            "De zorgverzekeraars moeten gewoon stoppen met die eindeloze formulieren. Ik werk als neuroloog bij "
            "Kempenhaeghe en word er gek van.",
            {"opinion-disclaimer"},
        ),
        (
            "kempenhaeghe",
            "Mijn eigen mening: de zorgverzekeraars moeten stoppen met die eindeloze formulieren. Ik werk als "
            "neuroloog bij Kempenhaeghe.",
            set(),
        ),
        (
            "kempenhaeghe",
            "De directeur zei tijdens de kerstborrel dat er volgend jaar een nieuwe afdeling komt 🎉",
            {"colleague-quote"},
        ),
        (
            "kempenhaeghe",
            "Vandaag afscheid van onze teamleider Marja na 30 jaar. Ze vond het goed dat ik dit deel: bedankt "
            "voor alles!",
            set(),
        ),
        (
            "kempenhaeghe",
            "Het is wetenschappelijk aangetoond dat een vast slaapritme aanvallen kan voorkomen. Ik werk bij "
            "Kempenhaeghe.",
            {"attribution"},
        ),
        (
            "kempenhaeghe",
            "Een vast slaapritme helpt veel van onze patiënten, zie ik in de praktijk. Ik werk bij Kempenhaeghe.",
            set(),
        ),
        ("kempenhaeghe", "Kempenhaeghe opent in september een nieuwe polikliniek in Eindhoven 🎉", {"affiliation"}),
        (
            "kempenhaeghe",
            "De school van mijn zoon organiseert een sponsorloop voor EpilepsieNL. Doe je mee?",
            set(),
        ),
        (
            "kempenhaeghe",
            "Slaaptip van mij als slaapverpleegkundige bij Kempenhaeghe: je moet echt eens stoppen met piekeren "
            "in bed. Sta op en lees een boek!",
            set(),
        ),
        (
            "kempenhaeghe",
            "Ik werk bij Kempenhaeghe en vind dat je elke dag even naar buiten moet. Goed voor je slaap!",
            set(),
        ),
        (
            "kempenhaeghe",
            "Als HR-adviseur bij Kempenhaeghe zeg ik: investeer in jezelf, volg die opleiding!",
            set(),
        ),
        (
            "kempenhaeghe",
            "Belachelijk mooi uitzicht vanaf de slaapafdeling vanochtend 🌅 Ik werk hier al 8 jaar.",
            set(),
        ),
        ("ns", "Ik werk bij NS en het is hoog tijd voor vakantie! Tot over drie weken 🏖️", set()),
        ("ns", "You should be proud of yourselves, team! Best colleagues at NS ever.", set()),
        ("ns", "I think you should try the night train once. I work for NS, so ask me anything.", set()),
        ("ns", "Je zou eens moeten komen kijken in onze werkplaats bij NS NedTrain, ik werk er al 20 jaar!", set()),
        ("ns", "Ik besteed 80% van mijn tijd aan het plannen van onderhoud bij NS NedTrain, waar ik werk.", set()),
        ("ns", "Mijn nieuwe 2 in 1 jas is top voor het fietsen naar station Amersfoort!", set()),
        (
            "ns",
            "Ik werk bij NS en ik ben tegen het sluiten van loketten op kleine stations.",
            {"opinion-disclaimer"},
        ),
        (
            "ns",
            "Ik werk bij NS en dit is echt belachelijk: het kabinet bezuinigt weer op het spoor.",
            {"opinion-disclaimer"},
        ),
        (
            "kempenhaeghe",
            "Ik werk bij Kempenhaeghe en vind dat de overheid veel meer moet investeren in epilepsieonderzoek.",
            {"opinion-disclaimer"},
        ),
        ("ns", "Ik werk bij NS en het wordt tijd dat de politiek kiest voor het spoor.", {"opinion-disclaimer"}),
        # Disclosures in other words (a job title at the employer, a team, a first month there) and products and
        # deals named in other words.
        ("ns", "Wist je dat je met de Zomertoer twee dagen onbeperkt door Nederland reist? Handig voor de vakantie!", {"affiliation"}),
        ("ns", "Heerlijk rustig in de nieuwe Sprinter naar Zwolle vanochtend. Trots op mijn werk als machinist bij NS!", set()),
        ("kempenhaeghe", "Our sleep lab now measures sleep at home too, no more nights away! Researcher at Kempenhaeghe 🌙", set()),
        ("kempenhaeghe", "Kempenhaeghe heeft sinds kort een slaaplab in Eindhoven. Fijn voor gezinnen uit de stad!", {"affiliation"}),
        ("ns", "Tip van een machinist bij NS: ga in het midden van het perron staan, daar stoppen de meeste deuren.", set()),
        ("kempenhaeghe", "I teach at Kempenhaeghe and our new sensory room is finally open for the pupils 💜", set()),
        ("ns", "Proud to be part of the NS International team! Travelling to Berlin by train is such a joy.", set()),
        ("ns", "My first year at NS NedTrain is done. What a year, and what a workshop!", set()),
        (
            "kempenhaeghe",
            "Mijn neuroloog bij Kempenhaeghe raadde de slaapcursus aan, fijn dat het slaapcentrum dit aanbiedt.",
            {"affiliation"},
        ),
        (
            "kempenhaeghe",
            "Slaap je ook zo slecht? Met NACHTRUST10 krijg je 10% korting op deze kruidenthee, mijn redding na een nachtdienst! 🌿",
            {"hidden-marketing"},
        ),
        ("ns", "Nieuw bij de kiosk op het perron: gratis croissant bij elke grote koffie deze week! ☕🥐", {"hidden-marketing", "affiliation"}),
        ("kempenhaeghe", "Deze wekker heeft mijn ochtenden echt veranderd ⏰ Nu vanaf €29, maar op = op! Link in bio", {"hidden-marketing"}),
        ("kempenhaeghe", "Deze cursus heeft mijn kijk op slaap echt veranderd. Dank aan de docenten van de hogeschool!", set()),
        # Stances and claims in other words.
        (
            "ns",
            "Ik werk al twintig jaar bij NS en het sluiten van de loketten vind ik echt een ramp voor oudere reizigers.",
            {"opinion-disclaimer"},
        ),
        ("kempenhaeghe", "As a nurse at Kempenhaeghe I think cutting mental health budgets is a huge mistake.", {"opinion-disclaimer"}),
        ("ns", "Ik werk bij NS en Nederland heeft gewoon meer spoor nodig, geen extra asfalt.", {"opinion-disclaimer"}),
        ("ns", "Ik werk bij NS en had vanochtend een blunder van mezelf: uniform binnenstebuiten aan 🙈", set()),
        ("kempenhaeghe", "Ik werk bij Kempenhaeghe en het was vandaag absurd mooi weer op het terrein ☀️", set()),
        ("ns", "Een intercity is per reiziger vijf keer zuiniger dan een auto. Ik werk bij NS en ben er trots op!", {"attribution"}),
        ("kempenhaeghe", "Slaapcoaching heeft al duizenden kinderen geholpen om beter te slapen. Ik werk bij Kempenhaeghe.", {"attribution"}),
        ("ns", "Ik fiets deze zomer twee keer zo vaak naar het station als vorig jaar. Ik werk bij NS.", set()),
        ("kempenhaeghe", "Mijn patiënten leren me elke dag iets. Trots om verpleegkundige te zijn bij Kempenhaeghe 💜", set()),
        ("ns", "Als machinist bij NS vind ik het nieuwe rooster gewoon onredelijk: elke week drie nachtdiensten.", {"opinion-disclaimer"}),
        ("ns", "Obsessed with this travel mug ☕ Best purchase ever and only €12 this week, link in my bio!", {"hidden-marketing"}),
        ("kempenhaeghe", "Ik ben haar juf op de school van Kempenhaeghe en zo trots op onze nieuwe speelplaats!", set()),
        ("ns", "Vijftien jaar werk ik nu bij NS, en de nieuwe Sprinters blijven mooi.", set()),
        ("ns", "Wat een foto van de nachttrein bij Venlo! Geen idee wie hem gemaakt heeft. Ik werk bij NS.", {"attribution"}),
        (
            "kempenhaeghe",
            "Volgens onze eigen metingen slaapt de helft van onze patiënten na de cursus beter. Ik werk bij Kempenhaeghe.",
            set(),
        ),
    ],
)
def test_review_reports_exactly_the_expected_transparency_categories(profile, text, expected):
    result = review(Draft(text=text, profile=profile), POLICIES.get(profile))
    assert {f.category for f in result.findings} & CATEGORIES == expected
