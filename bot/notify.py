"""How deliveries leave Checkpost: the Notifier protocol, the error that asks for a retry, the log notifier.

A notifier has one method, `deliver(item)`, and the item's `kind` says what to deliver (see
`bot.store.OutboxItem`):

- `escalation`: ping the escalation's contacts (a Slack DM, a Teams channel post). Return a delivery
  reference (where the ping lives, so buttons can update it later); the store keeps it on the escalation.
- `outcome`: tell the author, in the thread the escalation's `origin` names, what a contact decided.
- `alert`: a delivery failed for good; only the worker's fallback notifier gets these.

The delivery worker (`bot.outbox`) picks the notifier by the platform the draft came from. A notifier
raises DeliveryError to have the item retried later, with `retry_after` when the platform said how long to
wait (a 429's Retry-After). Its messages end up in the store and the log, so they must never quote the
draft. The log notifier here serves the command line and the tests; the Slack and Teams adapters bring
their own.
"""

from __future__ import annotations

import logging
from typing import Protocol, runtime_checkable

from bot.store import OutboxItem


class DeliveryError(Exception):
    """A delivery that did not happen and should be tried again; `retry_after` in seconds, if known."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@runtime_checkable
class Notifier(Protocol):
    async def deliver(self, item: OutboxItem) -> dict | None: ...


class LogNotifier:
    """Writes one log line per item: ids, route, contacts and rule ids, never the draft text. Alerts are
    logged as errors, so an unconfigured fallback still reaches whoever watches the log."""

    def __init__(self, logger: logging.Logger | None = None):
        self._logger = logger or logging.getLogger("checkpost.escalations")

    async def deliver(self, item: OutboxItem) -> dict | None:
        escalation = item.escalation
        if item.kind == "alert":
            self._logger.error(
                "the %s of escalation %s (route %s, division %s) could not be delivered: %s",
                item.failed_kind,
                escalation.id,
                escalation.route,
                escalation.division or "-",
                item.reason,
            )
        elif item.kind == "outcome":
            self._logger.info("escalation %s: %s by %s", escalation.id, item.outcome, item.actor_id)
        else:
            self._logger.info(
                "escalation %s (route %s, division %s, verdict %s, rules %s) for %s",
                escalation.id,
                escalation.route,
                escalation.division or "-",
                escalation.verdict,
                ", ".join(sorted({f.rule for f in escalation.findings})) or "-",
                ", ".join(contact.name for contact in escalation.contacts),
            )
        return None
