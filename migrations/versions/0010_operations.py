"""Operations: maintenance runs, and the one narrow way retention may delete ranking snapshots

Ranking snapshots stay immutable for the app: an UPDATE is always refused, and a DELETE only
inside retention_erase_ranking_snapshots(), which turns a transaction-local flag on for its own
DELETE and off again, and only for snapshots of closed (placed or cancelled) requests; the
trigger checks both. EXECUTE on it is revoked from PUBLIC: grant it to the role that runs the
maintenance job.

Revision ID: 0010
Revises: 0009
"""

from placement.db.migrate import run_script

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

ORIGINAL_TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION ranking_snapshots_are_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ranking_snapshots cannot be changed: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""


ORIGINAL_RECORDS_FUNCTIONS = """
CREATE OR REPLACE FUNCTION records_are_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% cannot be changed: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE OR REPLACE FUNCTION waiting_list_proposals_are_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'waiting_list_proposals cannot be changed: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""


def upgrade() -> None:
    run_script(
        """
        -- One row per run of the maintenance job (or dry run): lets workers see that a run is
        -- recent, and operators what it did. Counts only, no personal data.
        CREATE TABLE maintenance_runs (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            finished_at timestamptz,
            dry_run boolean NOT NULL,
            started_by text NOT NULL,
            outcome jsonb NOT NULL DEFAULT '{}'::jsonb,
            CONSTRAINT maintenance_runs_finished_check CHECK (
                finished_at IS NULL OR finished_at >= started_at)
        );
        CREATE INDEX maintenance_runs_started_idx ON maintenance_runs (started_at);

        CREATE OR REPLACE FUNCTION ranking_snapshots_are_immutable() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE'
               AND current_setting('placement.retention_erase', true) = 'on'
               AND EXISTS (SELECT 1 FROM placement_requests r
                           WHERE r.id = OLD.request_id AND r.status IN ('placed', 'ended', 'cancelled'))
            THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION 'ranking_snapshots cannot be changed: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$;

        CREATE FUNCTION retention_erase_ranking_snapshots(snapshot_ids uuid[]) RETURNS integer
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        DECLARE
            erased integer;
        BEGIN
            PERFORM set_config('placement.retention_erase', 'on', true);
            DELETE FROM ranking_snapshots WHERE id = ANY(snapshot_ids);
            GET DIAGNOSTICS erased = ROW_COUNT;
            PERFORM set_config('placement.retention_erase', 'off', true);
            RETURN erased;
        END;
        $$;
        REVOKE EXECUTE ON FUNCTION retention_erase_ranking_snapshots(uuid[]) FROM PUBLIC;

        -- The decision records of a child's file (decisions, family answers, introductions,
        -- referrals, commission decisions, waiting-list proposals naming its requests) are as
        -- immutable as snapshots, and go the same narrow way when the file's retention period
        -- is over: only inside retention_erase_decision_records().
        CREATE OR REPLACE FUNCTION records_are_immutable() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' AND current_setting('placement.retention_erase', true) = 'on' THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION '% cannot be changed: % refused', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$;
        CREATE OR REPLACE FUNCTION waiting_list_proposals_are_immutable() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' AND current_setting('placement.retention_erase', true) = 'on' THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION 'waiting_list_proposals cannot be changed: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$;
        CREATE FUNCTION retention_erase_decision_records(erase_ids uuid[]) RETURNS integer
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        DECLARE
            erased integer := 0;
            n integer;
        BEGIN
            PERFORM set_config('placement.retention_erase', 'on', true);
            DELETE FROM commission_decisions WHERE request_id = ANY(erase_ids);
            GET DIAGNOSTICS n = ROW_COUNT; erased := erased + n;
            DELETE FROM commission_referrals WHERE request_id = ANY(erase_ids);
            GET DIAGNOSTICS n = ROW_COUNT; erased := erased + n;
            DELETE FROM family_answers WHERE decision_id IN (
                SELECT id FROM decisions WHERE request_id = ANY(erase_ids));
            GET DIAGNOSTICS n = ROW_COUNT; erased := erased + n;
            DELETE FROM introductions WHERE decision_id IN (
                SELECT id FROM decisions WHERE request_id = ANY(erase_ids));
            GET DIAGNOSTICS n = ROW_COUNT; erased := erased + n;
            DELETE FROM decisions WHERE request_id = ANY(erase_ids);
            GET DIAGNOSTICS n = ROW_COUNT; erased := erased + n;
            DELETE FROM waiting_list_proposals WHERE request_ids && erase_ids;
            GET DIAGNOSTICS n = ROW_COUNT; erased := erased + n;
            PERFORM set_config('placement.retention_erase', 'off', true);
            RETURN erased;
        END;
        $$;
        REVOKE EXECUTE ON FUNCTION retention_erase_decision_records(uuid[]) FROM PUBLIC;

        -- A new matching policy version tells the candidate index holders at once, like a
        -- supply change does (the listeners only need to know that something changed).
        CREATE FUNCTION notify_matching_policy_changed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('placement_supply_changed', TG_TABLE_NAME);
            RETURN NULL;
        END;
        $$;
        CREATE TRIGGER matching_policies_changed
            AFTER INSERT OR UPDATE OR DELETE ON matching_policies
            FOR EACH STATEMENT EXECUTE FUNCTION notify_matching_policy_changed();
        -- So does activating or deactivating a stability model (its carer arrays live in the
        -- index).
        CREATE TRIGGER model_versions_changed
            AFTER INSERT OR UPDATE OR DELETE ON model_versions
            FOR EACH STATEMENT EXECUTE FUNCTION notify_matching_policy_changed();
        """
    )


def downgrade() -> None:
    run_script(
        "DROP TRIGGER matching_policies_changed ON matching_policies;"
        "DROP TRIGGER IF EXISTS model_versions_changed ON model_versions; "
        "DROP FUNCTION notify_matching_policy_changed();"
        "DROP FUNCTION retention_erase_ranking_snapshots(uuid[]);"
        "DROP FUNCTION retention_erase_decision_records(uuid[]);"
        + ORIGINAL_RECORDS_FUNCTIONS
        + ORIGINAL_TRIGGER_FUNCTION
        + "DROP TABLE maintenance_runs;"
    )
