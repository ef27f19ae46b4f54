"""Matching: versioned policy and ranking snapshots

Revision ID: 0002
Revises: 0001
"""

import json

from placement.db.migrate import run_script

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Version 1, frozen here (the code's DEFAULT_POLICY must match it: tests/unit/test_matching_policy).
SEED_WEIGHTS = {
    "school_travel": 3.0, "club_travel": 1.0, "parents_distance": 2.0, "own_wijk": 1.5,
    "siblings_together": 3.0, "needs_fit": 2.5, "network_tie": 3.0, "age_order": 1.0,
    "expressed_wishes": 1.0, "availability_freshness": 1.0,
}
SEED_THRESHOLDS = {
    "max_travel_minutes": 60.0, "good_travel_minutes": 15.0, "contact_good_km": 5.0,
    "contact_max_km": 50.0, "fresh_availability_days": 30, "stale_availability_days": 90,
    "detour_factor": 1.3, "speeds_kmh": {"walk": 4.5, "bike": 15.0, "transit": 25.0, "car": 30.0},
    "mode_bands": [{"from_age": 0, "mode": "car"}, {"from_age": 10, "mode": "bike"},
                   {"from_age": 16, "mode": "transit"}],
    "safety_default_km": 10.0, "with_support_fit": 0.5, "age_order_older_score": 0.4,
    "split_penalty_per_tie": 0.1, "plan_top_k": 8, "exact_partitions_up_to": 6,
}
SEED_REASONING = {
    "school_travel": "Zelfde school houden is de sterkste vorm van 'zo thuis mogelijk'.",
    "network_tie": "Netwerkplaatsingen breken minder vaak voortijdig af.",
    "siblings_together": "Samen, tenzij: broers en zussen blijven bij elkaar.",
    "needs_fit": "Passende zorg voorkomt uitval; met ondersteuning telt half.",
    "parents_distance": "Contact met ouders en terugkeer naar huis vragen nabijheid.",
    "own_wijk": "Eigen wijk: vrienden, buurtteam en club blijven dichtbij.",
    "club_travel": "Vaste activiteiten houden het leven van het kind doorlopend.",
    "age_order": "Een jonger geplaatst kind verstoort de gezinsvolgorde het minst.",
    "expressed_wishes": "Alleen wat kind of ouders zelf wensten; nooit afgeleid.",
    "availability_freshness": "Oude beschikbaarheid is onzeker: eerst navragen.",
    "max_travel_minutes": "Langer dan een uur per richting is voor een kind niet vol te houden.",
    "detour_factor": "Wegen zijn gemiddeld ca. 1,3 maal zo lang als hemelsbreed.",
    "mode_bands": "Tot 10 jaar wordt een kind gebracht; vanaf 10 fietst het; vanaf 16 OV.",
}


def upgrade() -> None:
    run_script(
        """
        CREATE TABLE matching_policies (
            version integer PRIMARY KEY,
            weights jsonb NOT NULL,
            thresholds jsonb NOT NULL,
            reasoning jsonb NOT NULL DEFAULT '{}'::jsonb,
            note text NOT NULL,
            created_by uuid,
            created_by_label text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT matching_policies_created_by_fk FOREIGN KEY (created_by)
                REFERENCES users (id),
            CONSTRAINT matching_policies_version_check CHECK (version >= 1),
            CONSTRAINT matching_policies_weights_check CHECK (jsonb_typeof(weights) = 'object'),
            CONSTRAINT matching_policies_thresholds_check
                CHECK (jsonb_typeof(thresholds) = 'object')
        );

        -- Every search as it was shown: inputs, options with all factor values, exclusions,
        -- policy version. Rows can be added, never changed (evidence for commission or court).
        CREATE TABLE ranking_snapshots (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            request_id uuid NOT NULL,
            organisation_id uuid NOT NULL,
            kind text NOT NULL,
            child_ids uuid[] NOT NULL,
            inputs jsonb NOT NULL,
            result jsonb NOT NULL,
            exclusion_summary jsonb NOT NULL,
            policy_version integer NOT NULL,
            model_version text,
            asked_by uuid,
            asked_by_label text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT ranking_snapshots_request_fk FOREIGN KEY (request_id)
                REFERENCES placement_requests (id),
            CONSTRAINT ranking_snapshots_organisation_fk FOREIGN KEY (organisation_id)
                REFERENCES organisations (id),
            CONSTRAINT ranking_snapshots_policy_fk FOREIGN KEY (policy_version)
                REFERENCES matching_policies (version),
            CONSTRAINT ranking_snapshots_asked_by_fk FOREIGN KEY (asked_by) REFERENCES users (id),
            CONSTRAINT ranking_snapshots_kind_check CHECK (kind IN ('single', 'group'))
        );
        CREATE INDEX ranking_snapshots_request_idx ON ranking_snapshots (request_id);

        CREATE FUNCTION ranking_snapshots_are_immutable() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'ranking_snapshots cannot be changed: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$;
        CREATE TRIGGER ranking_snapshots_no_update_delete
            BEFORE UPDATE OR DELETE ON ranking_snapshots
            FOR EACH ROW EXECUTE FUNCTION ranking_snapshots_are_immutable();
        CREATE TRIGGER ranking_snapshots_no_truncate
            BEFORE TRUNCATE ON ranking_snapshots
            FOR EACH STATEMENT EXECUTE FUNCTION ranking_snapshots_are_immutable();
        """
    )
    literal = {name: json.dumps(value).replace("'", "''") for name, value in
               (("w", SEED_WEIGHTS), ("t", SEED_THRESHOLDS), ("r", SEED_REASONING))}
    run_script(
        "INSERT INTO matching_policies (version, weights, thresholds, reasoning, note, "
        "created_by_label) VALUES (1, "
        f"'{literal['w']}'::jsonb, '{literal['t']}'::jsonb, '{literal['r']}'::jsonb, "
        "'Startbeleid (standaardwaarden, zie docs/matching.md)', 'migratie 0002')"
    )


def downgrade() -> None:
    run_script(
        """
        DROP TABLE IF EXISTS ranking_snapshots;
        DROP FUNCTION IF EXISTS ranking_snapshots_are_immutable();
        DROP TABLE IF EXISTS matching_policies;
        """
    )
