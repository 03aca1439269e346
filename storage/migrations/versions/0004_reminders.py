"""Deadline reminders outbox (issue 5).

Revision ID: 0004
Revises: 0003
"""

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Filled in by the change that builds this feature."""


def downgrade() -> None:
    """Filled in by the change that builds this feature."""
