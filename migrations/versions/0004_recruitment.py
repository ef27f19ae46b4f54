"""Recruitment: campaigns, leads, stages, tasks, consents

Revision ID: 0004
Revises: 0003
"""

from placement.db.migrate import run_script  # noqa: F401

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
