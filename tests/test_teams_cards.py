"""The Teams translator pair without a network: activity in -> draft text, review or escalation -> Adaptive Card,
and the settings the Bot Framework SDK gets."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from botbuilder.schema import Activity

from adapters.teams import (
    SdkConfig,
    draft_text,
    escalation_activity,
    html_to_text,
    mention,
    message_link,
    render_escalation,
    render_review,
    sdk_config,
)
from bot.messages import Messages
from bot.models import Contact, EscalationDecision, Finding, Review
from bot.settings import REPO_ROOT, Settings
from bot.store import EscalationRecord

BOT = {"id": "28:bot", "name": "Checkpost"}
TEXT = "Bel Jan op 06-12345678, het is vertrouwelijk."
PHONE = Finding(
    rule="personal-data.phone", category="personal-data", severity="block", start=11, end=22,
    excerpt="06-12345678", message="Een telefoonnummer.", suggestion="Haal het weg.", source="Beleid, punt 3",
)
TONE = Finding(
    rule="hostile-tone.shouting", category="hostile-tone", severity="warn", start=0, end=3,
    excerpt="Bel", message="Toon.", suggestion="Rustiger.", source="Beleid, punt 7",
)
LIANNE = Contact(name="Lianne Oosterbaan", teams_user_id="29:lianne", teams_channel_id="19:comms@thread.tacv2")
NOID = Contact(name="Gerjan Vasse")


@pytest.fixture(scope="module")
def policy(slack_config):
    """The chat tests' NS pack: the real categories and directory."""
    return slack_config[2].get("ns")


@pytest.fixture(scope="module")
def messages():
    return Messages.load(REPO_ROOT / "config")


def activity(text: str | None, *entities: dict) -> Activity:
    return Activity().deserialize({"type": "message", "text": text, "recipient": BOT, "entities": list(entities)})


def bot_mention(markup: str = "<at>Checkpost</at>", bot_id: str = "28:bot") -> dict:
    return {"type": "mention", "text": markup, "mentioned": {"id": bot_id, "name": "Checkpost"}}


@pytest.mark.parametrize(
    ("incoming", "draft"),
    [
        (activity("<at>Checkpost</at> Mooi weer vandaag\n", bot_mention()), "Mooi weer vandaag"),
        # Only the mention goes; the bot's name as a word in the draft stays (the SDK would delete it).
        (activity("<at>Checkpost</at> Checkpost is handig", bot_mention()), "Checkpost is handig"),
        # Teams splits a two-word display name into two mentions of the same bot.
        (
            activity("<at>Check</at> <at>Post</at> hallo", bot_mention("<at>Check</at>"), bot_mention("<at>Post</at>")),
            "hallo",
        ),
        # Another person's mention keeps their name; a mention of someone else named like the bot too.
        (
            activity("<at>Checkpost</at> dank <at>Checkpost</at>", bot_mention(), bot_mention(bot_id="29:namesake")),
            "dank Checkpost",
        ),
        (activity("<at>Checkpost</at> A &amp; B&nbsp;en &lt;C&gt;", bot_mention()), "A & B en <C>"),
        (activity("In een 1:1 chat geen mention"), "In een 1:1 chat geen mention"),
        (activity(None), ""),
    ],
)
def test_draft_text_strips_only_the_bots_mention_and_unescapes_html(incoming, draft):
    assert draft_text(incoming) == draft


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("<p>Eerste alinea</p><p>Tweede&nbsp;alinea</p>", "Eerste alinea\n\nTweede alinea"),
        ("Regel 1<br>Regel 2<br/>Regel 3", "Regel 1\nRegel 2\nRegel 3"),
        ('<div><at id="0">Bob</at> zegt <b>hoi</b> &amp; <i>dag</i></div>', "Bob zegt hoi & dag"),
        ('Top <emoji id="1f600" alt="😀" title="Lach"></emoji>!', "Top 😀!"),
        ("<ul><li>een</li><li>twee</li></ul>", "een\n\ntwee"),
    ],
)
def test_html_of_a_message_becomes_its_plain_text(body, text):
    assert html_to_text(body) == text


@pytest.mark.parametrize(
    ("conversation", "message_id", "link"),
    [
        (
            "19:abc@thread.tacv2;messageid=111",
            "222",
            "https://teams.microsoft.com/l/message/19%3Aabc%40thread.tacv2/222?tenantId=t1&parentMessageId=111",
        ),
        (
            "19:chat@thread.v2",
            "333",
            "https://teams.microsoft.com/l/message/19%3Achat%40thread.v2/333?context=%7B%22contextType%22%3A%22chat%22%7D",
        ),
    ],
)
def test_message_link_points_at_the_message_in_its_thread_or_chat(conversation, message_id, link):
    incoming = Activity().deserialize(
        {"type": "message", "id": message_id, "conversation": {"id": conversation}, "channelData": {"tenant": {"id": "t1"}}}
    )
    assert message_link(incoming) == link


def review_of(*findings: Finding, escalation: EscalationDecision | None = None, language: str = "nl") -> Review:
    verdict = max((f.severity for f in findings), key=["info", "warn", "block"].index, default="pass")
    return Review(
        profile="ns", division=None, verdict=verdict, language="nl", reply_language=language,
        findings=findings, escalation=escalation,
    )


def shown(card: dict) -> str:
    return json.dumps(card, ensure_ascii=False)


@pytest.mark.parametrize(("public", "visible"), [(True, False), (False, True)])
def test_the_review_card_masks_personal_data_only_where_others_read_along(policy, messages, public, visible):
    card = render_review(review_of(PHONE), TEXT, policy, messages, public=public, review_id="r1", author_id="29:ann")
    assert ("06-12345678" in shown(card)) is visible
    assert ("█" * len("06-12345678") in shown(card)) is not visible
    assert "vertrouwelijk" in shown(card), "only the finding's span is masked"
    assert card["version"] == "1.5" and card["type"] == "AdaptiveCard"


def test_the_review_card_has_a_section_and_a_disagree_button_per_finding(policy, messages):
    card = render_review(review_of(PHONE, TONE), TEXT, policy, messages, public=False, review_id="r1", author_id="29:ann")
    sections = [item for item in card["body"] if item["type"] == "Container" and item.get("separator")]
    assert len(sections) == 2
    buttons = [section["items"][-1]["actions"][0] for section in sections]
    assert [b["data"] for b in buttons] == [
        {"checkpost": "disagree", "review_id": "r1", "rule": "personal-data.phone", "author": "29:ann"},
        {"checkpost": "disagree", "review_id": "r1", "rule": "hostile-tone.shouting", "author": "29:ann"},
    ]
    assert {b["title"] for b in buttons} == {"Dit klopt niet"}
    facts = sections[0]["items"][1]["facts"]
    assert [f["title"] for f in facts] == ["Waar", "Waarom", "Beleid", "Zo los je het op"]
    assert [f["value"] for f in facts][1:] == ["Een telefoonnummer.", "Beleid, punt 3", "Haal het weg."]


def test_the_review_card_speaks_the_reply_language_and_says_whom_it_goes_to(policy, messages):
    escalation = EscalationDecision(route="division", division="NS Reizigers", contacts=(LIANNE,))
    card = render_review(
        review_of(PHONE, escalation=escalation, language="en"), TEXT, policy, messages, public=True, review_id="r", author_id="a"
    )
    assert card["body"][0]["text"] == "Review of your draft (NS)"
    assert card["body"][-1]["text"] == "This draft goes to Lianne Oosterbaan (NS Reizigers) for review."
    assert "This is wrong" in shown(card)


def escalation(status: str = "delivered", updated_by: str | None = None, **fields) -> EscalationRecord:
    now = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    values = dict(
        id="e1", review_id="r1", created_at=now, route="division", division="NS Reizigers", fallback=False,
        contacts=(LIANNE, NOID), draft_text=TEXT, findings=(PHONE,), verdict="block", profile="ns", language="nl",
        platform="teams", author_id="29:ann", origin={"author": "Ann Auteur", "link": "https://teams.example/x"},
        status=status, attempts=1, next_attempt_at=now, last_error=None, delivery_ref=None, updated_by=updated_by,
        updated_at=now,
    )
    return EscalationRecord(**{**values, **fields})


@pytest.mark.parametrize(
    ("status", "updated_by", "buttons", "status_line"),
    [
        ("pending", None, ["Ik pak het op", "Akkoord", "Niet plaatsen"], None),
        ("delivered", "checkpost", ["Ik pak het op", "Akkoord", "Niet plaatsen"], None),
        ("acknowledged", "29:lianne", ["Akkoord", "Niet plaatsen"], "Lianne Oosterbaan pakt dit op."),
        ("approved", "29:lianne", [], "Lianne Oosterbaan gaf akkoord: het concept mag geplaatst worden."),
        ("rejected", "Gerjan Vasse", [], "Gerjan Vasse besloot: niet plaatsen."),
    ],
)
def test_the_escalation_card_offers_what_its_status_allows(policy, messages, status, updated_by, buttons, status_line):
    card = render_escalation(escalation(status, updated_by), policy, messages)
    submits = [a for a in card["actions"] if a["type"] == "Action.Submit"]
    assert [a["title"] for a in submits] == buttons
    assert all(a["data"]["escalation_id"] == "e1" for a in submits)
    lines = [block["text"] for block in card["body"] if block["type"] == "TextBlock"]
    assert (status_line in lines) if status_line else len(lines) == 1
    assert card["actions"][0] == {"type": "Action.OpenUrl", "title": "Bekijk de draad", "url": "https://teams.example/x"}


def test_the_escalation_card_masks_the_draft_and_names_author_and_division(policy, messages):
    card = render_escalation(escalation(), policy, messages)
    assert "06-12345678" not in shown(card)
    assert card["body"][0]["text"].startswith("Concept van Ann Auteur ter beoordeling (NS Reizigers)")


def test_a_purged_escalation_still_renders_without_its_draft(policy, messages):
    card = render_escalation(escalation(draft_text=None, findings=()), policy, messages)
    assert [block["type"] for block in card["body"]] == ["TextBlock"]


@pytest.mark.parametrize(
    ("contact", "markup", "entity"),
    [
        (
            LIANNE,
            "<at>Lianne Oosterbaan</at>",
            {"type": "mention", "text": "<at>Lianne Oosterbaan</at>", "mentioned": {"id": "29:lianne", "name": "Lianne Oosterbaan"}},
        ),
        (NOID, "Gerjan Vasse", None),
        (
            Contact(name="A & B", teams_user_id="29:ab"),
            "<at>A &amp; B</at>",
            {"type": "mention", "text": "<at>A &amp; B</at>", "mentioned": {"id": "29:ab", "name": "A & B"}},
        ),
    ],
)
def test_a_contact_is_mentioned_when_their_teams_id_is_known(contact, markup, entity):
    text, mentioned = mention(contact)
    assert (text, mentioned and mentioned.serialize()) == (markup, entity)


def test_the_channel_message_text_contains_every_mention_entity_verbatim(policy, messages):
    message = escalation_activity(escalation(), policy, messages, mentioning=(LIANNE, NOID))
    assert message.text == "<at>Lianne Oosterbaan</at>, Gerjan Vasse: dit concept is aan jullie voorgelegd."
    entities = message.serialize()["entities"]
    assert [e["mentioned"]["id"] for e in entities] == ["29:lianne"]
    assert all(e["text"] in message.text for e in entities)
    assert escalation_activity(escalation(), policy, messages).text is None


@pytest.mark.parametrize(
    ("settings", "config"),
    [
        ({"teams_app_id": "app", "teams_app_password": "pw"}, SdkConfig("app", "pw", "MultiTenant", "")),
        (
            {"teams_app_id": "app", "teams_app_password": "pw", "teams_app_type": "singletenant", "teams_tenant_id": "t1"},
            SdkConfig("app", "pw", "SingleTenant", "t1"),
        ),
        (
            {"teams_app_id": "app", "teams_app_type": "UserAssignedMSI", "teams_tenant_id": "t1"},
            SdkConfig("app", "", "UserAssignedMSI", "t1"),
        ),
        ({"dev": True}, SdkConfig("", "", "MultiTenant", "")),
    ],
)
def test_settings_become_the_sdk_configuration(settings, config):
    assert sdk_config(Settings(**settings)) == config


def test_the_app_manifest_declares_the_bot_its_commands_the_message_action_and_existing_icons():
    manifest = json.loads((REPO_ROOT / "config" / "teams-manifest.json").read_text(encoding="utf-8"))
    (bot,) = manifest["bots"]
    assert bot["botId"] == "{{CHECKPOST_TEAMS_APP_ID}}"
    assert set(bot["scopes"]) == {"personal", "team", "groupChat"}
    assert {c["title"] for lists in bot["commandLists"] for c in lists["commands"]} == {"help", "divisie", "taal"}
    (extension,) = manifest["composeExtensions"]
    (action,) = extension["commands"]
    assert (action["type"], action["context"], action["fetchTask"]) == ("action", ["message"], True)
    assert action["title"] == "Controleer dit bericht"
    for name, size in ((manifest["icons"]["color"], 192), (manifest["icons"]["outline"], 32)):
        png = (REPO_ROOT / "config" / "teams-icons" / name).read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (size, size)
