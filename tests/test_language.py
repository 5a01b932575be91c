"""The draft's language: Dutch and English above all, German and French reported as such."""

import pytest

from checks.language import LOW_ACCURACY_FROM, detect_language

LONG_NL = (
    "Vandaag is de nieuwe fietsenstalling bij station Delft geopend. Ik werk bij NS Poort en heb er de afgelopen "
    "maanden met veel plezier aan meegewerkt. Kom gerust een kijkje nemen!"
)
LONG_EN = (
    "Off to the European Epilepsy Congress to present our poster on seizure detection during sleep. I'm a "
    "researcher at Kempenhaeghe, so come and find me at the poster session on Monday afternoon!"
)


@pytest.mark.parametrize(
    "text, language",
    [
        ("Ze wilt later ook monteur worden.", "nl"),
        ("So proud of my team", "en"),
        ("Wat een dag!", "nl"),
        ("Guten Morgen zusammen, heute fahren wir nach Berlin.", "de"),
        ("Bonjour à tous, le train pour Paris part à midi.", "fr"),
        (LONG_NL, "nl"),
        (LONG_EN, "en"),
        ("🙏🚆 https://www.ns.nl #NS @NS_online", "nl"),
        ("Check ns.nl/werkzaamheden en nsinternational.com voor je reis naar Brussel.", "nl"),
    ],
)
def test_detects_the_language(text, language):
    assert detect_language(text) == language


def test_long_samples_take_the_fast_models():
    assert sum(ch.isalpha() for ch in LONG_NL) >= LOW_ACCURACY_FROM
    assert sum(ch.isalpha() for ch in LONG_EN) >= LOW_ACCURACY_FROM
