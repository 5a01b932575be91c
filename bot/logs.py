"""How Checkpost logs: one JSON object a line on standard error, each with the id of the request it serves,
and never the text of a draft.

- `configure(level)` installs the JSON handler (`checkpost serve` calls it with the setting `log_level`).
  The level applies to Checkpost's own loggers; other libraries log at INFO at the most verbose, because
  at DEBUG the chat SDKs and their HTTP layers print request and response bodies, which quote drafts.
- `REQUEST_ID` is the id of the request being served; `bot.weblogs` sets it for every HTTP request, and
  tasks a request starts inherit it. The formatter writes it on every line.
- `hide_draft(text)` names the draft the current request or task handles; `DraftFilter`, installed on the
  handler, blanks any line or sentence of it a log message would carry. The formatter never writes an
  exception's message (validation errors and SDK errors may quote their input), only its type and frames.

This module needs nothing but the standard library, so the command line can use the review flow without
loading the web server's libraries.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import TextIO

REQUEST_ID: ContextVar[str | None] = ContextVar("checkpost_request_id", default=None)
_DRAFT_FRAGMENTS: ContextVar[tuple[str, ...]] = ContextVar("checkpost_draft_fragments", default=())

OWN_LOGGERS = ("bot", "adapters", "checks")
# A draft is hidden by its lines and sentences; pieces shorter than this are too common to be telling
# (and would blank ordinary words), a whole draft shorter than _MIN_WHOLE likewise.
_MIN_FRAGMENT = 16
_MIN_WHOLE = 8
_PIECES = re.compile(r"[^\n.!?]+[.!?]*")
HIDDEN = "[draft text withheld]"
# Attributes every LogRecord has; anything else on a record came from `extra=` and is written as a field.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}


def hide_draft(text: str) -> None:
    """Keep `text` out of every log line written from here on in this request or task (and the tasks it
    starts)."""
    pieces = (m.group().strip() for m in _PIECES.finditer(text))
    fragments = {p for p in pieces if len(p) >= _MIN_FRAGMENT}
    whole = text.strip()
    if len(whole) >= _MIN_WHOLE:
        fragments.add(whole)
    # Longest first, so a whole draft is blanked as one rather than sentence by sentence.
    _DRAFT_FRAGMENTS.set(tuple(sorted(fragments, key=len, reverse=True)))


@contextmanager
def request_context(request_id: str) -> Iterator[None]:
    """Name `request_id` on every line logged inside, and start with no draft hidden: a connection may
    carry several requests, and one request's id or draft must not stay with the next."""
    id_token = REQUEST_ID.set(request_id)
    draft_token = _DRAFT_FRAGMENTS.set(())
    try:
        yield
    finally:
        _DRAFT_FRAGMENTS.reset(draft_token)
        REQUEST_ID.reset(id_token)


class DraftFilter(logging.Filter):
    """Blanks the current draft's lines and sentences in a record's message; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        fragments = _DRAFT_FRAGMENTS.get()
        if fragments:
            message = record.getMessage()
            hidden = message
            for fragment in fragments:
                hidden = hidden.replace(fragment, HIDDEN)
            if hidden != message:
                record.msg, record.args = hidden, None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or REQUEST_ID.get()
        if request_id:
            entry["request_id"] = request_id
        entry.update((k, v) for k, v in record.__dict__.items() if k not in _STANDARD and k != "request_id")
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, _, tb = record.exc_info
            entry["exception"] = exc_type.__name__
            entry["traceback"] = "".join(traceback.format_tb(tb))
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure(level: str, stream: TextIO | None = None) -> logging.Handler:
    """Send every log record to `stream` (standard error) as JSON lines; Checkpost's loggers at `level`,
    the rest at `level` or INFO, whichever is less verbose. Replaces handlers installed before."""
    numeric = logging.getLevelName(level.upper())
    if not isinstance(numeric, int):
        raise ValueError(f"unknown log level {level!r}")
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(DraftFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(max(numeric, logging.INFO))
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(numeric)
    return handler
