"""Decides whether a reviewed draft needs a human, and whom: the division's contacts or the press office.

A rule's route comes from its category (`config/categories.yaml`) unless the rule names its own. Press and
crisis topics outrank everything else: when any finding routes to the press office, the draft goes there.
Otherwise it goes to the contacts of the author's division, or to the pack's fallback contact when the
division is unknown.
"""

from __future__ import annotations

from bot.models import EscalationDecision, Finding
from bot.policy import Policy


def decide(findings: list[Finding], policy: Policy, division: str | None) -> EscalationDecision | None:
    routes = {policy.rule(f.rule).route for f in findings} - {None}
    if not routes:
        return None
    directory = policy.directory
    if "press" in routes:
        return EscalationDecision(route="press", division=division, contacts=(directory.press,))
    if division is None:
        return EscalationDecision(route="division", division=None, contacts=(directory.fallback,), fallback=True)
    return EscalationDecision(route="division", division=division, contacts=directory.find(division).contacts)
