"""Socket Mode, for development without a public URL: with an app-level token the server opens a WebSocket
to Slack and takes the same requests through it, answered and deduplicated as over HTTP."""

from __future__ import annotations

import pytest_asyncio
from aiohttp.test_utils import TestClient, TestServer

from bot.server import build_app
from tests.fakes import poll
from tests.fakes.slack_api import SIGNING_SECRET, TEAM_ID, FakeSlack


@pytest_asyncio.fixture
async def socket_mode(open_chat_services):
    fake = FakeSlack(users={"U0AUTHOR": {"email": "author@example.org"}})
    api = TestServer(fake.app, host="127.0.0.1")
    await api.start_server()
    services = await open_chat_services(
        slack_signing_secret=SIGNING_SECRET, slack_bot_token="xoxb-test", slack_app_token="xapp-test",
        slack_api_url=str(api.make_url("/")), shutdown_grace_seconds=5,
    )
    client = TestClient(TestServer(build_app(services), host="127.0.0.1"))
    await client.start_server()
    yield fake, services
    await client.close()
    await api.close()


async def test_a_slash_command_over_socket_mode_is_acknowledged_and_reviewed_in_its_thread(socket_mode):
    fake, services = socket_mode
    command = {
        "team_id": TEAM_ID, "channel_id": "C0GENERAL", "user_id": "U0AUTHOR", "command": "/checkpost",
        "text": "Topgeheim: de cijfers van volgende week", "response_url": "http://127.0.0.1:9/unused", "trigger_id": "1.2",
    }
    await fake.push({"envelope_id": "env-1", "type": "slash_commands", "accepts_response_payload": True, "payload": command})
    await poll(lambda: fake.to("socket_mode.ack"), what="the acknowledgement over the socket")
    assert fake.to("socket_mode.ack")[0]["envelope_id"] == "env-1"
    await poll(lambda: any("thread_ts" in c.params for c in fake.posted("C0GENERAL")), what="the thread reply")
    parent, reply = fake.posted("C0GENERAL")[:2]
    assert reply.params["thread_ts"] == parent.result["ts"]


async def test_an_event_resent_over_socket_mode_is_answered_once(socket_mode):
    fake, services = socket_mode
    event = {"type": "message", "channel_type": "im", "user": "U0AUTHOR", "channel": "D0AUTHOR", "text": "Mooi weer vandaag.", "ts": "1.1"}
    body = {"type": "event_callback", "team_id": TEAM_ID, "event_id": "Ev0SOCKET", "event": event}
    for attempt, envelope in enumerate(("env-2", "env-3")):
        await fake.push({"envelope_id": envelope, "type": "events_api", "accepts_response_payload": False,
                         "retry_attempt": attempt, "retry_reason": "timeout" if attempt else "", "payload": body})
    await poll(lambda: len(fake.to("socket_mode.ack")) == 2, what="both acknowledgements")
    await poll(lambda: fake.posted("D0AUTHOR"), what="the answer in the DM")
    await poll(lambda: len(services.tasks) == 0, what="the background work")
    assert len(fake.posted("D0AUTHOR")) == 1
