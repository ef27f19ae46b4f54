"""Waiting-list proposals: one joint assignment of all open requests, beside first come first served

Revision ID: 0009
Revises: 0008

A proposal is evidence like a ranking snapshot: its inputs, the policy version, both assignments
and every line are stored once and never changed (waiting_list_proposals_no_update_delete), and
each line names the ranking snapshot of its request that the proposal chose from, so accepting a
line is an ordinary decision on that snapshot.
"""

from placement.db.migrate import run_script

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_script(
        """
        CREATE TABLE waiting_list_proposals (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            organisation_id uuid NOT NULL,
            policy_version integer NOT NULL,
            model_version text,
            supply_counter bigint NOT NULL,
            solver_status text NOT NULL,
            request_ids uuid[] NOT NULL,
            child_ids uuid[] NOT NULL,
            inputs jsonb NOT NULL,
            result jsonb NOT NULL,
            created_by uuid,
            created_by_label text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT waiting_list_proposals_organisation_fk FOREIGN KEY (organisation_id)
                REFERENCES organisations (id),
            CONSTRAINT waiting_list_proposals_policy_fk FOREIGN KEY (policy_version)
                REFERENCES matching_policies (version),
            CONSTRAINT waiting_list_proposals_created_by_fk FOREIGN KEY (created_by)
                REFERENCES users (id),
            CONSTRAINT waiting_list_proposals_status_check
                CHECK (solver_status IN ('optimal', 'time_limit', 'fallback'))
        );
        CREATE INDEX waiting_list_proposals_organisation_idx
            ON waiting_list_proposals (organisation_id, created_at DESC);
        CREATE FUNCTION waiting_list_proposals_are_immutable() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'waiting_list_proposals cannot be changed: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$;
        CREATE TRIGGER waiting_list_proposals_no_update_delete
            BEFORE UPDATE OR DELETE ON waiting_list_proposals
            FOR EACH ROW EXECUTE FUNCTION waiting_list_proposals_are_immutable();
        """
    )


def downgrade() -> None:
    run_script(
        """
        DROP TABLE IF EXISTS waiting_list_proposals;
        DROP FUNCTION IF EXISTS waiting_list_proposals_are_immutable();
        """
    )
