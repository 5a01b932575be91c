"""How deliveries leave Checkpost: the Notifier protocol, the error that asks for a retry, the log notifier.

A notifier has one method, `deliver(item)`, and the item's `kind` says what to deliver (see
`bot.store.OutboxItem`):

- `escalation`: ping the escalation's contacts (a Slack DM, a Teams channel post). Return a delivery
  reference (where the ping lives, so buttons can update it later); the store keeps it on the escalation.
- `outcome`: tell the author, in the thread the escalation's `origin` names, what a contact decided.
- `alert`: a delivery failed for good; only the worker's fallback notifier gets these. `FallbackNotifier`
  is that notifier in the server: it hands the alert to the first platform notifier that can reach the
  pack's fallback contact (`reaches(contact)`), else logs it as an error. `alert_lines` is the alert's
  wording, shared by the platforms; like every alert it names ids and contacts, never the draft.

The delivery worker (`bot.outbox`) picks the notifier by the platform the draft came from. A notifier
raises DeliveryError to have the item retried later, with `retry_after` when the platform said how long to
wait (a 429's Retry-After). Its messages end up in the store and the log, so they must never quote the
draft. The log notifier here serves the command line and the tests; the Slack and Teams adapters bring
their own.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from bot.models import Contact
from bot.store import OutboxItem

if TYPE_CHECKING:  # the policy pulls in every check; a notifier only needs its directory
    from bot.messages import Messages
    from bot.policy import PolicySet


class DeliveryError(Exception):
    """A delivery that did not happen and should be tried again; `retry_after` in seconds, if known."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@runtime_checkable
class Notifier(Protocol):
    async def deliver(self, item: OutboxItem) -> dict | None: ...


class ContactNotifier(Notifier, Protocol):
    """A platform notifier that can also deliver alerts, to contacts it `reaches` by their platform ids."""

    def reaches(self, contact: Contact) -> bool: ...


def fallback_contact(policies: PolicySet, item: OutboxItem) -> Contact:
    """Who hears of a delivery that failed for good: the fallback contact of the directory of the pack the
    draft was reviewed against."""
    return policies.get(item.escalation.profile).directory.fallback


def alert_lines(item: OutboxItem, messages: Messages, *, link: str | None = None) -> list[str]:
    """An alert as lines of text: what could not be delivered for which escalation (id, route, division),
    to whom, why, and the author's thread when `link` is known."""
    escalation = item.escalation
    language = escalation.language
    lines = [
        messages.get(
            f"alert.failed.{item.failed_kind}",
            language,
            id=escalation.id,
            route=escalation.route,
            division=escalation.division or messages.get("escalation.no_division", language),
            contacts=", ".join(contact.name for contact in escalation.contacts) or "-",
        ),
        messages.get("alert.reason", language, reason=item.reason or "-"),
    ]
    if link:
        lines.append(messages.get("alert.thread", language, link=link))
    lines.append(messages.get("alert.action", language))
    return lines


class FallbackNotifier:
    """Delivers alerts to the fallback contact through the first of `notifiers` that reaches them (the
    order is the preference), else as an error line in the log. A platform's DeliveryError is raised
    on, so the alert is retried like any other entry."""

    def __init__(self, policies: PolicySet, notifiers: Sequence[ContactNotifier]):
        self._policies = policies
        self._notifiers = tuple(notifiers)
        self._log = LogNotifier()

    async def deliver(self, item: OutboxItem) -> dict | None:
        contact = fallback_contact(self._policies, item)
        notifier = next((n for n in self._notifiers if n.reaches(contact)), self._log)
        return await notifier.deliver(item)


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
