"""Structured logs: one JSON object a line, request ids through middleware and background tasks, and no
draft text, not in messages, not in exceptions, not from chatty libraries."""

from __future__ import annotations

import asyncio
import contextvars
import io
import json
import logging

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from pydantic import BaseModel, ValidationError

from bot import logs, weblogs

DRAFT = (
    "Morgen maken we bekend dat de dienstregeling in Brabant wordt ingekort. Nog niet doorvertellen!\n"
    "Groet, Sanne"
)


@pytest.fixture
def captured():
    """Installs the JSON handler for the test and returns a function that reads the lines so far."""
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level, {n: logging.getLogger(n).level for n in (*logs.OWN_LOGGERS, "slack_sdk")})
    logs.configure("DEBUG", stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    handlers, level, levels = saved
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    for name, value in levels.items():
        logging.getLogger(name).setLevel(value)


def test_a_record_is_one_json_object_with_time_level_logger_message_and_extras(captured):
    logging.getLogger("bot.example").warning("outbox entry %s retried", "e1", extra={"attempt": 3})
    [entry] = captured()
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "bot.example"
    assert entry["message"] == "outbox entry e1 retried"
    assert entry["attempt"] == 3
    assert entry["time"].endswith("+00:00")
    assert "request_id" not in entry


class _Post(BaseModel):
    length: int


def _validation_error() -> ValidationError:
    try:
        _Post(length=DRAFT)
    except ValidationError as exc:
        return exc
    raise AssertionError("expected a validation error")


@pytest.mark.parametrize(
    "error",
    [ValueError(f"cannot post {DRAFT!r}"), KeyError(DRAFT), _validation_error()],
    ids=["value-error", "key-error", "pydantic-error-quoting-its-input"],
)
def test_exceptions_are_logged_by_type_and_frames_never_by_message(captured, error):
    try:
        raise error
    except Exception:
        logging.getLogger("bot.example").exception("delivery failed")
    [entry] = captured()
    assert entry["exception"] == type(error).__name__
    assert "raise error" in entry["traceback"]
    assert "Brabant" not in json.dumps(entry)


@pytest.mark.parametrize(
    "message, hidden",
    [
        ("posting {draft}", True),
        ("posting {draft!r}", True),  # repr escapes the newline: each line is still found
        ("first sentence: Morgen maken we bekend dat de dienstregeling in Brabant wordt ingekort.", True),
        ("second line: Groet, Sanne", False),  # too short to be telling on its own
        ("outbox entry e1 delivered to NS Reizigers", False),
    ],
)
def test_the_current_draft_is_withheld_from_any_message(captured, message, hidden):
    text = message.format(draft=DRAFT)

    def review() -> None:
        logs.hide_draft(DRAFT)
        logging.getLogger("adapters.example").info(text)

    contextvars.copy_context().run(review)  # as a request's task would: the name stays in its context
    [entry] = captured()
    if hidden:
        assert logs.HIDDEN in entry["message"] and "Brabant" not in entry["message"]
    else:
        assert entry["message"] == text


def test_a_draft_hidden_in_one_task_is_not_hidden_in_another(captured):
    async def review(text: str) -> None:
        logs.hide_draft(text)
        await asyncio.sleep(0)
        logging.getLogger("bot.example").info("reviewed %s", text)

    async def both() -> None:
        await asyncio.gather(review(DRAFT), asyncio.sleep(0))
        logging.getLogger("bot.example").info("outside: %s", DRAFT)

    asyncio.run(both())
    first, second = captured()
    assert logs.HIDDEN in first["message"] and "Brabant" not in first["message"]
    assert "Brabant" in second["message"]  # the outer task never named the draft


@pytest.mark.parametrize(
    "logger, level, written",
    [
        ("bot.pipeline", logging.DEBUG, True),
        ("adapters.slack", logging.DEBUG, True),
        ("slack_sdk.web.async_base_client", logging.DEBUG, False),  # prints request bodies at DEBUG
        ("slack_sdk.web.async_base_client", logging.INFO, True),
        ("msrest.http_logger", logging.DEBUG, False),
    ],
)
def test_debug_applies_to_checkpost_loggers_only(captured, logger, level, written):
    logging.getLogger(logger).log(level, "a line")
    assert bool(captured()) is written


def test_an_unknown_level_is_refused():
    with pytest.raises(ValueError, match="VERBOSE"):
        logs.configure("VERBOSE", io.StringIO())


async def _client() -> TestClient:
    async def hello(request: web.Request) -> web.Response:
        logging.getLogger("bot.example").info("handling")
        return web.Response(text="hi")

    async def missing(request: web.Request) -> web.Response:
        raise web.HTTPNotFound()

    app = web.Application(middlewares=[weblogs.request_id_middleware])
    app.router.add_get("/hello", hello)
    app.router.add_get("/missing", missing)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    return client


@pytest.mark.parametrize(
    "sent, kept",
    [
        ("req-42.a:b", True),
        ("", False),
        ("has space", False),
        ("x" * 65, False),
        ("evil\u2028line", False),
    ],
)
async def test_request_id_is_echoed_when_sane_and_made_up_otherwise(captured, sent, kept):
    client = await _client()
    try:
        response = await client.get("/hello", headers={weblogs.HEADER: sent} if sent else {})
        returned = response.headers[weblogs.HEADER]
    finally:
        await client.close()
    assert (returned == sent) is kept
    assert len(returned) <= 64 and returned.isprintable() and " " not in returned
    [entry] = [e for e in captured() if e["message"] == "handling"]
    assert entry["request_id"] == returned


async def test_error_responses_carry_the_request_id_too(captured):
    client = await _client()
    try:
        response = await client.get("/missing", headers={weblogs.HEADER: "abc"})
    finally:
        await client.close()
    assert response.status == 404
    assert response.headers[weblogs.HEADER] == "abc"


async def test_each_request_gets_its_own_id(captured):
    client = await _client()
    try:
        ids = {(await client.get("/hello")).headers[weblogs.HEADER] for _ in range(3)}
    finally:
        await client.close()
    assert len(ids) == 3


@pytest.mark.parametrize("path, status, written", [("/slack/events", 200, True), ("/healthz", 200, False), ("/healthz", 503, True)])
def test_access_log_is_structured_and_skips_healthy_probes(captured, path, status, written):
    from aiohttp.test_utils import make_mocked_request

    request = make_mocked_request("POST", path + "?token=abc")
    response = web.Response(status=status, headers={weblogs.HEADER: "rid-1"})
    weblogs.AccessLogger(logging.getLogger("aiohttp.access"), "").log(request, response, 0.0123)
    entries = captured()
    assert bool(entries) is written
    if written:
        [entry] = entries
        assert (entry["path"], entry["status"], entry["request_id"], entry["duration_ms"]) == (path, status, "rid-1", 12.3)
        assert "token" not in json.dumps(entry)
