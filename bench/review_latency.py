"""Review latency, start-up time and peak memory of the engine, on one core.

Prints p50/p99 latency for 280- and 3,000-character drafts built from the labelled development drafts (or
from a built-in sample when they are not beside this checkout), the start-up time of a fresh process
(imports, loading every pack, warming up), and the peak resident memory. Run: python bench/review_latency.py
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "eval" / "dev.jsonl"
SAMPLE = (
    "Mooi nieuws: vanaf december rijden er meer treinen tussen Eindhoven en Amsterdam. Ik werk zelf bij NS "
    "Reizigers en krijg vaak de vraag wanneer dit zou komen, dus bij deze. Stuur me gerust een bericht! "
)

# What a deployment does before its first review: imports, reading the packs, compiling its own pack and
# warming up (language models, dictionaries, automata).
STARTUP = """
import time; t = time.perf_counter()
from bot.policy import load_policies
from bot.pipeline import warm_up
from bot.settings import REPO_ROOT
warm_up(load_policies(REPO_ROOT / "config").get("ns"))
print(time.perf_counter() - t)
"""


def texts() -> list[tuple[str, str]]:
    if DEV.exists():
        rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [(r["profile"], r["text"]) for r in rows]
    return [("ns", SAMPLE)]


def sized(items: list[tuple[str, str]], size: int) -> list[tuple[str, str]]:
    """Drafts of exactly `size` characters: each text repeated or cut, keeping its profile."""
    out = []
    for profile, text in items:
        body = (text + " ") * (size // max(len(text), 1) + 1)
        out.append((profile, body[:size]))
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    startups = [
        float(subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True, check=True, cwd=REPO).stdout)
        for _ in range(3)
    ]
    sys.path.insert(0, str(REPO))
    from bot.models import Draft
    from bot.pipeline import review, warm_up
    from bot.policy import load_policies
    from bot.settings import REPO_ROOT

    policies = load_policies(REPO_ROOT / "config")
    for profile in policies.profiles:
        warm_up(policies.get(profile))
    items = texts()
    print(f"start-up of one organisation's pack (fresh process, median of 3): {statistics.median(startups):.2f} s")
    for size, rounds in ((280, 20), (3000, 4)):
        drafts = sized(items, size)
        timings = []
        start = time.perf_counter()
        for _ in range(rounds):
            for profile, text in drafts:
                t = time.perf_counter()
                review(Draft(text=text, profile=profile), policies.get(profile))
                timings.append((time.perf_counter() - t) * 1000)
        elapsed = time.perf_counter() - start
        print(
            f"{size:>5} chars: p50 {percentile(timings, 0.5):.2f} ms, p99 {percentile(timings, 0.99):.2f} ms, "
            f"{len(timings) / elapsed:.0f} reviews/s over {len(timings)} reviews"
        )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
