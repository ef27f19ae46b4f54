"""Auth: sessions, login throttling, case shares

Revision ID: 0003
Revises: 0002
"""

from placement.db.migrate import run_script

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_script(
        """
        -- Server-side sessions. The cookie holds a random id; only its SHA-256 hash is stored,
        -- so a copy of the database does not let anyone take over a session.
        CREATE TABLE sessions (
            id_hash text PRIMARY KEY,
            user_id uuid NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            last_seen_at timestamptz NOT NULL DEFAULT now(),
            expires_at timestamptz NOT NULL,
            ended_at timestamptz,
            end_reason text,
            csrf_secret text NOT NULL,
            source_address text,
            CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
                ON DELETE CASCADE,
            CONSTRAINT sessions_end_reason_check CHECK (end_reason IS NULL OR end_reason IN
                ('logout', 'idle', 'absolute', 'disabled', 'replaced')),
            CONSTRAINT sessions_ended_check CHECK ((ended_at IS NULL) = (end_reason IS NULL))
        );
        CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE ended_at IS NULL;

        -- Every login attempt, for throttling per account name and per source address.
        -- account is the name that was typed (lower-cased), whether or not such an account exists.
        CREATE TABLE login_attempts (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            occurred_at timestamptz NOT NULL DEFAULT now(),
            account text NOT NULL,
            source_address text,
            succeeded boolean NOT NULL
        );
        CREATE INDEX login_attempts_account_idx ON login_attempts (account, occurred_at);
        CREATE INDEX login_attempts_address_idx ON login_attempts (source_address, occurred_at);

        -- A placement request shared with another organisation: its officers may then see the
        -- request and the children in it.
        CREATE TABLE case_shares (
            request_id uuid NOT NULL,
            organisation_id uuid NOT NULL,
            shared_by uuid,
            created_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT case_shares_pkey PRIMARY KEY (request_id, organisation_id),
            CONSTRAINT case_shares_request_fk FOREIGN KEY (request_id)
                REFERENCES placement_requests (id) ON DELETE CASCADE,
            CONSTRAINT case_shares_organisation_fk FOREIGN KEY (organisation_id)
                REFERENCES organisations (id),
            CONSTRAINT case_shares_shared_by_fk FOREIGN KEY (shared_by) REFERENCES users (id)
        );
        CREATE INDEX case_shares_organisation_idx ON case_shares (organisation_id);

        ALTER TABLE api_tokens ADD COLUMN created_by uuid;
        ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_created_by_fk
            FOREIGN KEY (created_by) REFERENCES users (id);
        ALTER TABLE users ADD COLUMN disabled_at timestamptz;
        ALTER TABLE users ADD COLUMN password_changed_at timestamptz;
        CREATE INDEX audit_log_action_idx ON audit_log (action, occurred_at);
        CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, occurred_at);
        """
    )


def downgrade() -> None:
    run_script(
        """
        DROP INDEX audit_log_actor_idx;
        DROP INDEX audit_log_action_idx;
        ALTER TABLE users DROP COLUMN password_changed_at;
        ALTER TABLE users DROP COLUMN disabled_at;
        ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_created_by_fk;
        ALTER TABLE api_tokens DROP COLUMN created_by;
        DROP TABLE case_shares;
        DROP TABLE login_attempts;
        DROP TABLE sessions;
        """
    )
