"""Loads policy packs from `config/` into checked, ready-to-run policies.

Layout of the configuration folder:
- `categories.yaml`: per category its label, default severity and default escalation route;
- `sources.yaml`: the policy documents rules cite (title per document id);
- `packs/<id>/pack.yaml`: a pack's name, the pack it extends, its term lists and its directory file;
- `packs/<id>/rules/*.yaml`: the pack's rules, a list per file.

A pack that extends another inherits its rules (a rule with the same id replaces the inherited one, and
`enabled: false` switches it off), its term lists (a list with the same name is extended) and its
directory unless it names its own. Rule parameters may name a term list as `$name`; the loader puts the
list in its place, so that checks receive plain data. Every problem is reported as file, line and reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from bot.directory import Directory, load_directory
from bot.models import CATEGORIES, Category, Route, Severity
from bot.yamlsource import LocatedYaml, PolicyError, read_yaml
from bot.textprep import PreparedText
from checks.base import CheckKind, Span
from checks.registry import KINDS


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Localized(_Strict):
    """A user-facing text in both languages the product speaks."""

    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.nl


class SourceClause(_Strict):
    """The clause a rule enforces: a document id of `sources.yaml`, the section, and a paraphrase."""

    document: str
    section: str
    says: Localized


class Examples(_Strict):
    flag: list[str] = Field(default_factory=list, description="Drafts this rule must flag.")
    pass_: list[str] = Field(default_factory=list, alias="pass", description="Drafts this rule must not flag.")


class RuleSpec(_Strict):
    """One rule as written in a pack file."""

    id: str = Field(pattern=r"^[a-z-]+\.[a-z0-9-]+$")
    category: Category
    severity: Severity
    escalate: Route | Literal["none"] | None = Field(
        None, description="Escalation route when the rule fires; default: the category's route."
    )
    kind: str
    params: dict[str, Any] = Field(default_factory=dict)
    languages: list[Literal["nl", "en"]] | None = Field(None, description="Only for drafts in these languages.")
    source: SourceClause
    message: Localized
    suggestion: Localized
    examples: Examples = Field(default_factory=Examples)
    enabled: bool = True

    @model_validator(mode="after")
    def _id_names_category(self) -> "RuleSpec":
        if not self.id.startswith(self.category + "."):
            raise PydanticCustomError("id_category", "rule id must start with its category '{c}.'", {"c": self.category})
        return self


class RuleRefinement(_Strict):
    """Changes an organisation pack makes to a rule it inherits, without restating the rule: most often its
    own clause as the source, sometimes a severity, wording or examples of its own."""

    refine: str = Field(pattern=r"^[a-z-]+\.[a-z0-9-]+$", description="Id of the inherited rule.")
    severity: Severity | None = None
    escalate: Route | Literal["none"] | None = None
    source: SourceClause | None = None
    message: Localized | None = None
    suggestion: Localized | None = None
    examples: Examples | None = None
    enabled: bool | None = None


class CategoryInfo(_Strict):
    label: Localized
    severity: Severity
    escalate: Route | None = None


class SourceDocument(_Strict):
    title: str
    file: str | None = None


@dataclass(frozen=True)
class Rule:
    """A rule ready to run: its spec, its kind's module and its parameters with term lists filled in."""

    spec: RuleSpec
    check: CheckKind
    params: BaseModel
    route: Route | None
    source_text: Localized

    @property
    def id(self) -> str:
        return self.spec.id

    def spans(self, text: PreparedText) -> list[Span]:
        """Where this rule fires in `text`; nowhere when the rule is for other languages than the draft's."""
        if self.spec.languages and text.language not in self.spec.languages:
            return []
        return self.check.run(text, self.params)


@dataclass(frozen=True)
class Policy:
    id: str
    name: str
    rules: tuple[Rule, ...]
    directory: Directory
    categories: dict[str, CategoryInfo]
    terms: dict[str, tuple[str, ...]]

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


class PackFile(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    extends: str | None = None
    terms: dict[str, list[str] | dict[str, str]] = Field(default_factory=dict)
    directory: str | None = None


class UnknownProfile(Exception):
    def __init__(self, profile: str, known: list[str]):
        self.profile = profile
        self.known = known
        super().__init__(f"unknown profile {profile!r}; known profiles: {', '.join(known)}")


class PolicySet:
    """Every pack in a configuration folder. Files are read and checked when the set is loaded; a pack's
    rules are compiled on first use, since a deployment serves one organisation and compiling every
    pack's patterns would triple its start-up. `check_all()` compiles every pack, for validation."""

    def __init__(self, resolve: Callable[[str], Policy], profiles: list[str]):
        self._resolve = resolve
        self._profiles = sorted(profiles)
        self._policies: dict[str, Policy] = {}

    @property
    def profiles(self) -> list[str]:
        return list(self._profiles)

    def get(self, profile: str) -> Policy:
        if profile not in self._profiles:
            raise UnknownProfile(profile, self.profiles)
        if profile not in self._policies:
            self._policies[profile] = self._resolve(profile)
        return self._policies[profile]

    def check_all(self) -> "PolicySet":
        for profile in self._profiles:
            self.get(profile)
        return self


def _read_categories(config_dir: Path) -> dict[str, CategoryInfo]:
    located = read_yaml(config_dir / "categories.yaml")
    if not isinstance(located.data, dict):
        raise located.error((), "expected a mapping of category id to its settings")
    categories = {}
    for key, value in located.data.items():
        if key not in CATEGORIES:
            raise located.error((key,), f"unknown category {key!r}")
        categories[key] = located.validate(CategoryInfo, value, (key,))
    missing = [c for c in CATEGORIES if c not in categories]
    if missing:
        raise located.error((), f"categories missing: {', '.join(missing)}")
    return categories


def _read_sources(config_dir: Path) -> dict[str, SourceDocument]:
    located = read_yaml(config_dir / "sources.yaml")
    if not isinstance(located.data, dict):
        raise located.error((), "expected a mapping of document id to its title")
    return {key: located.validate(SourceDocument, value, (key,)) for key, value in located.data.items()}


def _read_terms(pack_dir: Path, located: LocatedYaml, pack: PackFile) -> dict[str, list[str]]:
    terms: dict[str, list[str]] = {}
    for name, value in pack.terms.items():
        if isinstance(value, dict):
            if set(value) != {"file"}:
                raise located.error(("terms", name), "a term list is a list of terms or {file: path}")
            path = (pack_dir / value["file"]).resolve()
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise located.error(("terms", name), f"cannot read term file {value['file']}: {exc.strerror}") from None
            terms[name] = [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]
        else:
            terms[name] = [str(t) for t in value]
    return terms


def _fill_terms(value: Any, terms: dict[str, list[str]], located: LocatedYaml, loc: tuple) -> Any:
    """Replace `$name` references (as a value, or as an item of a list) with the named term list."""
    if isinstance(value, str) and value.startswith("$"):
        if value[1:] not in terms:
            raise located.error(loc, f"unknown term list {value!r}")
        return list(terms[value[1:]])
    if isinstance(value, list):
        out: list = []
        for i, item in enumerate(value):
            if isinstance(item, str) and item.startswith("$"):
                out.extend(_fill_terms(item, terms, located, loc + (i,)))
            else:
                out.append(_fill_terms(item, terms, located, loc + (i,)))
        return out
    if isinstance(value, dict):
        return {k: _fill_terms(v, terms, located, loc + (k,)) for k, v in value.items()}
    return value


@dataclass
class _RawPack:
    pack: PackFile
    dir: Path
    located: LocatedYaml
    terms: dict[str, list[str]]
    rules: list[tuple[RuleSpec, LocatedYaml, tuple]]
    refinements: list[tuple[RuleRefinement, LocatedYaml, tuple]]


def _read_pack(pack_dir: Path, known_kinds: dict) -> _RawPack:
    located = read_yaml(pack_dir / "pack.yaml")
    pack = located.validate(PackFile, located.data)
    if pack.id != pack_dir.name:
        raise located.error(("id",), f"pack id {pack.id!r} must match its folder name {pack_dir.name!r}")
    rules = []
    refinements = []
    seen: dict[str, str] = {}
    for rule_file in sorted((pack_dir / "rules").glob("*.yaml")):
        rules_located = read_yaml(rule_file)
        if rules_located.data is None:
            continue
        if not isinstance(rules_located.data, list):
            raise rules_located.error((), "expected a list of rules")
        for index, raw in enumerate(rules_located.data):
            if isinstance(raw, dict) and "refine" in raw:
                refinements.append((rules_located.validate(RuleRefinement, raw, (index,)), rules_located, (index,)))
                continue
            spec = rules_located.validate(RuleSpec, raw, (index,))
            if spec.kind not in known_kinds:
                raise rules_located.error(
                    (index, "kind"), f"unknown check kind {spec.kind!r}; known: {', '.join(sorted(known_kinds))}"
                )
            if spec.id in seen:
                raise rules_located.error((index, "id"), f"rule id {spec.id!r} is already defined in {seen[spec.id]}")
            seen[spec.id] = rule_file.name
            rules.append((spec, rules_located, (index,)))
    return _RawPack(pack, pack_dir, located, _read_terms(pack_dir, located, pack), rules, refinements)


def load_policies(config_dir: Path, deployment_file: Path | None = None) -> PolicySet:
    """Read and check every pack file under `config_dir/packs`; see PolicySet for when rules compile."""
    categories = _read_categories(config_dir)
    sources = _read_sources(config_dir)
    packs_dir = config_dir / "packs"
    raw = {d.name: _read_pack(d, KINDS) for d in sorted(packs_dir.iterdir()) if (d / "pack.yaml").is_file()}
    if not raw:
        raise PolicyError(packs_dir, None, "no packs found (a pack is a folder with pack.yaml)")
    for name in raw:
        _lineage(name, raw, ())
    return PolicySet(lambda name: _resolve(name, raw, categories, sources, deployment_file, ()), list(raw))


def _lineage(name: str, raw: dict[str, _RawPack], chain: tuple[str, ...]) -> list[_RawPack]:
    if name in chain:
        first = raw[chain[0]]
        raise first.located.error(("extends",), f"packs extend each other in a circle: {' -> '.join(chain + (name,))}")
    pack = raw[name]
    parent = pack.pack.extends
    if parent is None:
        return [pack]
    if parent not in raw:
        raise pack.located.error(("extends",), f"extends unknown pack {parent!r}")
    return _lineage(parent, raw, chain + (name,)) + [pack]


def _resolve(
    name: str,
    raw: dict[str, _RawPack],
    categories: dict[str, CategoryInfo],
    sources: dict[str, SourceDocument],
    deployment_file: Path | None,
    chain: tuple[str, ...],
) -> Policy:
    lineage = _lineage(name, raw, chain)
    terms: dict[str, list[str]] = {}
    specs: dict[str, tuple[RuleSpec, LocatedYaml, tuple]] = {}
    directory_path: Path | None = None
    for pack in lineage:
        for term_name, items in pack.terms.items():
            terms.setdefault(term_name, []).extend(items)
        for spec, located, loc in pack.rules:
            specs[spec.id] = (spec, located, loc)
        for refinement, located, loc in pack.refinements:
            if refinement.refine not in specs:
                raise located.error(loc + ("refine",), f"refines unknown rule {refinement.refine!r}")
            inherited = specs[refinement.refine][0]
            changes = refinement.model_dump(exclude={"refine"}, exclude_none=True, by_alias=True)
            merged = located.validate(RuleSpec, {**inherited.model_dump(by_alias=True), **changes}, loc)
            specs[refinement.refine] = (merged, *specs[refinement.refine][1:])
        if pack.pack.directory:
            directory_path = pack.dir / pack.pack.directory
    own = raw[name]
    if directory_path is None:
        raise own.located.error((), "no directory file in this pack or the packs it extends")
    directory = load_directory(directory_path, deployment_file)

    rules = []
    for spec, located, loc in specs.values():
        if not spec.enabled:
            continue
        check = KINDS[spec.kind]
        params_data = _fill_terms(spec.params, terms, located, loc + ("params",))
        params = located.validate(check.Params, params_data, loc + ("params",))
        document = sources.get(spec.source.document)
        if document is None:
            raise located.error(loc + ("source", "document"), f"unknown source document {spec.source.document!r}")
        route = categories[spec.category].escalate if spec.escalate is None else spec.escalate
        source_text = Localized(
            nl=f"{document.title}, {spec.source.section}: {spec.source.says.nl}",
            en=f"{document.title}, {spec.source.section}: {spec.source.says.en}",
        )
        rules.append(Rule(spec, check, params, None if route == "none" else route, source_text))
    return Policy(
        id=name,
        name=own.pack.name,
        rules=tuple(rules),
        directory=directory,
        categories=categories,
        terms={k: tuple(v) for k, v in terms.items()},
    )
