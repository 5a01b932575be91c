"""Microsoft Teams in front of the review engine, through the Bot Framework SDK (CloudAdapter).

Two halves. The translator pair is pure: `draft_text` turns an incoming activity (an @mention, a 1:1 message,
or the HTML of a message the "Controleer dit bericht" action was used on) into the draft exactly as written,
and `render_review` / `render_escalation` turn a review or an escalation into Adaptive Cards. The other half
talks to Teams: `TeamsBot` answers what arrives at /api/messages, `TeamsNotifier` delivers escalations into
the contacts' comms channel (and 1:1 chat, when one is known) and outcomes into the author's reply chain,
and `mount` puts both on the server. The SDK stays inside this module.

Wording comes from `config/messages.yaml` (the review labels and the `chat.*`, `escalation.*` and `command.*`
keys Slack shares), rule texts from the packs; contacts' channel and user ids from the deployment file.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

from aiohttp import web
from botbuilder.core import CardFactory, InvokeResponse, MessageFactory, TurnContext
from botbuilder.core.teams import TeamsActivityHandler, TeamsInfo
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationReference, Mention
from botbuilder.schema.teams import (
    MessagingExtensionActionResponse,
    TaskModuleContinueResponse,
    TaskModuleMessageResponse,
    TaskModuleTaskInfo,
)
from botframework.connector import Channels
from msrest.exceptions import ClientRequestError, HttpOperationError

from bot.commands import answer, parse
from bot.masking import mask, public_finding
from bot.messages import Messages
from bot.models import Contact, Finding, Review
from bot.notify import DeliveryError, alert_lines, fallback_contact
from bot.policy import Policy
from bot.render import escalation_line
from bot.services import (
    DEFAULT_LANGUAGE,
    REFUSALS,
    Author,
    Services,
    decide_escalation,
    division_hint,
    language_of_locale,
    log_failure,
    make_draft,
    record_disagreement,
    rejection_text,
    resolve_author,
    review_draft,
)
from bot.settings import Settings, SettingsError
from bot.store import CONTACT_STATUSES, EscalationRecord, OutboxItem, TransitionRefused

log = logging.getLogger(__name__)

PLATFORM = "teams"
# Proactive calls need a bot app id to take the CloudAdapter code paths; with authentication disabled
# (--dev, no app id) the SDK accepts any non-empty value.
DEV_APP_ID = "checkpost-dev"
APP_TYPES = {"multitenant": "MultiTenant", "singletenant": "SingleTenant", "userassignedmsi": "UserAssignedMSI"}

CARD_VERSION = "1.5"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"

# `value.checkpost` of an Action.Submit says what the press means; the rest of `value` says what it applies to.
SUBMIT_DISAGREE = "disagree"
SUBMIT_TRANSITION = "transition"
BUTTON_STYLES = {"approved": "positive", "rejected": "destructive"}

_VERDICT_COLOUR = {"pass": "good", "info": "accent", "warn": "warning", "block": "attention"}
_SEVERITY_COLOUR = {"info": "accent", "warn": "warning", "block": "attention"}
# What a call to the Bot Connector raises: an HTTP error answer, or no answer at all.
_TEAMS_ERRORS = (HttpOperationError, ClientRequestError)


# ---- incoming: activity -> draft text -------------------------------------------------------------------


_MENTION_MARKUP = re.compile(r"<at(?:\s[^>]*)?>(.*?)</at>", re.S)


def _clean(text: str) -> str:
    # Teams escapes the typed text as HTML (&amp;, &nbsp;); the draft is what the author typed.
    return html.unescape(text).replace("\xa0", " ").strip()


def draft_text(activity: Activity) -> str:
    """The draft in a message that @mentions the bot (or is sent to it 1:1): the text without the bot's
    mention markup. Only the mention entities that point at the bot are removed, each exactly once, so the
    bot's name elsewhere in the draft stays (the SDK's `remove_recipient_mention` would delete it); other
    mentions become the mentioned name."""
    text = activity.text or ""
    bot_id = activity.recipient.id if activity.recipient else None
    for entity in activity.entities or []:
        if entity.type != "mention":
            continue
        props = entity.additional_properties or {}
        mentioned = props.get("mentioned") or {}
        markup = props.get("text")
        if markup and mentioned.get("id") == bot_id:
            text = text.replace(markup, "", 1)
    # Other people's mentions are part of the draft: the author wrote their name.
    return _clean(_MENTION_MARKUP.sub(r"\1", text))


class _HtmlText(HTMLParser):
    """Collects the readable text of a Teams message body: block elements become line breaks, emoji and
    images their alt text, mention markup the mentioned name."""

    _BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self._BREAKS:
            self.parts.append("\n")
        elif tag in ("img", "emoji"):
            self.parts.append(dict(attrs).get("alt") or "")

    def handle_endtag(self, tag):
        if tag in self._BREAKS and tag != "br":
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(body: str) -> str:
    """Plain text of a message's HTML body, as the author wrote it (line breaks kept, runs of blank lines
    collapsed)."""
    parser = _HtmlText()
    parser.feed(body)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def message_payload_text(payload) -> str:
    """The text of the message a message action was used on (`MessageActionsPayload`)."""
    body = getattr(payload, "body", None)
    content = getattr(body, "content", None) or ""
    if (getattr(body, "content_type", None) or "html").lower() == "html":
        return html_to_text(content)
    return _clean(content)


def tenant_of(activity: Activity) -> str | None:
    # botbuilder-schema maps the conversation's tenant to the JSON key "tenantID" while Teams sends "tenantId",
    # so conversation.tenant_id stays empty: channelData is where Teams puts it reliably.
    tenant = (activity.channel_data or {}).get("tenant") or {}
    return tenant.get("id")


def message_link(activity: Activity) -> str | None:
    """A Teams deep link to the message `activity` is, for the escalation card: in a channel the message
    under its thread's root (the `;messageid=` part of the conversation id), in a chat the message itself."""
    conversation = activity.conversation.id if activity.conversation else None
    if not conversation or not activity.id:
        return None
    chat, _, root = conversation.partition(";messageid=")
    if root:
        query = {"tenantId": tenant_of(activity) or "", "parentMessageId": root}
    else:
        query = {"context": '{"contextType":"chat"}'}
    return f"https://teams.microsoft.com/l/message/{quote(chat, safe='')}/{quote(activity.id, safe='')}?{urlencode(query)}"


# ---- outgoing: review and escalation -> Adaptive Cards -----------------------------------------------------


def _card(body: list[dict], actions: list[dict] | None = None) -> dict:
    card = {"type": "AdaptiveCard", "$schema": CARD_SCHEMA, "version": CARD_VERSION, "body": body}
    if actions:
        card["actions"] = actions
    card["msteams"] = {"width": "Full"}
    return card


def _text(text: str, **style) -> dict:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def text_card(text: str) -> dict:
    """A card that only says `text`: refusals where a card is expected (the message action's dialog)."""
    return _card([_text(text)])


def _submit(title: str, data: dict, style: str | None = None) -> dict:
    action = {"type": "Action.Submit", "title": title, "data": data}
    if style:
        action["style"] = style
    return action


def _draft_block(text: str, findings, messages: Messages, language: str, *, public: bool) -> dict:
    return {
        "type": "Container",
        "style": "emphasis",
        "items": [
            _text(messages.get("label.draft", language), weight="Bolder", size="Small"),
            _text(mask(text, findings) if public else text),
        ],
    }


def _finding_section(finding: Finding, policy: Policy, messages: Messages, language: str, *, actions: list[dict]) -> dict:
    """One finding: what, where, why, the clause, the fix; where others read along, `finding` is the one
    `public_finding` gives."""
    label = policy.categories[finding.category].label.get(language)
    severity = messages.get(f"severity.{finding.severity}", language)
    items = [
        _text(f"{label} ({severity})", weight="Bolder", color=_SEVERITY_COLOUR[finding.severity]),
        {
            "type": "FactSet",
            "facts": [
                {"title": messages.get("label.where", language), "value": f"“{finding.excerpt}”"},
                {"title": messages.get("label.why", language), "value": finding.message},
                {"title": messages.get("label.clause", language), "value": finding.source},
                {"title": messages.get("label.fix", language), "value": finding.suggestion},
            ],
        },
    ]
    if actions:
        items.append({"type": "ActionSet", "actions": actions})
    return {"type": "Container", "separator": True, "spacing": "Medium", "items": items}


def render_review(
    review: Review,
    text: str,
    policy: Policy,
    messages: Messages,
    *,
    public: bool,
    review_id: str | None,
    author_id: str | None,
    hint: str | None = None,
) -> dict:
    """The review as an Adaptive Card for its author: verdict, the draft (personal data and confidential
    parts masked when `public`, i.e. others read along), one section per finding with a "Dit klopt niet"
    button that records the author's disagreement, whom the draft goes to and, if given, a hint for the
    author."""
    language = review.reply_language
    verdict = messages.get(f"verdict.{review.verdict}", language)
    body = [
        _text(f"{messages.get('heading.review', language)} ({policy.name})", weight="Bolder", size="Medium"),
        _text(f"{messages.get('label.verdict', language)}: {verdict}", weight="Bolder", color=_VERDICT_COLOUR[review.verdict]),
        _draft_block(text, review.findings, messages, language, public=public),
    ]
    for finding in review.findings:
        actions = []
        if review_id:
            data = {"checkpost": SUBMIT_DISAGREE, "review_id": review_id, "rule": finding.rule, "author": author_id}
            actions.append(_submit(messages.get("chat.button.disagree", language), data))
        shown = public_finding(finding, review.findings) if public else finding
        body.append(_finding_section(shown, policy, messages, language, actions=actions))
    body.append(_text(escalation_line(review.escalation, messages, language), separator=True, isSubtle=True))
    if hint:
        body.append(_text(hint, isSubtle=True))
    return _card(body)


def render_escalation(record: EscalationRecord, policy: Policy, messages: Messages) -> dict:
    """The escalation as its contacts see it: who asked and the verdict, where it stands, the draft and
    findings with personal data and confidential parts masked (a comms channel is read by many), a link
    to the author's conversation, and the buttons the current status allows."""
    language = record.language
    division = record.division or messages.get("escalation.no_division", language)
    verdict = messages.get(f"verdict.{record.verdict}", language)
    author = record.origin.get("author") or record.author_id or "?"
    body = [
        _text(messages.get("escalation.dm_heading", language, author=author, division=division, verdict=verdict), weight="Bolder", size="Medium"),
    ]
    if record.status in CONTACT_STATUSES:
        actor = record.actor_name(record.updated_by)
        body.append(_text(messages.get(f"escalation.status.{record.status}", language, actor=actor), weight="Bolder", color="accent"))
    if record.draft_text is not None:
        body.append(_draft_block(record.draft_text, record.findings, messages, language, public=True))
    for finding in record.findings:
        body.append(_finding_section(public_finding(finding, record.findings), policy, messages, language, actions=[]))
    actions = []
    if link := record.origin.get("link"):
        actions.append({"type": "Action.OpenUrl", "title": messages.get("escalation.open_thread", language), "url": link})
    for status in record.choices:
        data = {"checkpost": SUBMIT_TRANSITION, "escalation_id": record.id, "to": status}
        actions.append(_submit(messages.get(f"escalation.button.{status}", language), data, BUTTON_STYLES.get(status)))
    return _card(body, actions)


def mention(contact: Contact) -> tuple[str, Mention | None]:
    """How to name a contact in a Teams message: `<at>Name</at>` plus the mention entity that makes Teams
    notify them (the entity's text must appear verbatim in the message), or the plain name without an id."""
    if not contact.teams_user_id:
        return contact.name, None
    markup = f"<at>{html.escape(contact.name, quote=False)}</at>"
    return markup, Mention(mentioned=ChannelAccount(id=contact.teams_user_id, name=contact.name), text=markup, type="mention")


def escalation_activity(
    record: EscalationRecord, policy: Policy, messages: Messages, *, mentioning: tuple[Contact, ...] = ()
) -> Activity:
    """The escalation card as a message; with `mentioning`, the text above it @mentions those contacts."""
    activity = MessageFactory.attachment(CardFactory.adaptive_card(render_escalation(record, policy, messages)))
    if mentioning:
        names = [mention(contact) for contact in mentioning]
        activity.text = messages.get("escalation.thread_ping", record.language, contacts=", ".join(n for n, _ in names))
        activity.entities = [entity for _, entity in names if entity]
    return activity


# ---- Teams: settings, the bot behind /api/messages, the notifier -------------------------------------------


@dataclass(frozen=True)
class SdkConfig:
    """The settings under the attribute names the Bot Framework SDK reads."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str


def sdk_config(settings: Settings) -> SdkConfig:
    """The SDK's configuration from ours. Raises SettingsError, naming the setting, for what the SDK would
    refuse obscurely or, worse, accept: an empty app id turns off the check of every request's Bot
    Framework token, so it is refused unless the server runs in development mode (--dev)."""
    app_type = APP_TYPES.get(settings.teams_app_type.casefold())
    if app_type is None:
        raise SettingsError(f"CHECKPOST_TEAMS_APP_TYPE must be one of {', '.join(APP_TYPES.values())}")
    if not settings.teams_app_id and not settings.dev:
        raise SettingsError(
            "CHECKPOST_TEAMS_APP_ID is empty: Teams requests would be accepted without a Bot Framework token, "
            "from anyone. Set it to the bot's Microsoft app id, or start with --dev for local testing."
        )
    password = settings.teams_app_password.get_secret_value() if settings.teams_app_password else ""
    needs = {"SingleTenant": ("teams_app_id", "teams_app_password", "teams_tenant_id"), "UserAssignedMSI": ("teams_app_id", "teams_tenant_id")}
    missing = [f"CHECKPOST_{name.upper()}" for name in needs.get(app_type, ()) if not getattr(settings, name)]
    if missing:
        raise SettingsError(f"CHECKPOST_TEAMS_APP_TYPE={app_type} needs {' and '.join(missing)}")
    return SdkConfig(settings.teams_app_id, password, app_type, settings.teams_tenant_id or "")


def _is_personal(activity: Activity) -> bool:
    return bool(activity.conversation and activity.conversation.conversation_type == "personal")


def origin_of(activity: Activity, *, link: str | None = None) -> dict:
    """What the store keeps so that an outcome can be posted into the author's reply chain later, and the
    link the contacts follow to the conversation (`link`, else the link to `activity`)."""
    return {
        "platform": PLATFORM,
        "reference": TurnContext.get_conversation_reference(activity).serialize(),
        "link": link or message_link(activity),
        "author": activity.from_property.name if activity.from_property else None,
    }


def _reference(data: dict | None) -> ConversationReference | None:
    return ConversationReference().deserialize(data) if data else None


def _delivery_error(exc: Exception, what: str) -> DeliveryError:
    """A failed Bot Connector call as a retryable delivery error; never quotes what was sent."""
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    if status is None:
        return DeliveryError(f"Teams could not be reached to {what} ({type(exc).__name__})")
    retry_after = (getattr(response, "headers", None) or {}).get("Retry-After")
    try:
        seconds = float(retry_after) if retry_after is not None else None
    except ValueError:  # an HTTP date instead of seconds; let the worker's backoff decide
        seconds = None
    return DeliveryError(f"Teams answered {status} to {what}", retry_after=seconds)


class TeamsBot(TeamsActivityHandler):
    """Answers Teams: drafts and commands in messages, card buttons, the message action, and installs."""

    def __init__(self, services: Services, bot_app_id: str):
        self.services = services
        self.bot_app_id = bot_app_id

    @property
    def messages(self) -> Messages:
        return self.services.messages

    async def on_turn(self, turn_context: TurnContext):
        activity = turn_context.activity
        tenant = self.services.settings.teams_tenant_id
        if tenant and activity.channel_id == Channels.ms_teams and tenant_of(activity) != tenant:
            log.warning("ignored a Teams %s activity from another tenant", activity.type)
            return
        if activity.type in (ActivityTypes.message, ActivityTypes.invoke) and activity.id:
            if not await self.services.store.claim_request(f"{PLATFORM}:{activity.id}"):
                # Teams sends an activity again when the first answer was slow; it was handled already.
                log.info("ignored a repeated Teams activity")
                if activity.type == ActivityTypes.invoke:
                    await turn_context.send_activity(
                        Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=200))
                    )
                return
        await super().on_turn(turn_context)

    async def on_error(self, turn_context: TurnContext, error: Exception) -> None:
        """The adapter's turn-error hook: log the failure (type and traceback only; messages may quote the
        draft) and tell the author something went wrong rather than staying silent."""
        log_failure(log, "a Teams turn", error)
        language = language_of_locale(turn_context.activity.locale) or DEFAULT_LANGUAGE
        try:
            await turn_context.send_activity(MessageFactory.text(self.messages.get("error.internal", language)))
        except _TEAMS_ERRORS as exc:
            log.error("could not tell the author about it either: %s", type(exc).__name__)

    # -- who is asking

    async def _author(self, turn_context: TurnContext, *, look_up: bool = True) -> Author:
        """The author's division and language: their own choice, else the directory by Teams id, AAD object
        id or e-mail (from the member lookup, when `look_up`), else unknown; the language else the locale."""
        activity = turn_context.activity
        user = activity.from_property
        keys = [user.aad_object_id]
        if look_up:
            keys += await self._member_ids(turn_context)
        return await resolve_author(
            self.services, PLATFORM, user.id, member_keys=[k for k in keys if k], locale=activity.locale
        )

    async def _member_ids(self, turn_context: TurnContext) -> list[str | None]:
        """The e-mail address and UPN of who sent the activity, from Teams' member lookup; none when the
        lookup fails (the directory by Teams or AAD id still works without them)."""
        try:
            member = await TeamsInfo.get_member(turn_context, turn_context.activity.from_property.id)
        except _TEAMS_ERRORS as exc:
            log.info("Teams member lookup failed: %s", type(exc).__name__)
            return []
        return [member.email, member.user_principal_name]

    def _prefix(self, activity: Activity) -> str:
        return f"@{activity.recipient.name or 'Checkpost'}" if activity.recipient else "@Checkpost"

    # -- messages: drafts, commands, card buttons

    async def on_message_activity(self, turn_context: TurnContext):
        activity = turn_context.activity
        if isinstance(activity.value, dict) and activity.value.get("checkpost"):
            # An Action.Submit on one of our cards arrives as a message without text.
            await self._on_submit(turn_context, activity.value)
            return
        author = await self._author(turn_context)
        command = parse(draft_text(activity))
        if command.kind != "draft":
            reply = await answer(self.services, command, author, prefix=self._prefix(activity))
            await turn_context.send_activity(MessageFactory.text(reply))
            return
        result = await self._review(turn_context, author, command.argument, public=not _is_personal(activity))
        if isinstance(result, str):
            await turn_context.send_activity(MessageFactory.text(result))
        else:
            await turn_context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(result)))

    async def _review(
        self, turn_context: TurnContext, author: Author, text: str, *, public: bool, link: str | None = None
    ) -> dict | str:
        """Review and record `text`; the card to show, or the sentence that says why it was not reviewed."""
        draft = make_draft(self.services, author, text)
        try:
            outcome = await review_draft(self.services, draft, origin=origin_of(turn_context.activity, link=link))
        except REFUSALS as exc:
            return rejection_text(exc, self.messages, author.language)
        policy = self.services.policies.get(draft.profile)
        return render_review(
            outcome.review, text, policy, self.messages, public=public, review_id=outcome.review_id,
            author_id=author.user_id, hint=division_hint(self.services, author, prefix=self._prefix(turn_context.activity)),
        )

    async def _on_submit(self, turn_context: TurnContext, value: dict) -> None:
        if value.get("checkpost") == SUBMIT_DISAGREE:
            await turn_context.send_activity(MessageFactory.text(await self._feedback(turn_context, value)))
        elif value.get("checkpost") == SUBMIT_TRANSITION:
            await self._transition(turn_context, value)

    async def _feedback(self, turn_context: TurnContext, value: dict) -> str:
        """Record "Dit klopt niet" on one finding (a card's or the message action dialog's button)."""
        return await record_disagreement(
            self.services,
            await self._author(turn_context, look_up=False),
            review_id=str(value.get("review_id")),
            rule=str(value.get("rule")),
            draft_author=value.get("author"),
        )

    async def _transition(self, turn_context: TurnContext, value: dict) -> None:
        """A contact pressed Ik pak het op / Akkoord / Niet plaatsen: change the status, known as a contact by
        Teams id or AAD object id, else by e-mail or UPN; then show the new status on every copy of the card."""
        user = turn_context.activity.from_property
        try:
            record = await decide_escalation(
                self.services,
                str(value.get("escalation_id")),
                [user.id, user.aad_object_id],
                str(value.get("to")),
                more_actor_ids=lambda: self._member_ids(turn_context),
            )
        except TransitionRefused as exc:
            language = (await self._author(turn_context, look_up=False)).language
            await turn_context.send_activity(MessageFactory.text(self.messages.get(f"escalation.refused.{exc.code}", language)))
            return
        await self._refresh_cards(turn_context, record)

    async def _refresh_cards(self, turn_context: TurnContext, record: EscalationRecord) -> None:
        """Show the new status on every copy of the escalation card; a channel thread keeps its mentions."""
        policy = self.services.policies.get(record.profile)
        pressed = turn_context.activity.reply_to_id
        for posted in (record.delivery_ref or {}).get("cards", []):
            named = tuple(c for c in record.contacts if c.name in posted.get("mentioning", ()))
            updated = escalation_activity(record, policy, self.messages, mentioning=named)
            updated.id = posted["activity_id"]

            async def update(context: TurnContext, activity: Activity = updated) -> None:
                await context.update_activity(activity)

            try:
                if posted["activity_id"] == pressed:
                    await update(turn_context)
                else:
                    await turn_context.adapter.continue_conversation(_reference(posted["reference"]), update, self.bot_app_id)
            except _TEAMS_ERRORS as exc:  # the decision is recorded and the author told; a stale copy is cosmetic
                log.warning("could not update a copy of escalation %s: %s", record.id, type(exc).__name__)

    # -- the message action "Controleer dit bericht"

    async def _invoke_answer(self, turn_context: TurnContext, body) -> None:
        # CloudAdapter 4.17.1 serializes an invoke response's body a second time, which fails on the dict the
        # handler's own answer carries; an answer sent here, with the body still a model, is serialized once.
        await turn_context.send_activity(Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=200, body=body)))

    async def on_teams_messaging_extension_fetch_task(self, turn_context: TurnContext, action):
        """Review the message the action was used on and show the review in a dialog only the person who
        used it sees (so unmasked)."""
        author = await self._author(turn_context)
        message = action.message_payload
        text = message_payload_text(message) if message else ""
        result = await self._review(turn_context, author, text, public=False, link=message and message.link_to_message)
        card = text_card(result) if isinstance(result, str) else result
        info = TaskModuleTaskInfo(
            title=self.messages.get("heading.review", author.language), card=CardFactory.adaptive_card(card), width="large"
        )
        await self._invoke_answer(turn_context, MessagingExtensionActionResponse(task=TaskModuleContinueResponse(value=info)))

    async def on_teams_messaging_extension_submit_action(self, turn_context: TurnContext, action):
        """A "Dit klopt niet" pressed inside the message action's dialog."""
        value = action.data if isinstance(action.data, dict) else {}
        if value.get("checkpost") != SUBMIT_DISAGREE:
            await self._invoke_answer(turn_context, None)
            return
        reply = await self._feedback(turn_context, value)
        await self._invoke_answer(turn_context, MessagingExtensionActionResponse(task=TaskModuleMessageResponse(value=reply)))

    # -- installs: remember 1:1 chats so that escalations can also reach a contact directly

    async def on_installation_update_add(self, turn_context: TurnContext):
        if _is_personal(turn_context.activity):
            await self._remember_chat(turn_context)

    async def on_conversation_update_activity(self, turn_context: TurnContext):
        # Only "the bot joined a 1:1 chat" matters here; the SDK's own dispatch would look up every member
        # added to any team the bot is in.
        activity = turn_context.activity
        bot_id = activity.recipient.id if activity.recipient else None
        if _is_personal(activity) and any(m.id == bot_id for m in activity.members_added or []):
            await self._remember_chat(turn_context)

    async def _remember_chat(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        user = activity.from_property
        reference = TurnContext.get_conversation_reference(activity).serialize()
        for user_id in {user.id, user.aad_object_id} - {None}:
            await self.services.store.save_conversation_ref(PLATFORM, user_id, reference)


class TeamsNotifier:
    """Delivers a Teams author's escalation to its contacts and the contacts' decisions back to the author.

    An escalation becomes a new thread in each contact's comms channel (`teams_channel_id` in the deployment
    file, else CHECKPOST_TEAMS_ESCALATION_CHANNEL_ID) that @mentions them, plus a 1:1 message to every
    contact whose chat with the bot is known. The returned reference lists every card posted, so a button
    press can update them all. An outcome is a reply in the author's original reply chain. An alert about a
    delivery that failed for good is a new thread, @mentioning the pack's fallback contact, in their comms
    channel (or the default escalation channel).
    """

    def __init__(self, adapter: CloudAdapter, services: Services, bot_app_id: str):
        self.adapter = adapter
        self.services = services
        self.bot_app_id = bot_app_id

    def reaches(self, contact: Contact) -> bool:
        return bool(contact.teams_channel_id or self.services.settings.teams_escalation_channel_id)

    async def deliver(self, item: OutboxItem) -> dict | None:
        if item.kind == "escalation":
            return await self._escalate(item.escalation)
        if item.kind == "alert":
            return await self._alert(item)
        return await self._announce(item)

    async def _alert(self, item: OutboxItem) -> dict:
        record = item.escalation
        contact = fallback_contact(self.services.policies, item)
        channel = contact.teams_channel_id or self.services.settings.teams_escalation_channel_id
        if not channel:
            raise DeliveryError(f"the fallback contact of escalation {record.id} has no Teams channel")
        # A channel post needs a turn on some Bot Connector endpoint: the author's, when the draft came from
        # Teams, else the fallback contact's own 1:1 chat with the bot.
        reference = _reference(record.origin.get("reference"))
        if reference is None and contact.teams_user_id:
            reference = _reference(await self.services.store.get_conversation_ref(PLATFORM, contact.teams_user_id))
        if reference is None:
            raise DeliveryError(f"no Teams conversation is known to post the alert of escalation {record.id} from")
        name, entity = mention(contact)
        lines = alert_lines(item, self.services.messages, link=record.origin.get("link"))
        activity = MessageFactory.text("\n\n".join([name, *(html.escape(line, quote=False) for line in lines)]))
        activity.entities = [entity] if entity else None
        posted: dict = {}

        async def post(context: TurnContext) -> None:
            sent, activity_id = await TeamsInfo.send_message_to_teams_channel(context, activity, channel, bot_app_id=self.bot_app_id)
            posted.update(reference=sent.serialize(), activity_id=activity_id)

        try:
            await self.adapter.continue_conversation(reference, post, self.bot_app_id)
        except _TEAMS_ERRORS as exc:
            raise _delivery_error(exc, "post an alert in a comms channel") from None
        return posted

    def _channels(self, record: EscalationRecord) -> dict[str, tuple[Contact, ...]]:
        default = self.services.settings.teams_escalation_channel_id
        channels: dict[str, tuple[Contact, ...]] = {}
        for contact in record.contacts:
            if channel := contact.teams_channel_id or default:
                channels[channel] = channels.get(channel, ()) + (contact,)
        return channels

    async def _escalate(self, record: EscalationRecord) -> dict:
        origin = _reference(record.origin.get("reference"))
        if origin is None:
            raise DeliveryError(f"escalation {record.id} has no Teams conversation to deliver from")
        policy = self.services.policies.get(record.profile)
        messages = self.services.messages
        posted: list[dict] = []
        failure: DeliveryError | None = None

        async def post_in_channels(context: TurnContext) -> None:
            nonlocal failure
            for channel, contacts in self._channels(record).items():
                activity = escalation_activity(record, policy, messages, mentioning=contacts)
                try:
                    reference, activity_id = await TeamsInfo.send_message_to_teams_channel(
                        context, activity, channel, bot_app_id=self.bot_app_id
                    )
                except _TEAMS_ERRORS as exc:
                    failure = _delivery_error(exc, "post an escalation in a comms channel")
                    continue
                posted.append(
                    {"reference": reference.serialize(), "activity_id": activity_id, "mentioning": [c.name for c in contacts]}
                )

        # The channel post needs a turn on the author's Bot Connector endpoint; nothing is sent to the author.
        await self.adapter.continue_conversation(origin, post_in_channels, self.bot_app_id)
        for contact in record.contacts:
            if sent := await self._direct(contact, escalation_activity(record, policy, messages)):
                posted.append(sent)
        if not posted:
            raise failure or DeliveryError(
                f"escalation {record.id}: no comms channel and no 1:1 chat is known for its contacts; set their "
                "teams_channel_id in the deployment file or CHECKPOST_TEAMS_ESCALATION_CHANNEL_ID"
            )
        if failure:
            # Retrying would post the delivered copies again; the contacts reached can act on it.
            log.warning("escalation %s reached some of its Teams channels only: %s", record.id, failure)
        return {"platform": PLATFORM, "cards": posted}

    async def _direct(self, contact: Contact, activity: Activity) -> dict | None:
        """A copy in the contact's 1:1 chat with the bot, if they installed it; best effort."""
        if not contact.teams_user_id:
            return None
        reference = _reference(await self.services.store.get_conversation_ref(PLATFORM, contact.teams_user_id))
        if reference is None:
            return None
        sent: dict = {}

        async def send(context: TurnContext) -> None:
            response = await context.send_activity(activity)
            sent.update(reference=TurnContext.get_conversation_reference(context.activity).serialize(), activity_id=response.id)

        try:
            await self.adapter.continue_conversation(reference, send, self.bot_app_id)
        except _TEAMS_ERRORS as exc:  # e.g. 403 when the contact removed the app; the channel post stands
            log.warning("1:1 message to a contact failed: %s", _delivery_error(exc, "message a contact"))
            return None
        return sent

    async def _announce(self, item: OutboxItem) -> None:
        """Tell the author, in their reply chain, what a contact decided."""
        record = item.escalation
        origin = _reference(record.origin.get("reference"))
        if origin is None:
            raise DeliveryError(f"escalation {record.id} has no Teams conversation to answer in")
        text = self.services.messages.get(
            f"escalation.outcome.{item.outcome}", record.language, actor=record.actor_name(item.actor_id)
        )

        async def send(context: TurnContext) -> None:
            await context.send_activity(MessageFactory.text(text))

        try:
            await self.adapter.continue_conversation(origin, send, self.bot_app_id)
        except _TEAMS_ERRORS as exc:
            raise _delivery_error(exc, "tell the author the outcome") from None


def mount(app: web.Application, services: Services) -> TeamsNotifier:
    """Add /api/messages (the Bot Framework endpoint) to `app`; return the notifier for Teams escalations.
    Raises SettingsError when the Teams settings are unsafe or incomplete (see `sdk_config`)."""
    config = sdk_config(services.settings)
    if not config.APP_ID:
        log.warning("Teams runs WITHOUT authentication (development mode, no CHECKPOST_TEAMS_APP_ID)")
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(config))
    bot = TeamsBot(services, config.APP_ID or DEV_APP_ID)
    adapter.on_turn_error = bot.on_error

    async def messages(request: web.Request) -> web.Response:
        if request.content_type != "application/json":
            raise web.HTTPUnsupportedMediaType(text="expected an activity as application/json")
        try:
            await request.json()
        except ValueError:
            raise web.HTTPBadRequest(text="the body is not valid JSON") from None
        return await adapter.process(request, bot)

    app.router.add_post("/api/messages", messages)
    return TeamsNotifier(adapter, services, bot.bot_app_id)
