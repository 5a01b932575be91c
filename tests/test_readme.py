"""The README's configuration reference is the settings model's own description, so it cannot go stale."""

from __future__ import annotations

import re
import subprocess
import sys

from bot.settings import REPO_ROOT, Settings, reference

SECTION = re.compile(r"<!-- settings-reference:start -->\n(.*?)<!-- settings-reference:end -->", re.S)


def readme_reference() -> str:
    match = SECTION.search((REPO_ROOT / "README.md").read_text(encoding="utf-8"))
    assert match, "README.md lost its settings-reference markers"
    return match.group(1)


def test_readme_configuration_reference_is_the_generated_one():
    assert readme_reference() == reference(), "regenerate it: python -m bot.settings, paste between the markers"


def test_every_setting_has_a_row_and_a_description():
    rows = readme_reference().splitlines()[2:]
    names = [re.match(r"\| `CHECKPOST_(\w+)`", row).group(1).lower() for row in rows]
    assert names == list(Settings.model_fields)
    assert all(field.description for field in Settings.model_fields.values())


def test_the_generator_runs_as_the_readme_says():
    printed = subprocess.run(
        [sys.executable, "-m", "bot.settings"], capture_output=True, text=True, check=True, cwd=REPO_ROOT
    ).stdout
    assert printed == reference()


def quick_start_commands() -> list[str]:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, re.S)


def test_quick_start_has_the_two_commands_ci_runs():
    install_and_review, install_and_test = quick_start_commands()
    assert "pip install -e ." in install_and_review and "checkpost check" in install_and_review
    assert "pip install -e '.[test]'" in install_and_test and install_and_test.endswith("pytest -q")
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'bash -c "$(readme_command 1)"' in ci and 'bash -c "$(readme_command 2)"' in ci


def test_ci_reads_the_same_commands_out_of_the_readme():
    script = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    function = re.search(r"readme_command\(\) \{.*?\n\}", script, re.S).group(0)
    for n, expected in enumerate(quick_start_commands(), 1):
        printed = subprocess.run(
            ["bash", "-c", f"{function}\nreadme_command {n}"], capture_output=True, text=True, check=True, cwd=REPO_ROOT
        ).stdout
        assert printed.strip() == expected
