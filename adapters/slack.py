"""Slack: the `/checkpost` command, @mentions, the message shortcut and DMs in; reviews and escalations out.

`mount(app, services)` puts a slack-bolt AsyncApp behind `/slack/events` of the shared aiohttp server (and
connects Socket Mode when an app-level token is set) and returns the `SlackNotifier` that delivers Slack
escalations from the outbox. Bolt verifies every request's signature and age before any listener runs;
Events API retries are dropped by event id (`Store.claim_request`). Listeners answer Slack at once and do
the review as tracked background work (`Services.spawn`).

The translators are plain functions: `plain_text` turns Slack's message markup into the draft as the
author typed it; `render_parent`, `render_review` and `render_escalation` build Block Kit within Slack's
limits. Anything posted where others can read it masks personal and confidential spans. All wording
comes from `config/messages.yaml` and the policy packs; the app's scopes are in `config/slack-manifest.yaml`.
"""

from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp, AsyncRespond
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot import commands
from bot.masking import mask
from bot.messages import Messages
from bot.models import Review
from bot.models import Contact
from bot.notify import DeliveryError, alert_lines, fallback_contact
from bot.policy import Policy
from bot.render import escalation_line, finding_lines
from bot.services import (
    DEFAULT_LANGUAGE,
    REFUSALS,
    Author,
    Services,
    decide_escalation,
    division_hint,
    log_failure,
    make_draft,
    record,
    record_disagreement,
    rejection_text,
    resolve_author,
    review_only,
)
from bot.store import CONTACT_STATUSES, EscalationRecord, OutboxItem, TransitionRefused

log = logging.getLogger(__name__)

PLATFORM = "slack"
PREFIX = "/checkpost"
SHORTCUT = "checkpost_check"
DISAGREE = "checkpost_disagree"
DECISIONS = {f"checkpost_{status}": status for status in CONTACT_STATUSES}

# Block Kit limits: 50 blocks per message, 3,000 characters per text object, 2,000 per button value.
MAX_BLOCKS = 50
MAX_TEXT = 3000
# One heading, then findings, then "and N more", the escalation line and the division hint.
MAX_FINDING_BLOCKS = MAX_BLOCKS - 4
VERDICT_ICON = {"pass": ":white_check_mark:", "info": ":information_source:", "warn": ":warning:", "block": ":no_entry:"}
# Slack's answers when the bot may not post where it was asked (a private channel or a DM it is not in).
CANNOT_POST = frozenset({"not_in_channel", "channel_not_found", "is_archived", "restricted_action", "cannot_dm_bot"})
# How long what users.info told us about an author is reused: a division or locale rarely changes.
USER_CACHE_SECONDS = 600
USER_CACHE_MAX = 10_000

_MARKUP = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


# --- translators -------------------------------------------------------------------------------------


def plain_text(text: str, bot_user_id: str | None = None) -> str:
    """The text as the author typed it: Slack's `<@U1|ann>`, `<#C1|general>`, `<!here>` and `<url|label>`
    markup turned back into `@ann`, `#general`, `@here` and the link's label, mentions of the bot removed
    and `&amp;`, `&lt;`, `&gt;` unescaped."""

    def replace(match: re.Match) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith("@"):
            return "" if target[1:] == bot_user_id else "@" + (label or target[1:])
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            return label or "@" + target[1:].split("^")[0]
        return label or target.removeprefix("mailto:")

    return html.unescape(_MARKUP.sub(replace, text)).strip()


def escape(text: str) -> str:
    """Text safe to put in mrkdwn: no mention, link or broadcast can be smuggled in through a draft."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fit(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(text: str, limit: int = MAX_TEXT) -> str:
    return fit("\n".join("> " + line for line in escape(text).splitlines() or [""]), limit)


def _section(text: str, **extra) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": fit(text)}, **extra}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": fit(text)}]}


def _button(label: str, action_id: str, value: str, style: str | None = None) -> dict:
    button = {"type": "button", "action_id": action_id, "text": {"type": "plain_text", "text": label}, "value": value}
    if style:
        button["style"] = style
    return button


def _verdict(review_verdict: str, messages: Messages, language: str) -> str:
    return f"{VERDICT_ICON[review_verdict]} {messages.get(f'verdict.{review_verdict}', language)}"


def render_parent(review: Review, draft_text: str, author_id: str, messages: Messages) -> tuple[str, list[dict]]:
    """The channel's parent message: who asked, the verdict and the draft with personal and confidential
    spans masked. Returns the notification text and the blocks."""
    language = review.reply_language
    line = messages.get(
        "chat.requested_by", language, author=f"<@{author_id}>", verdict=_verdict(review.verdict, messages, language)
    )
    blocks = [_section(line), _section(quoted(mask(draft_text, review.findings)))]
    if review.findings:
        blocks.append(_context(messages.get("chat.findings_in_thread", language)))
    return line, blocks


def render_review(
    review: Review,
    policy: Policy,
    messages: Messages,
    *,
    review_id: str,
    author_id: str,
    public: bool,
    hint: str | None = None,
) -> tuple[str, list[dict]]:
    """The findings as Block Kit: the verdict, one section per finding (quoted part, why, clause, fix) with
    a "Dit klopt niet" button, the escalation and, if given, a hint for the author. `public` masks
    personal and confidential excerpts. Returns the notification text and the blocks."""
    language = review.reply_language
    heading = f"*{messages.get('heading.review', language)}* ({escape(policy.name)}): {_verdict(review.verdict, messages, language)}"
    blocks = [_section(heading)]
    disagree = messages.get("chat.button.disagree", language)
    for index, finding in enumerate(review.findings[:MAX_FINDING_BLOCKS]):
        title, *details = finding_lines(finding, policy, messages, language, public=public, findings=review.findings)
        text = "\n".join([f"*{escape(title)}*", *(escape(line.strip()) for line in details)])
        value = json.dumps({"review": review_id, "rule": finding.rule, "author": author_id})
        blocks.append(_section(text, accessory=_button(disagree, f"{DISAGREE}:{index}", value)))
    hidden = len(review.findings) - MAX_FINDING_BLOCKS
    if hidden > 0:
        blocks.append(_context(messages.get("chat.more_findings", language, count=hidden)))
    blocks.append(_context(escape(escalation_line(review.escalation, messages, language))))
    if hint:
        blocks.append(_context(hint))
    return heading, blocks


def _person(escalation: EscalationRecord, actor_id: str) -> str:
    """How to name someone who acted on an escalation: a Slack mention when we know their Slack id."""
    if contact := escalation.contact(actor_id):
        return f"<@{contact.slack_user_id}>" if contact.slack_user_id else escape(contact.name)
    return f"<@{actor_id}>" if re.fullmatch(r"[UW][A-Z0-9]+", actor_id) else escape(actor_id)


def render_escalation(
    escalation: EscalationRecord, policy: Policy, messages: Messages, *, permalink: str | None
) -> tuple[str, list[dict]]:
    """The contact's DM: the draft as written, its findings, a link to the author's thread and, while the
    escalation is open, the buttons to take it, approve it or stop it."""
    language = escalation.language
    author = f"<@{escalation.author_id}>" if escalation.author_id else "?"
    heading = messages.get(
        "escalation.dm_heading",
        language,
        author=author,
        division=escape(escalation.division or messages.get("escalation.no_division", language)),
        verdict=_verdict(escalation.verdict, messages, language),
    )
    blocks = [_section(heading), _section(quoted(escalation.draft_text or ""))]
    findings = [
        f"• *{escape(policy.categories[f.category].label.get(language))}*: {escape(f.message)}" for f in escalation.findings
    ]
    if findings:
        blocks.append(_section("\n".join(findings)))
    if permalink:
        blocks.append(_section(f"<{permalink}|{messages.get('escalation.open_thread', language)}>"))
    if escalation.status in CONTACT_STATUSES:
        actor = _person(escalation, escalation.updated_by or "")
        blocks.append(_context(messages.get(f"escalation.status.{escalation.status}", language, actor=actor)))
    if escalation.choices:
        styles = {"approved": "primary", "rejected": "danger"}
        buttons = [
            _button(messages.get(f"escalation.button.{s}", language), f"checkpost_{s}", escalation.id, styles.get(s))
            for s in escalation.choices
        ]
        blocks.append({"type": "actions", "elements": buttons})
    return heading, blocks


# --- the Web API, with failures the outbox understands ----------------------------------------------


def _slack_error(exc: SlackApiError) -> str:
    return str(exc.response.get("error") or exc.response.status_code)


async def _call(client: AsyncWebClient, method: str, *, tolerate: frozenset[str] = frozenset(), **params) -> dict | None:
    """Call a Web API method (by its slack_sdk name) for the delivery worker: None when Slack answers with an error in `tolerate`,
    any other failure becomes a DeliveryError, with Slack's Retry-After when it was rate limited (after
    the client's own retries)."""
    try:
        response = await getattr(client, method)(**params)
    except SlackApiError as exc:
        if _slack_error(exc) in tolerate:
            return None
        retry_after = exc.response.headers.get("Retry-After") if exc.response.status_code == 429 else None
        raise DeliveryError(f"slack {method}: {_slack_error(exc)}", retry_after=float(retry_after) if retry_after else None) from None
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise DeliveryError(f"slack {method}: {type(exc).__name__}") from None
    return response.data


class SlackNotifier:
    """Delivers Slack escalations: a DM with buttons to every contact with a Slack id and a mention in the
    author's thread; a decision's outcome into the author's thread (or a DM when the review had none); and
    an alert about a delivery that failed for good as a DM to the pack's fallback contact."""

    def __init__(self, client: AsyncWebClient, services: Services):
        self.client = client
        self.services = services

    def reaches(self, contact: Contact) -> bool:
        return bool(contact.slack_user_id)

    async def deliver(self, item: OutboxItem) -> dict | None:
        if item.kind == "escalation":
            return await self._escalate(item.escalation)
        if item.kind == "outcome":
            await self._tell_author(item.escalation, item.outcome or "", item.actor_id or "")
            return None
        return await self._alert(item)

    async def _permalink(self, escalation: EscalationRecord) -> str | None:
        """The link to the author's Slack thread; None when the review had none or Slack will not say."""
        origin = escalation.origin
        if not origin.get("thread_ts"):
            return None
        found = await _call(
            self.client, "chat_getPermalink", tolerate=CANNOT_POST, channel=origin["channel"], message_ts=origin["thread_ts"]
        )
        return found.get("permalink") if found else None

    async def _alert(self, item: OutboxItem) -> dict:
        contact = fallback_contact(self.services.policies, item)
        if not contact.slack_user_id:
            raise DeliveryError(f"the fallback contact of escalation {item.escalation.id} has no Slack user id")
        # A Teams author's escalation keeps the link to its reply chain in its origin.
        link = await self._permalink(item.escalation) or item.escalation.origin.get("link")
        text = "\n".join(escape(line) for line in alert_lines(item, self.services.messages, link=link))
        opened = await _call(self.client, "conversations_open", users=contact.slack_user_id)
        posted = await _call(self.client, "chat_postMessage", channel=opened["channel"]["id"], text=fit(text))
        return {"channel": posted["channel"], "ts": posted["ts"]}

    async def _escalate(self, escalation: EscalationRecord) -> dict:
        contacts = [c for c in escalation.contacts if c.slack_user_id]
        if not contacts:
            raise DeliveryError("no contact of this escalation has a Slack user id")
        origin = escalation.origin
        permalink = await self._permalink(escalation)
        policy = self.services.policies.get(escalation.profile)
        text, blocks = render_escalation(escalation, policy, self.services.messages, permalink=permalink)
        dms = []
        for contact in contacts:
            opened = await _call(self.client, "conversations_open", users=contact.slack_user_id)
            posted = await _call(self.client, "chat_postMessage", channel=opened["channel"]["id"], text=text, blocks=blocks)
            dms.append({"channel": posted["channel"], "ts": posted["ts"]})
        if origin.get("thread_ts"):
            mentions = " ".join(f"<@{c.slack_user_id}>" for c in contacts)
            ping = self.services.messages.get("escalation.thread_ping", escalation.language, contacts=mentions)
            # The DMs are what counts; a thread the bot may not post in only loses the mention.
            await _call(
                self.client, "chat_postMessage", tolerate=CANNOT_POST,
                channel=origin["channel"], thread_ts=origin["thread_ts"], text=ping,
            )
        return {"dms": dms, "permalink": permalink}

    async def _tell_author(self, escalation: EscalationRecord, outcome: str, actor_id: str) -> None:
        text = self.services.messages.get(
            f"escalation.outcome.{outcome}", escalation.language, actor=_person(escalation, actor_id)
        )
        origin = escalation.origin
        if origin.get("thread_ts"):
            posted = await _call(
                self.client, "chat_postMessage", tolerate=CANNOT_POST,
                channel=origin["channel"], thread_ts=origin["thread_ts"], text=text,
            )
            if posted is not None:
                return
        # No thread, or one the bot may no longer post in: the author hears it in a DM.
        opened = await _call(self.client, "conversations_open", users=escalation.author_id)
        await _call(self.client, "chat_postMessage", channel=opened["channel"]["id"], text=text)


# --- listeners ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlackUser:
    email: str | None
    locale: str | None
    division_hint: str | None


@dataclass(frozen=True)
class Reply:
    """Where an answer goes: the channel and thread to post in, or only the author (ephemeral).

    `parent` asks for a parent message first (a slash command has no message to thread under); `respond`
    is Slack's response_url, the way to reach the author where the bot may not post."""

    channel: str
    user_id: str
    thread_ts: str | None
    public: bool
    parent: bool = False
    respond: AsyncRespond | None = None


class SlackAdapter:
    def __init__(self, services: Services, client: AsyncWebClient, bolt: AsyncApp):
        self.services = services
        self.client = client
        self.bolt = bolt
        self._users: dict[str, tuple[float, SlackUser]] = {}
        bolt.middleware(self._dedupe)
        bolt.command(PREFIX)(self._on_command)
        bolt.event("app_mention")(self._on_mention)
        bolt.event("message")(self._on_message)
        bolt.shortcut(SHORTCUT)(self._on_shortcut)
        bolt.action(re.compile(f"^{DISAGREE}:"))(self._on_disagree)
        bolt.action(re.compile(f"^({'|'.join(DECISIONS)})$"))(self._on_decision)

    async def endpoint(self, request: web.Request) -> web.Response:
        return await to_aiohttp_response(await self.bolt.async_dispatch(await to_bolt_request(request)))

    async def _dedupe(self, body: dict, next) -> BoltResponse | None:
        # Slack re-sends an event it thinks went unanswered (X-Slack-Retry-Num); the first copy wins.
        event_id = body.get("event_id")
        if body.get("type") == "event_callback" and event_id:
            if not await self.services.store.claim_request(f"slack:{event_id}"):
                return BoltResponse(status=200, body="")
        return await next()

    # Entry points: each answers Slack now and reviews in the background.

    async def _on_command(self, ack, command: dict, respond: AsyncRespond) -> None:
        await ack()
        where = Reply(command["channel_id"], command["user_id"], None, public=True, parent=True, respond=respond)
        self.services.spawn(self._handle(where, plain_text(command.get("text", ""))), name="slack-command")

    async def _on_mention(self, event: dict, context) -> None:
        if event["channel"].startswith("D") or event.get("bot_id"):
            return  # a DM (channel ids D...) arrives as a message event too, and is answered there
        where = Reply(event["channel"], event["user"], event.get("thread_ts") or event["ts"], public=True)
        self.services.spawn(self._handle(where, plain_text(event.get("text", ""), context.bot_user_id)), name="slack-mention")

    async def _on_message(self, event: dict, context) -> None:
        # Only what a person writes in a DM with the bot; edits, joins and other bots' messages are not drafts.
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        where = Reply(event["channel"], event["user"], None, public=False)
        self.services.spawn(self._handle(where, plain_text(event.get("text", ""), context.bot_user_id)), name="slack-dm")

    async def _on_shortcut(self, ack, shortcut: dict, respond: AsyncRespond) -> None:
        await ack()
        message = shortcut.get("message", {})
        where = Reply(
            shortcut["channel"]["id"],
            shortcut["user"]["id"],
            message.get("thread_ts") or message.get("ts"),
            public=True,
            respond=respond,
        )
        text = plain_text(message.get("text", ""))
        self.services.spawn(self._handle(where, text, command=commands.Command("draft", text)), name="slack-shortcut")

    async def _on_disagree(self, ack, body: dict, action: dict, respond: AsyncRespond) -> None:
        await ack()
        self.services.spawn(self._disagree(body["user"]["id"], action["value"], respond), name="slack-disagree")

    async def _on_decision(self, ack, body: dict, action: dict, respond: AsyncRespond) -> None:
        await ack()
        to_status = DECISIONS[action["action_id"]]
        self.services.spawn(self._decide(action["value"], body["user"]["id"], to_status, respond), name="slack-decision")

    # The work.

    async def _handle(self, where: Reply, text: str, *, command: commands.Command | None = None) -> None:
        language = DEFAULT_LANGUAGE
        try:
            author = await self._author(where.user_id, where.channel)
            language = author.language
            await self._review_or_answer(where, author, command or commands.parse(text))
        except Exception as exc:  # the author must hear that it failed; the log gets the kind of failure
            log_failure(log, "slack review", exc)
            await self._private(where, self.services.messages.get("error.internal", language))

    async def _review_or_answer(self, where: Reply, author: Author, command: commands.Command) -> None:
        services = self.services
        if command.kind != "draft":
            await self._private(where, await commands.answer(services, command, author, prefix=PREFIX))
            return
        draft = make_draft(services, author, command.argument)
        try:
            result = review_only(services, draft)
        except REFUSALS as exc:
            await self._private(where, rejection_text(exc, services.messages, author.language))
            return
        thread_ts, public = where.thread_ts, where.public
        if where.parent:
            text, blocks = render_parent(result, draft.text, author.user_id, services.messages)
            thread_ts = await self._post(where.channel, None, text, blocks)
        if where.parent and thread_ts is None:
            public = False  # the bot may not post here: the author alone gets the full review
        origin = {"platform": PLATFORM, "channel": where.channel, "thread_ts": thread_ts, "user": author.user_id}
        outcome = await record(services, result, draft, origin=origin)
        hint = division_hint(services, author, prefix=PREFIX)

        def render(public: bool) -> tuple[str, list[dict]]:
            return render_review(
                result, services.policy, services.messages,
                review_id=outcome.review_id, author_id=author.user_id, public=public, hint=hint,
            )

        if public and await self._post(where.channel, thread_ts, *render(public=True)) is not None:
            return
        await self._private(where, *render(public=False))

    async def _post(self, channel: str, thread_ts: str | None, text: str, blocks: list[dict]) -> str | None:
        """Post and return the message's ts; None when Slack says the bot may not post there."""
        try:
            response = await self.client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text, blocks=blocks)
        except SlackApiError as exc:
            if _slack_error(exc) in CANNOT_POST:
                return None
            raise
        return response["ts"]

    async def _private(self, where: Reply, text: str, blocks: list[dict] | None = None) -> None:
        """Answer only the author: through response_url when Slack gave one, in the DM itself, or as an
        ephemeral message in the channel."""
        if where.respond is not None:
            await where.respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)
        elif not where.public:
            await self.client.chat_postMessage(channel=where.channel, text=text, blocks=blocks)
        else:
            await self.client.chat_postEphemeral(
                channel=where.channel, user=where.user_id, thread_ts=where.thread_ts, text=text, blocks=blocks
            )

    async def _author(self, user_id: str, channel: str) -> Author:
        user = await self._user(user_id)
        return await resolve_author(
            self.services,
            PLATFORM,
            user_id,
            member_keys=[user.email] if user.email else [],
            division_hints=[user.division_hint, self.services.settings.slack_channel_divisions.get(channel)],
            locale=user.locale,
        )

    async def _user(self, user_id: str) -> SlackUser:
        """E-mail, locale and the division profile field of a Slack user; cached, and empty when Slack will
        not say (a missing scope must not stop a review)."""
        now = self.services.clock()
        cached = self._users.get(user_id)
        if cached and cached[0] > now:
            return cached[1]
        email = locale = hint = None
        try:
            info = (await self.client.users_info(user=user_id, include_locale=True))["user"]
            email, locale = info.get("profile", {}).get("email"), info.get("locale")
            field = self.services.settings.slack_division_field
            if field:
                profile = (await self.client.users_profile_get(user=user_id))["profile"]
                hint = ((profile.get("fields") or {}).get(field) or {}).get("value")
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("could not look up a Slack user: %s", type(exc).__name__)
        user = SlackUser(email, locale, hint)
        if len(self._users) >= USER_CACHE_MAX:
            self._users.clear()
        self._users[user_id] = (now + USER_CACHE_SECONDS, user)
        return user

    async def _disagree(self, user_id: str, value: str, respond: AsyncRespond) -> None:
        pressed = json.loads(value)
        text = await record_disagreement(
            self.services,
            await self._author(user_id, ""),
            review_id=pressed["review"],
            rule=pressed["rule"],
            draft_author=pressed.get("author"),
        )
        await respond(text=text, response_type="ephemeral", replace_original=False)

    async def _decide(self, escalation_id: str, actor_id: str, to_status: str, respond: AsyncRespond) -> None:
        try:
            escalation = await decide_escalation(self.services, escalation_id, [actor_id], to_status)
        except TransitionRefused as exc:
            actor = await self._author(actor_id, "")
            text = self.services.messages.get(f"escalation.refused.{exc.code}", actor.language)
            await respond(text=text, response_type="ephemeral", replace_original=False)
            return
        await self._update_dms(escalation)

    async def _update_dms(self, escalation: EscalationRecord) -> None:
        """Show every contact's DM the new status, so no two contacts handle the same draft."""
        ref = escalation.delivery_ref or {}
        policy = self.services.policies.get(escalation.profile)
        text, blocks = render_escalation(escalation, policy, self.services.messages, permalink=ref.get("permalink"))
        for dm in ref.get("dms", []):
            await self.client.chat_update(channel=dm["channel"], ts=dm["ts"], text=text, blocks=blocks)


# --- wiring ------------------------------------------------------------------------------------------


def mount(app: web.Application, services: Services) -> SlackNotifier:
    """Serve Slack at /slack/events (and over Socket Mode when CHECKPOST_SLACK_APP_TOKEN is set) and
    return the notifier for Slack escalations."""
    settings = services.settings
    client = AsyncWebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url or AsyncWebClient.BASE_URL,
    )
    # slack_sdk retries only connection errors by default; rate limits are routine in busy workspaces.
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))
    bolt = AsyncApp(client=client, signing_secret=settings.slack_signing_secret.get_secret_value())
    adapter = SlackAdapter(services, client, bolt)
    app.router.add_post("/slack/events", adapter.endpoint)

    async def web_api_session(_app: web.Application):
        # One connection pool for every Web API call; without it slack_sdk opens a session per call.
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=client.timeout)) as session:
            client.session = session
            yield
            client.session = None

    app.cleanup_ctx.append(web_api_session)
    if settings.slack_app_token:
        socket = AsyncSocketModeHandler(bolt, settings.slack_app_token.get_secret_value())

        async def socket_mode(_app: web.Application):
            await socket.connect_async()
            yield
            await socket.close_async()

        app.cleanup_ctx.append(socket_mode)
    return SlackNotifier(client, services)
