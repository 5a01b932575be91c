"""Slack end to end: signed requests into the real server and Bolt app, a fake Slack Web API behind it.

Each test sends what Slack would send to /slack/events and then waits for what the bot sends back to the
fake (`tests/fakes/slack_api.py`): where it posts, in which thread, masked or not, and what it escalates.
"""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from bot.models import MAX_DRAFT_CHARS
from tests.fakes import poll
from tests.fakes.slack_api import BOT_USER_ID

# A draft that reveals confidential information: blocked, masked in public, escalated to the division.
SECRET = "Topgeheim: de reorganisatie van ons team gaat door, nog niet delen graag."
SECRET_WORD = "Topgeheim"
CLEAN = "Wat een prachtige zonsondergang vanavond boven de weilanden."


def texts(blocks: list[dict]) -> str:
    """Every piece of text in Block Kit blocks, for assertions on what a reader sees."""
    return json.dumps(blocks, ensure_ascii=False)


async def idle(services) -> None:
    """Wait until the bot has finished all work it started after answering."""
    await poll(lambda: len(services.tasks) == 0, what="the background work to finish")


async def thread_reply(fake, channel: str):
    """The first successful post into a thread of `channel`."""
    await poll(lambda: any("thread_ts" in c.params for c in fake.posted(channel)), what=f"a thread reply in {channel}")
    return next(c for c in fake.posted(channel) if "thread_ts" in c.params)


async def test_slash_command_posts_a_masked_parent_and_the_findings_in_its_thread(slack):
    fake, slack_requests, services = slack
    started = time.perf_counter()
    response = await slack_requests.command(SECRET)
    assert response.status == 200 and await response.text() == ""
    assert time.perf_counter() - started < 3  # Slack's limit; the review itself happens after the answer

    reply = await thread_reply(fake, "C0GENERAL")
    parent = fake.posted("C0GENERAL")[0]
    assert "thread_ts" not in parent.params
    assert reply.params["thread_ts"] == parent.result["ts"]
    assert "<@U0AUTHOR>" in parent.params["text"]
    assert SECRET_WORD not in texts(parent.params["blocks"]) and "█" in texts(parent.params["blocks"])
    assert "reorganisatie" in texts(parent.params["blocks"])  # only the confidential span is masked
    findings = [b for b in reply.params["blocks"] if b.get("accessory", {}).get("action_id", "").startswith("checkpost_disagree")]
    assert findings, "one section with a 'Dit klopt niet' button per finding"
    assert all(b["accessory"]["text"]["text"] == "Dit klopt niet" for b in findings)
    assert SECRET_WORD not in texts(reply.params["blocks"])  # not in the excerpt, nor where the message quotes it


async def test_a_clean_draft_gets_a_pass_and_no_escalation(slack):
    fake, slack_requests, services = slack
    await slack_requests.command(CLEAN)
    reply = await thread_reply(fake, "C0GENERAL")
    await idle(services)
    assert "Geen bezwaren gevonden" in reply.params["text"]
    assert "Geen escalatie nodig" in texts(reply.params["blocks"])
    assert fake.to("conversations.open") == []


async def test_where_the_bot_may_not_post_the_full_review_comes_as_an_ephemeral_reply(slack):
    fake, slack_requests, services = slack
    fake.not_in_channel.add("C0PRIVATE")
    await slack_requests.command(SECRET, channel="C0PRIVATE", hook="private")
    (answer,) = await fake.wait_for("response_url")
    assert answer["response_type"] == "ephemeral"
    assert SECRET_WORD in texts(answer["blocks"])  # only the author sees it, so nothing is masked
    assert fake.posted("C0PRIVATE") == []
    # The escalation still reaches the contact, without a thread to link or mention in.
    await poll(lambda: fake.posted("DU0LIANNE"), what="the escalation DM")
    await idle(services)
    assert fake.to("chat.getPermalink") == []


@pytest.mark.parametrize(
    "event_fields, expected_thread",
    [
        ({"ts": "1690000000.000200", "thread_ts": "1690000000.000100"}, "1690000000.000100"),  # in a thread
        ({"ts": "1690000000.000300"}, "1690000000.000300"),  # in the channel: start a thread under it
    ],
)
async def test_a_mention_is_answered_in_its_thread(slack, event_fields, expected_thread):
    fake, slack_requests, services = slack
    event = {"type": "app_mention", "user": "U0AUTHOR", "channel": "C0GENERAL", "text": f"<@{BOT_USER_ID}> {SECRET}", **event_fields}
    await slack_requests.event(event, event_id="Ev0MENTION")
    reply = await thread_reply(fake, "C0GENERAL")
    assert reply.params["thread_ts"] == expected_thread
    assert "confidential" in texts(reply.params["blocks"])


async def test_a_mention_without_text_asks_for_a_draft_instead_of_reviewing_the_mention(slack):
    fake, slack_requests, services = slack
    event = {"type": "app_mention", "user": "U0AUTHOR", "channel": "C0GENERAL", "text": f"<@{BOT_USER_ID}> ", "ts": "1690000000.000400"}
    await slack_requests.event(event, event_id="Ev0EMPTY")
    (ephemeral,) = await fake.wait_for("chat.postEphemeral")
    assert ephemeral["user"] == "U0AUTHOR" and ephemeral["thread_ts"] == "1690000000.000400"
    assert "Je concept is leeg" in ephemeral["text"]


async def test_the_message_shortcut_reviews_that_message_in_its_thread(slack):
    fake, slack_requests, services = slack
    payload = {
        "type": "message_action", "callback_id": "checkpost_check", "trigger_id": "1.2", "team": {"id": "T0001"},
        "channel": {"id": "C0GENERAL", "name": "general"}, "user": {"id": "U0AUTHOR"},
        "message": {"type": "message", "user": "U0OTHER", "ts": "1690000000.000500", "text": SECRET},
        "message_ts": "1690000000.000500", "response_url": slack_requests.hook("shortcut"),
    }
    response = await slack_requests.interaction(payload)
    assert response.status == 200
    reply = await thread_reply(fake, "C0GENERAL")
    assert reply.params["thread_ts"] == "1690000000.000500"
    assert "confidential" in texts(reply.params["blocks"])


async def test_a_dm_is_reviewed_and_answered_in_the_dm(slack):
    fake, slack_requests, services = slack
    event = {"type": "message", "channel_type": "im", "user": "U0AUTHOR", "channel": "D0AUTHOR", "text": SECRET, "ts": "1690000000.000600"}
    await slack_requests.event(event, event_id="Ev0DM")
    await poll(lambda: fake.posted("D0AUTHOR"), what="the answer in the DM")
    (answer,) = fake.posted("D0AUTHOR")
    assert "thread_ts" not in answer.params
    assert SECRET_WORD in texts(answer.params["blocks"])  # a DM is private: the excerpt is shown as written


@pytest.mark.parametrize(
    "event",
    [
        {"type": "message", "channel_type": "im", "user": "U0AUTHOR", "channel": "D0AUTHOR", "subtype": "message_changed", "ts": "1.1"},
        {"type": "message", "channel_type": "im", "bot_id": "B0OTHER", "channel": "D0AUTHOR", "text": SECRET, "ts": "1.2"},
        {"type": "message", "channel_type": "channel", "user": "U0AUTHOR", "channel": "C0GENERAL", "text": SECRET, "ts": "1.3"},
        # In a DM the same text also arrives as a message event, which is the one answered.
        {"type": "app_mention", "user": "U0AUTHOR", "channel": "D0AUTHOR", "text": f"<@{BOT_USER_ID}> {SECRET}", "ts": "1.4"},
    ],
    ids=["an edit", "another bot", "a channel message", "a mention in a DM"],
)
async def test_messages_that_are_not_a_dm_from_a_person_are_not_reviewed(slack, event):
    fake, slack_requests, services = slack
    response = await slack_requests.event(event, event_id="Ev0IGNORED")
    assert response.status == 200  # answered, so Slack does not retry
    await idle(services)
    assert fake.to("chat.postMessage") == [] and fake.to("chat.postEphemeral") == []


async def test_a_retried_event_is_answered_once(slack):
    fake, slack_requests, services = slack
    event = {"type": "app_mention", "user": "U0AUTHOR", "channel": "C0GENERAL", "text": f"<@{BOT_USER_ID}> {CLEAN}", "ts": "1690000000.000700"}
    first = await slack_requests.event(event, event_id="Ev0RETRY")
    retries = [await slack_requests.event(event, event_id="Ev0RETRY", retry=n) for n in (1, 2)]
    assert first.status == 200 and all(r.status == 200 for r in retries)
    await thread_reply(fake, "C0GENERAL")
    await idle(services)
    assert len(fake.posted("C0GENERAL")) == 1


async def test_a_retried_escalating_event_escalates_once(slack):
    fake, slack_requests, services = slack
    event = {"type": "message", "channel_type": "im", "user": "U0AUTHOR", "channel": "D0AUTHOR", "text": SECRET, "ts": "1690000000.000800"}
    await slack_requests.event(event, event_id="Ev0ESC")
    await slack_requests.event(event, event_id="Ev0ESC", retry=1)
    await poll(lambda: fake.posted("DU0LIANNE"), what="the escalation DM")
    await idle(services)
    assert len(fake.posted("DU0LIANNE")) == 1 and len(fake.posted("D0AUTHOR")) == 1


@pytest.mark.parametrize("tamper", ["unsigned", "wrong secret", "body changed", "replayed after 6 minutes"])
async def test_unverified_requests_are_refused_before_any_handler(slack, tamper):
    fake, slack_requests, services = slack
    body = "command=%2Fcheckpost&text=hallo&user_id=U0AUTHOR&channel_id=C0GENERAL&team_id=T0001"
    form = "application/x-www-form-urlencoded"
    headers = {
        "unsigned": {"Content-Type": form},
        "wrong secret": {**slack_requests.headers(body, form), "X-Slack-Signature": "v0=" + "0" * 64},
        "body changed": slack_requests.headers(body.replace("hallo", "iets anders"), form),
        "replayed after 6 minutes": slack_requests.headers(body, form, timestamp=int(time.time()) - 360),
    }[tamper]
    response = await slack_requests.post(body, form, headers)
    assert response.status == 401
    assert len(services.tasks) == 0 and fake.calls == []


async def test_a_rate_limited_call_is_retried_after_retry_after(slack):
    fake, slack_requests, services = slack
    fake.rate_limit("chat.postMessage", times=1, retry_after=0)
    await slack_requests.command(CLEAN)
    reply = await thread_reply(fake, "C0GENERAL")
    attempts = [c for c in fake.calls if c.method == "chat.postMessage" and "thread_ts" not in c.params]
    assert [a.result["ok"] for a in attempts] == [False, True]
    assert reply.params["thread_ts"] == attempts[1].result["ts"]


async def test_when_slack_refuses_a_post_the_author_hears_it_and_the_log_keeps_no_draft(slack, caplog):
    fake, slack_requests, services = slack
    fake.fail("chat.postMessage", "invalid_blocks")
    await slack_requests.command(SECRET)
    (answer,) = await fake.wait_for("response_url")
    assert answer["response_type"] == "ephemeral"
    assert "Er ging iets mis bij het controleren van je concept" in answer["text"]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "slack review failed with SlackApiError" in logged and SECRET_WORD not in logged


def press(slack_requests, action_id: str, value: str, user: str, hook: str, channel: str = "DU0LIANNE") -> dict:
    return {
        "type": "block_actions", "user": {"id": user}, "api_app_id": "A0001", "token": "legacy",
        "team": {"id": "T0001"}, "trigger_id": "1.2", "channel": {"id": channel},
        "container": {"type": "message", "channel_id": channel, "message_ts": "1700000000.000009"},
        "response_url": slack_requests.hook(hook),
        "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": value, "action_ts": "1"}],
    }


async def test_an_escalation_dm_reaches_the_contact_and_their_buttons_update_it_and_tell_the_author(slack):
    fake, slack_requests, services = slack
    await slack_requests.command(SECRET)
    reply = await thread_reply(fake, "C0GENERAL")
    thread = reply.params["thread_ts"]
    await poll(lambda: fake.posted("DU0LIANNE"), what="the escalation DM")
    (dm,) = fake.posted("DU0LIANNE")
    assert [c["users"] for c in fake.to("conversations.open")] == ["U0LIANNE"]
    assert SECRET_WORD in texts(dm.params["blocks"])  # the contact judges the draft as written
    assert f"/p{thread.replace('.', '')}" in texts(dm.params["blocks"])  # the link to the author's thread
    buttons = next(b for b in dm.params["blocks"] if b["type"] == "actions")["elements"]
    assert [b["text"]["text"] for b in buttons] == ["Ik pak het op", "Akkoord", "Niet plaatsen"]
    escalation_id = buttons[0]["value"]
    await poll(lambda: any("<@U0LIANNE>" in c.params["text"] for c in fake.posted("C0GENERAL")), what="the mention in the thread")

    async def status_is(expected: str) -> None:
        deadline = time.monotonic() + 5
        while (record := await services.store.get_escalation(escalation_id)).status != expected:
            assert time.monotonic() < deadline, f"the escalation stayed {record.status}, never {expected}"
            await asyncio.sleep(0.01)

    await status_is("delivered")

    # Someone who is not a contact of this escalation: refused, nothing changes.
    await slack_requests.interaction(press(slack_requests, "checkpost_approved", escalation_id, "U0STRANGER", "stranger"))
    (refusal,) = await fake.wait_for("response_url")
    assert refusal["response_type"] == "ephemeral" and "Alleen de contactpersonen" in refusal["text"]
    await idle(services)
    await status_is("delivered")
    assert fake.to("chat.update") == []

    # The contact takes it: the DM shows who, the author hears it in the thread.
    await slack_requests.interaction(press(slack_requests, "checkpost_acknowledged", escalation_id, "U0LIANNE", "take"))
    (update,) = await fake.wait_for("chat.update")
    assert update["channel"] == dm.result["channel"] and update["ts"] == dm.result["ts"]
    assert "<@U0LIANNE> pakt dit op" in texts(update["blocks"])
    remaining = next(b for b in update["blocks"] if b["type"] == "actions")["elements"]
    assert [b["text"]["text"] for b in remaining] == ["Akkoord", "Niet plaatsen"]
    await poll(lambda: any("opgepakt" in c.params["text"] for c in fake.posted("C0GENERAL")), what="the outcome in the thread")

    # And approves it: no buttons left, the author may post.
    await slack_requests.interaction(press(slack_requests, "checkpost_approved", escalation_id, "U0LIANNE", "approve"))
    updates = await fake.wait_for("chat.update", 2)
    assert not any(b["type"] == "actions" for b in updates[1]["blocks"])
    await poll(lambda: any("je mag het concept plaatsen" in c.params["text"] for c in fake.posted("C0GENERAL")), what="the approval in the thread")
    outcome = next(c for c in fake.posted("C0GENERAL") if "je mag het concept plaatsen" in c.params["text"])
    assert outcome.params["thread_ts"] == thread
    await status_is("approved")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("help", "`/checkpost divisie <naam>`"),
        ("", "Je concept is leeg"),
        ("hepl", "'hepl' is geen commando"),
        ("divisie Atlantis", "Onbekende divisie 'Atlantis'. Kies uit: NS Reizigers"),
        ("divisie", "Je divisie is NS Reizigers"),  # the author is listed under NS Reizigers in the directory
        ("taal klingon", "Kies `/checkpost taal nl`"),
        ("x" * (MAX_DRAFT_CHARS + 1), f"de grens is {MAX_DRAFT_CHARS}"),
    ],
    ids=["help", "empty", "unknown word", "unknown division", "current division", "unknown language", "too long"],
)
async def test_commands_and_bad_drafts_get_a_clear_private_answer(slack, text, expected):
    fake, slack_requests, services = slack
    await slack_requests.command(text)
    (answer,) = await fake.wait_for("response_url")
    assert answer["response_type"] == "ephemeral"
    assert expected in answer["text"]
    await idle(services)
    assert fake.posted() == []


async def test_the_chosen_division_and_language_apply_to_the_next_review(slack):
    fake, slack_requests, services = slack
    await slack_requests.command("divisie nedtrain", user="U0NOBODY")
    await slack_requests.command("taal en", user="U0NOBODY")
    answers = await fake.wait_for("response_url", 2)
    assert any("Je divisie is nu NS NedTrain" in a["text"] for a in answers)
    assert any("I will answer you in English" in a["text"] for a in answers)
    await slack_requests.command(SECRET, user="U0NOBODY")
    reply = await thread_reply(fake, "C0GENERAL")
    assert "Review of your draft" in reply.params["text"]
    assert "Belle Prinssen (NS NedTrain)" in texts(reply.params["blocks"])


@pytest.mark.parametrize(
    "user, channel, expected",
    [
        ("U0AUTHOR", "C0GENERAL", "Lianne Oosterbaan (NS Reizigers)"),  # the directory, by e-mail
        ("U0MEMBER", "C0GENERAL", "Lianne Oosterbaan (NS Reizigers)"),  # the directory, by Slack user id
        ("U0FIELD", "C0POORT", "Belle Prinssen (NS NedTrain)"),  # the profile field, before the channel
        ("U0NOBODY", "C0POORT", "Gjerryt Leuwerink (NS Poort)"),  # the channel's default
        ("U0NOBODY", "C0GENERAL", "Stel je divisie in met `/checkpost divisie <naam>`"),  # unknown: asked to set it
    ],
)
async def test_the_authors_division_comes_from_directory_profile_or_channel(slack, user, channel, expected):
    fake, slack_requests, services = slack
    await slack_requests.command(SECRET, user=user, channel=channel)
    reply = await thread_reply(fake, channel)
    assert expected in texts(reply.params["blocks"])


async def test_replies_follow_the_slack_locale_when_no_language_was_chosen(slack):
    fake, slack_requests, services = slack
    await slack_requests.command(CLEAN, user="U0ENGLISH")
    reply = await thread_reply(fake, "C0GENERAL")
    assert "Review of your draft" in reply.params["text"]
    assert "No issues found" in reply.params["text"]


async def test_dit_klopt_niet_records_the_authors_disagreement_and_only_the_authors(slack):
    fake, slack_requests, services = slack
    await slack_requests.command(SECRET)
    reply = await thread_reply(fake, "C0GENERAL")
    button = next(b["accessory"] for b in reply.params["blocks"] if "accessory" in b)
    for user, hook in (("U0OTHER", "other"), ("U0AUTHOR", "author")):
        payload = press(slack_requests, button["action_id"], button["value"], user, hook, channel="C0GENERAL")
        await slack_requests.interaction(payload)
    answers = await fake.wait_for("response_url", 2)
    by_hook = {c.params.get("text"): c for c in fake.calls if c.method == "response_url"}
    assert any("Alleen wie het concept liet controleren" in t for t in by_hook)
    assert any("ik heb genoteerd dat je het oneens bent met confidential." in t.lower() for t in by_hook)
    assert all(a["response_type"] == "ephemeral" for a in answers)
    report = await services.store.audit(services.store.clock().replace(year=2000))
    assert [(d.rule, d.disputes) for d in report.disputed if d.rule.startswith("confidential.")] == [(json.loads(button["value"])["rule"], 1)]
