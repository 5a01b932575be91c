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
