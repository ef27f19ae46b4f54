"""Matching quality: one matching policy per organisation (placeholder until filled)

Revision ID: 0006
Revises: 0005
"""

from placement.db.migrate import run_script  # noqa: F401

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
