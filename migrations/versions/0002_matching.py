"""Matching: versioned policy and ranking snapshots

Revision ID: 0002
Revises: 0001
"""

from placement.db.migrate import run_script  # noqa: F401

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
