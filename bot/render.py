"""Renders a review as plain text for people: the CLI's readable output and the text fallback of chat replies.

Labels and sentences come from `config/messages.yaml`, category names from `config/categories.yaml`, and the
findings' own wording from the rules; this module only arranges them.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.masking import public_finding
from bot.messages import Messages
from bot.models import EscalationDecision, Finding, Review
from bot.policy import Policy


def escalation_line(escalation: EscalationDecision | None, messages: Messages, language: str) -> str:
    if escalation is None:
        return messages.get("escalation.none", language)
    contacts = ", ".join(c.name for c in escalation.contacts)
    if escalation.route == "press":
        phones = [c.phone for c in escalation.contacts if c.phone]
        phone = f" ({', '.join(phones)})" if phones else ""
        return messages.get("escalation.press", language, contacts=contacts, phone=phone)
    if escalation.fallback:
        return messages.get("escalation.fallback", language, contacts=contacts)
    return messages.get("escalation.division", language, contacts=contacts, division=escalation.division)


def finding_lines(
    finding: Finding, policy: Policy, messages: Messages, language: str, *, public: bool, findings: Sequence[Finding] = ()
) -> list[str]:
    """What, where, why, the clause and the fix of one finding. `public` (others read along) masks
    personal and confidential text wherever the lines would show it, the excerpts of `findings` (the
    whole review's) included."""
    if public:
        finding = public_finding(finding, findings)
    label = policy.categories[finding.category].label.get(language)
    severity = messages.get(f"severity.{finding.severity}", language)
    return [
        f"[{severity}] {label} ({finding.rule})",
        f"  {messages.get('label.where', language)}: \"{finding.excerpt}\" ({finding.start}-{finding.end})",
        f"  {messages.get('label.why', language)}: {finding.message}",
        f"  {messages.get('label.clause', language)}: {finding.source}",
        f"  {messages.get('label.fix', language)}: {finding.suggestion}",
    ]


def render_text(review: Review, policy: Policy, messages: Messages, *, public: bool = False) -> str:
    language = review.reply_language
    lines = [
        f"{messages.get('heading.review', language)} ({policy.name})",
        f"{messages.get('label.verdict', language)}: {messages.get(f'verdict.{review.verdict}', language)}",
        f"{messages.get('label.language', language)}: {review.language}",
    ]
    if review.findings:
        lines.append("")
        lines.append(f"{messages.get('heading.findings', language)}:")
        for finding in review.findings:
            lines.extend(finding_lines(finding, policy, messages, language, public=public, findings=review.findings))
    lines.append("")
    lines.append(escalation_line(review.escalation, messages, language))
    return "\n".join(lines)
