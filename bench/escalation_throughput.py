"""Escalation throughput: from enqueue (`Store.record_review`) to the ping leaving through a notifier.

Two scenarios per database, each with one delivery worker:
- live: escalating reviews arrive at `--rate` per second while the worker runs; reports the latency from
  the start of `record_review` to the notifier's call (what a contact waits), p50 and p99;
- backlog: the escalations are queued first, then the worker drains them; reports the drain rate, the
  most one worker (one server replica) delivers.

Throughput counts until the last delivery is recorded in the store (the worker's report after the
notifier returned). The notifier does nothing but wait `--notify-ms`, so the figures are the store's and
the worker's, not a platform's.

SQLite runs on a temporary file. PostgreSQL runs when `--postgres URL` or CHECKPOST_TEST_POSTGRES_URL names
a server; the benchmark empties the store's tables in that database first, so point it at a scratch
database only (`.ci/postgres.sh` starts one).

    python bench/escalation_throughput.py [--count 1000] [--live-count 300] [--rate 50] [--notify-ms 0]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.models import Contact, Draft, EscalationDecision, Finding, Review
from bot.outbox import DeliveryWorker
from bot.store import Store, async_url
from bot.store.tables import metadata

TEXT = "Mijn IBAN is NL91ABNA0417164300, stuur maar geld."
REVIEW = Review(
    profile="ns",
    division="NS Reizigers",
    verdict="block",
    language="nl",
    reply_language="nl",
    findings=(
        Finding(
            rule="personal-data.iban",
            category="personal-data",
            severity="block",
            start=13,
            end=31,
            excerpt=TEXT[13:31],
            message="Een IBAN is persoonsgegeven.",
            suggestion="Laat het weg.",
            source="twintig stappen, punt 4",
        ),
    ),
    escalation=EscalationDecision(
        route="division", division="NS Reizigers", contacts=(Contact(name="Anna", slack_user_id="U0ANNA"),)
    ),
)
DRAFT = Draft(text=TEXT, platform="slack", author_id="U0AUTHOR")


class TimingNotifier:
    def __init__(self, delay: float):
        self.delay = delay
        self.sent: dict[str, float] = {}

    async def deliver(self, item):
        self.sent[item.escalation.id] = time.perf_counter()
        if self.delay:
            await asyncio.sleep(self.delay)
        return None


async def empty_postgres(url: str) -> str | None:
    """Drop the store's tables so the run starts from nothing; None, or why PostgreSQL cannot be used."""
    engine = create_async_engine(async_url(url))
    try:
        async with asyncio.timeout(5):
            async with engine.begin() as conn:
                await conn.run_sync(metadata.drop_all)
                await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        await engine.dispose()
    return None


async def scenario(url: str, *, count: int, notify_ms: float, rate: float | None) -> dict:
    """Deliver `count` escalations with one worker. With `rate`, escalations arrive at that many per
    second while the worker runs (live); without, they are all queued before it starts (backlog)."""
    store = await Store.open(url)
    notifier = TimingNotifier(notify_ms / 1000)
    done = asyncio.Event()
    delivered = 0

    def observe(kind: str, result: str) -> None:
        nonlocal delivered
        if result == "delivered":
            delivered += 1
            if delivered == count:
                done.set()

    worker = DeliveryWorker(store, {"slack": notifier}, observe=observe)
    enqueued: dict[str, float] = {}

    async def enqueue() -> None:
        started = time.perf_counter()
        stored = await store.record_review(REVIEW, DRAFT, origin={"channel": "C1"})
        enqueued[stored.escalation_id] = started

    stop = asyncio.Event()
    if rate is None:
        for _ in range(count):
            await enqueue()
    begin = time.perf_counter()
    running = asyncio.create_task(worker.run(stop))
    if rate is not None:
        arrivals = []
        for i in range(count):
            await asyncio.sleep(max(0.0, begin + i / rate - time.perf_counter()))
            arrivals.append(asyncio.create_task(enqueue()))
        await asyncio.gather(*arrivals)
    await done.wait()
    elapsed = time.perf_counter() - begin
    stop.set()
    await running
    await store.close()
    latencies = sorted((notifier.sent[i] - enqueued[i]) * 1000 for i in enqueued)
    return {
        "rate": count / elapsed,
        "p50": None if rate is None else statistics.median(latencies),
        "p99": None if rate is None else latencies[int(0.99 * (len(latencies) - 1))],
    }


def row(name: str, mode: str, count: int, result: dict) -> str:
    def fmt(value, spec):
        return "-" if value is None else format(value, spec)

    return (
        f"{name:9} {mode:12} {count:7} {result['rate']:12.0f} "
        f"{fmt(result['p50'], '8.1f')} {fmt(result['p99'], '8.1f')}"
    )


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="escalations per backlog scenario")
    parser.add_argument("--live-count", type=int, default=300, help="escalations per live scenario")
    parser.add_argument("--rate", type=float, default=50.0, help="arrivals per second in the live scenarios")
    parser.add_argument("--notify-ms", type=float, default=0.0, help="time each notifier call takes")
    parser.add_argument("--postgres", default=os.environ.get("CHECKPOST_TEST_POSTGRES_URL"), help="scratch database URL")
    args = parser.parse_args()

    databases = ["sqlite"]
    if args.postgres:
        problem = await empty_postgres(args.postgres)
        if problem:
            print(f"PostgreSQL skipped: {problem}", file=sys.stderr)
        else:
            databases.append("postgres")
    else:
        print("PostgreSQL skipped: give --postgres URL or set CHECKPOST_TEST_POSTGRES_URL", file=sys.stderr)

    folder = Path(tempfile.mkdtemp(prefix="checkpost-bench-"))
    print(f"notifier {args.notify_ms:g} ms; latency from record_review to the notifier's call")
    print(f"{'database':9} {'mode':12} {'count':>7} {'delivered/s':>12} {'p50 ms':>8} {'p99 ms':>8}")
    try:
        for name in databases:
            for rate in (args.rate, None):
                mode = "backlog" if rate is None else f"live {rate:g}/s"
                count = args.count if rate is None else args.live_count
                if name == "postgres":
                    await empty_postgres(args.postgres)
                    url = args.postgres
                else:
                    url = f"sqlite:///{folder / f'{rate or 0:g}.sqlite3'}"
                result = await scenario(url, count=count, notify_ms=args.notify_ms, rate=rate)
                print(row(name, mode, count, result), flush=True)
    finally:
        shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
