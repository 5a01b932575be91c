"""Scores the engine: on labelled drafts (`checkpost eval`) and on every rule's own examples.

A labelled draft (the format of `eval/*.jsonl`) lists the categories a correct review must report and
whether and where it escalates. Per category we count a draft as a true positive when both the labels and
the review have the category; recall, precision, the share of clean drafts that got a warn or block, and
escalation accuracy follow from those counts. A rule's examples (in its pack) must flag and must pass.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from bot.directory import UnknownDivision
from bot.models import CATEGORIES, SEVERITY_RANK, Draft
from bot.pipeline import review
from bot.policy import PolicySet, UnknownProfile
from bot.textprep import prepare
from checks.language import detect_language


class EvalFileError(Exception):
    pass


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    profile: str | None
    division: str | None
    network: str | None
    expected: frozenset[str]
    escalate_to: str | None


def read_cases(path: Path) -> list[Case]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalFileError(f"{path}: cannot read: {exc.strerror}") from None
    cases = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            expected = frozenset(item["expected"])
            unknown = expected - set(CATEGORIES)
            if unknown:
                raise ValueError(f"unknown categories {sorted(unknown)}")
            cases.append(
                Case(
                    id=str(item.get("id", number)),
                    text=item["text"],
                    profile=item.get("profile"),
                    division=item.get("division"),
                    network=item.get("network"),
                    expected=expected,
                    escalate_to=item.get("escalate_to") if item.get("escalate") else None,
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalFileError(f"{path}:{number}: {exc}") from None
    return cases


# categories.md: a draft whose language is offensive need not also be reported as hostile-tone, and
# reporting both is accepted, so hostile-tone beside an expected offensive is not a false positive.
ALSO_ACCEPTED = {"offensive": frozenset({"hostile-tone"})}


@dataclass
class CaseResult:
    case: Case
    reported: frozenset[str]
    verdict: str
    escalate_to: str | None

    @property
    def found(self) -> frozenset[str]:
        """The reported categories, less those the contract accepts beside the expected ones."""
        accepted = frozenset().union(*(ALSO_ACCEPTED.get(c, frozenset()) for c in self.case.expected))
        return self.reported - (accepted - self.case.expected)


@dataclass
class Report:
    results: list[CaseResult] = field(default_factory=list)

    def counts(self, category: str) -> tuple[int, int, int]:
        tp = sum(1 for r in self.results if category in r.found and category in r.case.expected)
        fp = sum(1 for r in self.results if category in r.found and category not in r.case.expected)
        fn = sum(1 for r in self.results if category not in r.found and category in r.case.expected)
        return tp, fp, fn

    def per_category(self) -> dict[str, dict]:
        table = {}
        for category in CATEGORIES:
            tp, fp, fn = self.counts(category)
            table[category] = {
                "support": tp + fn,
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "recall": tp / (tp + fn) if tp + fn else None,
                "precision": tp / (tp + fp) if tp + fp else None,
            }
        return table

    @property
    def clean_flagged(self) -> float:
        clean = [r for r in self.results if not r.case.expected]
        flagged = [r for r in clean if SEVERITY_RANK[r.verdict] >= SEVERITY_RANK["warn"]]
        return len(flagged) / len(clean) if clean else 0.0

    @property
    def escalation_accuracy(self) -> float:
        right = sum(1 for r in self.results if r.escalate_to == r.case.escalate_to)
        return right / len(self.results) if self.results else 0.0

    @property
    def exact(self) -> float:
        right = sum(1 for r in self.results if r.found == r.case.expected)
        return right / len(self.results) if self.results else 0.0

    def wrong(self) -> list[CaseResult]:
        return [r for r in self.results if r.found != r.case.expected or r.escalate_to != r.case.escalate_to]

    def to_dict(self) -> dict:
        return {
            "drafts": len(self.results),
            "categories": self.per_category(),
            "clean_flagged": self.clean_flagged,
            "escalation_accuracy": self.escalation_accuracy,
            "exact": self.exact,
            "wrong": [
                {
                    "id": r.case.id,
                    "missed": sorted(r.case.expected - r.found),
                    "extra": sorted(r.found - r.case.expected),
                    "escalate_to": r.escalate_to,
                    "expected_escalate_to": r.case.escalate_to,
                }
                for r in self.wrong()
            ],
        }

    def to_text(self) -> str:
        def fmt(value):
            return "  -  " if value is None else f"{value:.2f}"

        lines = [f"{'category':24} {'n':>3} {'recall':>7} {'prec':>7} {'fp':>3}"]
        for category, row in self.per_category().items():
            lines.append(
                f"{category:24} {row['support']:>3} {fmt(row['recall']):>7} {fmt(row['precision']):>7} {row['fp']:>3}"
            )
        wrong = self.wrong()
        if wrong:
            lines.append("")
            lines.append("wrong:")
            for r in wrong:
                missed = ",".join(sorted(r.case.expected - r.found)) or "-"
                extra = ",".join(sorted(r.found - r.case.expected)) or "-"
                escalation = f" escalate {r.escalate_to} != {r.case.escalate_to}" if r.escalate_to != r.case.escalate_to else ""
                lines.append(f"  {r.case.id}: missed {missed}; extra {extra}{escalation}")
        lines.append("")
        lines.append(f"drafts {len(self.results)}, all categories right on {self.exact:.0%}")
        lines.append(f"clean drafts with warn/block: {self.clean_flagged:.1%}; escalation right: {self.escalation_accuracy:.1%}")
        return "\n".join(lines)


def score(cases: list[Case], policies: PolicySet, default_profile: str) -> Report:
    report = Report()
    for case in cases:
        try:
            policy = policies.get(case.profile or default_profile)
            result = review(
                Draft(text=case.text, profile=policy.id, division=case.division, network=case.network, id=case.id),
                policy,
            )
        except (UnknownProfile, UnknownDivision) as exc:
            # A label set written for other packs: say which case, rather than score it without its division.
            raise EvalFileError(f"case {case.id}: {exc}") from None
        report.results.append(CaseResult(case, frozenset(result.categories), result.verdict, result.escalate_to))
    return report


def check_examples(policies: PolicySet) -> list[str]:
    """Every way a rule's examples disagree with the rule itself, as readable lines."""
    failures = []
    for profile in policies.profiles:
        for rule in policies.get(profile).rules:
            for expect_flag, examples in ((True, rule.spec.examples.flag), (False, rule.spec.examples.pass_)):
                for example in examples:
                    if flags(rule, example) != expect_flag:
                        verb = "does not flag" if expect_flag else "flags"
                        failures.append(f"{profile}: {rule.id} {verb} its example {example!r}")
    return failures


def flags(rule, text: str) -> bool:
    """Whether `rule` alone finds anything in `text`."""
    return bool(rule.spans(prepare(text, detect_language(text))))
