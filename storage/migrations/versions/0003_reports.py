"""Units, chat accounts linked to roles, registration codes, reports, drafts and their history
(issue 4).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _utc(name: str, nullable: bool) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "unit",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("parent_code", sa.String(32), sa.ForeignKey("unit.code"), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "chat_link",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("unit_code", sa.String(32), sa.ForeignKey("unit.code"), nullable=True),
        sa.Column("display_name", sa.String(200), nullable=True),
        sa.Column("person", sa.String(32), nullable=True),
        sa.Column("code_id", sa.Integer(), nullable=True),
        _utc("linked_at", False),
        _utc("revoked_at", True),
        _utc("blocked_at", True),
    )
    op.create_index("ix_chat_link_account", "chat_link", ["channel", "user_id"])
    op.create_index("ix_chat_link_unit", "chat_link", ["unit_code"])
    op.create_table(
        "registration_code",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("unit_code", sa.String(32), sa.ForeignKey("unit.code"), nullable=True),
        sa.Column("person", sa.String(32), nullable=True),
        sa.Column("issued_by", sa.String(64), nullable=False),
        _utc("issued_at", False),
        _utc("expires_at", False),
        _utc("used_at", True),
        sa.Column("used_by_link", sa.Integer(), nullable=True),
    )
    op.create_table(
        "registration_attempt",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        _utc("at", False),
    )
    op.create_index(
        "ix_registration_attempt_account", "registration_attempt", ["channel", "user_id", "at"]
    )
    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("period", sa.String(32), nullable=False),
        sa.Column("unit_code", sa.String(32), sa.ForeignKey("unit.code"), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        _utc("submitted_at", False),
        sa.Column("submitted_by", sa.Integer(), sa.ForeignKey("chat_link.id"), nullable=True),
        sa.UniqueConstraint("form_id", "period", "unit_code", name="uq_report_unit_period"),
    )
    op.create_table(
        "report_version",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("report.id"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        _utc("submitted_at", False),
        sa.Column("submitted_by", sa.Integer(), sa.ForeignKey("chat_link.id"), nullable=True),
        sa.UniqueConstraint("report_id", "version", name="uq_report_version"),
    )
    op.create_table(
        "report_draft",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("period", sa.String(32), nullable=False),
        sa.Column("unit_code", sa.String(32), sa.ForeignKey("unit.code"), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _utc("updated_at", False),
        sa.Column("updated_by", sa.Integer(), sa.ForeignKey("chat_link.id"), nullable=True),
        sa.UniqueConstraint("form_id", "period", "unit_code", name="uq_draft_unit_period"),
    )
    op.create_table(
        "report_event",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("draft_id", sa.Integer(), sa.ForeignKey("report_draft.id"), nullable=False),
        sa.Column("link_id", sa.Integer(), sa.ForeignKey("chat_link.id"), nullable=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("step", sa.String(100), nullable=True),
        sa.Column("value", sa.JSON(), nullable=True),
        _utc("at", False),
    )
    op.create_index("ix_report_event_draft", "report_event", ["draft_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_report_event_draft", "report_event")
    op.drop_table("report_event")
    op.drop_table("report_draft")
    op.drop_table("report_version")
    op.drop_table("report")
    op.drop_index("ix_registration_attempt_account", "registration_attempt")
    op.drop_table("registration_attempt")
    op.drop_table("registration_code")
    op.drop_index("ix_chat_link_unit", "chat_link")
    op.drop_index("ix_chat_link_account", "chat_link")
    op.drop_table("chat_link")
    op.drop_table("unit")
