"""Auth: sessions, login throttling, referrals

Revision ID: 0003
Revises: 0002
"""

from placement.db.migrate import run_script  # noqa: F401

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
