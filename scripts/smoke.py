"""CI's smoke run of a real `checkpost serve`: does the installed server answer as a new user would see it?

Starts the server (from the environment scripts/install.sh made, as the Docker image does, or any given
`checkpost`) against fake Slack and Teams APIs on loopback, then checks, failing loudly with the server's
log when one does not hold:

1. /healthz answers, and so does the image's HEALTHCHECK command (scripts/healthcheck.py);
2. a signed `/checkpost` slash command is acknowledged, and the review arrives in its thread at the fake;
3. a Teams 1:1 message gets its review card back through the fake Bot Connector;
4. both drafts escalate, and the delivery worker delivers the escalations to the contacts;
5. /metrics counts both reviews;
6. on SIGTERM the server stops cleanly (exit status 0);
7. every log line is JSON, and none holds the drafts' text.

Run: python scripts/smoke.py [--checkpost PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
from pathlib import Path

import aiohttp
from harness import REPO, Fakes, Server, deployment, poll, slack_requests, slack_reviews, teams_message, teams_replies
from prometheus_client.parser import text_string_to_metric_families

# Drafts the bundled NS pack blocks for personal data; the numbers must never reach the log.
SLACK_DRAFT = "Wie mij wil steunen kan geld overmaken naar NL91 ABNA 0417 1643 00, alvast bedankt!"
TEAMS_DRAFT = "Bel me gerust op 06-12345678 als je meer wilt weten over de nieuwe dienstregeling."
ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
SECRETS = ("NL91 ABNA 0417 1643 00", "06-12345678", "alvast bedankt", "nieuwe dienstregeling")


class SmokeFailure(Exception):
    pass


def check(condition: object, what: str) -> None:
    if not condition:
        raise SmokeFailure(what)
    print(f"ok: {what}")


async def expect(condition, what: str) -> None:
    """Wait (up to 30 s) until `condition()` holds: the server answers first and does the work after."""
    try:
        await poll(condition, timeout=30, what=what)
    except AssertionError as exc:
        raise SmokeFailure(str(exc)) from None
    print(f"ok: {what}")


def metric(text: str, name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    raise SmokeFailure(f"/metrics has no {name} {labels}")


async def run(server: Server, fakes: Fakes) -> None:
    async with aiohttp.ClientSession(base_url=server.url) as session:
        async with session.get("/healthz") as response:
            check(response.status == 200, "/healthz answers 200")
        healthcheck = await asyncio.to_thread(
            subprocess.run,
            [server.python, str(REPO / "scripts" / "healthcheck.py")],
            env=server.env, capture_output=True, text=True, timeout=30,
        )
        check(healthcheck.returncode == 0, f"the image's HEALTHCHECK command passes {healthcheck.stderr.strip()}".strip())

        response = await slack_requests(session, fakes).command(SLACK_DRAFT, user="U0SMOKE", hook="smoke")
        check(response.status == 200 and await response.text() == "", "a signed slash command is acknowledged at once")
        await expect(lambda: slack_reviews(fakes), "the Slack review arrives in the command's thread")

        async with session.post("/api/messages", json=teams_message(fakes, TEAMS_DRAFT, user="29:smoke", activity_id="smoke-1")) as response:
            check(response.status < 300, f"a Teams message is accepted ({response.status})")
        await expect(lambda: teams_replies(fakes, "29:smoke"), "the Teams review arrives in the 1:1 chat")
        card = teams_replies(fakes, "29:smoke")[0].body
        check(any(a.get("contentType") == ADAPTIVE_CARD for a in card.get("attachments", [])), "the Teams review is an Adaptive Card")
        await expect(lambda: [c for c in fakes.slack.posted() if c.params["channel"].startswith("D")], "the Slack escalation is posted in a contact's DM")
        await expect(lambda: [c for c in fakes.teams.calls if (c.method, c.path) == ("POST", "/v3/conversations")], "the Teams escalation starts a thread in the comms channel")

        async with session.get("/metrics") as response:
            text = await response.text()
        for platform in ("slack", "teams"):
            check(metric(text, "checkpost_reviews_total", platform=platform, verdict="block") == 1, f"/metrics counts the {platform} review")

    status = await server.stop()
    check(status == 0, f"SIGTERM stops the server cleanly (exit status {status})")
    entries = server.log_entries()
    check(entries, f"the server logged {len(entries)} JSON lines")
    log = server.log_text()
    check(not [s for s in SECRETS if s in log], "no draft text in the log")


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpost", help="the checkpost executable to serve with (default: beside this Python)")
    args = parser.parse_args()
    fakes = await Fakes(["U0SMOKE"]).start()
    with tempfile.TemporaryDirectory() as data_dir:
        server = Server(fakes, Path(data_dir), checkpost=args.checkpost, deployment_file=deployment(Path(data_dir)))
        try:
            await server.start()
            await run(server, fakes)
        except (SmokeFailure, RuntimeError, ValueError, AssertionError) as exc:
            print(f"SMOKE RUN FAILED: {exc}", file=sys.stderr)
            if server.process and server.process.poll() is None:
                server.process.kill()
            print("--- server log (tail) ---\n" + server.log_tail(), file=sys.stderr)
            return 1
        finally:
            await fakes.close()
    print("smoke run passed")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
