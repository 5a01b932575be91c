"""Drafts reviewed end to end for the categories that speak for the organisation or leak from it.

Confidential information, press and crisis topics, commitments made on the organisation's behalf, customer
service in public and messages meant for colleagues: each row is a draft in the style authors write, with
other words than the rules' own examples, and the categories of these five that a review must report (the
rest of the review is other rules' business). Traps that must pass sit next to the drafts that must not.
"""

import pytest

from bot.models import Draft
from bot.pipeline import review
from bot.policy import load_policies
from bot.settings import REPO_ROOT

POLICIES = load_policies(REPO_ROOT / "config")
C, P, M, S, I = "confidential", "press-crisis", "commitments", "customer-service", "internal-communication"
CATEGORIES = {C, P, M, S, I}


def found(profile: str, text: str, division: str | None = None):
    return review(Draft(text=text, profile=profile, division=division), POLICIES.get(profile))


@pytest.mark.parametrize(
    "profile, text, expected",
    [
        # confidential: secrecy markers, unreleased plans and figures, tender prices; traps: published news, privacy statements
        ('ns', 'Gisteren de begroting voor volgend jaar gezien: NS Stations gaat 30 miljoen bezuinigen op schoonmaak. Dat wordt pas na de zomer bekendgemaakt, maar reizigers mogen het best weten.', {C}),
        ('kempenhaeghe', 'Spannend! Vandaag hoorde ik in het MT dat we volgend jaar een nieuwe polikliniek in Eindhoven openen. Psst, nog niet verder vertellen hoor 😉', {C}),
        ('ns', 'Screenshot uit onze interne app: de bezettingscijfers van de nachttrein zijn ronduit slecht. Niet van mij gehoord 🙊', {C}),
        ('ns', "Can't say too much yet, but the board signed off on the new Amsterdam–Berlin service today. Official announcement is in two weeks, so keep it under your hat 😉", {C}),
        ('kempenhaeghe', 'De resultaten van onze slaapstudie zijn binnen en echt spectaculair 😍 Helaas mag ik nog niks laten zien tot het artikel gepubliceerd is.', {C}),
        ('ns', 'Net terug van de kick-off: vanaf 2027 gaan we alle oude Sprinters vervangen. Het contract met de leverancier is nog niet getekend, dus nog even stilhouden!', {C}),
        ('kempenhaeghe', 'De raad van bestuur heeft vanmiddag besloten de kinderafdeling te sluiten. Ouders worden pas volgende week ingelicht. Ik vind het heel verdrietig.', {C}),
        ('kempenhaeghe', "Sneak peek at the interim results of our melatonin trial: way better than we expected. The paper's not out yet, so mum's the word 🤐", {C}),
        ('ns', 'Tip: de prijzen gaan per 1 januari met 6% omhoog, maar dat mag ik officieel nog niet zeggen. Koop dus nu je jaarabonnement!', {C}),
        ('ns', 'Onze offerte voor het schoonmaakcontract van Schiphol ligt ruim onder die van de concurrent. Als we winnen, betekent dat 40 nieuwe banen!', {C}),
        ('kempenhaeghe', 'Uit het interne auditrapport blijkt dat we de wachttijden niet halen. Benieuwd wat de directie gaat doen.', {C}),
        ('ns', "At the all-hands today our director said we'll close two service centres next year. Nobody outside knows yet, so this stays between us.", {C}),
        ('ns', 'Vandaag is officieel bekendgemaakt dat NS en ProRail gaan samenwerken aan een nieuw station in Utrecht. Lees het persbericht op nieuws.ns.nl', set()),
        ('ns', 'Onze jaarcijfers zijn vandaag gepubliceerd. Het jaarverslag lees je op ns.nl/jaarverslag. Ik werk bij NS en ben trots!', set()),
        ('kempenhaeghe', 'Nog niet ingeschreven voor de Dam tot Damloop? Doe het snel, er zijn nog plekken!', set()),
        ('kempenhaeghe', 'Wist je dat we altijd vertrouwelijk omgaan met je gegevens? Lees ons privacybeleid op kempenhaeghe.nl.', set()),
        ('kempenhaeghe', "Exciting times! Our board just approved a merger with a hospital in Tilburg. Staff will be informed next month, so please don't share this yet.", {C}),
        ('ns', 'Ik zag vandaag de nieuwe tarieven voor volgend jaar al op het intranet staan: een enkeltje Amsterdam–Utrecht wordt 40 cent duurder. Wordt pas in november bekendgemaakt hoor.', {C}),
        ('kempenhaeghe', 'Heb de conceptbegroting gezien en het ziet er niet goed uit voor de onderzoeksafdeling... maar dat heb je niet van mij 🤐', {C}),
        ('ns', 'Leuk: onze nieuwe treinen krijgen wifi in alle coupés! Staat in het interne projectplan, officieel wordt het pas in het voorjaar gepresenteerd.', {C}),
        ('ns', 'Het interne opleidingsprogramma van NS is echt top, ik heb er veel aan gehad! Ik werk bij NS Reizigers.', set()),
        ('kempenhaeghe', 'Vertrouwelijk gesprek met mijn coach gehad vandaag, heel fijn.', set()),
        ('kempenhaeghe', 'Ik werk bij Kempenhaeghe en mag vanaf vandaag eindelijk vertellen dat we een nieuwe slaapkliniek openen in Eindhoven! Lees het persbericht op kempenhaeghe.nl', set()),
        ('ns', 'Nog niet bekend wie de nieuwe directeur wordt, maar ik ben benieuwd!', set()),
        ('kempenhaeghe', 'Ik heb nog niet officieel mijn diploma, maar de kogel is door de kerk: geslaagd!', set()),
        ('ns', 'Dit weekend is het open dag bij NedTrain. Nog niet aangemeld? Snel doen via de website!', set()),
        ('kempenhaeghe', 'Ons geheime wapen tegen de winterdip: een wandeling in de lunchpauze 🌳', set()),
        ('ns', 'Ik vind de reorganisatie bij NS een slechte zaak. Op persoonlijke titel.', set()),
        ('ns', 'Onze directeur op de personeelsbijeenkomst: de punctualiteitsdoelen halen we dit jaar niet. Benieuwd naar het jaarverslag 👀', {C}),
        ('kempenhaeghe', 'Eerste resultaten van onze nieuwe slaapstudie: patiënten slapen gemiddeld een uur langer! Het artikel moet nog door de review, dus hou het even voor je 😉', {C}),
        ('ns', 'Vandaag de plannen gezien voor het nieuwe station Eindhoven: drie extra perrons en een ondergrondse fietsenstalling. Officieel mag het nog niet naar buiten, maar ik ben zo enthousiast!', {C}),
        ('kempenhaeghe', "Na weken overleg is het besluit gevallen: onze locatie in Oosterhout gaat dicht en twintig collega's moeten vertrekken. Ze worden volgende week ingelicht, dus mondje dicht!", {C}),
        ('ns', 'Vandaag onze offerte ingediend voor de schoonmaak van alle stations in Limburg. We zitten 8% onder de huidige aanbieder, dus dat moet lukken!', {C}),
        ('ns', 'Onze directeur zei vandaag tijdens de interne kwartaalsessie dat we dit jaar 15 miljoen verlies gaan draaien. Dat gaat pijn doen als het jaarverslag uitkomt.', {C}),
        ('ns', 'Project Zwaluw (codenaam!) gaat de hele kaartverkoop op de schop nemen. Meer kan ik nog niet zeggen 😏', {C}),
        ('ns', 'Vacature: roosterplanner bij NS in Utrecht! Als planner zorg je ervoor dat de roosters voor onze 300 conducteurs op tijd klaar zijn. Je verwerkt ruilverzoeken en denkt mee over eerlijke diensten. Solliciteren kan via werkenbijns.nl.', set()),
        ('ns', 'Tien jaar geleden begon ik als monteur bij NedTrain. Storingen oplossen, onderdelen vervangen, treinen weer veilig het spoor op: daar doen we het voor. #NedTrain', set()),
        ('ns', 'Gisteren bijna een ongeluk gezien bij het oversteken op de Neude: fietser, scooter, net goed gegaan. Let op elkaar mensen! 🚲', set()),
        ('kempenhaeghe', 'Leaked memo alert 👀 Our new director starts in March, not announced yet!', {C}),
        # press-crisis: the press addressed, incidents, strikes, disruptions, investigations; traps: research, drills, metaphors
        ('ns', 'Op Utrecht Centraal ligt alles plat door een seinstoring. Ik sta er nu als conducteur en het is één grote chaos. Ze zeggen dat het om 18.00 uur opgelost is, maar ik betwijfel het 🙄', {P}),
        ('ns', 'Wat een dag. Vanochtend een aanrijding met een persoon bij Abcoude, mijn trein stond er vlak achter. Het raakt je echt, zoiets.', {P}),
        ('kempenhaeghe', 'Gisteravond is een bewoner van ons terrein weggelopen en pas na drie uur teruggevonden door de politie. Gelukkig is alles goed afgelopen.', {P}),
        ('ns', 'Heads up: the unions just called a 24-hour strike for next Thursday. Expect hardly any trains nationwide. #strike', {P}),
        ('kempenhaeghe', 'Vandaag een heftige dienst: een cliënt kreeg een verkeerde dosis medicatie. De arts is ingelicht en we hebben een melding gedaan. Hopelijk loopt het goed af.', {P}),
        ('ns', '@RTVNoord Ja, de trein bij Zuidbroek is inderdaad ontspoord, ik zat erin. Niemand gewond gelukkig.', {P}),
        ('kempenhaeghe', 'A reporter from the local paper called me about the incident on our ward last week. I told her it was handled well.', {P}),
        ('ns', "Collega's van de servicebalie in Amersfoort zijn vandaag bedreigd door een reiziger met een mes. De politie heeft hem opgepakt.", {P}),
        ('ns', 'Journalisten die het echte verhaal willen horen over de nieuwe treinen: stuur me maar een bericht.', {P}),
        ('kempenhaeghe', 'Ons advocatenkantoor zegt dat de rechtszaak van de ouders geen kans maakt. Ik werk bij Kempenhaeghe en zie het met vertrouwen tegemoet.', {P}),
        ('ns', 'Vandaag de cursus crisiscommunicatie afgerond 🙌 Veel geleerd over hoe je woordvoering aanpakt.', set()),
        ('kempenhaeghe', 'Ons onderzoek naar slaapapneu bij kinderen is gepubliceerd in een mooi tijdschrift! Link in de comments.', set()),
        ('kempenhaeghe', 'Klaar met de ontruimingsoefening vandaag, in vier minuten was iedereen buiten 💪 #BHV', set()),
        ('ns', 'Our new summer campaign is on fire 🔥 Thanks to the whole marketing team at NS!', set()),
        ('ns', 'Het was een ongelukkig moment om mijn koffie te laten vallen, midden in de trein 😅', set()),
        ('ns', 'Werkzaamheden aan de bovenleiding bij Utrecht strak gepland en netjes opgeleverd, hulde aan het team van NS en ProRail!', set()),
        ('kempenhaeghe', 'Mijn opa is vorige week overleden. Dank voor alle lieve berichten.', set()),
        ('ns', 'Massive delays at Amsterdam Centraal right now, a freight train derailed near Weesp. Working on it as fast as we can!', {P}),
        ('kempenhaeghe', 'Vanavond een agressieve ouder op de afdeling, de beveiliging moest ingrijpen. Zwaar hoor, dit werk.', {P}),
        ('ns', 'Vakbonden dreigen met acties als de cao-onderhandelingen vastlopen. Ik sta er als machinist volledig achter!', {P}),
        ('kempenhaeghe', "Yes, I'm the nurse who was on duty that night. If any journalist wants to hear what really happened, my DMs are open.", {P}),
        ('ns', 'Gisteren een heftige aanrijding op de overweg bij Dalfsen. Als machinist vergeet je zoiets nooit.', {P}),
        ('kempenhaeghe', 'Onze afdeling doet onderzoek naar de oorzaak van slapeloosheid bij tieners. Ik werk als onderzoeker bij Kempenhaeghe.', set()),
        ('ns', 'Strike a pose! Our new uniforms are here 📸 I work at NS and love them.', set()),
        ('kempenhaeghe', 'Mooi artikel in de krant over onze slaapkliniek! Ik werk er zelf en ben trots.', set()),
        ('ns', 'Bij de brandweer in mijn dorp ben ik vrijwilliger, een mooie aanvulling op mijn werk bij NS.', set()),
        ('ns', 'Drukte op het station door het concert van vanavond; gelukkig liep alles op rolletjes dankzij extra treinen. Ik werk bij NS.', set()),
        ('ns', 'Mooie reportage van RTV Utrecht over ons station, kijk hem terug via de link! Ik werk bij NS Poort.', set()),
        ('ns', "Vanochtend is een reiziger op perron 5 gereanimeerd door onze collega's. Petje af voor iedereen die hielp.", {P}),
        ('ns', 'Talking to RTL Nieuws tonight about the new night trains, tune in at 8!', {P}),
        ('kempenhaeghe', 'De brandweer rukte vannacht uit voor een rookmelder op paviljoen 3. Loos alarm gelukkig!', {P}),
        ('ns', '@nieuwsredactie_omroep Klopt, ik zat in die trein. We stonden anderhalf uur stil door een defecte wissel. NS gaat iedereen compenseren, dat weet ik zeker.', {P, M}),
        ('ns', 'Vrijdag staken we: van 00.00 tot 12.00 uur geen treinen in heel Nederland. Sorry reizigers! Machinisten van Amersfoort: we verzamelen om 6 uur bij het station.', {P, I}),
        ('kempenhaeghe', 'Vanochtend is er een patiënt gevallen op de gang en met de ambulance naar het ziekenhuis gebracht. We weten nog niet precies wat er is gebeurd.', {P}),
        ('kempenhaeghe', '@janvdberg_journalist Ik snap uw vraag over de klacht van die ouders. Ik werk op die afdeling en kan u zeggen dat er niets mis is gegaan.', {P}),
        ('ns', 'De Arbeidsinspectie was vandaag bij ons in de werkplaats vanwege dat ongeluk met de hoogwerker. Ik werk bij NedTrain en vind het allemaal wat overdreven.', {P}),
        ('ns', 'Veel vragen over het conflict met de gemeente over de fietsenstalling. NS heeft gewoon gelijk, en die zaak winnen we met gemak.', {P, M}),
        ('kempenhaeghe', '@NOS Ik werk zelf op die afdeling: het was echt niet zo erg als het in jullie uitzending leek.', {P}),
        ('ns', 'Ben je journalist en heb je vragen over de staking van vorige week? Stuur me een DM, ik was erbij.', {P}),
        ('kempenhaeghe', 'Vanochtend een gaslek bij de keuken, het hele hoofdgebouw is ontruimd. Alles is weer veilig hoor!', {P}),
        ('ns', 'Morgen gaan we actievoeren voor een betere cao. Reizigers: excuses alvast, maar het moet.', {P}),
        ('ns', 'Mooi interview met onze directeur in de krant vandaag over de toekomst van het spoor. Lees het via de link, ik werk zelf bij NS.', set()),
        ('kempenhaeghe', 'Morgen is het Purple Day: we vragen aandacht voor epilepsie. Draag iets paars! Ik werk bij Kempenhaeghe.', set()),
        ('ns', 'Weer een storing bij Amersfoort, de derde deze week. Ik snap dat reizigers er klaar mee zijn, ik ook.', {P}),
        # commitments: refunds, guarantees, promises and legal statements for the organisation; traps: one's own refund, reports
        ('ns', '@jeroen_pendelt Die overstap had nooit gemist mogen worden. Ik zorg ervoor dat je de taxikosten vergoed krijgt, beloofd!', {M}),
        ('kempenhaeghe', 'Voor alle ouders die twijfelen: jullie kind kan na de zomer gewoon bij ons terecht, daar sta ik garant voor.', {M}),
        ('ns', "Don't worry, NS will cover your hotel costs. I'll make sure of it.", {M}),
        ('kempenhaeghe', 'We promise every family a place in our summer programme, no matter how long the waiting list is.', {M}),
        ('ns', 'Die claim van de vervoerder slaat nergens op, juridisch staan we ijzersterk. Ik werk bij NS.', {M}),
        ('ns', 'NS belooft meer treinen in de spits, lees ik op nieuws.ns.nl. Goed nieuws voor forenzen!', set()),
        ('kempenhaeghe', 'Ik heb mijn kinderen beloofd dat we deze zomer naar de Efteling gaan 🎢', set()),
        ('ns', 'Met Dal Voordeel krijg je 40% korting buiten de spits. Ik werk bij NS. Info: ns.nl/dalvoordeel', set()),
        ('ns', 'Bij 30 minuten vertraging krijg je een deel van je geld terug. Aanvragen via ns.nl/geldterug. (Ik werk bij NS)', set()),
        ('kempenhaeghe', 'Goed nieuws: de slaapcursus wordt door de meeste zorgverzekeraars vergoed. Ik werk bij Kempenhaeghe; meer info op kempenhaeghe.nl.', set()),
        ('kempenhaeghe', 'Beste ouders, geen zorgen: de kosten van de logeeropvang worden gewoon vergoed, daar zorgen wij voor.', {M}),
        ('ns', "Missed your Eurostar because of our delay? Don't worry, we'll rebook you for free. Promise!", {M}),
        ('ns', 'Wij zijn als NS niet aansprakelijk voor die schade, dus die claim kan de prullenbak in.', {M}),
        ('ns', 'Ik beloof niks, maar ik ga mijn best doen om de marathon uit te lopen 🏃', set()),
        ('kempenhaeghe', 'Als verpleegkundige geef je veel, maar je krijgt er zoveel voor terug. Ik werk bij Kempenhaeghe en zou niets anders willen.', set()),
        ('ns', 'Iedereen die deze week een NS Dagkaart koopt, krijgt er een tweede gratis bij! Ik werk bij NS Marketing. #advertentie', set()),
        ('kempenhaeghe', 'Wij beloven niets, maar we doen ons best om de wachtlijst korter te maken.', set()),
        ('kempenhaeghe', 'Ouders vragen me vaak of hun kind na de behandeling weer naar een gewone school kan. Ik kan het u beloven: binnen een jaar zit elk kind weer in de klas.', {M}),
        ('ns', "@anna_travels Ugh, sorry! Just send me your e-ticket code and I'll have it fixed by tonight. We'll refund the full amount, no questions asked.", {M, S}),
        ('ns', '@joost_pendelt Wat een pech met die uitval! PB me je klantnummer, dan zorg ik dat je een vergoeding krijgt.', {M, S}),
        ('ns', '@lisa_reist Die boete van gisteren? Ik scheld hem kwijt, je hoeft niks te betalen. Fijne dag!', {M}),
        ('kempenhaeghe', 'Uiterlijk volgende week krijgt iedereen een nieuwe afspraak bij de neuroloog, dat zeg ik toe.', {M}),
        ('ns', "Everyone on that train will get compensation, I'll make sure of it.", {M}),
        # customer-service: a customer's case handled or argued in public; traps: referrals to the official channel
        ('ns', '@bas_reist Vervelend joh! Geef me je reserveringsnummer even, dan kijk ik wat ik kan doen.', {S}),
        ('kempenhaeghe', '@Ria Dat uw zoon nog geen afspraak heeft, is niet de bedoeling. Ik zet het direct door naar de planning, u wordt morgen gebeld.', {S}),
        ('ns', "@mark_w Just looked it up for you: your OV-fiets subscription was cancelled by mistake. I've reactivated it, you're good to go!", {S}),
        ('ns', 'Mevrouw, u had gewoon een geldig vervoersbewijs moeten hebben, dan had u ook geen boete gekregen. Regels zijn regels.', {S}),
        ('kempenhaeghe', 'Vragen over je afspraak? Bel de polikliniek of kijk op kempenhaeghe.nl/contact. Ik werk bij Kempenhaeghe.', set()),
        ('ns', 'Heb jij ook vertraging gehad? Via ns.nl/geldterug vraag je eenvoudig compensatie aan. Ik werk bij NS.', set()),
        ('kempenhaeghe', '@Marjolein Wat naar dat de uitslag zo lang duurt! Mail me even je geboortedatum en patiëntnummer, dan kijk ik morgen in het EPD.', {S}),
        ('ns', "@kevin_h Sorry about that! Send me your ticket number via DM and I'll get you a refund today.", {M, S}),
        ('ns', '@Sanne Ik heb je reservering voor de Intercity Direct even omgezet naar morgen, je hoeft niks meer te doen 😊', {S}),
        ('kempenhaeghe', 'Meneer, de wachtlijst is er niet voor niks. Als u zich aan de afspraken had gehouden, was u allang geholpen.', {S}),
        ('ns', "Hi @john, sorry for the delay! Can you DM me your booking reference? I'll see what I can do.", {S}),
        ('ns', 'Meneer, als u op tijd was geweest, had u gewoon mee gekund. Wij kunnen er ook niks aan doen dat u de trein miste.', {S}),
        ('ns', '@PietReist Ik zie in ons klantsysteem dat je abonnement per 1 juni is stopgezet, waarschijnlijk een fout. Ik heb het voor je teruggezet!', {S}),
        ('kempenhaeghe', '@M. Bakker Ik heb even met de planning gebeld: de slaapregistratie van uw dochter is verplaatst naar vrijdag 8.00 uur.', {S}),
        ('ns', '@mo_travels Welk station was het? Dan geef ik het door aan de schoonmaakploeg, die lossen het vandaag nog op.', {S}),
        ('ns', "@sarah_k I can see your booking in our system, the seat reservation failed. I've rebooked you on the 14:02, coach 7.", {S}),
        # internal-communication: messages for colleagues; traps: posts about colleagues, vacancies, farewells
        ('ns', 'Reminder voor het hele team van NedTrain Leidschendam: vrijdag is de veiligheidsinstructie verplicht, aanwezigheid wordt gecontroleerd!', {I}),
        ('ns', 'Team Rotterdam Centraal: the new uniforms are ready for pick-up at the service desk from Monday. Bring your staff pass!', {I}),
        ('kempenhaeghe', 'Even een oproep aan de nachtdienst: de nieuwe protocollen voor valpreventie liggen in de map op de afdeling. Graag lezen en aftekenen!', {I}),
        ('ns', 'De kerstborrel voor de medewerkers van NS Stations Den Bosch is verplaatst naar 20 december, aanmelden via het intranet!', {I}),
        ('kempenhaeghe', 'Wie kan er volgende week dinsdag mijn late dienst draaien? Ik neem graag een dienst van jou over 🙏', {I}),
        ('ns', "Vandaag afscheid genomen van mijn team bij NS Poort, wat een fijne collega's heb ik gehad!", set()),
        ('ns', 'Ons team zoekt versterking! Bekijk de vacature op werkenbijns.nl. Ik werk zelf bij NS.', set()),
        ('kempenhaeghe', 'Vergadering van de gemeenteraad gemist? Terugkijken kan via de site van de gemeente.', set()),
        ('kempenhaeghe', "Dear night shift of the sleep ward: the new EEG caps are in the cupboard next to the nurses' station. Please return them after use!", {I}),
        ('ns', 'Machinisten van standplaats Amersfoort opgelet: vanaf maandag nieuwe sleutelkastjes in de kantine. Pasje meenemen!', {I}),
        ('kempenhaeghe', "Lieve collega's, wat was het een mooi afscheidsfeest! Dank voor alle cadeaus en lieve woorden ❤️", set()),
        ('ns', "Vandaag mijn laatste dienst gedraaid, na 40 jaar NS. Dank aan alle collega's!", set()),
        ('ns', "Vandaag 25 jaar in dienst bij NS! Begonnen als conducteur, nu teamleider. Dank aan alle collega's voor de mooie jaren 🎉", set()),
        ('kempenhaeghe', 'Gisteren met het hele team naar de Efteling geweest als teamuitje. Wat een dag! 🎢', set()),
        ('kempenhaeghe', 'Hallo team! Wat een topprestatie vandaag 💪', set()),
        ('ns', "Voor de collega's van de servicedesk Utrecht: vanaf 1 juli werken we met een nieuw rooster, check je mail voor je eerste diensten!", {I}),
        ('kempenhaeghe', 'Wie wil er op 3 augustus met mij ruilen? Ik heb een nachtdienst op de Linde en zou graag een dagdienst doen. Laat maar weten!', {I}),
        ('kempenhaeghe', 'Het werkoverleg van donderdag begint een halfuur later, om 14.00 uur in de teamkamer. Agenda volgt per mail!', {I}),
        ('kempenhaeghe', 'De informatiebijeenkomst voor ouders begint om 19.00 uur in Heeze. Aanmelden via kempenhaeghe.nl/agenda. Ik werk bij Kempenhaeghe.', set()),
        ('kempenhaeghe', 'Kan iedereen van de dagdienst morgen een halfuur eerder komen? Er komt bezoek van de zorgverzekeraar.', {I}),
        ('ns', 'Graag allemaal even jullie uren invullen vóór vrijdag, anders worden ze niet uitbetaald!', {I}),
        ('ns', "Collega's van standplaats Utrecht: we zoeken nog iemand die zaterdag mijn vroege dienst wil overnemen!", {I}),
        ('ns', 'Reminder to all conductors at Amsterdam: the new safety briefing is mandatory, sign up via the intranet by Friday!', {I}),
        ('ns', 'Hey team, team meeting moved to 3pm tomorrow, room 2.14. See you there!', {I}),
        # Other words for the same things: strikes and accidents told in other verbs, reporters who call, money
        # waived or paid by the organisation, cases settled by the author; traps: charity, wishes, referrals
        ('ns', 'Morgen gaan de machinisten in het zuiden in actie, dus reken op weinig treinen tussen Eindhoven en Venlo.', {P}),
        ('ns', 'Drivers are walking out tomorrow morning over the new shift patterns, so check your journey before you leave.', {P}),
        ('kempenhaeghe', 'Een cliënt is vanmiddag ongelukkig gevallen in de tuin. We zoeken nog uit hoe het heeft kunnen gebeuren.', {P}),
        ('ns', 'Vanochtend is een Sprinter bij Zwolle tegen een tractor gebotst. Er loopt een onderzoek.', {P}),
        ('ns', 'Vanmiddag mailde een redacteur van het Parool me over de drukte op Amsterdam Centraal. Ik heb hem verteld wat ik zag.', {P}),
        ('kempenhaeghe', 'Zaterdag komen we met de hele afdeling in actie voor het Epilepsiefonds: een sponsorloop rond het terrein! Ik werk bij Kempenhaeghe.', set()),
        ('kempenhaeghe', 'Ben je journalist en heb je een vraag over ons onderzoek? Bel dan met onze afdeling Communicatie. Ik werk bij Kempenhaeghe.', set()),
        ('ns', 'Heb je vorige week een naheffing gekregen bij de kapotte poortjes in Leiden? Die hoef je niet te betalen. Ik werk bij NS.', {M}),
        ('ns', 'Your taxi home is on us: NS will cover the fare, just keep the receipt.', {M}),
        ('kempenhaeghe', 'The allegations in that article have no basis at all, and we will be vindicated in court. I work at Kempenhaeghe.', {P, M}),
        ('ns', 'Hopelijk krijgt mijn zus haar geld terug van die vliegmaatschappij, ze wacht al maanden.', set()),
        ('kempenhaeghe', 'Ik hoop dat de buurvrouw snel terugkrijgt wat ze voor die kapotte wasmachine heeft betaald.', set()),
        ('ns', '@tim_onderweg Wat vervelend! Mail je reserveringsnummer, dan zet ik je op de eerste trein van morgen.', {S}),
        ('kempenhaeghe', '@Lotte_B Ik heb even met het secretariaat overlegd: uw dochter kan donderdag om 9.15 uur terecht.', {S}),
        ('ns', 'Meneer, u heeft uw kaartje gewoon nooit ingecheckt bij ons, dus dan kunt u ons moeilijk iets verwijten.', {S}),
        ('ns', "@ellen_k Let me move you to the 17:04 instead, I'll sort out a seat as well.", {S}),
        ('ns', 'In ons systeem staan sinds vandaag de nieuwe uniformen te bestellen, eindelijk! Ik werk bij NS.', set()),
        ('ns', 'I will move you to the top of my reading list, this book looks great!', set()),
        ('ns', 'Tussen ons: de nieuwe dienstregeling krijgt minder nachttreinen. Ik werk bij NS.', {C}),
        ('kempenhaeghe', 'Doe maar alsof je dit niet gelezen hebt, maar de nieuwe vleugel gaat pas in 2027 open. Ik werk bij Kempenhaeghe.', {C}),
        ('ns', 'Bijgevoegd: de conceptversie van ons jaarverslag, met de punctualiteitscijfers van vorig jaar. Ik werk bij NS.', {C}),
        ('kempenhaeghe', "Our board plans to announce it next month, but the children's ward will move to Eindhoven. I work at Kempenhaeghe.", {C}),
        ('ns', 'Het servicepunt in Almelo gaat na de zomer dicht. De medewerkers weten het zelf nog niet, dus sst!', {C}),
        ('ns', 'Het loket op Utrecht Centraal sluit vandaag om 19.00 uur vanwege onderhoud; kaartjes koop je in de app. Ik werk bij NS.', set()),
        ('kempenhaeghe', 'Vorig jaar gold er nog een embargo op ons onderzoek, nu staat alles open access online. Ik werk bij Kempenhaeghe.', set()),
        ('ns', 'Nachtploeg Amersfoort: de veiligheidsinstructie is morgen om 22.00 uur in de kantine, aanwezigheid verplicht!', {I}),
        ('kempenhaeghe', 'De dagstart van de Epilepsiekliniek schuift op naar 8.45 uur, vanaf maandag.', {I}),
        ('kempenhaeghe', 'Onze slaapcursus voor ouders verschuift naar het voorjaar; aanmelden via kempenhaeghe.nl. Ik werk bij Kempenhaeghe.', set()),
        ('ns', 'Morgen leggen de conducteurs in Brabant het treinverkeer plat, dus check je reis.', {P}),
        ('kempenhaeghe', 'Vanmiddag moesten we een leerling reanimeren op het schoolplein. Gelukkig gaat het nu beter.', {P}),
        ('ns', 'Fire in the station café at Zwolle this morning, the whole hall smelled of smoke. I work at NS.', {P}),
        ('kempenhaeghe', "There's a complaint against our sleep centre in the news, but honestly we did nothing wrong. I work at Kempenhaeghe.", {P, M}),
        ('ns', 'Is je fiets beschadigd geraakt in onze stalling in Breda? De schade vergoeden wij natuurlijk. Ik werk bij NS Poort.', {M}),
        ('ns', "Everyone on yesterday's cancelled ICE gets a full refund, I promise. I work at NS International.", {M}),
        ('kempenhaeghe', 'Ons artikel ligt nog bij de reviewers, maar de uitkomsten zijn spectaculair! Ik werk bij Kempenhaeghe.', {C}),
        ('ns', 'De gratis proefperiode (free trial) van NS Flex start vandaag, iedereen kan meedoen! Ik werk bij NS.', set()),
        ('ns', 'Wij machinisten staken voor betere roosters: donderdag rijdt er in Zeeland helemaal niks.', {P}),
        ('ns', 'Rail staff strike again next week, so plan ahead if you travel to Brussels. I work at NS International.', {P}),
        ('ns', 'Strike! My first one at the bowling club with the colleagues from NS Poort 🎳', set()),
        ('kempenhaeghe', 'Vanmiddag kreeg een bewoner per ongeluk de pillen van zijn kamergenoot. We hebben het direct gemeld.', {P}),
        ('kempenhaeghe', 'De inspectie van mijn cv-ketel is weer gedaan, alles in orde. Fijn weekend!', set()),
        ('ns', '@femke_reist Ik heb je melding over de kapotte deur doorgegeven aan de monteurs, je hoort morgen van mij.', {S}),
        ('kempenhaeghe', 'Meneer, u bent twee keer niet op uw afspraak verschenen, dus dan moet u ook niet klagen over de wachttijd.', {S}),
        ('kempenhaeghe', "Our findings aren't published yet, so keep this within your network: the new sleep protocol halves night waking. I work at Kempenhaeghe.", {C}),
        ('ns', 'De nieuwe topman van NS komt uit de energiesector. Volgende week wordt het bekendgemaakt, jullie horen het hier als eerste! Ik werk bij NS.', {C}),
        ('ns', 'Nog niet bekend wanneer de nieuwe treinen komen, maar ik kijk er naar uit! Ik werk bij NS.', set()),
        ('kempenhaeghe', 'Op het afdelingsoverleg gehoord dat de slaappoli volgend jaar verhuist naar Eindhoven. Ssst, het is nog niet rond! Ik werk bij Kempenhaeghe.', {C}),
        ('ns', 'Op het werkoverleg hebben we de plannen voor het personeelsfeest besproken, wordt vast leuk! Ik werk bij NS.', set()),
        ('kempenhaeghe', 'Lieve ouders, iedereen op de wachtlijst krijgt voor de zomer een intake, dat kan ik jullie echt beloven. Ik werk bij Kempenhaeghe.', {M}),
        ('ns', 'Staking? Nee hoor, gewoon een rustige zondag op het spoor. Ik werk bij NS 😄', set()),
        ('kempenhaeghe', 'Day shift team: the new EEG caps are in the storeroom, please sign them out before use!', {I}),
        ('kempenhaeghe', 'Dear Mrs Smit, you missed the appointment yourself, so you can hardly blame the clinic for the delay.', {S}),
        ('ns', "@rob_w I've looked up your trip and your refund is on its way, should be there Friday. I work at NS.", {S}),
        ('kempenhaeghe', 'Vanaf januari moeten we op de Linde een verpleegkundige per dienst inleveren. Nog niet officieel, dus sst. Ik werk bij Kempenhaeghe.', {C}),
    ],
)
def test_review_reports_exactly_these_categories(profile, text, expected):
    assert set(found(profile, text).categories) & CATEGORIES == expected


@pytest.mark.parametrize(
    "profile, division, text, route",
    [
        # Press and crisis outrank a commitment made in the same draft.
        (
            "ns",
            "NS Reizigers",
            "Ja, ik was erbij. We stonden twee uur stil omdat de bovenleiding kapot was. "
            "Alle reizigers krijgen hun geld terug, dat regelt NS.",
            "press",
        ),
        ("kempenhaeghe", "Onderwijs", "Iedereen die zich vóór 1 juni aanmeldt, krijgt gegarandeerd een plek, dat beloof ik.", "division"),
        ("ns", None, "Ik mag er eigenlijk nog niets over zeggen, maar de nieuwe stationshal wordt twee keer zo groot.", "division"),
        # Customer service and internal messages are for the author to fix, not for a human reviewer.
        ("ns", "NS Reizigers", "Stuur me even een DM met je kaartnummer, dan regel ik het.", None),
        ("kempenhaeghe", "Zorg", "Lieve collega's van de Linde: wie kan zaterdag mijn avonddienst overnemen?", None),
    ],
)
def test_escalation_follows_the_category(profile, division, text, route):
    assert found(profile, text, division).escalate_to == route


@pytest.mark.parametrize(
    "profile, text, rule",
    [
        ("ns", "We stonden een uur stil bij Gouda door een wisselstoring.", "press-crisis.disruption"),
        ("kempenhaeghe", "De IGJ komt morgen langs naar aanleiding van de melding.", "press-crisis.care-incident"),
    ],
)
def test_organisation_packs_add_their_own_vocabulary(profile, text, rule):
    assert rule in {f.rule for f in found(profile, text).findings}
    assert rule not in {r.id for r in POLICIES.get("base").rules}
