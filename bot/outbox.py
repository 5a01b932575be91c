"""The delivery worker: drains the store's outbox through the notifiers, and retries until it must give up.

It decides when a delivery is tried again and when it has failed for good. The deliveries themselves live
in the store's `outbox` table (see `bot.store.database`); the worker keeps nothing but its settings, so any
number of workers, in one process or in several server replicas on one PostgreSQL, can run side by side.

One round (`run_once`): lease the due entries (`Store.claim_due`), hand each to the notifier of the
platform its draft came from (the `cli` notifier, else a log notifier, for platforms without one; alerts to
the fallback notifier, else the log), and report the result:

- delivered: done (a ping moves its escalation to `delivered` and keeps the returned reference);
- DeliveryError, a time-out, or any other exception: tried again after an exponential backoff with jitter,
  or no sooner than the notifier's `retry_after` (a 429's Retry-After);
- the last of `max_attempts` failed: the entry fails (a ping fails its escalation) and an alert for the
  fallback contact is queued in the same transaction.

Each outcome is also reported to `observe(kind, result)` (result `delivered`, `retry` or `failed`), which
the server points at its metrics.

The lease is what makes a crash harmless: a worker that dies after claiming never reports back, the lease
runs out, and the entry is due again for whichever worker looks next. A delivery that runs out of
time is abandoned well before its lease ends, so two workers never hold one entry. Delivery is therefore
at least once, and exactly once unless the database fails between a delivery and its report.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta

from bot.notify import DeliveryError, LogNotifier, Notifier
from bot.store import Claim, OutboxItem, Store

logger = logging.getLogger(__name__)

# Errors are kept with the entry and logged; a bound keeps one chatty platform answer from bloating either.
_MAX_ERROR = 500


class DeliveryWorker:
    def __init__(
        self,
        store: Store,
        notifiers: Mapping[str, Notifier],
        *,
        fallback: Notifier | None = None,
        max_attempts: int = 8,
        base_delay: float = 2.0,
        max_delay: float = 600.0,
        lease_seconds: float = 300.0,
        delivery_timeout: float = 60.0,
        batch_size: int = 16,
        poll_interval: float = 1.0,
        clock: Callable[[], datetime] | None = None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
        observe: Callable[[str, str], None] | None = None,
    ):
        if delivery_timeout >= lease_seconds:
            raise ValueError("delivery_timeout must be shorter than lease_seconds, or two workers could deliver one entry")
        self._store = store
        self._notifiers = dict(notifiers)
        self._log = LogNotifier()
        self._fallback = fallback or self._log
        self._max_attempts = max_attempts
        self._base_delay = base_delay
        self._max_delay = max_delay
        self._lease_seconds = lease_seconds
        self._delivery_timeout = delivery_timeout
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._clock = clock or store.clock
        self._sleep = sleep
        self._jitter = jitter
        self._observe = observe or (lambda kind, result: None)
        self._stopping = asyncio.Event()
        self._stopped = asyncio.Event()
        self._stopped.set()

    def notifier_for(self, item: OutboxItem) -> Notifier:
        if item.kind == "alert":
            return self._fallback
        return self._notifiers.get(item.escalation.platform) or self._notifiers.get("cli") or self._log

    def retry_delay(self, attempts: int, retry_after: float | None) -> float:
        """Seconds until the next try after `attempts` failed ones. Jitter spreads the retries of entries
        that failed together (one platform outage) so they do not all return at once."""
        if retry_after is not None:
            return retry_after * (1 + 0.1 * self._jitter())
        delay = min(self._max_delay, self._base_delay * 2 ** (attempts - 1))
        return delay * (0.5 + 0.5 * self._jitter())

    async def run_once(self) -> int:
        """One round over the entries due now; returns how many were delivered."""
        return sum(await self._round())

    async def _round(self) -> list[bool]:
        claims = await self._store.claim_due(
            now=self._clock(), limit=self._batch_size, lease_seconds=self._lease_seconds
        )
        return list(await asyncio.gather(*(self._deliver(claim) for claim in claims)))

    async def run(self, stop_event: asyncio.Event) -> None:
        """Deliver until `stop_event` is set or `stop()` is called; a round that finds work is followed
        at once by the next, an idle worker waits for the poll interval or a new entry from this process."""
        self._stopping.clear()
        self._stopped.clear()
        wake = asyncio.Event()
        unlisten = self._store.add_listener(wake.set)
        try:
            while not (stop_event.is_set() or self._stopping.is_set()):
                wake.clear()
                try:
                    busy = bool(await self._round())
                except Exception:  # the database may be restarting; the next round tries again
                    logger.exception("delivery round failed")
                    busy = False
                if not busy:
                    await self._idle(stop_event, self._stopping, wake)
        finally:
            unlisten()
            self._stopped.set()

    async def _idle(self, *events: asyncio.Event) -> None:
        waiters = [asyncio.ensure_future(e.wait()) for e in events]
        waiters.append(asyncio.ensure_future(self._sleep(self._poll_interval)))
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()

    async def stop(self) -> None:
        """Finish the deliveries in progress, then return; `run` ends."""
        self._stopping.set()
        await self._stopped.wait()

    async def _deliver(self, claim: Claim) -> bool:
        item = claim.item
        if item.attempts > self._max_attempts:
            # Only a worker that died during its last attempt leaves an entry with more attempts than
            # allowed; an entry that kills every worker must not be tried forever.
            await self._give_up(claim, "the worker stopped during the last attempt")
            return False
        try:
            async with asyncio.timeout(self._delivery_timeout):
                ref = await self.notifier_for(item).deliver(item)
        except DeliveryError as exc:
            error, retry_after = str(exc)[:_MAX_ERROR], exc.retry_after
        except TimeoutError:
            error, retry_after = f"no answer within {self._delivery_timeout:g} s", None
        except Exception as exc:  # a notifier's bug or an unwrapped network error
            # Only the type: the message of an arbitrary exception may quote the draft.
            error, retry_after = f"{type(exc).__name__} (not a DeliveryError)", None
        else:
            if not await self._store.complete(claim, ref=ref, now=self._clock()):
                logger.warning("%s %s was delivered after its lease ran out", item.kind, item.id)
            self._observe(item.kind, "delivered")
            return True
        if item.attempts >= self._max_attempts:
            await self._give_up(claim, error)
            return False
        delay = self.retry_delay(item.attempts, retry_after)
        await self._store.retry_later(claim, error=error, next_attempt_at=self._clock() + timedelta(seconds=delay))
        self._observe(item.kind, "retry")
        logger.warning(
            "%s %s of escalation %s failed (attempt %d of %d), next try in %.1f s: %s",
            item.kind,
            item.id,
            item.escalation.id,
            item.attempts,
            self._max_attempts,
            delay,
            error,
        )
        return False

    async def _give_up(self, claim: Claim, error: str) -> None:
        item = claim.item
        await self._store.give_up(claim, error=error, now=self._clock())
        self._observe(item.kind, "failed")
        logger.error(
            "%s %s of escalation %s failed for good after %d attempts: %s",
            item.kind,
            item.id,
            item.escalation.id,
            item.attempts,
            error,
        )
