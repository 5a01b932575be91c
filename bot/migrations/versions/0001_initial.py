"""The first schema: reviews, escalations with their history and outbox, preferences, requests, feedback.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(32)
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", ID, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("author_id", sa.String(255)),
        sa.Column("division", sa.String(255)),
        sa.Column("profile", sa.String(64), nullable=False),
        sa.Column("verdict", sa.String(8), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reviews"),
    )
    op.create_index("ix_reviews_created_at", "reviews", ["created_at"])

    op.create_table(
        "review_findings",
        sa.Column("review_id", ID, nullable=False),
        sa.Column("rule_id", sa.String(255), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"], ["reviews.id"], name="fk_review_findings_review_id_reviews", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("review_id", "rule_id", name="pk_review_findings"),
    )
    op.create_index("ix_review_findings_category", "review_findings", ["category"])

    op.create_table(
        "escalations",
        sa.Column("id", ID, nullable=False),
        sa.Column("review_id", ID, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("route", sa.String(16), nullable=False),
        sa.Column("division", sa.String(255)),
        sa.Column("fallback", sa.Boolean(), nullable=False),
        sa.Column("contacts", sa.JSON(), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("origin", sa.JSON(), nullable=False),
        sa.Column("draft_text", sa.Text()),
        sa.Column("findings", sa.JSON()),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("delivery_ref", sa.JSON()),
        sa.Column("updated_by", sa.String(255)),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"], ["reviews.id"], name="fk_escalations_review_id_reviews", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_escalations"),
    )
    op.create_index("ix_escalations_review_id", "escalations", ["review_id"])
    op.create_index("ix_escalations_created_at", "escalations", ["created_at"])
    op.create_index("ix_escalations_status", "escalations", ["status"])

    op.create_table(
        "escalation_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("escalation_id", ID, nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("actor_id", sa.String(255), nullable=False),
        sa.Column("from_status", sa.String(16), nullable=False),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(
            ["escalation_id"],
            ["escalations.id"],
            name="fk_escalation_history_escalation_id_escalations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_escalation_history"),
    )
    op.create_index("ix_escalation_history_escalation_id", "escalation_history", ["escalation_id"])

    op.create_table(
        "outbox",
        sa.Column("id", ID, nullable=False),
        sa.Column("escalation_id", ID, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("outcome", sa.String(16)),
        sa.Column("actor_id", sa.String(255)),
        sa.Column("failed_kind", sa.String(16)),
        sa.Column("reason", sa.Text()),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", WHEN, nullable=False),
        sa.Column("last_error", sa.Text()),
        sa.Column("claim_token", ID),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("done_at", WHEN),
        sa.ForeignKeyConstraint(
            ["escalation_id"], ["escalations.id"], name="fk_outbox_escalation_id_escalations", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
    )
    op.create_index("ix_outbox_escalation_id", "outbox", ["escalation_id"])
    op.create_index("ix_outbox_due", "outbox", ["state", "next_attempt_at"])

    op.create_table(
        "preferences",
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("division", sa.String(255)),
        sa.Column("language", sa.String(8)),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("platform", "user_id", name="pk_preferences"),
    )

    op.create_table(
        "processed_requests",
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_processed_requests"),
    )
    op.create_index("ix_processed_requests_expires_at", "processed_requests", ["expires_at"])

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("review_id", ID, nullable=False),
        sa.Column("rule_id", sa.String(255), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"], ["reviews.id"], name="fk_feedback_review_id_reviews", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_feedback"),
        sa.UniqueConstraint("review_id", "rule_id", "platform", "user_id", name="uq_feedback_once"),
    )
    op.create_index("ix_feedback_rule_id", "feedback", ["rule_id"])
    op.create_index("ix_feedback_created_at", "feedback", ["created_at"])

