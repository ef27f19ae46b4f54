"""Waiting-list proposals (placeholder until filled)

Revision ID: 0009
Revises: 0008
"""

from placement.db.migrate import run_script  # noqa: F401

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
