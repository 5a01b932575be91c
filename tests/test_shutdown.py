"""Graceful shutdown of a real `checkpost serve` process on SIGTERM, as `docker stop` sends it: it stops
accepting connections, finishes the review in flight (the thread reply still arrives), lets the delivery
worker deliver the escalation that review queued, and exits 0; work that outlasts the grace period is
cancelled rather than holding the process."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest

from scripts.harness import Fakes, Server, deployment, slack_requests, slack_reviews

# Blocked for personal data by the bundled NS pack, so it escalates to a contact.
DRAFT = "Wie mij wil steunen kan geld overmaken naar NL91 ABNA 0417 1643 00, alvast bedankt!"


async def refused(url: str) -> bool:
    try:
        async with aiohttp.ClientSession() as session, session.get(url + "/healthz") as response:
            await response.read()
    except aiohttp.ClientConnectionError:
        return True
    return False


@pytest.fixture
async def fakes():
    started = await Fakes(["U0AUTHOR"], slack_delay=0.4).start()
    yield started
    await started.close()


async def test_sigterm_finishes_the_review_and_its_escalation_then_exits_0(fakes, tmp_path):
    server = Server(fakes, tmp_path, deployment_file=deployment(tmp_path))
    await server.start()
    async with aiohttp.ClientSession(base_url=server.url) as session:
        response = await slack_requests(session, fakes).command(DRAFT, user="U0AUTHOR")
        assert response.status == 200
    assert slack_reviews(fakes) == []  # the review is still in flight: every Slack call takes 0.4 s

    stopping = asyncio.create_task(server.stop())
    deadline = time.monotonic() + 5
    while not await refused(server.url):
        assert time.monotonic() < deadline, "the server still accepts connections after SIGTERM"
        await asyncio.sleep(0.02)
    assert server.process.poll() is None, "the listener closed only because the process had already exited"

    assert await stopping == 0
    assert slack_reviews(fakes), "the review in flight was finished and posted in its thread"
    assert [c for c in fakes.slack.posted() if c.params["channel"].startswith("D")], "its escalation was delivered"
    entries = server.log_entries()
    assert any(e["message"] == "stopping" for e in entries)
    assert not [e for e in entries if e["level"] in ("ERROR", "CRITICAL")]


async def test_work_that_outlasts_the_grace_period_is_cancelled_and_the_process_still_exits(tmp_path):
    fakes = await Fakes(["U0AUTHOR"], slack_delay=6).start()
    try:
        server = Server(fakes, tmp_path, shutdown_grace_seconds=1)
        await server.start()
        async with aiohttp.ClientSession(base_url=server.url) as session:
            assert (await slack_requests(session, fakes).command(DRAFT, user="U0AUTHOR")).status == 200
        started = time.monotonic()
        assert await server.stop(timeout=20) == 0
        assert time.monotonic() - started < 10
        assert any("cancelled" in e["message"] for e in server.log_entries())
    finally:
        await fakes.close()
