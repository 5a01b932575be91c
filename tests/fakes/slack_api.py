"""A fake Slack Web API for tests, served on 127.0.0.1 by aiohttp, that records every call.

It answers what Checkpost calls: auth.test, chat.postMessage (with increasing `ts`), chat.postEphemeral,
chat.update, chat.getPermalink, conversations.open (DM channel `D<user>`), users.info and
users.profile.get (from `users`), the response_url webhooks under /hooks/, and Socket Mode
(apps.connections.open and a WebSocket that `push` sends envelopes through; the app's acks are recorded). `SignedRequests` sends
what Slack sends to the bot: slash commands, events and interactions, signed. Switches:

- `not_in_channel`: channel ids where chat.postMessage fails with `not_in_channel` (a private channel
  or a DM the bot is not in);
- `fail(method, error)`: the next call of `method` answers with that Slack error;
- `rate_limit(method, times, retry_after)`: the next `times` calls of `method` get 429 with Retry-After.

`calls` holds every call as (method, params) with form, query and JSON parameters merged; JSON-encoded
values such as `blocks` arrive decoded.
"""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from aiohttp import WSMsgType, web
from slack_sdk.signature import SignatureVerifier

from tests.fakes import poll

BOT_USER_ID = "UBOT0001"
TEAM_ID = "T0001"
SIGNING_SECRET = "test-signing-secret"


@dataclass
class Call:
    method: str
    params: dict
    # What the fake answered (for chat.postMessage: the `ts` a reply threads under).
    result: dict | None = None


@dataclass
class FakeSlack:
    # user id -> {"email": ..., "locale": ..., "fields": {field id: value}}
    users: dict[str, dict] = field(default_factory=dict)
    not_in_channel: set[str] = field(default_factory=set)
    calls: list[Call] = field(default_factory=list)
    _limited: Counter = field(default_factory=Counter)
    _retry_after: dict[str, int] = field(default_factory=dict)
    _errors: dict[str, str] = field(default_factory=dict)
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    # Where the fake is served, as the last call reached it: Socket Mode's WebSocket URL points there.
    host: str = ""
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/hooks/{path:.*}", self._hook)
        app.router.add_get("/socket-mode", self._socket_mode)
        app.router.add_route("*", "/{method}", self._method)
        return app

    async def push(self, envelope: dict) -> None:
        """Send a Socket Mode envelope to the connected app, as Slack does instead of an HTTP request."""
        await poll(lambda: self._sockets, what="a Socket Mode connection")
        await self._sockets[-1].send_json(envelope)

    async def _socket_mode(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0001"}})
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                self.calls.append(Call("socket_mode.ack", json.loads(message.data)))
        return socket

    def fail(self, method: str, error: str) -> None:
        """The next call of `method` answers `{"ok": false, "error": error}`."""
        self._errors[method] = error

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 0) -> None:
        self._limited[method] += times
        self._retry_after[method] = retry_after

    def to(self, method: str) -> list[dict]:
        """The parameters of every recorded call of `method` (`response_url` for the webhooks)."""
        return [c.params for c in self.calls if c.method == method]

    def posted(self, channel: str | None = None) -> list[Call]:
        """The chat.postMessage calls that succeeded, optionally only those into `channel`."""
        return [
            c for c in self.calls
            if c.method == "chat.postMessage" and (c.result or {}).get("ok") and channel in (None, c.params["channel"])
        ]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[dict]:
        await poll(lambda: len(self.to(method)) >= count, timeout=timeout, what=f"{count} call(s) of {method}")
        return self.to(method)

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    async def _params(self, request: web.Request) -> dict:
        params = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        else:
            params.update(await request.post())
        for key in ("blocks", "attachments"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    async def _hook(self, request: web.Request) -> web.Response:
        self.calls.append(Call("response_url", await request.json()))
        return web.Response(text="ok")

    async def _method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        call = Call(method, await self._params(request))
        self.calls.append(call)
        self.host = request.host
        if self._limited[method] > 0:
            self._limited[method] -= 1
            call.result = {"ok": False, "error": "ratelimited"}
            return web.json_response(call.result, status=429, headers={"Retry-After": str(self._retry_after[method])})
        answer = getattr(self, "_" + method.replace(".", "_"), None)
        if method in self._errors:
            call.result = {"ok": False, "error": self._errors.pop(method)}
        else:
            call.result = answer(call.params) if answer else {"ok": False, "error": "unknown_method"}
        return web.json_response(call.result)

    def _apps_connections_open(self, params: dict) -> dict:
        return {"ok": True, "url": f"ws://{self.host}/socket-mode"}

    def _auth_test(self, params: dict) -> dict:
        return {"ok": True, "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": "B0001", "team": "Acme"}

    def _chat_postMessage(self, params: dict) -> dict:
        channel = params["channel"]
        if channel in self.not_in_channel:
            return {"ok": False, "error": "not_in_channel"}
        return {"ok": True, "channel": channel, "ts": self._next_ts(), "message": {"text": params.get("text")}}

    def _chat_postEphemeral(self, params: dict) -> dict:
        return {"ok": True, "message_ts": self._next_ts()}

    def _chat_update(self, params: dict) -> dict:
        return {"ok": True, "channel": params["channel"], "ts": params["ts"]}

    def _chat_getPermalink(self, params: dict) -> dict:
        link = f"https://acme.slack.com/archives/{params['channel']}/p{params['message_ts'].replace('.', '')}"
        return {"ok": True, "channel": params["channel"], "permalink": link}

    def _conversations_open(self, params: dict) -> dict:
        return {"ok": True, "channel": {"id": "D" + params["users"]}}

    def _users_info(self, params: dict) -> dict:
        user = self.users.get(params["user"])
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        profile = {"email": user["email"]} if user.get("email") else {}
        return {"ok": True, "user": {"id": params["user"], "locale": user.get("locale", "nl-NL"), "profile": profile}}

    def _users_profile_get(self, params: dict) -> dict:
        fields = self.users.get(params["user"], {}).get("fields", {})
        return {"ok": True, "profile": {"fields": {k: {"value": v, "alt": ""} for k, v in fields.items()}}}


class SignedRequests:
    """Sends what Slack sends to /slack/events, signed with the app's signing secret as Slack signs it."""

    def __init__(self, client, secret: str, api_base: str):
        self.client = client
        self.verifier = SignatureVerifier(secret)
        # response_url of commands, shortcuts and button presses: the fake records what goes there.
        self.api_base = api_base.rstrip("/")

    def hook(self, name: str) -> str:
        return f"{self.api_base}/hooks/{name}"

    def headers(self, body: str, content_type: str, *, timestamp: int | None = None) -> dict:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        return {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": self.verifier.generate_signature(timestamp=ts, body=body),
        }

    async def post(self, body: str, content_type: str, headers: dict | None = None):
        return await self.client.post(
            "/slack/events", data=body.encode(), headers=headers or self.headers(body, content_type)
        )

    async def command(self, text: str, *, user: str = "U0AUTHOR", channel: str = "C0GENERAL", hook: str = "cmd"):
        body = urlencode(
            {
                "token": "legacy", "team_id": TEAM_ID, "team_domain": "acme", "channel_id": channel,
                "channel_name": "general", "user_id": user, "user_name": "ann", "command": "/checkpost",
                "text": text, "api_app_id": "A0001", "is_enterprise_install": "false",
                "response_url": self.hook(hook),
                "trigger_id": "1.2.3",
            }
        )
        return await self.post(body, "application/x-www-form-urlencoded")

    async def event(self, event: dict, *, event_id: str, retry: int | None = None):
        body = json.dumps(
            {
                "token": "legacy", "team_id": TEAM_ID, "api_app_id": "A0001", "type": "event_callback",
                "event_id": event_id, "event_time": int(time.time()), "event": event,
                "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
            }
        )
        headers = self.headers(body, "application/json")
        if retry is not None:
            headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
        return await self.post(body, "application/json", headers)

    async def interaction(self, payload: dict):
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded")
