"""Soak run: one `checkpost serve` process under a steady mix of Slack slash commands and Teams messages for
a few minutes, on loopback. Does it stay fast, keep its memory, and answer everything without an error?

The server runs pinned to one core against the fake Slack and Teams APIs (scripts/harness.py), with the
bundled packs and a deployment file, so reviews escalate and the delivery worker delivers as in production.
`--concurrency` clients each send one request and wait until its review arrives at the fake (the thread
reply in Slack, the reply card in Teams) before sending the next, alternating platforms; drafts come from
the labelled development set when it is beside this checkout, else a built-in sample. Authors rotate over a
pool large enough to stay under the per-author limit, and one extra author deliberately exceeds it, so the
limit's replies are exercised too (they count as expected answers, not errors).

Reported: per platform and overall, the acknowledgement latency (HTTP answer) and the end-to-end latency
(request sent until the review reached the platform) at p50/p99; reviews per second; the server's resident
memory after warm-up, at the end and at its peak; and the error count: failed or non-2xx requests, reviews
that never arrived, ERROR lines in the server's log, and a non-zero exit status on SIGTERM.

Run: python bench/soak.py [--duration 180] [--max-requests 100000] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from harness import Fakes, Server, deployment, slack_requests, teams_message  # noqa: E402

DEV = REPO.parent / "shared" / "eval" / "dev.jsonl"
SAMPLE = "Mooi nieuws: vanaf december rijden er meer treinen tussen Eindhoven en Amsterdam. Ik werk zelf bij NS."
ANSWER_TIMEOUT = 30
MEMORY_EVERY = 2.0


def drafts() -> list[str]:
    if DEV.exists():
        rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [row["text"] for row in rows if row.get("text", "").strip()]
    return [SAMPLE]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@dataclass
class Tally:
    ack: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    answered: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    refused_as_expected: int = 0


class Answers:
    """Watches the fakes' recorded calls and wakes the client whose review just arrived: a Slack review is
    the first thread reply with blocks in the client's own channel, a Teams review the reply to its
    activity. Reads only the calls recorded since its last look, so watching stays cheap as they pile up."""

    def __init__(self, fakes: Fakes):
        self.fakes = fakes
        self._slack_seen = 0
        self._teams_seen = 0
        self._waiting: dict[tuple[str, str], asyncio.Future] = {}

    def expect(self, platform: str, key: str) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self._waiting[(platform, key)] = future
        return future

    def _resolve(self, platform: str, key: str) -> None:
        future = self._waiting.pop((platform, key), None)
        if future and not future.done():
            future.set_result(time.perf_counter())

    async def watch(self) -> None:
        while True:
            calls = self.fakes.slack.calls
            for call in calls[self._slack_seen:]:
                params = call.params
                if call.method == "chat.postMessage" and "thread_ts" in params and "blocks" in params:
                    self._resolve("slack", params["channel"])
                elif call.method == "response_url":  # a private answer: the rate limit's reply
                    self._resolve("slack-private", "")
            self._slack_seen = len(calls)
            calls = self.fakes.teams.calls
            for call in calls[self._teams_seen:]:
                body = call.body or {}
                if call.method == "POST" and body.get("type") == "message" and body.get("replyToId"):
                    self._resolve("teams", body["replyToId"])
            self._teams_seen = len(calls)
            await asyncio.sleep(0.002)


async def client(number: int, session: aiohttp.ClientSession, fakes: Fakes, answers: Answers, tally: Tally, *,
                 stop_at: float, budget: list[int], authors: int) -> None:
    """One closed-loop client: send, wait for the review, repeat; Slack and Teams in turn."""
    texts = drafts()
    signer = slack_requests(session, fakes)
    channel = f"C0SOAK{number:03d}"
    sent = 0
    while time.monotonic() < stop_at and budget[0] > 0:
        budget[0] -= 1
        platform = "slack" if sent % 2 == 0 else "teams"
        author = f"{number:03d}{(sent // 2) % authors:04d}"
        text = texts[(number * 7919 + sent) % len(texts)]
        sent += 1
        if platform == "slack":
            answered = answers.expect("slack", channel)
            started = time.perf_counter()
            request = signer.command(text, user=f"U{author}", channel=channel)
        else:
            activity_id = f"soak-{number}-{sent}"
            answered = answers.expect("teams", activity_id)
            started = time.perf_counter()
            request = session.post("/api/messages", json=teams_message(fakes, text, user=f"29:{author}", activity_id=activity_id))
        try:
            response = await request
            await response.read()
            response.release()
        except aiohttp.ClientError as exc:
            tally.errors.append(f"{platform} request failed: {type(exc).__name__}")
            continue
        tally.ack[platform].append(time.perf_counter() - started)
        if response.status >= 300:
            tally.errors.append(f"{platform} request answered {response.status}")
            continue
        try:
            arrived = await asyncio.wait_for(answered, ANSWER_TIMEOUT)
        except TimeoutError:
            tally.errors.append(f"{platform} review did not arrive within {ANSWER_TIMEOUT} s")
            continue
        tally.answered[platform].append(arrived - started)


async def noisy_author(session: aiohttp.ClientSession, fakes: Fakes, answers: Answers, tally: Tally, limit: int) -> None:
    """One author who asks for `limit` + 5 reviews in a row: the last five must get the limit's reply."""
    signer = slack_requests(session, fakes)
    for n in range(limit + 5):
        expected = answers.expect("slack", "C0NOISY") if n < limit else answers.expect("slack-private", "")
        response = await signer.command(f"{SAMPLE} ({n})", user="U0NOISY", channel="C0NOISY")
        await response.read()
        try:
            await asyncio.wait_for(expected, ANSWER_TIMEOUT)
        except TimeoutError:
            tally.errors.append(f"noisy author's request {n + 1}: no {'review' if n < limit else 'rate-limit reply'}")
            continue
        tally.refused_as_expected += n >= limit


async def sample_memory(process: psutil.Process, samples: list[tuple[float, int]]) -> None:
    while True:
        samples.append((time.monotonic(), process.memory_info().rss))
        await asyncio.sleep(MEMORY_EVERY)


def report(args, tally: Tally, wall: float, memory: list[tuple[float, int]], warm_rss: int, status: int, log_errors: int) -> int:
    mib = 1024 * 1024
    print(f"soak: {wall:.0f} s, server pinned to core {args.cpu}, {args.concurrency} clients, Slack and Teams in turn")
    for platform in ("slack", "teams"):
        ack = [x * 1000 for x in tally.ack[platform]]
        done = [x * 1000 for x in tally.answered[platform]]
        if done:
            print(
                f"  {platform:5}  {len(done):6} reviews   ack p50 {percentile(ack, .5):6.1f} ms  p99 {percentile(ack, .99):6.1f} ms"
                f"   review arrived p50 {percentile(done, .5):6.1f} ms  p99 {percentile(done, .99):6.1f} ms  max {max(done):6.1f} ms"
            )
    every = [x * 1000 for p in tally.answered for x in tally.answered[p]]
    total = len(every)
    print(f"  all    {total:6} reviews   review arrived p50 {percentile(every, .5):6.1f} ms  p99 {percentile(every, .99):6.1f} ms"
          f"   mean {statistics.mean(every):6.1f} ms")
    print(f"  throughput {total / wall:.1f} reviews/s")
    rss = [r for _, r in memory]
    print(f"  server RSS after warm-up {warm_rss / mib:.1f} MiB, at the end {rss[-1] / mib:.1f} MiB, peak {max(rss) / mib:.1f} MiB"
          f" (growth {(rss[-1] - warm_rss) / mib:+.1f} MiB over {total} reviews)")
    half = [r for t, r in memory if t >= memory[0][0] + (memory[-1][0] - memory[0][0]) / 2]
    print(f"  RSS over the second half: {half[0] / mib:.1f} -> {half[-1] / mib:.1f} MiB ({(half[-1] - half[0]) / mib:+.1f} MiB)")
    print(f"  rate limit: {tally.refused_as_expected} of 5 over-limit requests got the limit's reply")
    errors = len(tally.errors) + log_errors + (status != 0)
    print(f"  errors: {errors} ({len(tally.errors)} requests, {log_errors} ERROR log lines, exit status {status} on SIGTERM)")
    for line in sorted(set(tally.errors))[:10]:
        print(f"    {line}")
    return 1 if errors or tally.refused_as_expected != 5 else 0


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=180, help="seconds of load (default 180)")
    parser.add_argument("--max-requests", type=int, default=100_000, help="stop earlier after this many requests")
    parser.add_argument("--concurrency", type=int, default=8, help="clients in flight at once")
    parser.add_argument("--warmup", type=float, default=10, help="seconds of load before memory counts as warm")
    parser.add_argument("--cpu", type=int, default=0, help="core the server is pinned to")
    parser.add_argument("--limit", type=int, default=30, help="reviews per author per minute (the server's setting)")
    args = parser.parse_args()
    # Authors per client: enough that each stays well under the limit at any plausible rate.
    authors = 500

    fakes = await Fakes().start()
    tally = Tally()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        server = Server(fakes, data, cpu=args.cpu, deployment_file=deployment(data), log_level="INFO",
                        review_rate_per_minute=args.limit)
        await server.start()
        answers = Answers(fakes)
        watcher = asyncio.create_task(answers.watch())
        memory: list[tuple[float, int]] = []
        sampler = asyncio.create_task(sample_memory(psutil.Process(server.process.pid), memory))
        connector = aiohttp.TCPConnector(limit=args.concurrency + 1)
        async with aiohttp.ClientSession(base_url=server.url, connector=connector) as session:
            started = time.monotonic()
            budget = [args.max_requests]
            clients = [
                client(n, session, fakes, answers, tally, stop_at=started + args.duration, budget=budget, authors=authors)
                for n in range(args.concurrency)
            ]
            warm = asyncio.create_task(asyncio.sleep(args.warmup))
            await asyncio.gather(noisy_author(session, fakes, answers, tally, args.limit), *clients, warm)
            wall = time.monotonic() - started
        sampler.cancel()
        memory.append((time.monotonic(), psutil.Process(server.process.pid).memory_info().rss))
        warm_rss = next(r for t, r in memory if t >= started + args.warmup)
        status = await server.stop()
        watcher.cancel()
        log_errors = sum(1 for entry in server.log_entries() if entry["level"] in ("ERROR", "CRITICAL"))
    await fakes.close()
    return report(args, tally, wall, memory, warm_rss, status, log_errors)


if __name__ == "__main__":
    if hasattr(os, "sched_getaffinity") and len(os.sched_getaffinity(0)) < 2:
        print("note: one core only; the load generator shares it with the server", file=sys.stderr)
    sys.exit(asyncio.run(main()))
