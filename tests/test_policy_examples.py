"""Every rule's own examples behave as the rule says, and the packs hold together as a whole."""

import pytest

from bot.evaluation import check_examples, flags
from bot.models import CATEGORIES
from tests.packs import BUNDLED

POLICIES = BUNDLED


def _examples():
    for profile in POLICIES.profiles:
        for rule in POLICIES.get(profile).rules:
            for i, example in enumerate(rule.spec.examples.flag):
                yield pytest.param(profile, rule.id, example, True, id=f"{profile}:{rule.id}:flag{i}")
            for i, example in enumerate(rule.spec.examples.pass_):
                yield pytest.param(profile, rule.id, example, False, id=f"{profile}:{rule.id}:pass{i}")


@pytest.mark.parametrize("profile, rule_id, example, should_flag", list(_examples()))
def test_rule_example(profile, rule_id, example, should_flag):
    assert flags(POLICIES.get(profile).rule(rule_id), example) is should_flag


def test_validation_reports_no_failing_examples():
    assert check_examples(POLICIES) == []


@pytest.mark.parametrize("profile", POLICIES.profiles)
def test_every_rule_has_examples_both_ways(profile):
    lacking = [r.id for r in POLICIES.get(profile).rules if not r.spec.examples.flag or not r.spec.examples.pass_]
    assert lacking == []


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_has_rules_in_the_base_pack(category):
    assert any(rule.spec.category == category for rule in POLICIES.get("base").rules)


@pytest.mark.parametrize("profile", POLICIES.profiles)
def test_rule_ids_name_their_category_and_are_unique(profile):
    ids = [rule.id for rule in POLICIES.get(profile).rules]
    assert len(ids) == len(set(ids))
    assert all(rule.id.startswith(rule.spec.category + ".") for rule in POLICIES.get(profile).rules)


@pytest.mark.parametrize("profile", POLICIES.profiles)
def test_every_division_has_a_contact_and_press_has_a_name(profile):
    directory = POLICIES.get(profile).directory
    assert directory.divisions
    assert all(division.contacts for division in directory.divisions)
    assert directory.press.name and directory.fallback.name


def test_ns_press_office_has_its_phone_number():
    assert POLICIES.get("ns").directory.press.phone


@pytest.mark.parametrize("profile", POLICIES.profiles)
def test_escalating_categories_route_as_the_contract_says(profile):
    expected = {"confidential": "division", "personal-data": "division", "commitments": "division", "press-crisis": "press"}
    for rule in POLICIES.get(profile).rules:
        if rule.spec.escalate is None:
            assert rule.route == expected.get(rule.spec.category)
