"""Teams end to end: activities posted over HTTP as Teams sends them, to the real CloudAdapter on the
Checkpost server, which answers through a fake Bot Connector on 127.0.0.1 that records every call."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta, timezone

import pytest
import pytest_asyncio
import yaml
from aiohttp.test_utils import TestClient, TestServer

from bot import cli
from bot.policy import load_policies
from bot.server import build_app
from bot.services import Services
from bot.settings import Settings, SettingsError
from bot.store import Store
from tests.fakes import poll
from tests.fakes.bot_connector import FakeBotConnector

BOT = {"id": "28:checkpost-bot", "name": "Checkpost"}
ANN = {"id": "29:ann", "name": "Ann Auteur", "aadObjectId": "aad-ann"}
PIET = {"id": "29:piet", "name": "Piet Poort", "aadObjectId": "aad-piet"}
LIANNE = {"id": "29:lianne", "name": "Lianne Oosterbaan", "aadObjectId": "aad-lianne"}
CHANNEL = "19:general@thread.tacv2"
COMMS = "19:comms-reizigers@thread.tacv2"
CONFIDENTIAL = "Topgeheim: de nieuwe dienstregeling komt in maart."


# Teams ids of the NS contacts and who belongs to which division.
DEPLOYMENT = {
    "contacts": {
        "Lianne Oosterbaan": {"teams_user_id": "29:lianne", "teams_channel_id": "19:comms-reizigers@thread.tacv2"},
        "Gerjan Vasse": {"teams_user_id": "29:gerjan", "teams_channel_id": "19:comms-cc@thread.tacv2"},
        "Persvoorlichting NS": {"teams_user_id": "29:press", "teams_channel_id": "19:press@thread.tacv2"},
    },
    "members": {"NS Reizigers": ["aad-ann"], "NS Poort": ["piet@example.org"]},
}


@pytest.fixture(scope="module")
def config(slack_config, tmp_path_factory):
    """The chat tests' configuration (the NS directory and one rule: a secrecy marker, which is confidential,
    masked in public and escalated to the division) with the Teams ids above."""
    config_dir, _, _, messages = slack_config
    deployment = tmp_path_factory.mktemp("teams") / "deployment.yaml"
    deployment.write_text(yaml.safe_dump(DEPLOYMENT))
    return config_dir, deployment, load_policies(config_dir, deployment), messages


@pytest_asyncio.fixture
async def bot_connector():
    fake = FakeBotConnector()
    server = TestServer(fake.app, host="127.0.0.1")
    await server.start_server()
    fake.url = str(server.make_url("/"))
    yield fake
    await server.close()


@pytest_asyncio.fixture
async def teams_server(tmp_path, config, bot_connector):
    """`await teams_server(**settings)`: the Checkpost server with Teams on (by default in development mode,
    without app id), as an aiohttp TestClient whose `services` are the server's. It stops before the fake
    Bot Connector does, so no delivery runs into a closed fake."""
    config_dir, deployment, policies, messages = config
    clients = []

    async def start(**overrides) -> TestClient:
        defaults = {"dev": True, "config_dir": config_dir, "deployment_file": deployment, "data_dir": tmp_path / str(len(clients))}
        settings = Settings(**{**defaults, **overrides})
        store = await Store.open(settings.resolved_database_url)
        services = Services(settings=settings, policies=policies, messages=messages, store=store)
        try:
            client = TestClient(TestServer(build_app(services, platforms=["teams"]), host="127.0.0.1"))
        except BaseException:
            await store.close()
            raise
        client.services = services
        clients.append(client)
        await client.start_server()
        return client

    yield start
    for client in clients:
        await client.close()
        await client.services.close()


def _activity(service_url: str, conversation: dict, sender: dict, *, id: str, locale: str = "nl-NL", **fields) -> dict:
    return {
        "type": "message",
        "id": id,
        "timestamp": "2026-03-02T10:00:00.000Z",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": sender,
        "conversation": conversation,
        "recipient": BOT,
        "locale": locale,
        "channelData": {"tenant": {"id": "tenant-1"}, "channel": {"id": CHANNEL}, "team": {"id": "19:team@thread.tacv2"}},
        **fields,
    }


def channel_mention(service_url: str, text: str, *, id: str = "1700000000123", sender: dict = ANN, **fields) -> dict:
    """A channel message that @mentions the bot, as Teams sends it: the mention markup in the text and an
    entity that says which part of the text it is."""
    conversation = {"isGroup": True, "conversationType": "channel", "tenantId": "tenant-1", "id": f"{CHANNEL};messageid={id}"}
    return _activity(
        service_url,
        conversation,
        sender,
        id=id,
        text=f"<at>Checkpost</at> {text}\n",
        textFormat="plain",
        entities=[
            {"type": "mention", "text": "<at>Checkpost</at>", "mentioned": BOT},
            {"type": "clientInfo", "locale": "nl-NL", "platform": "Web"},
        ],
        **fields,
    )


def personal(service_url: str, sender: dict, *, id: str, **fields) -> dict:
    conversation = {"conversationType": "personal", "tenantId": "tenant-1", "id": f"a:chat-{sender['id']}"}
    return _activity(service_url, conversation, sender, id=id, **fields)


def card_submit(service_url: str, conversation_id: str, sender: dict, value: dict, *, id: str, reply_to: str) -> dict:
    """An Action.Submit press: a message without text, with the button's data as `value`."""
    conversation = {"isGroup": True, "conversationType": "channel", "tenantId": "tenant-1", "id": conversation_id}
    return _activity(service_url, conversation, sender, id=id, value=value, replyToId=reply_to)


def nodes(card):
    """Every object in a card, depth first."""
    if isinstance(card, dict):
        yield card
        card = list(card.values())
    if isinstance(card, list):
        for value in card:
            yield from nodes(value)


def texts(card: dict) -> list[str]:
    """Every text a card shows: text blocks, fact values, button titles."""
    return [node[key] for node in nodes(card) for key in ("text", "value", "title") if isinstance(node.get(key), str)]


def card_of(body: dict) -> dict:
    (attachment,) = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    return attachment["content"]


def submits(card: dict) -> list[dict]:
    return [node for node in nodes(card) if node.get("type") == "Action.Submit"]


async def post(client, activity: dict, status: int = 201):
    response = await client.post("/api/messages", json=activity)
    assert response.status == status, await response.text()
    return response


def reply_path(activity: dict) -> str:
    return f"/v3/conversations/{activity['conversation']['id']}/activities/{activity['id']}"


async def test_a_channel_mention_is_answered_in_the_same_reply_chain_with_a_masked_card(teams_server, bot_connector):
    client = await teams_server()
    activity = channel_mention(bot_connector.url, CONFIDENTIAL)
    await post(client, activity)
    (reply,) = bot_connector.sent("POST", "/activities/")
    assert reply.path == reply_path(activity)
    assert reply.body["conversation"]["id"] == f"{CHANNEL};messageid=1700000000123"
    shown = texts(card_of(reply.body))
    assert "Beoordeling van je concept (NS)" in shown[0]
    assert any("█" in t and "dienstregeling" in t for t in shown), "the draft is shown with its confidential part masked"
    assert not any("Topgeheim" in t for t in shown)
    assert [s["title"] for s in submits(card_of(reply.body))] == ["Dit klopt niet"]


@pytest.mark.parametrize(
    ("typed", "reviewed"),
    [
        # The bot's name inside the draft is part of the draft; only the mention markup goes.
        ("Checkpost vindt Checkpost een goed idee", "Checkpost vindt Checkpost een goed idee"),
        # Teams escapes what was typed as HTML.
        ("Treinen &amp; bussen&nbsp;rijden  gewoon", "Treinen & bussen rijden  gewoon"),
        # A colleague's mention is kept as their name.
        ("Dank <at>Bob de Bouwer</at> voor het regelen", "Dank Bob de Bouwer voor het regelen"),
    ],
)
async def test_only_the_bots_mention_is_stripped_and_the_rest_is_reviewed_as_written(
    teams_server, bot_connector, typed, reviewed
):
    client = await teams_server()
    await post(client, channel_mention(bot_connector.url, typed))
    (reply,) = bot_connector.sent("POST", "/activities/")
    assert reviewed in texts(card_of(reply.body))


async def test_a_one_to_one_chat_shows_the_draft_unmasked(teams_server, bot_connector):
    client = await teams_server()
    await post(client, personal(bot_connector.url, ANN, id="p-1", text=CONFIDENTIAL))
    (reply,) = bot_connector.sent("POST", "/activities/")
    assert reply.path == "/v3/conversations/a:chat-29:ann/activities/p-1"
    assert CONFIDENTIAL in texts(card_of(reply.body))


async def test_a_repeated_activity_is_answered_and_escalated_once(teams_server, bot_connector):
    client = await teams_server()
    activity = channel_mention(bot_connector.url, CONFIDENTIAL)
    await asyncio.gather(post(client, activity), post(client, activity))
    await post(client, activity)
    await poll(lambda: _channel_posts(bot_connector), what="the escalation")
    await asyncio.sleep(0.2)
    assert len(bot_connector.sent("POST", reply_path(activity))) == 1
    assert len(_channel_posts(bot_connector)) == 1
    assert len(await client.services.store.list_escalations()) == 1


def _channel_posts(bot_connector) -> list:
    return [c for c in bot_connector.calls if c.path == "/v3/conversations"]


async def _escalate(client, bot_connector, text: str = CONFIDENTIAL, **fields):
    """Post a draft that escalates and wait until its delivery is recorded; returns the escalation."""
    await post(client, channel_mention(bot_connector.url, text, **fields))
    store = client.services.store
    for _ in range(500):
        escalations = await store.list_escalations()
        if escalations and escalations[0].status == "delivered":
            return escalations[0]
        await asyncio.sleep(0.01)
    raise AssertionError(f"the escalation was not delivered; the fake Bot Connector saw {bot_connector.calls}")


async def test_an_escalation_starts_a_thread_in_the_comms_channel_that_mentions_the_contact(teams_server, bot_connector):
    client = await teams_server()
    record = await _escalate(client, bot_connector)
    (create,) = _channel_posts(bot_connector)
    assert create.body["isGroup"] is True
    assert create.body["channelData"]["channel"]["id"] == COMMS
    activity = create.body["activity"]
    (entity,) = [e for e in activity["entities"] if e["type"] == "mention"]
    assert entity["text"] in activity["text"], "Teams refuses a mention whose text is not in the message"
    assert entity["mentioned"] == {"id": "29:lianne", "name": "Lianne Oosterbaan"}
    card = card_of(activity)
    shown = texts(card)
    assert any("Ann Auteur" in t and "NS Reizigers" in t for t in shown)
    assert not any("Topgeheim" in t for t in shown), "a comms channel sees the draft masked"
    assert [a["title"] for a in submits(card)] == ["Ik pak het op", "Akkoord", "Niet plaatsen"]
    (link,) = [a for a in card["actions"] if a["type"] == "Action.OpenUrl"]
    assert link["url"].startswith("https://teams.microsoft.com/l/message/19%3Ageneral%40thread.tacv2/1700000000123?")
    assert record.delivery_ref["cards"][0]["activity_id"]


async def test_when_the_comms_channel_refuses_the_fallback_contact_is_alerted_in_theirs_without_the_draft(
    teams_server, bot_connector
):
    client = await teams_server(delivery_max_attempts=1)
    bot_connector.fail_next("POST", "/v3/conversations", status=403, retry_after=None)
    await post(client, channel_mention(bot_connector.url, CONFIDENTIAL))
    await poll(lambda: len(_channel_posts(bot_connector)) == 2, timeout=10, what="the alert")
    refused, alert = _channel_posts(bot_connector)
    assert refused.body["channelData"]["channel"]["id"] == COMMS
    assert alert.body["channelData"]["channel"]["id"] == "19:comms-cc@thread.tacv2", "Gerjan Vasse's channel"
    activity = alert.body["activity"]
    (entity,) = [e for e in activity["entities"] if e["type"] == "mention"]
    assert entity["mentioned"] == {"id": "29:gerjan", "name": "Gerjan Vasse"} and entity["text"] in activity["text"]
    assert "Topgeheim" not in json.dumps(alert.body), "an alert names the escalation, never the draft"
    (record,) = await client.services.store.list_escalations()
    assert record.status == "failed" and record.id in activity["text"]


async def _press(client, bot_connector, record, sender: dict, to: str, *, id: str):
    posted = record.delivery_ref["cards"][0]
    value = {"checkpost": "transition", "escalation_id": record.id, "to": to}
    conversation = posted["reference"]["conversation"]["id"]
    await post(client, card_submit(bot_connector.url, conversation, sender, value, id=id, reply_to=posted["activity_id"]))
    return conversation, posted["activity_id"]


async def test_a_contacts_press_updates_the_card_and_tells_the_author_in_the_reply_chain(teams_server, bot_connector):
    client = await teams_server()
    record = await _escalate(client, bot_connector)
    conversation, card_id = await _press(client, bot_connector, record, LIANNE, "approved", id="press-1")
    (update,) = bot_connector.sent("PUT")
    assert update.path == f"/v3/conversations/{conversation}/activities/{card_id}"
    assert update.body["text"].startswith("<at>Lianne Oosterbaan</at>"), "the thread keeps its mention"
    shown = texts(card_of(update.body))
    assert any("Lianne Oosterbaan gaf akkoord" in t for t in shown)
    assert submits(card_of(update.body)) == [], "a decided escalation offers no more decisions"
    (record,) = await client.services.store.list_escalations()
    assert record.status == "approved"
    author_thread = f"/v3/conversations/{CHANNEL};messageid=1700000000123/activities/"
    await poll(lambda: len(bot_connector.sent("POST", author_thread)) >= 2, what="the outcome in the author's thread")
    # Approving a draft nobody took yet takes it first, and the author hears only the decision.
    store = client.services.store
    history = [(h.actor_id, h.from_status, h.to_status) for h in await store.history(record.id)]
    assert history[1:] == [("29:lianne", "delivered", "acknowledged"), ("29:lianne", "acknowledged", "approved")]
    assert sum((await store.outbox_summary())["outcome"].values()) == 1
    outcomes = [c.body["text"] for c in bot_connector.sent("POST", author_thread)[1:]]
    assert outcomes == ["Lianne Oosterbaan gaf akkoord: je mag het concept plaatsen."]


async def test_only_the_escalations_contacts_may_press_its_buttons(teams_server, bot_connector):
    client = await teams_server()
    record = await _escalate(client, bot_connector)
    conversation, _ = await _press(client, bot_connector, record, ANN, "approved", id="press-ann")
    assert bot_connector.sent("PUT") == []
    (refusal,) = bot_connector.sent("POST", f"/v3/conversations/{conversation}/activities/press-ann")
    assert refusal.body["text"] == "Alleen de contactpersonen van deze escalatie kunnen hierover beslissen."
    (record,) = await client.services.store.list_escalations()
    assert record.status == "delivered"


@pytest.mark.parametrize(
    "installed",
    [
        {"type": "installationUpdate", "action": "add"},
        {"type": "conversationUpdate", "membersAdded": [BOT]},
    ],
)
async def test_an_escalation_also_reaches_a_contact_who_installed_the_app_one_to_one(teams_server, bot_connector, installed):
    client = await teams_server()
    await post(client, {**personal(bot_connector.url, LIANNE, id="install-1"), **installed})
    record = await _escalate(client, bot_connector)
    (direct,) = bot_connector.sent("POST", "/v3/conversations/a:chat-29:lianne/activities")
    assert "entities" not in direct.body or not direct.body["entities"]
    assert [a["title"] for a in submits(card_of(direct.body))] == ["Ik pak het op", "Akkoord", "Niet plaatsen"]
    # A press in the 1:1 chat updates that card and the channel's copy.
    (dm,) = [c for c in record.delivery_ref["cards"] if c["reference"]["conversation"]["id"] == "a:chat-29:lianne"]
    value = {"checkpost": "transition", "escalation_id": record.id, "to": "acknowledged"}
    press = personal(bot_connector.url, LIANNE, id="press-dm", value=value, replyToId=dm["activity_id"])
    await post(client, press)
    assert {c.path.split("/activities/")[0] for c in bot_connector.sent("PUT")} == {
        "/v3/conversations/a:chat-29:lianne",
        f"/v3/conversations/{record.delivery_ref['cards'][0]['reference']['conversation']['id']}",
    }


async def test_a_throttled_channel_post_is_retried(teams_server, bot_connector):
    client = await teams_server()
    bot_connector.fail_next("POST", "/v3/conversations", status=429, retry_after=0)
    record = await _escalate(client, bot_connector)
    assert len(_channel_posts(bot_connector)) == 2
    assert record.attempts == 2
    assert record.last_error == "Teams answered 429 to post an escalation in a comms channel"
    assert record.delivery_ref["cards"][0]["activity_id"]


async def test_disagreeing_with_a_finding_is_recorded_for_the_author_only(teams_server, bot_connector):
    client = await teams_server()
    await post(client, channel_mention(bot_connector.url, CONFIDENTIAL))
    (reply,) = bot_connector.sent("POST", "/activities/")
    (button,) = submits(card_of(reply.body))
    conversation = f"{CHANNEL};messageid=1700000000123"
    await post(client, card_submit(bot_connector.url, conversation, PIET, button["data"], id="dis-piet", reply_to="x"))
    await post(client, card_submit(bot_connector.url, conversation, ANN, button["data"], id="dis-ann", reply_to="x"))
    (not_author,) = bot_connector.sent("POST", "/activities/dis-piet")
    assert not_author.body["text"].startswith("Alleen wie het concept liet controleren")
    (thanks,) = bot_connector.sent("POST", "/activities/dis-ann")
    assert thanks.body["text"].startswith("Dank je.")
    report = await client.services.store.audit(datetime.now(timezone.utc) - timedelta(hours=1))
    assert [(d.rule, d.disputes) for d in report.disputed] == [(button["data"]["rule"], 1)]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("help", "@Checkpost divisie <naam>"),
        ("divisie Poort", "Je divisie is nu NS Poort."),
        ("taal en", "From now on I will answer you in English."),
        ("hepl", "'hepl' is geen commando dat ik ken."),
    ],
)
async def test_commands_are_answered_in_the_reply_chain(teams_server, bot_connector, typed, expected):
    client = await teams_server()
    await post(client, channel_mention(bot_connector.url, typed))
    (reply,) = bot_connector.sent("POST", "/activities/")
    assert expected in reply.body["text"]


async def test_replies_follow_taal_then_the_locale_then_dutch(teams_server, bot_connector):
    client = await teams_server()
    await post(client, channel_mention(bot_connector.url, CONFIDENTIAL, id="m-1", locale="en-US"))
    await post(client, channel_mention(bot_connector.url, CONFIDENTIAL, id="m-2", locale="fr-FR"))
    await post(client, channel_mention(bot_connector.url, "taal en", id="m-3", locale="fr-FR"))
    await post(client, channel_mention(bot_connector.url, CONFIDENTIAL, id="m-4", locale="nl-NL"))
    first = {c.path.rsplit("/", 1)[1]: c.body for c in bot_connector.sent("POST", "/activities/m-")}
    assert texts(card_of(first["m-1"]))[0].startswith("Review of your draft")
    assert texts(card_of(first["m-2"]))[0].startswith("Beoordeling van je concept")
    assert texts(card_of(first["m-4"]))[0].startswith("Review of your draft")


async def test_the_division_comes_from_the_directory_by_member_email(teams_server, bot_connector):
    bot_connector.members["29:piet"] = {"id": "29:piet", "name": "Piet Poort", "email": "piet@example.org", "aadObjectId": "aad-piet"}
    client = await teams_server()
    await post(client, channel_mention(bot_connector.url, CONFIDENTIAL, sender=PIET))
    assert bot_connector.sent("GET", "/members/29:piet")
    (record,) = await client.services.store.list_escalations()
    assert record.division == "NS Poort"


async def test_an_author_whose_division_is_unknown_is_told_how_to_set_it(teams_server, bot_connector):
    client = await teams_server()
    await post(client, channel_mention(bot_connector.url, CONFIDENTIAL, id="m-1"))
    await post(client, channel_mention(bot_connector.url, CONFIDENTIAL, id="m-2", sender=PIET))
    cards = {c.path.rsplit("/", 1)[1]: texts(card_of(c.body)) for c in bot_connector.sent("POST", "/activities/m-")}
    hint = "Stel je divisie in met `@Checkpost divisie <naam>`."
    assert not any(hint in text for text in cards["m-1"]), "Ann's division is known"
    assert any(hint in text for text in cards["m-2"]), "Piet's is not: the directory knows him by e-mail only"


async def test_the_message_action_reviews_the_message_it_was_used_on(teams_server, bot_connector):
    client = await teams_server()
    invoke = channel_mention(bot_connector.url, "", id="invoke-1")
    invoke.update(
        type="invoke",
        name="composeExtension/fetchTask",
        text=None,
        entities=None,
        value={
            "commandId": "checkPost",
            "commandContext": "message",
            "messagePayload": {
                "id": "1700000000999",
                "linkToMessage": "https://teams.microsoft.com/l/message/19:general@thread.tacv2/1700000000999",
                "body": {"contentType": "html", "content": "<p>Dit is <b>topgeheim</b>&nbsp;&amp; privé</p>"},
            },
        },
    )
    response = await post(client, invoke, status=200)
    task = (await response.json())["task"]
    assert task["type"] == "continue"
    card = task["value"]["card"]["content"]
    assert "Dit is topgeheim & privé" in texts(card), "only the person who used the action sees the dialog"
    (record,) = await client.services.store.list_escalations()
    assert record.origin["link"] == "https://teams.microsoft.com/l/message/19:general@thread.tacv2/1700000000999"
    # "Dit klopt niet" inside the dialog comes back as the action's submit.
    (button,) = submits(card)
    invoke.update(id="invoke-2", name="composeExtension/submitAction", value={"commandId": "checkPost", "data": button["data"]})
    response = await post(client, invoke, status=200)
    task = (await response.json())["task"]
    assert task["type"] == "message" and task["value"].startswith("Dank je.")


async def test_activities_from_another_tenant_are_ignored_when_a_tenant_is_configured(teams_server, bot_connector):
    client = await teams_server(teams_tenant_id="tenant-1")
    stranger = channel_mention(bot_connector.url, CONFIDENTIAL, id="other-1")
    stranger["channelData"]["tenant"]["id"] = "tenant-2"
    await post(client, stranger)
    await post(client, channel_mention(bot_connector.url, CONFIDENTIAL, id="own-1"))
    assert [c.path.rsplit("/", 1)[1] for c in bot_connector.sent("POST", "/activities/")] == ["own-1"]


async def test_with_an_app_id_a_request_without_a_bot_framework_token_is_refused(teams_server, bot_connector):
    client = await teams_server(dev=False, teams_app_id="8b5f4a4e-0000-4000-8000-000000000001", teams_app_password="secret")
    await post(client, channel_mention(bot_connector.url, CONFIDENTIAL), status=401)
    assert bot_connector.calls == []


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"<activity/>", "application/xml", 415),
        (b"{not json", "application/json", 400),
        (b'{"text": "no type"}', "application/json", 400),
    ],
)
async def test_malformed_requests_get_a_clear_status(teams_server, bot_connector, body, content_type, status):
    client = await teams_server()
    response = await client.post("/api/messages", data=body, headers={"Content-Type": content_type})
    assert response.status == status
    assert bot_connector.calls == []


@pytest.mark.parametrize(
    ("settings", "complaint"),
    [
        ({"teams_app_password": "secret"}, "CHECKPOST_TEAMS_APP_ID is empty"),
        ({"teams_app_id": "app", "teams_app_type": "SingleTenant", "teams_app_password": "secret"}, "CHECKPOST_TEAMS_TENANT_ID"),
        ({"teams_app_id": "app", "teams_app_type": "SingleTenant", "teams_tenant_id": "t"}, "CHECKPOST_TEAMS_APP_PASSWORD"),
        ({"teams_app_id": "app", "teams_app_type": "Personal"}, "CHECKPOST_TEAMS_APP_TYPE must be one of"),
    ],
)
async def test_unsafe_or_incomplete_teams_settings_refuse_to_start(teams_server, settings, complaint):
    with pytest.raises(SettingsError, match=complaint):
        await teams_server(dev=False, **settings)


def test_serve_refuses_an_empty_app_id_without_dev_and_says_why(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("CHECKPOST_TEAMS_APP_ID", "")
    monkeypatch.delenv("CHECKPOST_DEV", raising=False)
    monkeypatch.setenv("CHECKPOST_DATA_DIR", str(tmp_path))
    assert cli.run(["serve"]) == cli.EXIT_CONFIG
    complaint = capsys.readouterr().err
    assert "CHECKPOST_TEAMS_APP_ID is empty" in complaint and "--dev" in complaint
    assert list(tmp_path.iterdir()) == [], "refused before the slow start-up: no store was opened"
