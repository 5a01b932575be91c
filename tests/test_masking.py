"""Nothing posted where others read along gives away personal data or confidential text: not the draft, not a
finding's excerpt, not a rule's message or suggestion that quotes it, in any public rendering (the plain text,
a Slack channel's parent message and thread, a Teams channel's review card, a comms channel's escalation card)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest

from adapters import slack, teams
from bot.masking import public_finding
from bot.messages import Messages
from bot.models import Contact, Draft, Finding, Review, verdict_of
from bot.pipeline import review
from bot.policy import load_policies
from bot.render import render_text
from bot.settings import REPO_ROOT
from bot.store import EscalationRecord


@pytest.fixture(scope="module")
def policy():
    return load_policies(REPO_ROOT / "config", None).get("ns")


@pytest.fixture(scope="module")
def messages():
    return Messages.load(REPO_ROOT / "config")


def found(text: str, part: str, category: str, *, message: str = "'{excerpt}' valt op.", after: int = 0) -> Finding:
    """A finding of `part` (its occurrence after `after`) in `text`, whose message and suggestion quote it."""
    start = text.index(part, after)
    return Finding(
        rule=f"{category}.example", category=category, severity="block", start=start, end=start + len(part),
        excerpt=part, message=message.format(excerpt=part), suggestion=f"Schrap '{part}'.", source="Beleid, punt 1",
    )


def made(text: str, *findings: Finding, language: str = "nl") -> tuple[str, Review]:
    return text, Review(
        profile="ns", division=None, verdict=verdict_of(findings), language="nl", reply_language=language,
        findings=findings,
    )


def reviewed(policy, text: str, language: str = "nl") -> tuple[str, Review]:
    return text, review(Draft(text=text, profile="ns", reply_language=language), policy)


PHONE = "Bel Jan op 06-12345678, het is dringend."
QUOTE = "Jan Jansen zei dat de reorganisatie doorgaat."
INSULT = "Ik vind Jan Jansen is een sukkel, eerlijk."
SECRET = "Topgeheim: de reorganisatie gaat door."

# (draft and review, what must not be read in public, what the findings show and may be read)
CASES = {
    "a phone number quoted by its message and suggestion": (
        lambda policy: made(PHONE, found(PHONE, "06-12345678", "personal-data"), found(PHONE, "dringend", "hostile-tone")),
        ["06-12345678"],
        ["dringend"],
    ),
    "a secret quoted by another finding's message": (
        lambda policy: made(
            SECRET,
            found(SECRET, "Topgeheim", "confidential"),
            found(SECRET, "de reorganisatie", "press-crisis", message="'{excerpt}' na 'Topgeheim' is nieuws."),
        ),
        ["Topgeheim"],
        ["de reorganisatie"],
    ),
    "a name inside another finding's excerpt": (
        lambda policy: made(QUOTE, found(QUOTE, "Jan Jansen", "personal-data"), found(QUOTE, "Jan Jansen zei dat", "colleague-quote")),
        ["Jan Jansen", "Jansen"],
        ["zei dat"],
    ),
    "a name partly inside another finding's excerpt": (
        lambda policy: made(INSULT, found(INSULT, "Jan Jansen", "personal-data"), found(INSULT, "Jansen is een sukkel", "hostile-tone")),
        ["Jansen"],
        ["is een sukkel"],
    ),
    "an English reply about a phone number and an e-mail address": (
        lambda policy: reviewed(policy, "Call me on 06-12345678 or mail jan.jansen@gmail.com today.", "en"),
        ["06-12345678", "jan.jansen@gmail.com"],
        ["phone number"],
    ),
    "a patient named with health details": (
        lambda policy: reviewed(policy, "Mevrouw Jansen uit kamer 12 heeft vandaag weer een epileptische aanval gehad."),
        ["Jansen", "kamer 12"],
        ["epileptische"],
    ),
    "a confidentiality marker the rule explains": (
        lambda policy: reviewed(policy, "Vertrouwelijk: de dienstregeling van 2027 wordt uitgedund. Niet doorsturen."),
        ["Vertrouwelijk", "Niet doorsturen"],
        ["Vertrouwelijke"],  # the rule's explanation keeps its own words
    ),
}


def escalation_of(text: str, result: Review) -> EscalationRecord:
    now = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    return EscalationRecord(
        id="e1", review_id="r1", created_at=now, route="division", division="NS Reizigers", fallback=False,
        contacts=(Contact(name="Lianne Oosterbaan", teams_user_id="29:lianne"),), draft_text=text,
        findings=result.findings, verdict=result.verdict, profile="ns", language=result.reply_language,
        platform="teams", author_id="29:ann", origin={"author": "Ann Auteur"}, status="delivered", attempts=1,
        next_attempt_at=None, last_error=None, delivery_ref=None, updated_by=None, updated_at=now,
    )


def slack_channel(text: str, result: Review, policy, messages) -> object:
    parent = slack.render_parent(result, text, "U0ANN", messages)
    thread = slack.render_review(result, policy, messages, review_id="r1", author_id="U0ANN", public=True)
    return [parent, thread]


RENDERINGS = {
    "plain text": lambda text, result, policy, messages: render_text(result, policy, messages, public=True),
    "Slack channel": slack_channel,
    "Teams channel": lambda text, result, policy, messages: teams.render_review(
        result, text, policy, messages, public=True, review_id="r1", author_id="29:ann"
    ),
    "Teams comms channel": lambda text, result, policy, messages: teams.render_escalation(
        escalation_of(text, result), policy, messages
    ),
}


def quotes(shown: str, part: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(part)}(?!\w)", shown) is not None


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("case", CASES)
def test_public_renderings_never_show_personal_or_confidential_text(policy, messages, case, rendering):
    make, hidden, visible = CASES[case]
    text, result = make(policy)
    as_written = render_text(result, policy, messages, public=False)
    assert all(quotes(as_written, part) for part in hidden), "the case must quote what it hides, or it tests nothing"
    shown = RENDERINGS[rendering](text, result, policy, messages)
    shown = shown if isinstance(shown, str) else json.dumps(shown, ensure_ascii=False)
    assert [part for part in hidden if quotes(shown, part)] == []
    assert "█" in shown
    assert all(quotes(shown, part) for part in visible), "only what must be hidden is masked"


@pytest.mark.parametrize(
    "text, finding, others, expected",
    [
        # Its own excerpt, wherever quoted; white space kept.
        (PHONE, found(PHONE, "06-12345678", "personal-data"), (), ("███████████", "'███████████' valt op.")),
        # Nothing personal: shown as found.
        (PHONE, found(PHONE, "dringend", "hostile-tone"), (), ("dringend", "'dringend' valt op.")),
        # Only the part another finding marks personal, in the excerpt and in its quote.
        (INSULT, found(INSULT, "Jansen is een sukkel", "hostile-tone"), (found(INSULT, "Jan Jansen", "personal-data"),),
         ("██████ is een sukkel", "'██████ is een sukkel' valt op.")),
        # A backslash in what stays visible is taken literally.
        ("Jan\\Jansen", found("Jan\\Jansen", "Jan\\Jansen", "hostile-tone"), (found("Jan\\Jansen", "Jansen", "personal-data"),),
         ("Jan\\██████", "'Jan\\██████' valt op.")),
    ],
)
def test_a_public_finding_masks_by_position_and_its_quotes_alike(text, finding, others, expected):
    public = public_finding(finding, others)
    assert (public.excerpt, public.message) == expected
    assert (public.rule, public.start, public.end, public.source) == (finding.rule, finding.start, finding.end, finding.source)
