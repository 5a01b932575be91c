"""The HTTP side of Checkpost's logs: a request id for every request, and a structured access log.

- `request_id_middleware` gives every request an id (the caller's `X-Request-Id` when it is a sane token,
  else a new one), echoes it in the response, and sets `bot.logs.REQUEST_ID` (`request_context`) while the request (and the
  background work it starts) runs, so every log line names the request it belongs to.
- `AccessLogger` writes one line per request (method, path without query, status, duration, request id),
  leaving out successful health probes and scrapes.
"""

from __future__ import annotations

import re
import uuid

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from bot.logs import request_context

HEADER = "X-Request-Id"
# A caller's id is kept only when it cannot smuggle anything into a log line or a header.
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def new_request_id() -> str:
    return uuid.uuid4().hex


@web.middleware
async def request_id_middleware(request: web.Request, handler):
    given = request.headers.get(HEADER, "")
    request_id = given if _SANE_ID.fullmatch(given) else new_request_id()
    try:
        with request_context(request_id):
            response = await handler(request)
    except web.HTTPException as exc:
        exc.headers[HEADER] = request_id
        raise
    response.headers[HEADER] = request_id
    return response


class AccessLogger(AbstractAccessLogger):
    """aiohttp's access log as structured fields: `web.AppRunner(app, access_log_class=AccessLogger)`."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        if request.path in QUIET_PATHS and response.status < 400:
            return
        self.logger.info(
            "%s %s %d",
            request.method,
            request.path,
            response.status,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status,
                "duration_ms": round(time * 1000, 2),
                "request_id": response.headers.get(HEADER),
            },
        )
