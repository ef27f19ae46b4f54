"""Decisions: the choice on a ranking, family answers, introductions, the placement lifecycle, the commission

Revision ID: 0005
Revises: 0004
"""

from placement.db.migrate import run_script  # noqa: F401

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
