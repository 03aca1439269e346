"""Deadline reminders outbox (issue 5).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _utc(name: str, nullable: bool) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("occurrence", sa.String(120), nullable=False),
        sa.Column("recipient", sa.String(120), nullable=False),
        sa.Column("offset_id", sa.String(32), nullable=False),
        sa.Column("milestone_id", sa.String(64), nullable=False),
        sa.Column("period", sa.String(32), nullable=False),
        sa.Column("form_id", sa.String(64), nullable=True),
        sa.Column("unit_code", sa.String(32), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        _utc("due_at", False),
        _utc("send_at", False),
        _utc("useful_until", False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(300), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        _utc("lease_until", True),
        _utc("next_attempt_at", True),
        _utc("created_at", False),
        _utc("finished_at", True),
        sa.UniqueConstraint("occurrence", "recipient", "offset_id", name="uq_reminder_once"),
    )
    op.create_index("ix_reminder_due", "reminder", ["status", "channel", "send_at"])
    op.create_index("ix_reminder_chat", "reminder", ["channel", "chat_id"])
    op.create_table(
        "reminder_preference",
        sa.Column("channel", sa.String(16), primary_key=True),
        sa.Column("chat_id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        _utc("changed_at", False),
    )


def downgrade() -> None:
    op.drop_table("reminder_preference")
    op.drop_index("ix_reminder_chat", "reminder")
    op.drop_index("ix_reminder_due", "reminder")
    op.drop_table("reminder")
