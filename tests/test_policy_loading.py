"""Broken policy packs fail with file, line and reason; working ones inherit rules, terms and directories."""

import shutil
from pathlib import Path

import pytest

from bot.policy import load_policies
from bot.settings import REPO_ROOT
from bot.yamlsource import PolicyError

CONFIG = REPO_ROOT / "config"

GOOD_RULE = """\
- id: confidential.test-marker
  category: confidential
  severity: block
  kind: terms
  params:
    terms: [geheimpje]
  source: {document: twintig-stappen, section: punt 1, says: {nl: Niet delen., en: Do not share.}}
  message: {nl: "'{excerpt}' is geheim.", en: "'{excerpt}' is secret."}
  suggestion: {nl: Laat weg., en: Leave out.}
"""


@pytest.fixture
def config(tmp_path) -> Path:
    target = tmp_path / "config"
    shutil.copytree(CONFIG, target)
    return target


def write_rule(config: Path, text: str, pack: str = "base") -> Path:
    path = config / "packs" / pack / "rules" / "zz-test.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "rule_text, line, problem",
    [
        (GOOD_RULE.replace("severity: block", "severity: fatal"), 3, "severity"),
        (GOOD_RULE.replace("category: confidential", "category: gossip"), 2, "category"),
        (GOOD_RULE.replace("id: confidential.test-marker", "id: offensive.test-marker"), 1, "must start with its category"),
        (GOOD_RULE.replace("kind: terms", "kind: telepathy"), 4, "unknown check kind 'telepathy'"),
        (GOOD_RULE.replace("terms: [geheimpje]", "terms: $no-such-list"), 6, "unknown term list '$no-such-list'"),
        (GOOD_RULE.replace("terms: [geheimpje]", "words: [geheimpje]"), 6, "words"),
        (GOOD_RULE.replace("document: twintig-stappen", "document: roddelblad"), 7, "unknown source document 'roddelblad'"),
        (GOOD_RULE.replace("en: Leave out.", "fr: Omettez."), 9, "suggestion"),
        (GOOD_RULE.replace("  kind: terms\n", "  kind: terms\n  kind: terms\n"), 5, "appears twice"),
        (GOOD_RULE.replace("params:\n    terms: [geheimpje]", "params:\n    terms: [geheimpje"), 7, "not valid YAML"),
        (GOOD_RULE + GOOD_RULE.replace("- id", "- id", 1), 10, "already defined"),
        ("just: a mapping\n", 1, "expected a list of rules"),
    ],
)
def test_broken_rule_file_names_file_line_and_problem(config, rule_text, line, problem):
    path = write_rule(config, rule_text)
    with pytest.raises(PolicyError) as caught:
        load_policies(config).check_all()
    error = caught.value
    assert Path(error.path) == path
    assert error.line == line
    assert problem in error.problem
    assert str(error).startswith(f"{path}:{line}: ")


@pytest.mark.parametrize(
    "pack_yaml, problem",
    [
        ("id: ns\nname: NS\nextends: nowhere\n", "extends unknown pack 'nowhere'"),
        ("id: other\nname: NS\nextends: base\n", "must match its folder name"),
        ("id: ns\nname: NS\nextends: ns\n", "circle"),
        ("id: ns\nname: NS\nextends: base\nterms:\n  employer: {path: x.txt}\n", "term list"),
        ("id: ns\nname: NS\nextends: base\nterms:\n  employer: {file: missing.txt}\n", "cannot read term file"),
    ],
)
def test_broken_pack_file_is_reported(config, pack_yaml, problem):
    (config / "packs" / "ns" / "pack.yaml").write_text(pack_yaml, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policies(config).check_all()
    assert caught.value.path.endswith("pack.yaml")
    assert problem in caught.value.problem


def test_broken_directory_names_the_field(config):
    path = config / "packs" / "ns" / "directory.yaml"
    path.write_text("press: {name: Pers}\nfallback: {name: CC}\ndivisions:\n  - name: X\n    contacts: []\n")
    with pytest.raises(PolicyError) as caught:
        load_policies(config).check_all()
    assert caught.value.path == str(path)
    assert caught.value.line == 5
    assert "contacts" in caught.value.problem


def test_organisation_pack_inherits_base_rules_and_extends_term_lists(config):
    write_rule(config, GOOD_RULE)
    policies = load_policies(config)
    ns = policies.get("ns")
    assert "confidential.test-marker" in {r.id for r in ns.rules}
    assert "NS" in ns.terms["employer"]
    assert "NS" not in policies.get("base").terms["employer"]


def test_organisation_pack_can_replace_and_disable_a_base_rule(config):
    write_rule(config, GOOD_RULE)
    write_rule(config, GOOD_RULE.replace("severity: block", "severity: warn"), pack="ns")
    (config / "packs" / "kempenhaeghe" / "rules" / "zz-test.yaml").write_text(
        GOOD_RULE.replace("  kind: terms", "  enabled: false\n  kind: terms")
    )
    policies = load_policies(config)
    assert policies.get("ns").rule("confidential.test-marker").spec.severity == "warn"
    assert policies.get("base").rule("confidential.test-marker").spec.severity == "block"
    assert "confidential.test-marker" not in {r.id for r in policies.get("kempenhaeghe").rules}


def test_term_list_reference_is_filled_in(config):
    write_rule(config, GOOD_RULE.replace("terms: [geheimpje]", "terms: [geheimpje, $employer]"), pack="ns")
    params = load_policies(config).get("ns").rule("confidential.test-marker").params
    assert "geheimpje" in params.terms and "Nederlandse Spoorwegen" in params.terms


def test_deployment_overlay_adds_platform_ids_to_contacts(config, tmp_path):
    overlay = tmp_path / "deployment.yaml"
    overlay.write_text("contacts:\n  Lianne Oosterbaan: {slack_user_id: U123, email: l@example.org}\nmembers:\n  NS Reizigers: [U999]\n")
    directory = load_policies(config, overlay).get("ns").directory
    contact = directory.find("reizigers").contacts[0]
    assert (contact.name, contact.slack_user_id, contact.email) == ("Lianne Oosterbaan", "U123", "l@example.org")
    assert directory.division_of_member("u999") == "NS Reizigers"
    assert directory.division_of_member("U000") is None


def test_organisation_pack_refines_an_inherited_rule_without_restating_it(config):
    write_rule(config, GOOD_RULE)
    write_rule(
        config,
        "- refine: confidential.test-marker\n"
        "  severity: warn\n"
        "  source: {document: ns-richtlijnen, section: Praktische richtlijnen, says: {nl: Eigen clausule., en: Own clause.}}\n",
        pack="ns",
    )
    policies = load_policies(config)
    refined = policies.get("ns").rule("confidential.test-marker")
    assert refined.spec.severity == "warn"
    assert refined.source_text.nl == "NS Richtlijnen Social Media, Praktische richtlijnen: Eigen clausule."
    assert refined.params.terms == ("geheimpje",)
    assert refined.spec.message.nl == "'{excerpt}' is geheim."
    assert policies.get("kempenhaeghe").rule("confidential.test-marker").spec.severity == "block"


@pytest.mark.parametrize(
    "refinement, line, problem",
    [
        ("- refine: confidential.nothing-like-it\n  severity: warn\n", 1, "refines unknown rule 'confidential.nothing-like-it'"),
        ("- refine: confidential.test-marker\n  severity: loud\n", 2, "severity"),
        ("- refine: confidential.test-marker\n  kind: terms\n", 2, "kind"),
    ],
)
def test_broken_refinement_is_reported_at_its_line(config, refinement, line, problem):
    write_rule(config, GOOD_RULE)
    path = write_rule(config, refinement, pack="ns")
    with pytest.raises(PolicyError) as caught:
        load_policies(config).check_all()
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert problem in caught.value.problem
