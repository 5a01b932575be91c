"""The checkpost command line: exit codes, JSON contract, batch, eval, policy commands and bad input."""

import io
import json
import shutil
import subprocess
import sys

import pytest

from bot.cli import run
from bot.settings import REPO_ROOT

WARN_RULE = """\
- id: hostile-tone.test-grr
  category: hostile-tone
  severity: warn
  kind: terms
  params: {terms: [grrr]}
  source: {document: twintig-stappen, section: punt 7, says: {nl: Geen ruzie., en: No quarrels.}}
  message: {nl: "'{excerpt}' klinkt boos.", en: "'{excerpt}' sounds angry."}
  suggestion: {nl: Formuleer het rustig., en: Say it calmly.}
- id: confidential.test-secret
  category: confidential
  severity: block
  kind: terms
  params: {terms: [topgeheim]}
  source: {document: twintig-stappen, section: punt 1, says: {nl: Niet delen., en: Do not share.}}
  message: {nl: "'{excerpt}' is geheim.", en: "'{excerpt}' is secret."}
  suggestion: {nl: Laat weg., en: Leave out.}
"""
# A text no rule of the packs should flag: a private post unrelated to work.
CLEAN = "Zondag met de fietsclub door de Betuwe, 72 km en appeltaart in Buren."


@pytest.fixture
def config(tmp_path):
    target = tmp_path / "config"
    shutil.copytree(REPO_ROOT / "config", target)
    (target / "packs" / "base" / "rules" / "zz-test.yaml").write_text(WARN_RULE, encoding="utf-8")
    return str(target)


def cli(capsys, *argv, stdin: str | None = None):
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        code = run(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "text, code",
    [(CLEAN, 0), ("Grrr, wat een dag " + CLEAN, 1), ("Dit is topgeheim: " + CLEAN, 2)],
)
def test_exit_status_follows_the_verdict(capsys, config, text, code):
    assert cli(capsys, "--config", config, "check", "--profile", "ns", text)[0] == code


def test_json_output_follows_the_contract(capsys, config):
    draft = "Dit is topgeheim, zeg het niet."
    code, out, _ = cli(capsys, "--config", config, "check", "--json", "--profile", "ns", "--division", "NS Poort", draft)
    review = json.loads(out)
    assert code == 2
    assert set(review) >= {"id", "verdict", "escalate", "escalate_to", "language", "escalation", "findings"}
    assert (review["verdict"], review["escalate"], review["escalate_to"]) == ("block", True, "division")
    assert review["escalation"] == {"route": "division", "division": "NS Poort", "contacts": ["Gjerryt Leuwerink"]}
    finding = next(f for f in review["findings"] if f["rule"] == "confidential.test-secret")
    assert draft[finding["start"] : finding["end"]] == finding["excerpt"] == "topgeheim"
    assert finding["source"].startswith("Social media-beleid in 20 stappen, punt 1")


def test_readable_output_quotes_the_part_and_names_the_contact(capsys, config):
    _, out, _ = cli(capsys, "--config", config, "check", "--profile", "ns", "--division", "reizigers", "Het plan is topgeheim.")
    assert '"topgeheim"' in out
    assert "'topgeheim' is geheim." in out
    assert "Lianne Oosterbaan" in out


def test_messages_follow_lang_option(capsys, config):
    _, out, _ = cli(capsys, "--config", config, "check", "--lang", "en", "--profile", "ns", "Het plan is topgeheim.")
    assert "'topgeheim' is secret." in out
    assert "Do not post as is" in out


def test_draft_from_standard_input(capsys, config):
    code, out, _ = cli(capsys, "--config", config, "check", "--json", "--profile", "ns", "-", stdin="Alles is topgeheim.\n")
    assert code == 2 and json.loads(out)["findings"][0]["excerpt"] == "topgeheim"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["check", "--profile", "ns", ""], "leeg"),
        (["check", "--profile", "ns", "x" * 10_001], "10001"),
        (["check", "--profile", "ns", "--division", "Stationsrestauratie", "hallo"], "NS Reizigers"),
        (["check", "--profile", "sncf", "hallo"], "kempenhaeghe"),
        (["check", "--profile", "ns"], "standard input"),
        (["check", "--lang", "fr", "hallo"], "invalid choice"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_a_usage_error_with_a_clear_message(capsys, config, argv, message):
    code, out, err = cli(capsys, "--config", config, *argv)
    assert code == 64
    assert message in err
    assert out == ""


def test_broken_policy_is_a_configuration_error_with_file_and_line(capsys, config):
    rules = f"{config}/packs/base/rules/zz-test.yaml"
    with open(rules, "a", encoding="utf-8") as f:
        f.write("- id: spelling.x\n  category: spelling\n  severity: loud\n")
    code, _, err = cli(capsys, "--config", config, "check", "hallo")
    assert code == 78
    assert f"{rules}:19:" in err and "severity" in err


def test_batch_keeps_ids_and_order_and_survives_bad_lines(capsys, config):
    lines = [
        json.dumps({"id": "a", "text": "Alles is topgeheim.", "division": "NS Poort"}),
        "{not json",
        json.dumps({"id": 7, "text": CLEAN, "profile": "kempenhaeghe"}),
        json.dumps({"id": "c"}),
        json.dumps({"id": "d", "text": "hoi", "division": "Nergens"}),
        json.dumps({"id": "e", "text": "  "}),
        json.dumps(["a list"]),
    ]
    code, out, _ = cli(capsys, "--config", config, "batch", "--profile", "ns", stdin="\n".join(lines) + "\n")
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [r["id"] for r in results] == ["a", None, 7, "c", "d", "e", None]
    assert results[0]["verdict"] == "block" and results[0]["escalation"]["division"] == "NS Poort"
    assert "not valid JSON" in results[1]["error"]
    assert results[2]["verdict"] == "pass"
    assert "text" in results[3]["error"]
    assert "Nergens" in results[4]["error"]
    assert "empty" in results[5]["error"]
    assert "object" in results[6]["error"]


def test_eval_scores_labelled_drafts(capsys, config, tmp_path):
    labelled = tmp_path / "labelled.jsonl"
    rows = [
        {"id": "1", "profile": "ns", "text": "Alles is topgeheim.", "expected": ["confidential"], "escalate": True, "escalate_to": "division"},
        {"id": "2", "profile": "ns", "text": CLEAN, "expected": [], "escalate": False, "escalate_to": None},
        {"id": "3", "profile": "ns", "text": CLEAN, "expected": ["hostile-tone"], "escalate": False, "escalate_to": None},
        {"id": "4", "profile": "ns", "text": "Grrr " + CLEAN, "expected": [], "escalate": False, "escalate_to": None},
    ]
    labelled.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    code, out, _ = cli(capsys, "--config", config, "eval", "--json", str(labelled))
    report = json.loads(out)
    assert code == 0
    assert report["categories"]["confidential"]["recall"] == 1.0
    assert report["categories"]["hostile-tone"]["recall"] == 0.0
    assert report["categories"]["hostile-tone"]["precision"] == 0.0
    assert report["clean_flagged"] == 0.5
    assert report["escalation_accuracy"] == 1.0
    assert sorted(w["id"] for w in report["wrong"]) == ["3", "4"]


def test_eval_accepts_hostile_tone_beside_offensive_but_not_alone(capsys, config, tmp_path):
    labelled = tmp_path / "labelled.jsonl"
    rows = [
        {"id": "1", "profile": "ns", "text": "Grrr " + CLEAN, "expected": ["offensive"], "escalate": False},
        {"id": "2", "profile": "ns", "text": "Grrr " + CLEAN, "expected": [], "escalate": False},
    ]
    labelled.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    report = json.loads(cli(capsys, "--config", config, "eval", "--json", str(labelled))[1])
    assert report["categories"]["hostile-tone"]["fp"] == 1
    assert report["categories"]["offensive"]["fn"] == 1
    assert [w["extra"] for w in report["wrong"]] == [[], ["hostile-tone"]]


def test_eval_rejects_a_malformed_file_with_its_line(capsys, config, tmp_path):
    labelled = tmp_path / "bad.jsonl"
    labelled.write_text('{"text": "x", "expected": []}\n{"text": "y", "expected": ["gossip"]}\n')
    code, _, err = cli(capsys, "--config", config, "eval", str(labelled))
    assert code == 64 and "bad.jsonl:2" in err and "gossip" in err


@pytest.mark.parametrize(
    "row, complaint",
    [
        ({"profile": "ns", "division": "Facilitaire Dienst"}, "unknown division 'Facilitaire Dienst'"),
        ({"profile": "prorail"}, "unknown profile 'prorail'"),
    ],
)
def test_eval_names_the_case_whose_profile_or_division_the_packs_do_not_know(capsys, config, tmp_path, row, complaint):
    labelled = tmp_path / "labelled.jsonl"
    good = {"id": "a1", "profile": "ns", "text": CLEAN, "expected": [], "escalate": False}
    labelled.write_text(json.dumps(good) + "\n" + json.dumps({**good, "id": "a2", **row}) + "\n", encoding="utf-8")
    code, out, err = cli(capsys, "--config", config, "eval", str(labelled))
    assert code == 64 and "case a2" in err and complaint in err and "Traceback" not in err


def test_policy_show_and_schema(capsys, config):
    code, out, _ = cli(capsys, "--config", config, "policy", "show", "--profile", "ns")
    assert code == 0 and "confidential.test-secret" in out and "escalate=division" in out
    code, out, _ = cli(capsys, "--config", config, "policy", "schema")
    schema = json.loads(out)
    assert code == 0 and schema["type"] == "array"
    assert {"id", "category", "severity", "kind", "source", "message", "suggestion"} <= set(schema["items"]["properties"])


def test_policy_validate_reports_an_example_that_misbehaves(capsys, config):
    rules = f"{config}/packs/base/rules/zz-test.yaml"
    with open(rules, "a", encoding="utf-8") as f:
        f.write(WARN_RULE.replace("test-grr", "test-grr2").split("- id: confidential")[0].rstrip()
                + "\n  examples: {flag: [\"kalm blijven\"], pass: [\"grrr\"]}\n")
    code, _, err = cli(capsys, "--config", config, "policy", "validate")
    assert code == 78
    assert "hostile-tone.test-grr2 does not flag its example 'kalm blijven'" in err
    assert "hostile-tone.test-grr2 flags its example 'grrr'" in err


def test_installed_entry_point_runs():
    result = subprocess.run(
        [sys.executable, "-m", "bot", "check", "--json", "--profile", "ns", CLEAN], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdict"] == "pass"


def test_output_cut_short_by_its_reader_is_not_an_error():
    # Far more output than a pipe buffers, so the writer is certain to find the reader gone.
    drafts = "".join(json.dumps({"id": i, "text": f"Draft {i} is topgeheim."}) + "\n" for i in range(600))
    result = subprocess.run(
        f"{sys.executable} -m bot batch --profile ns | head -n 1", shell=True, capture_output=True, text=True, input=drafts
    )
    assert json.loads(result.stdout)["id"] == 0
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
