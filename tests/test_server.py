"""The server: health probes, adapters mounted only when configured, background work drained on shutdown,
and `checkpost serve` starting, answering and stopping as a real process."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import subprocess
import sys

import aiohttp
import pytest
import pytest_asyncio
from aiohttp.test_utils import TestClient, TestServer

from bot.cli import run
from bot.server import build_app
from bot.services import BackgroundTasks
from bot.settings import REPO_ROOT
from bot.store import Store


@pytest.fixture
def services(chat_services):
    return chat_services


@pytest_asyncio.fixture
async def client(services):
    client = TestClient(TestServer(build_app(services), host="127.0.0.1"))
    await client.start_server()
    yield client
    await client.close()


async def test_healthz_says_the_process_lives(client):
    response = await client.get("/healthz")
    assert response.status == 200 and (await response.json())["status"] == "ok"


async def test_readyz_is_ready_while_policy_and_store_answer_and_not_after(client, services):
    response = await client.get("/readyz")
    assert response.status == 200
    assert await response.json() == {"status": "ready", "policy": True, "store": True}
    await services.store.close()
    # A database nobody listens for: opening without migrating does not connect yet, the probe does.
    services.store = await Store.open(f"postgresql+asyncpg://checkpost:x@127.0.0.1:{_free_port()}/checkpost", migrate=False)
    try:
        response = await client.get("/readyz")
        assert response.status == 503
        assert await response.json() == {"status": "not ready", "policy": True, "store": False}
    finally:
        await services.store.close()


async def test_without_slack_settings_there_is_no_slack_route_and_the_log_says_why(services, caplog):
    caplog.set_level(logging.INFO, logger="bot.server")
    client = TestClient(TestServer(build_app(services), host="127.0.0.1"))
    await client.start_server()
    try:
        assert (await client.post("/slack/events", data=b"")).status == 404
    finally:
        await client.close()
    assert any(
        "slack is off" in r.getMessage() and "CHECKPOST_SLACK_SIGNING_SECRET" in r.getMessage() for r in caplog.records
    )


async def test_shutdown_waits_for_background_work_started_after_answering(services):
    client = TestClient(TestServer(build_app(services), host="127.0.0.1"))
    await client.start_server()
    finished = []

    async def review_in_progress():
        await asyncio.sleep(0.2)
        finished.append(True)

    task = services.spawn(review_in_progress(), name="test-review")
    await client.close()
    assert finished == [True] and task.done() and not task.cancelled()
    assert len(services.tasks) == 0


@pytest.mark.parametrize("grace, outcome", [(1.0, "done"), (0.05, "cancelled")])
async def test_drain_waits_up_to_the_grace_period_then_cancels(grace, outcome):
    tasks = BackgroundTasks()
    follow_up = []

    async def work(seconds: float):
        await asyncio.sleep(seconds)
        # Work may start more work (a review that then posts); drain waits for that too.
        follow_up.append(tasks.spawn(asyncio.sleep(0.01), name="follow-up"))

    task = tasks.spawn(work(0.2), name="work")
    await tasks.drain(grace)
    assert len(tasks) == 0
    assert ("cancelled" if task.cancelled() else "done") == outcome
    assert all(t.done() for t in follow_up)


async def test_a_failing_background_task_is_logged_without_its_message(caplog):
    tasks = BackgroundTasks()

    async def fails(draft: str):
        raise ValueError(f"cannot review {draft!r}")

    tasks.spawn(fails("Topgeheim: the draft text"), name="review")
    await tasks.drain(1)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "background task review failed with ValueError" in logged
    assert "Topgeheim" not in logged


@pytest.mark.parametrize(
    "env, named",
    [
        ({"CHECKPOST_PORT": "eighty"}, "CHECKPOST_PORT"),
        ({"CHECKPOST_PORT": "70000"}, "CHECKPOST_PORT"),
        ({"CHECKPOST_SLACK_CHANNEL_DIVISIONS": "not json"}, "CHECKPOST_SLACK_CHANNEL_DIVISIONS"),
    ],
)
def test_serve_with_an_invalid_setting_stops_with_one_line_naming_it(monkeypatch, capsys, env, named):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert run(["serve"]) == 78
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and named in err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _status(url: str) -> int | None:
    try:
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            return response.status
    except aiohttp.ClientError:
        return None


async def test_checkpost_serve_runs_until_sigterm(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKPOST_")}
    env.update({"CHECKPOST_DATA_DIR": str(tmp_path), "CHECKPOST_CONFIG_DIR": str(REPO_ROOT / "config")})
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = asyncio.get_running_loop().time() + 30
        while (status := await _status(f"http://127.0.0.1:{port}/readyz")) is None and process.poll() is None:
            assert asyncio.get_running_loop().time() < deadline, "the server never answered /readyz"
            await asyncio.sleep(0.1)
        assert status == 200, process.communicate()[0]
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=15)[0]
        assert process.returncode == 0, output
        assert "slack is off" in output and "stopping" in output
    finally:
        if process.poll() is None:
            process.kill()


async def test_background_work_runs_a_limited_number_at_once_and_the_rest_waits_its_turn():
    tasks = BackgroundTasks(limit=2)
    running, most = 0, 0

    async def review():
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.02)
        running -= 1

    for _ in range(6):
        tasks.spawn(review(), name="review")
    await tasks.drain(5)
    assert most == 2 and running == 0


async def test_work_still_waiting_its_turn_at_shutdown_is_closed_without_having_started():
    tasks = BackgroundTasks(limit=1)
    started = []

    async def review(n: int):
        started.append(n)
        await asyncio.sleep(1)

    reviews = [review(n) for n in range(3)]
    for coro in reviews:
        tasks.spawn(coro, name="review")
    await tasks.drain(0.05)
    assert started == [0] and len(tasks) == 0
    # Closed, all of them: none is left behind to warn that it was never awaited.
    assert all(coro.cr_frame is None for coro in reviews)
