"""Decisions: the choice on a ranking, family answers, introductions, the placement lifecycle, the commission

Revision ID: 0005
Revises: 0004

What the database itself guarantees here:
- a decision names a snapshot of its own request (composite foreign key), and choosing anything
  but the top option carries a reason code and a motivation (decisions_override_reason_check);
  a plan that breaks `together` ties carries at least one split reason per broken tie;
- decisions, family answers, introductions, referrals and commission decisions are never changed
  or deleted (a changed mind is a new row that points at the one it replaces, at most once);
- one child never holds two overlapping placements or reservations (occupancies_child_no_overlap),
  just as one place never does (occupancies_no_overlap, 0001).
The code lists below are the documented Dutch lists of placement.decisions.reasons and
docs/decisions.md; keep them in step.
"""

from placement.db.migrate import run_script

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

OVERRIDE_REASONS = ("family_declined", "family_unreachable", "wish_child_parents",
                    "closer_to_network", "continuity_school_care", "professional_judgement",
                    "other")
SPLIT_REASONS = ("no_home_for_all", "specialist_care", "threat", "severe_conflict",
                 "sexual_abuse", "needs_differ", "wish_child", "professional_judgement", "other")
DECLINE_REASONS = ("no_room_now", "not_fitting_family", "needs_too_heavy",
                   "personal_circumstances", "other")
STOP_REASONS = ("child_not_comfortable", "family_not_comfortable", "parents_object",
                "professional_judgement", "other")
END_REASONS = ("planned", "return_home", "to_network", "to_independence", "breakdown_carer",
               "breakdown_child", "breakdown_agency", "other")
OLD_END_REASONS = ("planned", "breakdown_carer", "breakdown_child", "return_home", "other")
REQUEST_STATUSES = ("open", "proposed", "introduction", "placed", "ended", "cancelled")
OLD_REQUEST_STATUSES = ("open", "reserved", "placed", "cancelled")
COMMISSION_OUTCOMES = ("approve_option", "approve_with_support", "search_wider",
                       "non_family_care")


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def upgrade() -> None:
    run_script(
        f"""
        CREATE FUNCTION records_are_immutable() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% cannot be changed: % refused', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$;

        -- The request's status follows the lifecycle; 'reserved' became 'proposed'.
        ALTER TABLE placement_requests DROP CONSTRAINT placement_requests_status_check;
        UPDATE placement_requests SET status = 'proposed' WHERE status = 'reserved';
        ALTER TABLE placement_requests ADD CONSTRAINT placement_requests_status_check
            CHECK (status IN ({_in(REQUEST_STATUSES)}));
        -- After an unplanned ending, a new request for the same child points at the old one.
        ALTER TABLE placement_requests ADD COLUMN follows_request_id uuid;
        ALTER TABLE placement_requests ADD CONSTRAINT placement_requests_follows_fk
            FOREIGN KEY (follows_request_id) REFERENCES placement_requests (id);
        ALTER TABLE placement_requests ADD CONSTRAINT placement_requests_follows_not_self_check
            CHECK (follows_request_id IS NULL OR follows_request_id <> id);
        CREATE INDEX placement_requests_follows_idx ON placement_requests (follows_request_id);

        ALTER TABLE ranking_snapshots ADD CONSTRAINT ranking_snapshots_id_request_key
            UNIQUE (id, request_id);

        CREATE TABLE decisions (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            request_id uuid NOT NULL,
            organisation_id uuid NOT NULL,
            snapshot_id uuid NOT NULL,
            option_kind text NOT NULL,
            option_rank integer NOT NULL,
            chosen jsonb NOT NULL,
            reason_code text,
            motivation text,
            broken_together_ties integer NOT NULL DEFAULT 0,
            split_reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
            supply_counter_at_search bigint NOT NULL,
            supply_counter_at_decision bigint NOT NULL,
            supply_changed boolean GENERATED ALWAYS AS
                (supply_counter_at_decision <> supply_counter_at_search) STORED,
            replaces_decision_id uuid,
            source text NOT NULL DEFAULT 'officer',
            decided_by uuid,
            decided_by_label text NOT NULL,
            decided_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT decisions_request_fk FOREIGN KEY (request_id)
                REFERENCES placement_requests (id),
            CONSTRAINT decisions_organisation_fk FOREIGN KEY (organisation_id)
                REFERENCES organisations (id),
            CONSTRAINT decisions_snapshot_of_request_fk FOREIGN KEY (snapshot_id, request_id)
                REFERENCES ranking_snapshots (id, request_id),
            CONSTRAINT decisions_replaces_fk FOREIGN KEY (replaces_decision_id)
                REFERENCES decisions (id),
            CONSTRAINT decisions_replaced_once_key UNIQUE (replaces_decision_id),
            CONSTRAINT decisions_decided_by_fk FOREIGN KEY (decided_by) REFERENCES users (id),
            CONSTRAINT decisions_option_kind_check CHECK (option_kind IN ('carer', 'plan')),
            CONSTRAINT decisions_option_rank_check CHECK (option_rank >= 1),
            CONSTRAINT decisions_source_check
                CHECK (source IN ('officer', 'waiting_list', 'commission')),
            CONSTRAINT decisions_reason_code_check
                CHECK (reason_code IS NULL OR reason_code IN ({_in(OVERRIDE_REASONS)})),
            CONSTRAINT decisions_override_reason_check CHECK (
                option_rank = 1 OR (reason_code IS NOT NULL AND motivation IS NOT NULL
                                    AND length(btrim(motivation)) > 0)),
            CONSTRAINT decisions_split_reasons_check CHECK (
                jsonb_typeof(split_reasons) = 'array'
                AND jsonb_array_length(split_reasons) >= broken_together_ties),
            CONSTRAINT decisions_broken_ties_check CHECK (broken_together_ties >= 0)
        );
        CREATE INDEX decisions_request_idx ON decisions (request_id, decided_at);
        CREATE INDEX decisions_organisation_idx ON decisions (organisation_id, decided_at);
        CREATE TRIGGER decisions_no_update_delete BEFORE UPDATE OR DELETE ON decisions
            FOR EACH ROW EXECUTE FUNCTION records_are_immutable();

        -- Each reservation or placement made for a decision says so.
        ALTER TABLE occupancies ADD COLUMN decision_id uuid;
        ALTER TABLE occupancies ADD CONSTRAINT occupancies_decision_fk
            FOREIGN KEY (decision_id) REFERENCES decisions (id);
        CREATE INDEX occupancies_decision_idx ON occupancies (decision_id);
        CREATE INDEX occupancies_request_idx ON occupancies (request_id);
        ALTER TABLE occupancies ADD COLUMN end_note text;
        ALTER TABLE occupancies DROP CONSTRAINT occupancies_end_reason_check;
        ALTER TABLE occupancies ADD CONSTRAINT occupancies_end_reason_check
            CHECK (end_reason IS NULL OR end_reason IN ({_in(END_REASONS)}));
        ALTER TABLE occupancies ADD CONSTRAINT occupancies_child_no_overlap
            EXCLUDE USING gist (child_id WITH =, period WITH &&)
            WHERE (status <> 'cancelled' AND child_id IS NOT NULL);

        -- A family's answer to being approached; the latest per (decision, carer) counts.
        CREATE TABLE family_answers (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            decision_id uuid NOT NULL,
            carer_id uuid NOT NULL,
            answer text NOT NULL,
            decline_reason text,
            note text NOT NULL DEFAULT '',
            answered_on date NOT NULL,
            recorded_by uuid,
            recorded_by_label text NOT NULL,
            recorded_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT family_answers_decision_fk FOREIGN KEY (decision_id)
                REFERENCES decisions (id),
            CONSTRAINT family_answers_carer_fk FOREIGN KEY (carer_id) REFERENCES carers (id),
            CONSTRAINT family_answers_recorded_by_fk FOREIGN KEY (recorded_by)
                REFERENCES users (id),
            CONSTRAINT family_answers_answer_check
                CHECK (answer IN ('accepted', 'declined', 'no_answer')),
            CONSTRAINT family_answers_decline_reason_check CHECK (
                (answer = 'declined') = (decline_reason IS NOT NULL)
                AND (decline_reason IS NULL OR decline_reason IN ({_in(DECLINE_REASONS)})))
        );
        CREATE INDEX family_answers_decision_idx ON family_answers (decision_id, recorded_at);
        CREATE TRIGGER family_answers_no_update_delete BEFORE UPDATE OR DELETE ON family_answers
            FOR EACH ROW EXECUTE FUNCTION records_are_immutable();

        -- The introduction (kennismaking) with one family and how it went.
        CREATE TABLE introductions (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            decision_id uuid NOT NULL,
            carer_id uuid NOT NULL,
            outcome text NOT NULL,
            stop_reason text,
            note text NOT NULL DEFAULT '',
            held_on date NOT NULL,
            recorded_by uuid,
            recorded_by_label text NOT NULL,
            recorded_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT introductions_decision_fk FOREIGN KEY (decision_id)
                REFERENCES decisions (id),
            CONSTRAINT introductions_carer_fk FOREIGN KEY (carer_id) REFERENCES carers (id),
            CONSTRAINT introductions_recorded_by_fk FOREIGN KEY (recorded_by)
                REFERENCES users (id),
            CONSTRAINT introductions_outcome_check CHECK (outcome IN ('go_ahead', 'stop')),
            CONSTRAINT introductions_stop_reason_check CHECK (
                (outcome = 'stop') = (stop_reason IS NOT NULL)
                AND (stop_reason IS NULL OR stop_reason IN ({_in(STOP_REASONS)})))
        );
        CREATE INDEX introductions_decision_idx ON introductions (decision_id, recorded_at);
        CREATE TRIGGER introductions_no_update_delete BEFORE UPDATE OR DELETE ON introductions
            FOR EACH ROW EXECUTE FUNCTION records_are_immutable();

        -- Referral to the Commissie Passend Alternatief (only of open requests: the service
        -- checks that, since "open" is a moment, not a row property).
        CREATE TABLE commission_referrals (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            request_id uuid NOT NULL,
            organisation_id uuid NOT NULL,
            question text NOT NULL,
            motivation text NOT NULL,
            referred_by uuid,
            referred_by_label text NOT NULL,
            referred_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT commission_referrals_request_fk FOREIGN KEY (request_id)
                REFERENCES placement_requests (id),
            CONSTRAINT commission_referrals_organisation_fk FOREIGN KEY (organisation_id)
                REFERENCES organisations (id),
            CONSTRAINT commission_referrals_referred_by_fk FOREIGN KEY (referred_by)
                REFERENCES users (id),
            CONSTRAINT commission_referrals_question_check CHECK (length(btrim(question)) > 0),
            CONSTRAINT commission_referrals_motivation_check
                CHECK (length(btrim(motivation)) > 0)
        );
        CREATE INDEX commission_referrals_request_idx ON commission_referrals (request_id);
        CREATE TRIGGER commission_referrals_no_update_delete
            BEFORE UPDATE OR DELETE ON commission_referrals
            FOR EACH ROW EXECUTE FUNCTION records_are_immutable();

        CREATE TABLE commission_decisions (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            referral_id uuid NOT NULL,
            request_id uuid NOT NULL,
            outcome text NOT NULL,
            snapshot_id uuid,
            option_rank integer,
            carer_id uuid,
            extra_support text,
            relax text,
            motivation text NOT NULL,
            decided_on date NOT NULL,
            members_present text[] NOT NULL,
            replaces_decision_id uuid,
            decided_by uuid,
            decided_by_label text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT commission_decisions_referral_fk FOREIGN KEY (referral_id)
                REFERENCES commission_referrals (id),
            CONSTRAINT commission_decisions_request_fk FOREIGN KEY (request_id)
                REFERENCES placement_requests (id),
            CONSTRAINT commission_decisions_snapshot_of_request_fk
                FOREIGN KEY (snapshot_id, request_id) REFERENCES ranking_snapshots (id, request_id),
            CONSTRAINT commission_decisions_carer_fk FOREIGN KEY (carer_id) REFERENCES carers (id),
            CONSTRAINT commission_decisions_replaces_fk FOREIGN KEY (replaces_decision_id)
                REFERENCES commission_decisions (id),
            CONSTRAINT commission_decisions_replaced_once_key UNIQUE (replaces_decision_id),
            CONSTRAINT commission_decisions_decided_by_fk FOREIGN KEY (decided_by)
                REFERENCES users (id),
            CONSTRAINT commission_decisions_outcome_check
                CHECK (outcome IN ({_in(COMMISSION_OUTCOMES)})),
            CONSTRAINT commission_decisions_option_check CHECK (
                outcome NOT IN ('approve_option', 'approve_with_support')
                OR (snapshot_id IS NOT NULL AND option_rank >= 1)),
            CONSTRAINT commission_decisions_support_check CHECK (
                outcome <> 'approve_with_support' OR length(btrim(coalesce(extra_support, ''))) > 0),
            CONSTRAINT commission_decisions_relax_check CHECK (
                outcome <> 'search_wider' OR length(btrim(coalesce(relax, ''))) > 0),
            CONSTRAINT commission_decisions_motivation_check
                CHECK (length(btrim(motivation)) > 0),
            CONSTRAINT commission_decisions_members_check CHECK (cardinality(members_present) > 0)
        );
        CREATE INDEX commission_decisions_request_idx ON commission_decisions (request_id);
        CREATE TRIGGER commission_decisions_no_update_delete
            BEFORE UPDATE OR DELETE ON commission_decisions
            FOR EACH ROW EXECUTE FUNCTION records_are_immutable();
        """
    )


def downgrade() -> None:
    run_script(
        f"""
        DROP TABLE IF EXISTS commission_decisions;
        DROP TABLE IF EXISTS commission_referrals;
        DROP TABLE IF EXISTS introductions;
        DROP TABLE IF EXISTS family_answers;
        ALTER TABLE occupancies DROP CONSTRAINT IF EXISTS occupancies_child_no_overlap;
        ALTER TABLE occupancies DROP CONSTRAINT occupancies_end_reason_check;
        UPDATE occupancies SET end_reason = 'other'
            WHERE end_reason NOT IN ({_in(OLD_END_REASONS)});
        ALTER TABLE occupancies ADD CONSTRAINT occupancies_end_reason_check
            CHECK (end_reason IS NULL OR end_reason IN ({_in(OLD_END_REASONS)}));
        ALTER TABLE occupancies DROP COLUMN IF EXISTS end_note;
        DROP INDEX IF EXISTS occupancies_request_idx;
        ALTER TABLE occupancies DROP COLUMN IF EXISTS decision_id;
        DROP TABLE IF EXISTS decisions;
        ALTER TABLE ranking_snapshots DROP CONSTRAINT IF EXISTS ranking_snapshots_id_request_key;
        ALTER TABLE placement_requests DROP COLUMN IF EXISTS follows_request_id;
        ALTER TABLE placement_requests DROP CONSTRAINT placement_requests_status_check;
        UPDATE placement_requests SET status = CASE status
            WHEN 'proposed' THEN 'reserved' WHEN 'introduction' THEN 'reserved'
            WHEN 'ended' THEN 'placed' ELSE status END;
        ALTER TABLE placement_requests ADD CONSTRAINT placement_requests_status_check
            CHECK (status IN ({_in(OLD_REQUEST_STATUSES)}));
        DROP FUNCTION IF EXISTS records_are_immutable();
        """
    )
