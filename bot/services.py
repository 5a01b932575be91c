"""What the chat adapters share at run time, and the platform-neutral flow they all follow.

`Services` is built once at start-up (`Services.start(settings)`): the settings, every policy pack, the
product's messages, the store, a clock and the set of background tasks the server drains on shutdown.
The functions below are the steps every adapter takes the same way: find out who the author is (division
and reply language), review a draft, record the review (which queues any escalation), turn a refused
draft into a clear answer, and carry out the buttons: a contact's decision on an escalation and an
author's "Dit klopt niet" on a finding. Nothing here knows Slack or Teams.
"""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot import logs
from bot.directory import UnknownDivision
from bot.messages import Messages
from bot.metrics import Metrics
from bot.models import Draft, Review
from bot.pipeline import DraftRejected, review, warm_up
from bot.policy import Policy, PolicySet, UnknownProfile, load_policies
from bot.ratelimit import RateLimiter
from bot.settings import Settings
from checks.language import preload as preload_language_models

if TYPE_CHECKING:  # the store pulls in the database drivers, which the command line does not need
    from bot.store import EscalationRecord, Store

log = logging.getLogger(__name__)

# The answers to these are the author's to fix; anything else raised while reviewing is a fault of ours.
REFUSALS = (DraftRejected, UnknownDivision, UnknownProfile)
# How metrics name a refusal: a DraftRejected (the rate limit included) by its own code.
_REFUSAL_REASONS = {UnknownDivision: "unknown_division", UnknownProfile: "unknown_profile"}
DEFAULT_LANGUAGE = "nl"


def log_failure(logger: logging.Logger, what: str, exc: BaseException) -> None:
    """Log that `what` failed, by exception type and traceback only: messages may quote a draft."""
    logger.error("%s failed with %s\n%s", what, type(exc).__name__, "".join(traceback.format_tb(exc.__traceback__)))


class BackgroundTasks:
    """Work started after a request was answered, kept referenced until done and awaited on shutdown.

    asyncio holds only weak references to tasks, so an unreferenced task can vanish mid-way; and work that
    is not awaited on shutdown is lost silently. At most `limit` run at once and the rest wait their turn:
    when requests arrive faster than reviews finish, the queue stays here instead of piling up on the
    database's connections until they time out. Work must therefore not wait for work it spawns itself.
    Failures are logged by type and traceback only: exception messages may quote a draft, and draft text
    never goes to logs (`log_failure`).
    """

    def __init__(self, limit: int = 32) -> None:
        self._tasks: set[asyncio.Task] = set()
        self._slots = asyncio.Semaphore(limit)

    def spawn(self, coro: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(self._in_turn(coro), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    async def _in_turn(self, coro: Coroutine[Any, Any, Any]) -> Any:
        try:
            async with self._slots:
                return await coro
        finally:
            coro.close()  # a no-op once it ran; else (cancelled while waiting) it is never started

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            log_failure(log, f"background task {task.get_name()}", exc)

    def __len__(self) -> int:
        return len(self._tasks)

    async def drain(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for every running task (including ones they start), then cancel the rest."""
        deadline = time.monotonic() + timeout
        while self._tasks:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            await asyncio.wait(set(self._tasks), timeout=remaining)
        pending = set(self._tasks)
        for task in pending:
            task.cancel()
        if pending:
            log.warning("cancelled %d background tasks still running at shutdown", len(pending))
            await asyncio.gather(*pending, return_exceptions=True)


@dataclass
class Services:
    settings: Settings
    policies: PolicySet
    messages: Messages
    store: "Store"
    # Wall-clock seconds; tests replace it to move time (caches, expiry) without sleeping.
    clock: Callable[[], float] = time.time
    tasks: BackgroundTasks = field(default_factory=BackgroundTasks)
    metrics: Metrics = field(default_factory=Metrics)
    # Counts in `clock` seconds, so tests that move the clock move the rate limit's window too.
    limiter: RateLimiter = field(init=False)

    def __post_init__(self) -> None:
        self.limiter = RateLimiter(self.settings.review_rate_per_minute, clock=lambda: self.clock())

    @classmethod
    async def start(cls, settings: Settings, *, migrate: bool = True) -> "Services":
        """Load the policy packs and messages, build the checks' lazy resources and open the store.
        Raises PolicyError for a broken configuration, UnknownProfile for a wrong default profile."""
        policies = load_policies(settings.config_dir, settings.deployment_file)
        messages = Messages.load(settings.config_dir)
        # Language models and dictionaries take a while to build; pay that now, not in an author's review.
        warm_up(policies.get(settings.default_profile))
        preload_language_models()
        from bot.store import Store

        store = await Store.open(settings.resolved_database_url, migrate=migrate, retention_days=settings.retention_days)
        return cls(settings=settings, policies=policies, messages=messages, store=store)

    async def close(self) -> None:
        await self.store.close()

    def spawn(self, coro: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task:
        return self.tasks.spawn(coro, name=name)

    @property
    def policy(self) -> Policy:
        """The pack chat requests are reviewed against."""
        return self.policies.get(self.settings.default_profile)


@dataclass(frozen=True)
class Author:
    """Who asked for a review, as far as the adapter and the store can tell."""

    platform: str
    user_id: str
    division: str | None
    language: str
    # True when the division was not known and the reply should ask the author to set it.
    division_unknown: bool


@dataclass(frozen=True)
class ReviewOutcome:
    review: Review
    review_id: str
    escalation_id: str | None


def known_division(policy: Policy, name: str | None) -> str | None:
    """The directory's own name for `name` (a division or one of its aliases), or None when it is unknown."""
    if not name:
        return None
    try:
        return policy.directory.find(name).name
    except UnknownDivision:
        return None


def language_of_locale(locale: str | None) -> str | None:
    """`nl` or `en` for a platform locale such as `en-US` or `nl_NL`; None for any other language."""
    if not locale:
        return None
    code = locale.replace("_", "-").split("-")[0].lower()
    return code if code in ("nl", "en") else None


async def resolve_author(
    services: Services,
    platform: str,
    user_id: str,
    *,
    member_keys: Iterable[str] = (),
    division_hints: Iterable[str | None] = (),
    locale: str | None = None,
) -> Author:
    """The author's division and reply language.

    Division: the one the author chose (`divisie <naam>`), else the directory's member list by user id or by
    any of `member_keys` (e-mail addresses), else the first of `division_hints` the directory knows (the
    adapter's profile field, then the channel's default). Language: the one the author chose, else the
    platform's locale, else Dutch.
    """
    prefs = await services.store.get_preferences(platform, user_id)
    policy = services.policy
    division = known_division(policy, prefs.division if prefs else None)
    if division is None:
        for key in (user_id, *member_keys):
            division = known_division(policy, policy.directory.division_of_member(key)) if key else None
            if division:
                break
    if division is None:
        division = next(filter(None, (known_division(policy, hint) for hint in division_hints)), None)
    language = (prefs.language if prefs else None) or language_of_locale(locale) or DEFAULT_LANGUAGE
    return Author(platform, user_id, division, language, division_unknown=division is None)


def division_hint(services: Services, author: Author, *, prefix: str) -> str | None:
    """The line under a review that asks the author to set their division, when it is not known: without
    it an escalation goes to the general contact."""
    if not author.division_unknown:
        return None
    return services.messages.get("hint.division_unknown", author.language, prefix=prefix)


def make_draft(services: Services, author: Author, text: str, *, network: str | None = None) -> Draft:
    return Draft(
        text=text,
        profile=services.settings.default_profile,
        division=author.division,
        network=network,
        reply_language=author.language,
        platform=author.platform,
        author_id=author.user_id,
    )


def review_only(services: Services, draft: Draft) -> Review:
    """Review without recording: for adapters that must show the verdict before they know where the
    review's thread is (Slack posts the parent message first). Raises one of REFUSALS for bad input,
    RateLimited when the author asked for more reviews than the limit allows. Every review and refusal
    is counted in `services.metrics`; from here on the draft's text is kept out of the logs."""
    logs.hide_draft(draft.text)
    platform = draft.platform or "unknown"
    try:
        if draft.author_id:
            services.limiter.take((platform, draft.author_id))
        started = time.perf_counter()
        result = review(draft, services.policies.get(draft.profile))
    except REFUSALS as exc:
        reason = exc.code if isinstance(exc, DraftRejected) else _REFUSAL_REASONS[type(exc)]
        services.metrics.observe_refusal(reason, platform)
        raise
    services.metrics.observe_review(result, platform, time.perf_counter() - started)
    return result


async def record(services: Services, result: Review, draft: Draft, *, origin: dict | None) -> ReviewOutcome:
    """Store a review; when it escalates, the store queues the escalation for delivery in the same step.
    `origin` is what the adapter needs later to post into the author's thread."""
    stored = await services.store.record_review(result, draft, origin=origin)
    return ReviewOutcome(result, stored.review_id, stored.escalation_id)


async def review_draft(services: Services, draft: Draft, *, origin: dict | None) -> ReviewOutcome:
    """Review a draft and record it (see `record`). Raises one of REFUSALS for bad input."""
    return await record(services, review_only(services, draft), draft, origin=origin)


async def decide_escalation(
    services: Services,
    escalation_id: str,
    actor_ids: Iterable[str | None],
    to_status: str,
    *,
    more_actor_ids: Callable[[], Awaitable[Iterable[str | None]]] | None = None,
) -> EscalationRecord:
    """A contact pressed Ik pak het op, Akkoord or Niet plaatsen: change the escalation's status and return
    it as it now stands; the store queues the news for the author. Approving or stopping a draft nobody
    took yet takes it first, so the history stays complete, and the author hears only the decision.

    The one who pressed is whichever of `actor_ids` (the ids their platform sent with the press) names a
    contact of the escalation; only when none does is `more_actor_ids` asked, for ids that cost a lookup
    (an e-mail address). Raises TransitionRefused for an unknown escalation, someone who is not its
    contact, or a status it cannot take now."""
    record = await services.store.get_escalation(escalation_id)
    candidates = [actor_id for actor_id in actor_ids if actor_id]
    actor = None
    if record is not None:
        actor = next(filter(record.is_contact, candidates), None)
        if actor is None and more_actor_ids is not None:
            actor = next(filter(record.is_contact, filter(None, await more_actor_ids())), None)
    # The store refuses an unknown escalation, and anyone matching no contact under the first id they came with.
    return await services.store.transition(
        escalation_id, actor_id=actor or next(iter(candidates), ""), to_status=to_status, take_first=True
    )


async def record_disagreement(
    services: Services, author: Author, *, review_id: str, rule: str, draft_author: str | None
) -> str:
    """`author` pressed "Dit klopt niet" on the finding of `rule` in a review of `draft_author`'s draft:
    record it for the comms team's audit and return the answer for them. Only the draft's author may."""
    from bot.store import UnknownFinding  # the store pulls in the database drivers (see the top of this file)

    messages = services.messages
    if draft_author != author.user_id:
        return messages.get("chat.feedback_not_author", author.language)
    try:
        await services.store.record_feedback(review_id, rule, platform=author.platform, user_id=author.user_id)
    except UnknownFinding:
        return messages.get("chat.feedback_unknown", author.language)
    return messages.get("chat.feedback_thanks", author.language, rule=rule)


def rejection_text(exc: Exception, messages: Messages, language: str) -> str:
    """The clear, translated answer to a draft that cannot be reviewed as given."""
    if isinstance(exc, DraftRejected):
        return messages.get(f"error.{exc.code}", language, **exc.values)
    if isinstance(exc, UnknownDivision):
        return messages.get("error.unknown_division", language, division=exc.division, known=", ".join(exc.known))
    if isinstance(exc, UnknownProfile):
        return messages.get("error.unknown_profile", language, profile=exc.profile, known=", ".join(exc.known))
    raise exc
