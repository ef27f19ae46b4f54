"""Security: the platform role functioneel_beheer, and a tamper-evident audit log

* users.roles may hold `functioneel_beheer` (the platform's own administrators).
* A session can end because the password changed (`password_changed`).
* Every audit_log entry carries a SHA-256 hash over its content and the previous entry's hash,
  in one chain per organisation (`chain_id`; the nil UUID for entries without an organisation,
  such as failed sign-ins). A BEFORE INSERT trigger fills the chain columns in the inserting
  transaction, under a transaction-scoped advisory lock on that organisation's chain only, so
  writes of different organisations never wait on each other. Whatever the inserting code
  passes for these columns is overwritten. `placement audit verify` recomputes the chain with
  the same SQL function (audit_entry_hash) and names the first broken link.
* Entries that exist already are chained once, in (occurred_at, id) order.

Privileges of the app's database role are not granted here but by placement.db.roles
(`placement db roles`), with ALTER DEFAULT PRIVILEGES so that tables of later migrations are
granted as they are created; see docs/security.md.

Revision ID: 0007
Revises: 0006
"""

from placement.db.migrate import run_script

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_script(
        """
        ALTER TABLE users DROP CONSTRAINT users_roles_check;
        ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (roles <@ ARRAY[
            'plaatser', 'commissie', 'werver', 'beheerder', 'functioneel_beheer']::text[]);

        -- A changed password ends the user's other sessions.
        ALTER TABLE sessions DROP CONSTRAINT sessions_end_reason_check;
        ALTER TABLE sessions ADD CONSTRAINT sessions_end_reason_check CHECK (end_reason IS NULL
            OR end_reason IN ('logout', 'idle', 'absolute', 'disabled', 'replaced',
                              'password_changed'));

        ALTER TABLE audit_log
            ADD COLUMN chain_id uuid,
            ADD COLUMN chain_seq bigint,
            ADD COLUMN prev_hash bytea,
            ADD COLUMN entry_hash bytea;

        -- The canonical text of an entry: every column, NULLs and quotes made unambiguous by
        -- format('%L'), the time in UTC whatever the session's time zone, jsonb in its own
        -- normalised form. Used by the trigger and by verification alike.
        CREATE FUNCTION audit_entry_hash(e audit_log) RETURNS bytea
        LANGUAGE sql STABLE AS $$
            SELECT sha256(convert_to(format(
                '%s|%s|%s|%L|%L|%L|%L|%L|%L|%L|%L|%L|%L|%L',
                e.id, e.chain_id, e.chain_seq,
                to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
                e.actor_user_id, e.actor_label, e.organisation_id, e.role, e.action, e.entity,
                e.record_ids, e.child_ids, e.source_address, e.detail::text)
                || '|' || coalesce(encode(e.prev_hash, 'hex'), '-'), 'UTF8'))
        $$;

        CREATE FUNCTION audit_log_chain() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
            last_seq bigint;
            last_hash bytea;
        BEGIN
            NEW.chain_id := coalesce(NEW.organisation_id,
                                     '00000000-0000-0000-0000-000000000000'::uuid);
            -- One lock per chain (class 7513, after NEN 7513), held to the end of the
            -- transaction: the next writer of this chain sees this entry as committed.
            PERFORM pg_advisory_xact_lock(7513, hashtext(NEW.chain_id::text));
            SELECT chain_seq, entry_hash INTO last_seq, last_hash
            FROM audit_log WHERE chain_id = NEW.chain_id
            ORDER BY chain_seq DESC LIMIT 1;
            NEW.chain_seq := coalesce(last_seq, 0) + 1;
            NEW.prev_hash := last_hash;
            NEW.entry_hash := audit_entry_hash(NEW);
            RETURN NEW;
        END;
        $$;

        -- Chain what is there already (the append-only trigger is the owner's to lift, here only).
        ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete;
        DO $$
        DECLARE
            entry audit_log;
            previous bytea;
            chain uuid;
            seq bigint;
        BEGIN
            FOR entry IN SELECT * FROM audit_log
                         ORDER BY coalesce(organisation_id,
                                           '00000000-0000-0000-0000-000000000000'::uuid),
                                  occurred_at, id
            LOOP
                IF chain IS DISTINCT FROM coalesce(entry.organisation_id,
                                                   '00000000-0000-0000-0000-000000000000'::uuid)
                THEN
                    chain := coalesce(entry.organisation_id,
                                      '00000000-0000-0000-0000-000000000000'::uuid);
                    seq := 0;
                    previous := NULL;
                END IF;
                seq := seq + 1;
                entry.chain_id := chain;
                entry.chain_seq := seq;
                entry.prev_hash := previous;
                entry.entry_hash := audit_entry_hash(entry);
                UPDATE audit_log SET chain_id = entry.chain_id, chain_seq = entry.chain_seq,
                                     prev_hash = entry.prev_hash, entry_hash = entry.entry_hash
                WHERE id = entry.id;
                previous := entry.entry_hash;
            END LOOP;
        END;
        $$;
        ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete;

        ALTER TABLE audit_log
            ALTER COLUMN chain_id SET NOT NULL,
            ALTER COLUMN chain_seq SET NOT NULL,
            ALTER COLUMN entry_hash SET NOT NULL;
        CREATE UNIQUE INDEX audit_log_chain_seq_key ON audit_log (chain_id, chain_seq);
        CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
        """
    )


def downgrade() -> None:
    run_script(
        """
        DROP TRIGGER audit_log_chain ON audit_log;
        DROP FUNCTION audit_log_chain();
        DROP FUNCTION audit_entry_hash(audit_log);
        DROP INDEX audit_log_chain_seq_key;
        ALTER TABLE audit_log
            DROP COLUMN chain_id,
            DROP COLUMN chain_seq,
            DROP COLUMN prev_hash,
            DROP COLUMN entry_hash;

        UPDATE sessions SET end_reason = 'replaced' WHERE end_reason = 'password_changed';
        ALTER TABLE sessions DROP CONSTRAINT sessions_end_reason_check;
        ALTER TABLE sessions ADD CONSTRAINT sessions_end_reason_check CHECK (end_reason IS NULL
            OR end_reason IN ('logout', 'idle', 'absolute', 'disabled', 'replaced'));

        UPDATE users SET roles = array_remove(roles, 'functioneel_beheer')
        WHERE 'functioneel_beheer' = ANY (roles);
        ALTER TABLE users DROP CONSTRAINT users_roles_check;
        ALTER TABLE users ADD CONSTRAINT users_roles_check
            CHECK (roles <@ ARRAY['plaatser', 'commissie', 'werver', 'beheerder']::text[]);
        """
    )
