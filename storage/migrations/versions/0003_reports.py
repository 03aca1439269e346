"""Units, roles, registration codes and reports (issue 4).

Revision ID: 0003
Revises: 0002
"""

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Filled in by the change that builds this feature."""


def downgrade() -> None:
    """Filled in by the change that builds this feature."""
