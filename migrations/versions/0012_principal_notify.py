"""Auth: tell every serving process when an API token or a user's authority changes

Each process keeps the principals of recently used API tokens for up to a minute, so an API call
need not ask the database who its token belongs to (auth/tokens.TokenCache). Revoking or deleting
a token, and changing a user's activity, roles, organisation or e-mail address, notifies
'placement_principals_changed'; every listening process then forgets all it kept. A process that
is not listening keeps nothing (operations/supply_listener.py). `last_used_at`, refreshed at most
once a minute, is not a column these triggers watch.

Revision ID: 0012
Revises: 0011
"""

from placement.db.migrate import run_script

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_script("""
        CREATE FUNCTION notify_principals_changed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('placement_principals_changed', TG_TABLE_NAME);
            RETURN NULL;
        END $$;
        CREATE TRIGGER api_tokens_principals_changed
            AFTER UPDATE OF revoked_at, user_id, token_hash OR DELETE ON api_tokens
            FOR EACH STATEMENT EXECUTE FUNCTION notify_principals_changed();
        CREATE TRIGGER users_principals_changed
            AFTER UPDATE OF is_active, roles, organisation_id, email OR DELETE ON users
            FOR EACH STATEMENT EXECUTE FUNCTION notify_principals_changed();
    """)


def downgrade() -> None:
    run_script("""
        DROP TRIGGER users_principals_changed ON users;
        DROP TRIGGER api_tokens_principals_changed ON api_tokens;
        DROP FUNCTION notify_principals_changed();
    """)
