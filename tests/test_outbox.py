"""The delivery worker against real stores (SQLite and PostgreSQL) with fault-injecting notifiers:
retries and backoff, Retry-After, giving up and alerting, crashes between claim and delivery, two workers
sharing one database, outcomes back to the author, and draft text kept out of errors and logs."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections import Counter
from datetime import timedelta

import pytest

from bot.notify import DeliveryError, LogNotifier
from bot.outbox import DeliveryWorker
from bot.store import utcnow

SECRET = "NL91ABNA0417164300"


class Recorder:
    """A notifier that raises the given failures first, in order, then delivers and records the items.
    With `hold`, every call waits for the event first (a slow platform)."""

    def __init__(self, *failures: BaseException, ref: dict | None = None, hold: asyncio.Event | None = None):
        self.failures = list(failures)
        self.ref = ref
        self.hold = hold
        self.calls = 0
        self.items = []

    async def deliver(self, item):
        self.calls += 1
        if self.hold:
            await self.hold.wait()
        if self.failures:
            raise self.failures.pop(0)
        self.items.append(item)
        return self.ref


class Hang:
    async def deliver(self, item):
        await asyncio.Event().wait()


async def eventually(condition, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not await condition():
            await asyncio.sleep(0.01)


async def test_a_ping_is_delivered_once_and_the_escalation_becomes_delivered(store, make_review, clock):
    notifier = Recorder(ref={"channel": "D0ANNA", "ts": "1.5"})
    worker = DeliveryWorker(store, {"slack": notifier})
    escalation_id = (await store.record_review(*make_review(), origin={"channel": "C1"})).escalation_id
    assert await worker.run_once() == 1
    [item] = notifier.items
    assert (item.kind, item.attempts, item.escalation.id) == ("escalation", 1, escalation_id)
    assert item.escalation.draft_text.startswith("Mijn IBAN")  # the contact reads the draft
    assert item.escalation.origin == {"channel": "C1"}
    record = await store.get_escalation(escalation_id)
    assert (record.status, record.delivery_ref, record.attempts, record.next_attempt_at) == (
        "delivered",
        {"channel": "D0ANNA", "ts": "1.5"},
        1,
        None,
    )
    assert [(h.actor_id, h.to_status) for h in await store.history(escalation_id)] == [("checkpost", "delivered")]
    clock.advance(3600)
    assert await worker.run_once() == 0
    assert notifier.calls == 1


@pytest.mark.parametrize(
    "platform, notifiers, expected",
    [
        ("slack", ("slack", "teams", "cli"), "slack"),
        ("teams", ("slack", "teams", "cli"), "teams"),
        ("cli", ("slack", "teams", "cli"), "cli"),
        ("mastodon", ("slack", "teams", "cli"), "cli"),
        ("teams", ("slack",), "log"),
    ],
)
async def test_the_notifier_is_the_one_of_the_drafts_platform(store, make_review, caplog, platform, notifiers, expected):
    recorders = {name: Recorder() for name in notifiers}
    worker = DeliveryWorker(store, recorders)
    escalation_id = (await store.record_review(*make_review(platform=platform))).escalation_id
    with caplog.at_level(logging.INFO, logger="checkpost.escalations"):
        assert await worker.run_once() == 1
    delivered_by = [name for name, r in recorders.items() if r.items]
    if expected == "log":
        assert delivered_by == [] and escalation_id in caplog.text
    else:
        assert delivered_by == [expected]


@pytest.mark.parametrize(
    "attempts, retry_after, jitter, delay",
    [
        (1, None, 1.0, 2.0),
        (2, None, 1.0, 4.0),
        (5, None, 1.0, 32.0),
        (5, None, 0.0, 16.0),
        (9, None, 1.0, 100.0),  # capped at max_delay
        (1, 30.0, 0.0, 30.0),
        (1, 30.0, 1.0, 33.0),  # never earlier than Retry-After, spread a little
        (7, 0.0, 1.0, 0.0),  # "now" means now, however many attempts went before
    ],
)
def test_retry_delays_grow_exponentially_with_jitter_or_follow_retry_after(store_less, attempts, retry_after, jitter, delay):
    worker = DeliveryWorker(store_less, {}, base_delay=2.0, max_delay=100.0, jitter=lambda: jitter)
    assert worker.retry_delay(attempts, retry_after) == pytest.approx(delay)


@pytest.fixture
def store_less():
    """Stands in for a store where a test needs none: the worker only reads its clock at construction."""

    class NoStore:
        clock = staticmethod(utcnow)

    return NoStore()


@pytest.mark.parametrize("failures", [1, 3])
async def test_a_failing_notifier_is_retried_with_backoff_until_it_delivers(store, make_review, clock, failures):
    notifier = Recorder(*(DeliveryError(f"slack 500 #{i}") for i in range(failures)))
    worker = DeliveryWorker(store, {"slack": notifier}, base_delay=2.0, jitter=lambda: 1.0)
    escalation_id = (await store.record_review(*make_review())).escalation_id
    for attempt in range(1, failures + 1):
        assert await worker.run_once() == 0
        record = await store.get_escalation(escalation_id)
        wait = 2.0 * 2 ** (attempt - 1)
        assert (record.status, record.attempts, record.last_error) == ("pending", attempt, f"slack 500 #{attempt - 1}")
        assert record.next_attempt_at == clock.now + timedelta(seconds=wait)
        clock.advance(wait - 0.001)
        assert await worker.run_once() == 0
        assert notifier.calls == attempt
        clock.advance(0.001)
    assert await worker.run_once() == 1
    record = await store.get_escalation(escalation_id)
    assert (record.status, record.attempts, len(notifier.items)) == ("delivered", failures + 1, 1)


async def test_a_rate_limited_delivery_waits_for_retry_after(store, make_review, clock):
    notifier = Recorder(DeliveryError("ratelimited", retry_after=30))
    worker = DeliveryWorker(store, {"slack": notifier}, base_delay=2.0, jitter=lambda: 0.0)
    escalation_id = (await store.record_review(*make_review())).escalation_id
    assert await worker.run_once() == 0
    assert (await store.get_escalation(escalation_id)).next_attempt_at == clock.now + timedelta(seconds=30)
    clock.advance(29.9)
    assert await worker.run_once() == 0 and notifier.calls == 1
    clock.advance(0.1)
    assert await worker.run_once() == 1


async def test_after_the_last_attempt_the_escalation_fails_and_the_fallback_is_alerted(store, make_review, clock):
    notifier = Recorder(*(DeliveryError(f"channel_not_found #{i}") for i in range(3)))
    fallback = Recorder()
    observed = []
    worker = DeliveryWorker(
        store,
        {"slack": notifier},
        fallback=fallback,
        max_attempts=3,
        jitter=lambda: 1.0,
        observe=lambda kind, result: observed.append((kind, result)),
    )
    escalation_id = (await store.record_review(*make_review())).escalation_id
    for _ in range(3):
        await worker.run_once()
        clock.advance(600)
    record = await store.get_escalation(escalation_id)
    assert (record.status, record.attempts, record.last_error) == ("failed", 3, "channel_not_found #2")
    assert [(h.actor_id, h.from_status, h.to_status) for h in await store.history(escalation_id)] == [
        ("checkpost", "pending", "failed")
    ]
    assert await worker.run_once() == 1  # the alert
    [alert] = fallback.items
    assert (alert.kind, alert.failed_kind, alert.reason, alert.escalation.id) == (
        "alert",
        "escalation",
        "channel_not_found #2",
        escalation_id,
    )
    assert notifier.calls == 3
    assert await store.outbox_summary() == {"escalation": {"failed": 1}, "alert": {"done": 1}}
    assert observed == [("escalation", "retry"), ("escalation", "retry"), ("escalation", "failed"), ("alert", "delivered")]


async def test_without_a_fallback_the_alert_is_logged_as_an_error(store, make_review, clock, caplog):
    worker = DeliveryWorker(store, {"slack": Recorder(DeliveryError("invalid_auth"))}, max_attempts=1)
    escalation_id = (await store.record_review(*make_review())).escalation_id
    with caplog.at_level(logging.INFO):
        await worker.run_once()
        assert await worker.run_once() == 1
    alerts = [r for r in caplog.records if r.name == "checkpost.escalations"]
    assert [r.levelno for r in alerts] == [logging.ERROR]
    assert escalation_id in alerts[0].getMessage() and "invalid_auth" in alerts[0].getMessage()
    assert SECRET not in caplog.text


async def test_an_alert_that_cannot_be_delivered_raises_no_further_alert(store, make_review, clock):
    fallback = Recorder(DeliveryError("smtp down"), DeliveryError("smtp down"))
    notifier = Recorder(DeliveryError("x"), DeliveryError("x"))
    worker = DeliveryWorker(store, {"slack": notifier}, fallback=fallback, max_attempts=2, jitter=lambda: 1.0)
    await store.record_review(*make_review())
    for _ in range(6):
        await worker.run_once()
        clock.advance(600)
    assert await store.outbox_summary() == {"escalation": {"failed": 1}, "alert": {"failed": 1}}
    assert fallback.calls == 2


async def test_an_outcome_that_fails_for_good_is_alerted_and_leaves_the_status(store, make_review, clock):
    notifier = Recorder()
    fallback = Recorder()
    worker = DeliveryWorker(store, {"slack": notifier}, fallback=fallback, max_attempts=1)
    escalation_id = (await store.record_review(*make_review())).escalation_id
    await worker.run_once()
    await store.transition(escalation_id, actor_id="U0ANNA", to_status="acknowledged")
    notifier.failures.append(DeliveryError("thread_not_found"))
    await worker.run_once()
    await worker.run_once()
    [alert] = fallback.items
    assert (alert.failed_kind, alert.reason) == ("outcome", "thread_not_found")
    assert (await store.get_escalation(escalation_id)).status == "acknowledged"


async def test_contact_decisions_go_back_to_the_author_in_order(store, make_review):
    notifier = Recorder()
    worker = DeliveryWorker(store, {"slack": notifier})
    origin = {"channel": "C1", "thread_ts": "1.2"}
    escalation_id = (await store.record_review(*make_review(), origin=origin)).escalation_id
    await worker.run_once()
    await store.transition(escalation_id, actor_id="U0ANNA", to_status="acknowledged")
    assert await worker.run_once() == 1
    await store.transition(escalation_id, actor_id="29:bram", to_status="approved")
    assert await worker.run_once() == 1
    assert [(i.kind, i.outcome, i.actor_id) for i in notifier.items] == [
        ("escalation", None, None),
        ("outcome", "acknowledged", "U0ANNA"),
        ("outcome", "approved", "29:bram"),
    ]
    assert notifier.items[-1].escalation.origin == origin
    assert notifier.items[-1].escalation.status == "approved"


async def test_errors_and_logs_never_quote_the_draft(store, make_review, caplog):
    leaky = Recorder(RuntimeError(f"cannot post {SECRET}"), ValueError(SECRET))
    worker = DeliveryWorker(store, {"slack": leaky}, base_delay=0.0)
    escalation_id = (await store.record_review(*make_review())).escalation_id
    with caplog.at_level(logging.DEBUG):
        assert await worker.run_once() == 0
        assert (await store.get_escalation(escalation_id)).last_error == "RuntimeError (not a DeliveryError)"
        assert await worker.run_once() == 0
        assert await worker.run_once() == 1
    assert SECRET not in caplog.text
    assert "RuntimeError" in caplog.text and "ValueError" in caplog.text


async def test_a_delivery_that_hangs_is_abandoned_and_retried(store, make_review):
    worker = DeliveryWorker(store, {"slack": Hang()}, delivery_timeout=0.05)
    escalation_id = (await store.record_review(*make_review())).escalation_id
    assert await worker.run_once() == 0
    record = await store.get_escalation(escalation_id)
    assert (record.status, record.attempts, record.last_error) == ("pending", 1, "no answer within 0.05 s")


def test_the_delivery_timeout_must_end_before_the_lease(store_less):
    with pytest.raises(ValueError):
        DeliveryWorker(store_less, {}, lease_seconds=60, delivery_timeout=60)


# --- crashes ---

CRASHING_WORKER = """
import asyncio, sys
from bot.outbox import DeliveryWorker
from bot.store import Store

class Announce:
    async def deliver(self, item):
        print("delivering", item.escalation.id, flush=True)
        await asyncio.Event().wait()

async def main():
    store = await Store.open(sys.argv[1], migrate=False)
    await DeliveryWorker(store, {"slack": Announce()}, lease_seconds=300).run_once()

asyncio.run(main())
"""


async def test_a_worker_killed_between_claim_and_delivery_leaves_the_escalation_to_be_retried(
    store, db_url, make_review, clock
):
    clock.now = utcnow()  # the worker in the other process runs on real time
    escalation_id = (await store.record_review(*make_review())).escalation_id
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CRASHING_WORKER, db_url, stdout=asyncio.subprocess.PIPE
    )
    try:
        line = await asyncio.wait_for(process.stdout.readline(), 30)
    finally:
        process.kill()
        await process.wait()
    assert line.decode().split() == ["delivering", escalation_id]
    record = await store.get_escalation(escalation_id)
    assert (record.status, record.attempts) == ("pending", 1)

    notifier = Recorder()
    restarted = DeliveryWorker(store, {"slack": notifier}, lease_seconds=300)
    clock.now = utcnow()
    assert await restarted.run_once() == 0  # the dead worker's lease still holds
    clock.advance(301)
    assert await restarted.run_once() == 1
    assert [item.escalation.id for item in notifier.items] == [escalation_id]
    record = await store.get_escalation(escalation_id)
    assert (record.status, record.attempts) == ("delivered", 2)


async def test_an_entry_that_outlives_every_attempt_is_given_up_without_another_try(store, make_review, clock):
    notifier = Recorder()
    fallback = Recorder()
    worker = DeliveryWorker(store, {"slack": notifier}, fallback=fallback, max_attempts=2, lease_seconds=300)
    escalation_id = (await store.record_review(*make_review())).escalation_id
    for _ in range(2):  # two workers that claimed it and died
        assert len(await store.claim_due(now=clock.now, limit=10, lease_seconds=300)) == 1
        clock.advance(301)
    assert await worker.run_once() == 0
    assert notifier.calls == 0
    assert (await store.get_escalation(escalation_id)).status == "failed"
    assert await worker.run_once() == 1
    assert fallback.items[0].reason == "the worker stopped during the last attempt"


async def test_two_workers_on_one_database_deliver_200_escalations_each_exactly_once(store, open_store, make_review):
    ids = [(await store.record_review(*make_review())).escalation_id for _ in range(200)]
    deliveries: Counter[str] = Counter()

    class Counting:
        async def deliver(self, item):
            deliveries[item.escalation.id] += 1
            await asyncio.sleep(0.001)  # a platform call: lets the other worker claim meanwhile
            return None

    replica = await open_store(migrate=False)
    workers = [DeliveryWorker(s, {"slack": Counting()}, batch_size=4) for s in (store, replica)]

    async def drain(worker) -> int:
        total = 0
        while delivered := await worker.run_once():
            total += delivered
        return total

    per_worker = await asyncio.gather(*(drain(w) for w in workers))
    assert sum(per_worker) == 200 and all(per_worker), per_worker
    assert deliveries == Counter({escalation_id: 1 for escalation_id in ids})
    assert len(await store.list_escalations(status="delivered", limit=500)) == 200
    assert await store.outbox_summary() == {"escalation": {"done": 200}}


# --- running and stopping ---


async def test_an_idle_worker_starts_at_once_when_an_escalation_is_recorded(store, make_review):
    notifier = Recorder()
    worker = DeliveryWorker(store, {"slack": notifier}, poll_interval=3600)
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run(stop))
    await asyncio.sleep(0.05)
    await store.record_review(*make_review())

    async def delivered():
        return bool(notifier.items)

    await eventually(delivered)
    stop.set()
    await asyncio.wait_for(running, 5)


async def test_stop_finishes_the_delivery_in_progress(store, make_review):
    hold = asyncio.Event()
    notifier = Recorder(hold=hold)
    worker = DeliveryWorker(store, {"slack": notifier}, poll_interval=0.01)
    running = asyncio.create_task(worker.run(asyncio.Event()))
    escalation_id = (await store.record_review(*make_review())).escalation_id

    async def called():
        return notifier.calls == 1

    await eventually(called)
    stopping = asyncio.create_task(worker.stop())
    await asyncio.sleep(0.05)
    assert not stopping.done()
    hold.set()
    await asyncio.wait_for(stopping, 5)
    assert running.done()
    assert (await store.get_escalation(escalation_id)).status == "delivered"


async def test_the_log_notifier_names_ids_and_rules_never_the_text(store, make_review, caplog):
    worker = DeliveryWorker(store, {"cli": LogNotifier()})
    escalation_id = (await store.record_review(*make_review(platform="cli"))).escalation_id
    with caplog.at_level(logging.INFO, logger="checkpost.escalations"):
        await worker.run_once()
        await store.transition(escalation_id, actor_id="U0ANNA", to_status="acknowledged")
        await worker.run_once()
    lines = [r.getMessage() for r in caplog.records if r.name == "checkpost.escalations"]
    assert len(lines) == 2
    assert "personal-data.iban" in lines[0] and "Anna de Vries, Bram Jansen" in lines[0]
    assert lines[1] == f"escalation {escalation_id}: acknowledged by U0ANNA"
    assert SECRET not in caplog.text
