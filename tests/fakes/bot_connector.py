"""A fake Bot Connector (the Teams side of the Bot Framework REST API) for tests, served on 127.0.0.1.

It answers the calls the CloudAdapter and TeamsInfo make, and records every call (method, decoded path,
JSON body) in `calls`, so tests can assert what the bot sent where:

- POST /v3/conversations                                   create a conversation (new channel thread, 1:1 chat)
- POST /v3/conversations/{conversation}/activities          send into a conversation
- POST /v3/conversations/{conversation}/activities/{id}     reply to an activity
- PUT  /v3/conversations/{conversation}/activities/{id}     update an activity (a card, in place)
- GET  /v3/conversations/{conversation}/members/{member}    one member's profile (TeamsInfo.get_member)

Members come from `members` (id or AAD object id -> profile); `fail_next(method, path, status, retry_after)`
makes the next such call fail, to exercise retries. Tests wait for calls with `tests.fakes.poll`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from aiohttp import web


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: dict | None


@dataclass
class _Failure:
    method: str
    path: str
    status: int
    retry_after: int | None


@dataclass
class FakeBotConnector:
    members: dict[str, dict] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    _failures: list[_Failure] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._send)
        app.router.add_post("/v3/conversations/{conversation}/activities/{activity}", self._send)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._update)
        app.router.add_get("/v3/conversations/{conversation}/members/{member}", self._member)
        return app

    def fail_next(self, method: str, path: str, status: int = 429, retry_after: int | None = 0) -> None:
        """The next `method` call to exactly `path` (decoded) is answered with `status` (and Retry-After)."""
        self._failures.append(_Failure(method, path, status, retry_after))

    def sent(self, method: str = "POST", path_part: str = "") -> list[Call]:
        """The recorded calls of one method whose path contains `path_part`."""
        return [c for c in self.calls if c.method == method and path_part in c.path]

    async def _record(self, request: web.Request) -> web.Response | None:
        body = await request.json() if request.can_read_body else None
        self.calls.append(Call(request.method, request.path, body))
        for failure in self._failures:
            if (failure.method, failure.path) == (request.method, request.path):
                self._failures.remove(failure)
                headers = {} if failure.retry_after is None else {"Retry-After": str(failure.retry_after)}
                return web.json_response({"error": {"code": "Throttled"}}, status=failure.status, headers=headers)
        return None

    def _next_id(self) -> str:
        return f"fake-{next(self._ids)}"

    async def _create(self, request: web.Request) -> web.Response:
        if failed := await self._record(request):
            return failed
        conversation = self._next_id()
        channel = ((self.calls[-1].body or {}).get("channelData") or {}).get("channel") or {}
        if channel.get("id"):
            # A new thread in a channel: Teams names the conversation after the channel and the thread's root.
            conversation = f"{channel['id']};messageid={conversation}"
        return web.json_response({"id": conversation, "activityId": self._next_id()}, status=201)

    async def _send(self, request: web.Request) -> web.Response:
        if failed := await self._record(request):
            return failed
        return web.json_response({"id": self._next_id()}, status=201)

    async def _update(self, request: web.Request) -> web.Response:
        if failed := await self._record(request):
            return failed
        return web.json_response({"id": request.match_info["activity"]})

    async def _member(self, request: web.Request) -> web.Response:
        if failed := await self._record(request):
            return failed
        member = self.members.get(request.match_info["member"])
        if member is None:
            return web.json_response({"error": {"code": "MemberNotFoundInConversation"}}, status=404)
        return web.json_response(member)
