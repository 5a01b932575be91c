"""The engine's scores on the labelled drafts stay at or above the floors measured when these tests were written.

`eval/extra.jsonl` (in this repository) holds drafts written apart from the development set, in other words than
the rules' own examples; `eval/fresh.jsonl` two later sets of 70, each written by someone who had seen neither
the rules nor the other sets, and scored before the rules learnt from them (51% and 69% of drafts right); the development set lives beside the checkout (`../shared/eval/dev.jsonl`) and its
tests are skipped when it is absent. A floor is a little under what the engine reached, so that a rule change
that costs recall or precision in some category, flags clean drafts or misroutes escalations fails here.
"""

from __future__ import annotations

from functools import cache

import pytest

from bot.evaluation import Report, read_cases, score
from bot.models import CATEGORIES
from bot.settings import REPO_ROOT
from tests.packs import BUNDLED

SETS = {
    "extra": REPO_ROOT / "eval" / "extra.jsonl",
    "fresh": REPO_ROOT / "eval" / "fresh.jsonl",
    "dev": REPO_ROOT.parent / "shared" / "eval" / "dev.jsonl",
}
# Per category with at least MIN_SUPPORT labelled drafts: recall and precision at least these.
MIN_SUPPORT = 3
RECALL, PRECISION = 0.85, 0.80
# Hostile tone has rules of its own still being reworked; until then its recall floor on eval/extra.jsonl is
# what it scored when this floor was set (4 of 5).
LOWER = {("extra", "hostile-tone"): (0.80, PRECISION)}
# Share of clean drafts that got a warn or block, and share of drafts routed to the right contact.
CLEAN_FLAGGED, ESCALATION = 0.05, 0.95


@cache
def report(name: str) -> Report:
    path = SETS[name]
    if not path.exists():
        pytest.skip(f"{path} is not beside this checkout")
    return score(read_cases(path), BUNDLED, "ns")


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("category", CATEGORIES)
def test_recall_and_precision_per_category_stay_above_their_floors(name, category):
    row = report(name).per_category()[category]
    if row["support"] < MIN_SUPPORT:
        pytest.skip(f"{row['support']} labelled drafts of {category} in {name}: too few to score")
    recall, precision = LOWER.get((name, category), (RECALL, PRECISION))
    assert row["recall"] >= recall, row
    assert row["precision"] is not None and row["precision"] >= precision, row


@pytest.mark.parametrize("name", SETS)
def test_clean_drafts_are_seldom_flagged(name):
    assert report(name).clean_flagged <= CLEAN_FLAGGED


@pytest.mark.parametrize("name", SETS)
def test_escalations_go_to_the_right_contact(name):
    assert report(name).escalation_accuracy >= ESCALATION


def test_the_new_set_has_enough_drafts_of_every_category():
    per_category = report("extra").per_category()
    assert all(per_category[c]["support"] >= MIN_SUPPORT for c in CATEGORIES)
