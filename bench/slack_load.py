"""Load on the Slack endpoint: how fast `checkpost serve` acknowledges signed slash commands, and how many
reviews it then completes per second.

Starts a fake Slack Web API in this process and `checkpost serve` as a separate process pinned to one core,
pointed at the fake; sends signed `/checkpost <draft>` requests on loopback (drafts from the labelled
development set when it is beside this checkout, else a built-in sample) with a number in flight at once;
prints the acknowledgement latency (p50, p99, max), requests per second, and how long until every review's
thread reply reached the fake. Run: python bench/slack_load.py [--requests 2000] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from aiohttp.test_utils import TestServer
from slack_sdk.signature import SignatureVerifier

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.fakes.slack_api import FakeSlack  # noqa: E402  (the repository root is on the path only now)

DEV = REPO.parent / "shared" / "eval" / "dev.jsonl"
SECRET = "bench-signing-secret"
SAMPLE = "Mooi nieuws: vanaf december rijden er meer treinen tussen Eindhoven en Amsterdam. Ik werk zelf bij NS."


def drafts() -> list[str]:
    if DEV.exists():
        rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [row["text"] for row in rows if row.get("text", "").strip()]
    return [SAMPLE]


def deployment(folder: Path) -> Path:
    """Slack ids for every contact of the NS pack, so escalations are delivered as in production."""
    from bot.directory import load_directory

    directory = load_directory(REPO / "config" / "packs" / "ns" / "directory.yaml")
    names = {c.name for d in directory.divisions for c in d.contacts} | {directory.press.name, directory.fallback.name}
    path = folder / "deployment.yaml"
    path.write_text(json.dumps({"contacts": {name: {"slack_user_id": f"U0C{i:06d}"} for i, name in enumerate(sorted(names))}}))
    return path


def signed(verifier: SignatureVerifier, text: str, user: str, hook: str) -> tuple[bytes, dict]:
    body = urlencode(
        {"team_id": "T0001", "channel_id": "C0BENCH", "user_id": user, "command": "/checkpost", "text": text,
         "response_url": hook, "trigger_id": "1.2.3"}
    )
    ts = str(int(time.time()))
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": verifier.generate_signature(timestamp=ts, body=body),
    }
    return body.encode(), headers


async def wait_ready(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"the server exited with status {process.returncode}")
            try:
                async with session.get(url + "/readyz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("the server did not become ready")


async def load(url: str, hook: str, count: int, concurrency: int) -> tuple[list[float], float]:
    """Send `count` signed slash commands, `concurrency` at a time; the ack latency of each and the wall time."""
    verifier = SignatureVerifier(SECRET)
    texts = drafts()
    latencies: list[float] = []
    queue = iter(range(count))
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            for i in queue:
                body, headers = signed(verifier, texts[i % len(texts)], f"U{i % 50:08d}", hook)
                started = time.perf_counter()
                async with session.post(url + "/slack/events", data=body, headers=headers) as response:
                    await response.read()
                    if response.status != 200:
                        raise SystemExit(f"request {i} answered {response.status}")
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return latencies, time.perf_counter() - started


def answered(fake: FakeSlack) -> int:
    """Reviews finished: the findings in the parent's thread (the only thread posts with blocks), or a
    private answer (a command, a refused draft)."""
    return sum(1 for c in fake.calls if ("thread_ts" in c.params and "blocks" in c.params) or c.method == "response_url")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--port", type=int, default=3917)
    parser.add_argument("--cpu", type=int, default=0, help="core the server is pinned to")
    args = parser.parse_args()

    fake = FakeSlack(users={f"U{i:08d}": {"email": f"author{i}@example.org", "locale": "nl-NL"} for i in range(50)})
    api = TestServer(fake.app, host="127.0.0.1")
    await api.start_server()
    hook = str(api.make_url("/hooks/bench"))
    url = f"http://127.0.0.1:{args.port}"
    with tempfile.TemporaryDirectory() as data_dir:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKPOST_")}
        env.update(
            CHECKPOST_SLACK_SIGNING_SECRET=SECRET, CHECKPOST_SLACK_BOT_TOKEN="xoxb-bench",
            # Off: a few authors send every request here, and the load measured is reviews, not refusals.
            CHECKPOST_REVIEW_RATE_PER_MINUTE="0",
            CHECKPOST_SLACK_API_URL=str(api.make_url("/")), CHECKPOST_DATA_DIR=data_dir, CHECKPOST_LOG_LEVEL="WARNING",
            CHECKPOST_DEPLOYMENT_FILE=str(deployment(Path(data_dir))),
        )
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(args.port)],
            env=env, cwd=REPO, preexec_fn=lambda: os.sched_setaffinity(0, {args.cpu}),
        )
        try:
            await wait_ready(url, process)
            await load(url, hook, args.warmup, args.concurrency)
            await asyncio.sleep(1)  # let the warm-up's reviews finish
            expected = answered(fake) + args.requests
            latencies, wall = await load(url, hook, args.requests, args.concurrency)
            done_at = time.perf_counter()
            while answered(fake) < expected and time.perf_counter() - done_at < 120:
                await asyncio.sleep(0.05)
            completed = time.perf_counter() - done_at + wall
        finally:
            process.send_signal(signal.SIGTERM)
            # Waiting off the event loop: the server drains its work against the fake, which runs on it.
            status = await asyncio.to_thread(process.wait, 30)
            await api.close()

    ms = [x * 1000 for x in latencies]
    print(f"server pinned to core {args.cpu}; {args.requests} slash commands, {args.concurrency} in flight")
    print(f"ack latency  p50 {percentile(ms, 0.50):6.1f} ms   p99 {percentile(ms, 0.99):6.1f} ms   max {max(ms):6.1f} ms   mean {statistics.mean(ms):6.1f} ms")
    print(f"acknowledged {args.requests / wall:7.1f} requests/s")
    print(f"reviewed and posted in their thread: {args.requests / completed:7.1f} reviews/s ({completed:.1f} s for all)")
    print(f"server exit status after SIGTERM: {status}")


if __name__ == "__main__":
    asyncio.run(main())
