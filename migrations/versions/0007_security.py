"""Security: least-privilege role grants, tamper-evident audit chain (placeholder until filled)

Revision ID: 0007
Revises: 0006
"""

from placement.db.migrate import run_script  # noqa: F401

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
