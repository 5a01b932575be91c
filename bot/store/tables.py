"""The store's tables, as SQLAlchemy Core metadata shared by the store and the Alembic migrations.

The migrations in `bot/migrations/versions/` create exactly these tables; a test compares the two, so a
change here needs a new migration. Only `escalations` holds draft text (`draft_text`, and the findings,
whose excerpts and messages quote the draft); `purge` clears both after the retention period. Reviews keep
a SHA-256 of the text and its length, never the text.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = String(32)  # uuid4().hex


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in and out. PostgreSQL stores `timestamptz`; SQLite has no time zones, so the
    value is stored as naive UTC text, which also keeps its comparisons in SQL correct."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the store takes aware datetimes only")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


reviews = Table(
    "reviews",
    metadata,
    Column("id", ID, primary_key=True),
    Column("created_at", UTCDateTime, nullable=False, index=True),
    Column("platform", String(32), nullable=False),
    Column("author_id", String(255)),
    Column("division", String(255)),
    Column("profile", String(64), nullable=False),
    Column("verdict", String(8), nullable=False),
    Column("language", String(16), nullable=False),
    Column("length", Integer, nullable=False),
    Column("text_sha256", String(64), nullable=False),
)

# One row per distinct rule a review found: the audit counts categories and rules with plain GROUP BYs.
review_findings = Table(
    "review_findings",
    metadata,
    Column("review_id", ID, ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True),
    Column("rule_id", String(255), primary_key=True),
    Column("category", String(32), nullable=False, index=True),
    Column("severity", String(8), nullable=False),
)

escalations = Table(
    "escalations",
    metadata,
    Column("id", ID, primary_key=True),
    Column("review_id", ID, ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", UTCDateTime, nullable=False, index=True),
    Column("route", String(16), nullable=False),
    Column("division", String(255)),
    Column("fallback", Boolean, nullable=False),
    Column("contacts", JSON, nullable=False),
    Column("platform", String(32), nullable=False),
    Column("language", String(8), nullable=False),
    Column("origin", JSON, nullable=False),
    Column("draft_text", Text),
    Column("findings", JSON),
    Column("status", String(16), nullable=False, index=True),
    Column("delivery_ref", JSON),
    Column("updated_by", String(255)),
    Column("updated_at", UTCDateTime, nullable=False),
)

escalation_history = Table(
    "escalation_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("escalation_id", ID, ForeignKey("escalations.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor_id", String(255), nullable=False),
    Column("from_status", String(16), nullable=False),
    Column("to_status", String(16), nullable=False),
)

# Deliveries still to make. Separate from `escalations` because one escalation causes several: the ping to
# its contacts, each outcome back to the author's thread, and an alert when one of those finally fails.
outbox = Table(
    "outbox",
    metadata,
    Column("id", ID, primary_key=True),
    Column("escalation_id", ID, ForeignKey("escalations.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("state", String(8), nullable=False),
    Column("outcome", String(16)),
    Column("actor_id", String(255)),
    Column("failed_kind", String(16)),
    Column("reason", Text),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("last_error", Text),
    Column("claim_token", ID),
    Column("created_at", UTCDateTime, nullable=False),
    Column("done_at", UTCDateTime),
    Index("ix_outbox_due", "state", "next_attempt_at"),
)

preferences = Table(
    "preferences",
    metadata,
    Column("platform", String(32), primary_key=True),
    Column("user_id", String(255), primary_key=True),
    Column("division", String(255)),
    Column("language", String(8)),
    Column("updated_at", UTCDateTime, nullable=False),
)

processed_requests = Table(
    "processed_requests",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("expires_at", UTCDateTime, nullable=False, index=True),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("review_id", ID, ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False),
    Column("rule_id", String(255), nullable=False, index=True),
    Column("platform", String(32), nullable=False),
    Column("user_id", String(255), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, index=True),
    UniqueConstraint("review_id", "rule_id", "platform", "user_id", name="uq_feedback_once"),
)

# Where a user's 1:1 chat with the bot is (a Teams conversation reference, captured when they installed the
# app), so that an escalation can also reach a contact directly. Keyed by each id the user is known by.
conversation_refs = Table(
    "conversation_refs",
    metadata,
    Column("platform", String(32), primary_key=True),
    Column("user_id", String(255), primary_key=True),
    Column("reference", JSON, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)
