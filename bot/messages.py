"""The product's own words in Dutch and English, read from `config/messages.yaml`.

Rules carry their own wording in the packs; everything else people read (verdicts, headings, errors,
buttons) is looked up here by key, so adapters and the CLI say the same things the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.yamlsource import read_yaml


@dataclass(frozen=True)
class Messages:
    table: dict[str, dict[str, str]]

    @classmethod
    def load(cls, config_dir: Path) -> "Messages":
        located = read_yaml(config_dir / "messages.yaml")
        if not isinstance(located.data, dict):
            raise located.error((), "expected a mapping of message key to {nl, en}")
        for key, value in located.data.items():
            if not isinstance(value, dict) or set(value) != {"nl", "en"}:
                raise located.error((key,), f"message {key!r} needs exactly 'nl' and 'en'")
        return cls(located.data)

    def get(self, key: str, language: str, **values) -> str:
        text = self.table[key]["en" if language == "en" else "nl"]
        return text.format(**values) if values else text
