"""The normalised copy of a draft, and the map from its offsets back to the draft as typed."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.textprep import normalise, prepare


@pytest.mark.parametrize(
    "typed, norm",
    [
        ("Geëvacueerd", "geevacueerd"),
        ("K4nk3r lijer", "kanker lijer"),
        ("k a n k e r", "kanker"),
        ("k.u.t zooi", "kut zooi"),
        ("v\u200bertrouw\u00adelijk", "vertrouwelijk"),
        ("vеrtrоuwelijk", "vertrouwelijk"),  # Cyrillic е and о
        ("‘quote’ – “x”", "'quote' - \"x\""),
        ("ＦＵＬＬ width", "full width"),
        ("regel een\n\n  regel twee", "regel een regel twee"),
        ("2024 25% zomer25", "2024 25% zomer25"),
        ("a b", "a b"),
        ("zo'n t y f u s lijer", "zo'n tyfus lijer"),
        ("'s a v o n d s", "'s avonds"),
    ],
)
def test_normalises(typed, norm):
    assert prepare(typed).norm == norm
    assert normalise(typed) == norm


# Letters, digits and the symbols leetspeak uses, look-alikes, invisible characters and white space, so that
# every step of the normalisation has something to do; then any text at all.
_TRICKY = st.text(alphabet="ak e4301$@!|.-_ '\n\u200b\u00ad\u0435\u00e9\uff26\u2019\u0301", max_size=60)


# Text that is normal already, or nearly: one-letter words, double spaces, hyphens and apostrophes.
_PLAIN_ISH = st.text(alphabet="abk -'", max_size=30)


@given(st.one_of(_TRICKY, _PLAIN_ISH, st.text(max_size=200)))
def test_normalise_is_the_norm_of_prepare(typed):
    assert normalise(typed) == prepare(typed).norm


@pytest.mark.parametrize(
    "typed, word",
    [
        ("Dit is k4nk3r slecht", "k4nk3r"),
        ("echt k a n k e r slecht", "k a n k e r"),
        ("heel v\u200bertrouwelijk hoor", "v\u200bertrouwelijk"),
        ("Geëvacueerd!", "Geëvacueerd"),
        ("e\u0301e\u0301n", "e\u0301e\u0301n"),
    ],
)
def test_words_map_back_to_what_was_typed(typed, word):
    text = prepare(typed)
    spans = [typed[slice(*text.to_original(s, e))] for s, e in text.words()]
    assert word in spans


@given(st.text(max_size=300))
def test_every_norm_span_maps_inside_the_original(typed):
    text = prepare(typed)
    assert len(text.starts) == len(text.ends) == len(text.norm)
    for i in range(len(text.norm)):
        assert 0 <= text.starts[i] < text.ends[i] <= len(typed)
    for start, end in text.words():
        orig_start, orig_end = text.to_original(start, end)
        assert 0 <= orig_start < orig_end <= len(typed)


@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=12), max_size=30),
       st.sampled_from([" ", "  ", "\n", " \t "]))
def test_plain_words_come_through_unchanged_with_single_spaces(words, separator):
    assert prepare(separator.join(words)).norm == " ".join(words)
