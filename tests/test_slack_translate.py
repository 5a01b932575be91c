"""The Slack translators and the notifier on their own: Slack markup in, Block Kit within limits out, and
delivery failures turned into what the outbox retries."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
import pytest_asyncio
from aiohttp.test_utils import TestServer
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import MAX_BLOCKS, MAX_TEXT, SlackNotifier, plain_text, render_escalation, render_parent, render_review
from bot.models import Contact, Finding, Review
from bot.notify import DeliveryError
from bot.store import EscalationRecord, OutboxItem
from tests.fakes.slack_api import FakeSlack


@pytest.mark.parametrize(
    "markup, typed",
    [
        ("<@UBOT> Ons nieuwe rooster", "Ons nieuwe rooster"),
        ("<@UBOT|checkpost> kijk <@U123|ann> en <@U456>", "kijk @ann en @U456"),
        ("Zie <#C123|algemeen> en <#C999>", "Zie #algemeen en #C999"),
        ("<!here> let op, <!subteam^S1|@comms>", "@here let op, @comms"),
        ("Lees <https://www.ns.nl/actie|onze actie> of <https://ns.nl>", "Lees onze actie of https://ns.nl"),
        ("Mail <mailto:pers@ns.nl|pers@ns.nl>", "Mail pers@ns.nl"),
        ("Jip &amp; Janneke &lt;3 &gt; alles", "Jip & Janneke <3 > alles"),
        ("  <@UBOT>  ", ""),
    ],
)
def test_plain_text_gives_back_what_the_author_typed(markup, typed):
    assert plain_text(markup, bot_user_id="UBOT") == typed


def finding(index: int, *, category: str = "confidential", message: str = "Waarom {i}", excerpt: str = "Topgeheim") -> Finding:
    return Finding(
        rule=f"{category}.secrecy-marker",
        category=category,
        severity="block",
        start=index,
        end=index + len(excerpt),
        excerpt=excerpt,
        message=message.format(i=index),
        suggestion="Laat het weg.",
        source="Social media-beleid in 20 stappen, punt 1",
    )


def review_of(findings) -> Review:
    return Review(
        profile="ns", division=None, verdict="block" if findings else "pass", language="nl",
        reply_language="nl", findings=tuple(findings),
    )


def all_texts(blocks: list[dict]) -> list[str]:
    found = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return found


@pytest.mark.parametrize("count", [1, MAX_BLOCKS - 4, MAX_BLOCKS, 120])
def test_a_review_fits_slacks_block_limits_however_many_findings(slack_config, count):
    _, _, policies, messages = slack_config
    findings = [finding(i, message="x" * 5000) for i in range(count)]
    _, blocks = render_review(
        review_of(findings), policies.get("ns"), messages, review_id="r1", author_id="U1", public=True, hint="hint"
    )
    assert len(blocks) <= MAX_BLOCKS
    assert all(len(text) <= MAX_TEXT for text in all_texts(blocks))
    buttons = [b["accessory"] for b in blocks if "accessory" in b]
    assert len({b["action_id"] for b in buttons}) == len(buttons)
    assert all(len(b["value"]) <= 2000 for b in buttons)
    hidden = count - len(buttons)
    assert (f"nog {hidden} bevindingen" in json.dumps(blocks, ensure_ascii=False)) == (hidden > 0)


@pytest.mark.parametrize(
    "category, public, shown",
    [
        ("confidential", True, False),
        ("personal-data", True, False),
        ("confidential", False, True),  # the author alone reads it
        ("hostile-tone", True, True),  # nothing to hide in a tone finding
    ],
)
def test_public_findings_mask_the_excerpt_also_where_the_message_quotes_it(slack_config, category, public, shown):
    _, _, policies, messages = slack_config
    item = finding(0, category=category, message="'Jan Jansen' is herkenbaar.", excerpt="Jan Jansen")
    _, blocks = render_review(review_of([item]), policies.get("ns"), messages, review_id="r", author_id="U1", public=public)
    assert ("Jan Jansen" in json.dumps(blocks, ensure_ascii=False)) == shown


def test_a_draft_cannot_smuggle_mentions_or_links_into_a_public_message(slack_config):
    _, _, policies, messages = slack_config
    draft = "<!channel> kijk <https://evil.example|hier> &amp; <@U999>"
    _, blocks = render_parent(review_of([]), draft, "U0AUTHOR", messages)
    text = json.dumps(blocks)
    assert "<!channel>" not in text and "<https://evil" not in text and "<@U999>" not in text
    assert "&lt;!channel&gt;" in text


def escalation(status: str, *, updated_by: str | None = None, contacts=None, origin=None) -> EscalationRecord:
    now = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    return EscalationRecord(
        id="e1", review_id="r1", created_at=now, route="division", division="NS Reizigers", fallback=False,
        contacts=contacts or (Contact(name="Lianne Oosterbaan", slack_user_id="U0LIANNE"),),
        draft_text="Topgeheim: de reorganisatie", findings=(finding(0),), verdict="block", profile="ns",
        language="nl", platform="slack", author_id="U0AUTHOR",
        origin=origin if origin is not None else {"platform": "slack", "channel": "C1", "thread_ts": "1.2"},
        status=status, attempts=0, next_attempt_at=now, last_error=None, delivery_ref=None,
        updated_by=updated_by, updated_at=now,
    )


@pytest.mark.parametrize(
    "status, buttons, status_line",
    [
        ("pending", ["Ik pak het op", "Akkoord", "Niet plaatsen"], None),
        ("delivered", ["Ik pak het op", "Akkoord", "Niet plaatsen"], None),
        ("acknowledged", ["Akkoord", "Niet plaatsen"], None),
        ("approved", [], "<@U0LIANNE> gaf akkoord"),
        ("rejected", [], "<@U0LIANNE> besloot: niet plaatsen"),
    ],
)
def test_the_escalation_dm_offers_what_the_contact_can_still_do(slack_config, status, buttons, status_line):
    _, _, policies, messages = slack_config
    _, blocks = render_escalation(escalation(status, updated_by="U0LIANNE"), policies.get("ns"), messages, permalink="https://x/p1")
    actions = [e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert actions == buttons
    assert all(e["value"] == "e1" for b in blocks if b["type"] == "actions" for e in b["elements"])
    text = json.dumps(blocks, ensure_ascii=False)
    assert "<https://x/p1|Bekijk de draad>" in text
    if status_line:
        assert status_line in text


@pytest_asyncio.fixture
async def fake_api(chat_services):
    """A fake Slack and a notifier whose client has no retry handler of its own, so every failure shows."""
    fake = FakeSlack()
    server = TestServer(fake.app, host="127.0.0.1")
    await server.start_server()
    client = AsyncWebClient(token="xoxb-test", base_url=str(server.make_url("/")))
    yield fake, SlackNotifier(client, chat_services)
    await server.close()


async def test_a_rate_limit_becomes_a_delivery_error_with_slacks_retry_after(fake_api):
    fake, notifier = fake_api
    fake.rate_limit("conversations.open", times=1, retry_after=7)
    with pytest.raises(DeliveryError) as raised:
        await notifier.deliver(OutboxItem(id="o1", kind="escalation", escalation=escalation("pending"), attempts=1))
    assert raised.value.retry_after == 7
    assert "ratelimited" in str(raised.value) and "Topgeheim" not in str(raised.value)


async def test_an_escalation_without_slack_ids_is_retried_not_dropped(fake_api):
    fake, notifier = fake_api
    item = OutboxItem(
        id="o1", kind="escalation", escalation=escalation("pending", contacts=(Contact(name="Belle Prinssen"),)), attempts=1
    )
    with pytest.raises(DeliveryError):
        await notifier.deliver(item)
    assert fake.posted() == []


@pytest.mark.parametrize(
    "origin, not_in_channel, expected_channel, expected_thread",
    [
        ({"platform": "slack", "channel": "C1", "thread_ts": "1.2"}, set(), "C1", "1.2"),
        ({"platform": "slack", "channel": "C1", "thread_ts": "1.2"}, {"C1"}, "DU0AUTHOR", None),  # removed from the channel
        ({"platform": "slack", "channel": "C1", "thread_ts": None}, set(), "DU0AUTHOR", None),  # an ephemeral review
    ],
)
async def test_the_outcome_reaches_the_author_in_the_thread_or_else_by_dm(fake_api, origin, not_in_channel, expected_channel, expected_thread):
    fake, notifier = fake_api
    fake.not_in_channel.update(not_in_channel)
    item = OutboxItem(
        id="o2", kind="outcome", escalation=escalation("approved", origin=origin), attempts=1,
        outcome="approved", actor_id="U0LIANNE",
    )
    assert await notifier.deliver(item) is None
    (told,) = fake.posted()
    assert told.params["channel"] == expected_channel and told.params.get("thread_ts") == expected_thread
    assert "<@U0LIANNE> gaf akkoord: je mag het concept plaatsen." in told.params["text"]
