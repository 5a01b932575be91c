"""What happens after a delivery fails for good, and the retention job, in the running server.

An escalation nobody can be reached for ends `failed` and the pack's fallback contact (Gerjan Vasse in the
NS directory, U0GERJAN in the chat tests' deployment) hears of it by DM, without the draft; when no
notifier reaches the fallback contact the alert is an error line in the log. The server purges draft text
past the retention period while it runs.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest
import pytest_asyncio
from aiohttp.test_utils import TestClient, TestServer

from bot.models import Contact
from bot.notify import DeliveryError, FallbackNotifier
from bot.outbox import DeliveryWorker
from bot.server import build_app
from bot.store import OutboxItem, Store, utcnow
from tests.fakes import poll
from tests.fakes.slack_api import SIGNING_SECRET, FakeSlack, SignedRequests

SECRET = "Topgeheim: de reorganisatie van ons team gaat door, nog niet delen graag."
FALLBACK_DM = "DU0GERJAN"


@pytest_asyncio.fixture
async def slack_server(open_chat_services):
    """`await slack_server(fake)`: the server with Slack on against `fake`, giving up on a delivery after
    its first attempt; returns (requests, services)."""
    servers: list = []

    async def start(fake: FakeSlack):
        api = TestServer(fake.app, host="127.0.0.1")
        await api.start_server()
        servers.append(api)
        services = await open_chat_services(
            slack_signing_secret=SIGNING_SECRET,
            slack_bot_token="xoxb-test",
            slack_api_url=str(api.make_url("/")),
            slack_channel_divisions={"C0POORT": "NS Poort"},
            delivery_max_attempts=1,
            shutdown_grace_seconds=5,
        )
        client = TestClient(TestServer(build_app(services, platforms=["slack"]), host="127.0.0.1"))
        await client.start_server()
        servers.insert(0, client)  # the server stops before the fake it talks to
        return SignedRequests(client, SIGNING_SECRET, str(api.make_url("/"))), services

    yield start
    for server in servers:
        await server.close()


async def escalation_in(store: Store, status: str, timeout: float = 5.0):
    """The only escalation, once it has `status`."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        records = await store.list_escalations()
        if records and records[0].status == status:
            return records[0]
        assert asyncio.get_running_loop().time() < deadline, f"the escalation never became {status}"
        await asyncio.sleep(0.01)


@pytest.mark.parametrize(
    "user, channel, unreachable, missed, reason",
    [
        # Lianne has a Slack id, but the DM with her cannot be posted in.
        ("U0AUTHOR", "C0GENERAL", {"DU0LIANNE"}, "Lianne Oosterbaan", "not_in_channel"),
        # NS Poort's contact has no Slack id in the deployment file at all.
        ("U0NOBODY", "C0POORT", set(), "Gjerryt Leuwerink", "no contact of this escalation has a Slack user id"),
    ],
)
async def test_an_escalation_nobody_can_be_reached_for_fails_and_the_fallback_contact_gets_a_dm_without_the_draft(
    slack_server, user, channel, unreachable, missed, reason
):
    fake = FakeSlack(users={"U0AUTHOR": {"email": "author@example.org"}, "U0NOBODY": {}}, not_in_channel=unreachable)
    requests, services = await slack_server(fake)
    await requests.command(SECRET, user=user, channel=channel)
    record = await escalation_in(services.store, "failed")
    await poll(lambda: fake.posted(FALLBACK_DM), what="the alert DM to the fallback contact")
    (alert,) = fake.posted(FALLBACK_DM)
    text = alert.params["text"]
    assert record.id in text
    assert missed in text
    assert reason in text
    assert "route division" in text
    assert "https://acme.slack.com/archives/" in text, "the alert links to the author's thread"
    assert "Topgeheim" not in text and "reorganisatie" not in text
    assert "blocks" not in alert.params or "Topgeheim" not in str(alert.params["blocks"])
    assert (await services.store.outbox_summary())["escalation"] == {"failed": 1}


class Failing:
    """A platform that never takes a delivery."""

    async def deliver(self, item: OutboxItem) -> dict | None:
        raise DeliveryError("the platform is down")


class Recording:
    """A platform notifier that reaches contacts by `reaches` and records what it delivered."""

    def __init__(self, reaches):
        self._reaches = reaches
        self.delivered: list[OutboxItem] = []

    def reaches(self, contact: Contact) -> bool:
        return self._reaches(contact)

    async def deliver(self, item: OutboxItem) -> dict | None:
        self.delivered.append(item)
        return {"delivered": True}


def by_slack(contact: Contact) -> bool:
    return bool(contact.slack_user_id)


def never(contact: Contact) -> bool:
    return False


@pytest.mark.parametrize(
    "reach, expected",
    [
        # The fallback contact (U0GERJAN) is reached by the first notifier that can.
        ((by_slack, by_slack), 0),
        ((never, by_slack), 1),
        # Nobody reaches them: the log gets the alert.
        ((never, never), None),
        ((), None),
    ],
)
async def test_an_alert_goes_to_the_first_notifier_that_reaches_the_fallback_contact_else_to_the_error_log(
    store, slack_config, make_review, caplog, reach, expected
):
    _, _, policies, _ = slack_config
    platforms = [Recording(r) for r in reach]
    review, draft = make_review(text=SECRET)
    stored = await store.record_review(review, draft, origin={"platform": "slack", "channel": "C0GENERAL"})
    worker = DeliveryWorker(store, {"slack": Failing()}, fallback=FallbackNotifier(policies, platforms), max_attempts=1)
    with caplog.at_level(logging.INFO):
        await worker.run_once()  # the ping fails for good and queues the alert
        assert await worker.run_once() == 1  # the alert is delivered
    got = [index for index, platform in enumerate(platforms) if platform.delivered]
    assert got == ([] if expected is None else [expected])
    if expected is not None:
        (alert,) = platforms[expected].delivered
        assert (alert.kind, alert.failed_kind, alert.reason) == ("alert", "escalation", "the platform is down")
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR and r.name == "checkpost.escalations"]
    if expected is None:
        (line,) = errors
        assert stored.escalation_id in line and "the platform is down" in line
    else:
        assert errors == []
    assert all("Topgeheim" not in r.getMessage() for r in caplog.records), "draft text never goes to the log"


async def test_the_server_purges_draft_text_past_the_retention_period_while_it_runs(
    open_chat_services, make_review
):
    services = await open_chat_services(purge_interval_seconds=0.05, shutdown_grace_seconds=1)
    client = TestClient(TestServer(build_app(services, platforms=[]), host="127.0.0.1"))
    await client.start_server()
    try:
        # Recorded after the server started, by a replica whose clock says it is 31 days ago.
        past = await Store.open(services.settings.resolved_database_url, clock=lambda: utcnow() - timedelta(days=31))
        try:
            old = await past.record_review(*make_review(text=SECRET), origin=None)
        finally:
            await past.close()
        recent = await services.store.record_review(*make_review(text=SECRET), origin=None)
        deadline = asyncio.get_running_loop().time() + 5
        while (await services.store.get_escalation(old.escalation_id)).draft_text is not None:
            assert asyncio.get_running_loop().time() < deadline, "the old draft text was never purged"
            await asyncio.sleep(0.02)
        assert (await services.store.get_escalation(recent.escalation_id)).draft_text == SECRET
    finally:
        await client.close()
