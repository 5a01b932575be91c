"""Reads YAML while remembering on which line every value stands, so that errors can name file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError


# libyaml's composer is several times faster than the pure-Python one and keeps the same line marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PolicyError(Exception):
    """A policy file is broken: which file, which line, what is wrong."""

    def __init__(self, path: Path | str, line: int | None, problem: str):
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {problem}")


class LocatedYaml:
    """Parsed YAML data plus the line (1-based) of every mapping key and sequence item, by path."""

    def __init__(self, path: Path, data: Any, lines: dict[tuple, int]):
        self.path = path
        self.data = data
        self._lines = lines

    def line(self, loc: tuple) -> int | None:
        """The line of the deepest known element on `loc`."""
        loc = tuple(loc)
        while loc:
            if loc in self._lines:
                return self._lines[loc]
            loc = loc[:-1]
        return self._lines.get((), 1)

    def has(self, loc: tuple) -> bool:
        return tuple(loc) in self._lines

    def error(self, loc: tuple, problem: str) -> PolicyError:
        return PolicyError(self.path, self.line(loc), problem)

    def validate(self, model: type[BaseModel], data: Any, loc: tuple = ()) -> Any:
        """`data` (found at `loc` in this file) as a `model`, or a PolicyError at the offending line."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            err = self._most_precise(loc, exc.errors())
            field = ".".join(str(p) for p in err["loc"]) or "value"
            # A whole-object check (no location of its own) is reported at the object's id.
            where = loc + tuple(err["loc"]) if err["loc"] else loc + ("id",)
            raise self.error(where, f"{field}: {err['msg']}") from None

    def _most_precise(self, loc: tuple, errors: list) -> dict:
        # Prefer an error that points at a key present in the file: an unknown key says more than the
        # required key it was probably meant to be.
        for err in errors:
            if self.has(loc + tuple(err["loc"])):
                return err
        return errors[0]


def read_yaml(path: Path) -> LocatedYaml:
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(path, None, f"cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise PolicyError(path, None, "not UTF-8 text") from None
    try:
        node = yaml.compose(source, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise PolicyError(path, line, f"not valid YAML: {exc.problem or exc.context}") from None
    lines: dict[tuple, int] = {}
    data = _build(node, (), lines, path) if node is not None else None
    return LocatedYaml(path, data, lines)


def _build(node: yaml.Node, loc: tuple, lines: dict[tuple, int], path: Path) -> Any:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if key in result:
                raise PolicyError(path, key_node.start_mark.line + 1, f"key {key!r} appears twice")
            lines[loc + (key,)] = key_node.start_mark.line + 1
            result[key] = _build(value_node, loc + (key,), lines, path)
            lines[loc + (key,)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (i,), lines, path) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    return yaml.SafeLoader(" ").construct_object(node, deep=True)
