"""`checkpost serve` as a real process on loopback, talking to fake Slack and Teams APIs in this process.

Used by the CI smoke run (scripts/smoke.py), the soak run (bench/soak.py) and the shutdown tests. `Fakes`
serves the recording fakes of tests/fakes on free ports of 127.0.0.1 (optionally answering Slack slowly);
`Server` starts `checkpost serve` with Slack and Teams (development mode, no app id) pointed at them, a
fresh data folder and nothing of the caller's CHECKPOST_ settings, waits until /readyz answers, and stops
it with SIGTERM as Docker does. `SignedRequests` (from the Slack fake) signs what Slack would send;
`teams_message` builds what Teams would send for a 1:1 message. Nothing here listens beyond loopback.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script, the checkout's packages (tests.fakes) are not on the path
    sys.path.insert(0, str(REPO))

from tests.fakes import poll  # noqa: E402
from tests.fakes.bot_connector import FakeBotConnector  # noqa: E402
from tests.fakes.slack_api import FakeSlack, SignedRequests  # noqa: E402

__all__ = ["REPO", "Fakes", "Server", "deployment", "poll", "slack_requests", "slack_reviews", "teams_message", "teams_replies"]

SLACK_SECRET = "harness-signing-secret"
TEAMS_BOT = {"id": "28:checkpost-bot", "name": "Checkpost"}
TENANT = "tenant-1"
LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


class Fakes:
    """The fake Slack Web API and Bot Connector, each on its own loopback port."""

    def __init__(self, slack_users: Iterable[str] = (), *, slack_delay: float = 0.0):
        self.slack = FakeSlack(users={user: {"locale": "nl-NL"} for user in slack_users})
        self.teams = FakeBotConnector()
        self._slack_delay = slack_delay
        self._servers: list[TestServer] = []

    async def start(self) -> "Fakes":
        slack_app = self.slack.app
        if self._slack_delay:
            slack_app.middlewares.append(self._slowly)
        for app in (slack_app, self.teams.app):
            server = TestServer(app, host=LOOPBACK, port=free_port())
            await server.start_server()
            self._servers.append(server)
        return self

    @web.middleware
    async def _slowly(self, request: web.Request, handler):
        await asyncio.sleep(self._slack_delay)
        return await handler(request)

    @property
    def slack_url(self) -> str:
        return str(self._servers[0].make_url("/"))

    @property
    def teams_url(self) -> str:
        return str(self._servers[1].make_url("/"))

    async def close(self) -> None:
        for server in self._servers:
            await server.close()


def deployment(folder: Path, profile: str = "ns") -> Path:
    """A deployment overlay giving every contact of the bundled pack's directory a Slack id, a Teams id and
    a comms channel, so escalations are delivered as in production. Written as JSON, which YAML reads."""
    from bot.directory import load_directory

    directory = load_directory(REPO / "config" / "packs" / profile / "directory.yaml")
    names = {c.name for d in directory.divisions for c in d.contacts} | {directory.press.name, directory.fallback.name}
    contacts = {
        name: {"slack_user_id": f"U0C{n:06d}", "teams_user_id": f"29:contact-{n}", "teams_channel_id": "19:comms@thread.tacv2"}
        for n, name in enumerate(sorted(names))
    }
    path = folder / "deployment.yaml"
    path.write_text(json.dumps({"contacts": contacts}), encoding="utf-8")
    return path


class Server:
    """One `checkpost serve` process; its log (JSON lines on standard error) goes to `log_path`."""

    def __init__(self, fakes: Fakes, data_dir: Path, *, checkpost: str | None = None, cpu: int | None = None, **settings):
        self.port = free_port()
        self.url = f"http://{LOOPBACK}:{self.port}"
        self.log_path = data_dir / "server.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKPOST_")}
        env.update(
            CHECKPOST_HOST=LOOPBACK,
            CHECKPOST_PORT=str(self.port),
            CHECKPOST_DATA_DIR=str(data_dir),
            CHECKPOST_DEV="true",  # Teams without an app id, as against a fake Bot Connector
            CHECKPOST_SLACK_SIGNING_SECRET=SLACK_SECRET,
            CHECKPOST_SLACK_BOT_TOKEN="xoxb-harness",
            CHECKPOST_SLACK_API_URL=fakes.slack_url,
        )
        env.update({f"CHECKPOST_{name.upper()}": str(value) for name, value in settings.items()})
        self.env = env
        executable = Path(checkpost) if checkpost else Path(sys.executable).parent / "checkpost"
        self._command = [str(executable), "serve"]
        # The Python of the environment the server runs from, for the image's HEALTHCHECK command.
        self.python = str(executable.parent / "python")
        self._cpu = cpu
        self.process: subprocess.Popen | None = None

    async def start(self, timeout: float = 90) -> None:
        """Start the process and wait until it is ready; raises RuntimeError (with the log's tail) if not."""
        pin = (lambda: os.sched_setaffinity(0, {self._cpu})) if self._cpu is not None else None
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(self._command, env=self.env, cwd=REPO, stderr=log, preexec_fn=pin)
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as session:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"checkpost serve exited with status {self.process.returncode}\n{self.log_tail()}")
                try:
                    async with session.get(self.url + "/readyz") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError(f"checkpost serve was not ready within {timeout:g} s\n{self.log_tail()}")

    async def stop(self, timeout: float = 60) -> int:
        """SIGTERM, as `docker stop` sends; the exit status. Waits off the event loop, because the server
        drains its work against the fakes, which run on it."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            return await asyncio.to_thread(self.process.wait, timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise RuntimeError(f"checkpost serve did not stop within {timeout:g} s of SIGTERM\n{self.log_tail()}") from None

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_entries(self) -> list[dict]:
        """The log's lines as JSON objects; raises ValueError naming a line that is not one."""
        entries = []
        for number, line in enumerate(self.log_text().splitlines(), 1):
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError:
                raise ValueError(f"server log line {number} is not JSON: {line[:200]}") from None
        return entries

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])


def slack_requests(session: aiohttp.ClientSession, fakes: Fakes) -> SignedRequests:
    """Signed Slack requests to the server `session` is based on (`ClientSession(base_url=server.url)`)."""
    return SignedRequests(session, SLACK_SECRET, fakes.slack_url)


def teams_message(fakes: Fakes, text: str, *, user: str, activity_id: str) -> dict:
    """A 1:1 message to the bot, as Teams posts it to /api/messages."""
    return {
        "type": "message",
        "id": activity_id,
        "timestamp": "2026-03-02T10:00:00.000Z",
        "channelId": "msteams",
        "serviceUrl": fakes.teams_url,
        "from": {"id": user, "name": user, "aadObjectId": f"aad-{user}"},
        "conversation": {"conversationType": "personal", "tenantId": TENANT, "id": f"a:chat-{user}"},
        "recipient": TEAMS_BOT,
        "locale": "nl-NL",
        "text": text,
        "textFormat": "plain",
        "channelData": {"tenant": {"id": TENANT}},
    }


def teams_replies(fakes: Fakes, user: str | None = None) -> list:
    """The bot's messages into 1:1 chats (all of them, or `user`'s)."""
    part = f"/v3/conversations/a:chat-{user or ''}"
    return [call for call in fakes.teams.sent("POST", part) if (call.body or {}).get("type") == "message"]


def slack_reviews(fakes: Fakes) -> list:
    """The bot's review replies in Slack threads, and its private answers (refusals, help)."""
    return [c for c in fakes.slack.calls if ("thread_ts" in c.params and "blocks" in c.params) or c.method == "response_url"]
