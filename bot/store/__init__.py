"""Checkpost's store: reviews, escalations and their outbox, preferences, request ids and feedback.

`database.Store` is the way in; the records it hands out are in `records`, the tables in `tables`, the
schema migrations in `migrate` (and `bot/migrations/`). The delivery worker that drains the outbox is
`bot.outbox`; the notifiers it calls are in `bot.notify`.
"""

from bot.store.database import Store, async_url, utcnow
from bot.store.records import (
    CONTACT_STATUSES,
    CONTACT_TRANSITIONS,
    STATUSES,
    AuditReport,
    Claim,
    DisputedRule,
    EscalationRecord,
    OutboxItem,
    Preferences,
    StatusChange,
    StoredReview,
    TransitionRefused,
    UnknownFinding,
)

__all__ = [
    "CONTACT_STATUSES",
    "CONTACT_TRANSITIONS",
    "STATUSES",
    "AuditReport",
    "Claim",
    "DisputedRule",
    "EscalationRecord",
    "OutboxItem",
    "Preferences",
    "StatusChange",
    "Store",
    "StoredReview",
    "TransitionRefused",
    "UnknownFinding",
    "async_url",
    "utcnow",
]
