"""What every check kind shares: the span it reports and the shape of its module.

A check kind is a module with a pydantic `Params` model (what a rule of that kind may configure in the
policy pack) and a pure function `run(text, params) -> list[Span]`. It reads nothing, writes nothing and
knows no wording: the pipeline turns spans into findings with the rule's message from `config/`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping, Protocol

from pydantic import BaseModel, ConfigDict

from bot.textprep import PreparedText


@dataclass(frozen=True)
class Span:
    """Offsets into the original draft (end exclusive), plus values a rule's message may quote."""

    start: int
    end: int
    fill: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


class Params(BaseModel):
    """Base of every kind's parameters: unknown keys in a pack are an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class CheckKind(Protocol):
    Params: type[Params]

    def run(self, text: PreparedText, params: Params) -> list[Span]: ...
