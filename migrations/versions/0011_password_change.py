"""Accounts: a one-time password must be replaced at first sign-in

`placement users create` without a password prints a one-time password and sets
must_change_password; until the user has chosen a new password, a session of theirs reaches
only the page that asks for it (auth/middleware.py). Setting any password clears the flag.

Revision ID: 0011
Revises: 0010
"""

from placement.db.migrate import run_script

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_script("""
        ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
        ALTER TABLE users ADD CONSTRAINT users_must_change_password_needs_password_check
            CHECK (NOT must_change_password OR password_hash IS NOT NULL);
    """)


def downgrade() -> None:
    run_script("""
        ALTER TABLE users DROP CONSTRAINT users_must_change_password_needs_password_check;
        ALTER TABLE users DROP COLUMN must_change_password;
    """)
