"""Whatever an author types, a review comes back whose findings point into the draft exactly."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.models import MAX_DRAFT_CHARS, Draft, verdict_of
from bot.pipeline import DraftRejected, review
from bot.settings import REPO_ROOT
from tests.packs import BUNDLED

POLICIES = BUNDLED
DEV = REPO_ROOT.parent / "shared" / "eval" / "dev.jsonl"

# Fragments that trigger rules of every kind, mixed with noise, so that properties are tested where
# findings actually happen and not only on random letters.
FRAGMENTS = [
    "Ik werk bij NS", "vertrouwelijk", "BSN 312966210", "NL91 ABNA 0417 1643 00", "06-12345678", "jan@example.org",
    "73-KLN-4", "geboren 14-03-1961", "journalist", "geld terug", "gegarandeerd", "k4nk3r", "k a n k e r",
    "LEZEN IS TE MOEILIJK", "Link in bio", "code ZOMER25", "collega Ruud zei", "op persoonlijke titel", "word",
    "ik wordt", "Geëvacueerd", "\u200b", "🙄", "<at>bot</at>", "&amp;", "\n\n", "  ", "é", "ﬁ", "İ",
]


def check_review(text: str, profile: str) -> None:
    try:
        result = review(Draft(text=text, profile=profile), POLICIES.get(profile))
    except DraftRejected as exc:
        assert exc.code in ("empty_draft", "draft_too_long")
        assert not text.strip() or len(text) > MAX_DRAFT_CHARS
        return
    assert result.verdict == verdict_of(result.findings)
    for finding in result.findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.excerpt
    assert (result.escalation is not None) == any(POLICIES.get(profile).rule(f.rule).route for f in result.findings)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600), st.sampled_from(POLICIES.profiles))
def test_any_text(text, profile):
    check_review(text, profile)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=25), st.sampled_from(POLICIES.profiles))
def test_any_mix_of_triggering_fragments(parts, profile):
    check_review(" ".join(parts), profile)


@pytest.mark.parametrize("text", ["", "   \n\t", "x" * (MAX_DRAFT_CHARS + 1)])
def test_empty_and_oversized_drafts_are_rejected(text):
    with pytest.raises(DraftRejected):
        review(Draft(text=text), POLICIES.get("ns"))


def test_a_draft_at_the_limit_is_reviewed():
    result = review(Draft(text="a" * MAX_DRAFT_CHARS), POLICIES.get("ns"))
    assert result.verdict in ("pass", "info", "warn", "block")


@pytest.mark.skipif(not DEV.exists(), reason="the labelled development drafts are not beside this checkout")
def test_every_labelled_draft_reviews_with_exact_offsets():
    for line in DEV.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        check_review(case["text"], case["profile"])
