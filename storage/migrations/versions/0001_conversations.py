"""Conversation state and unanswered questions.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversation",
        sa.Column("channel", sa.String(16), primary_key=True),
        sa.Column("chat_id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("flow", sa.String(32), nullable=True),
        sa.Column("step", sa.String(64), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "unanswered_question",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("text", sa.String(2000), nullable=False),
        sa.Column("normalized", sa.String(2000), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_unanswered_normalized", "unanswered_question", ["normalized"])


def downgrade() -> None:
    op.drop_index("ix_unanswered_normalized", "unanswered_question")
    op.drop_table("unanswered_question")
    op.drop_table("conversation")
