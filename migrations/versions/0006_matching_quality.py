"""Matching quality: one matching policy per organisation, and the new platform default

Each organisation's beheerder manages its own policy versions (`organisation_id` set); rows
without an organisation are the platform default, which an organisation starts from. Versions
stay one global sequence, so a snapshot's `policy_version` names one row. A policy row is never
changed or deleted (a change is a new version): a trigger refuses it.

The platform default gets a new version with the values added for issue 12 (travel mode by
age and distance, "samen, tenzij" before the travel limit, distance between apart siblings,
at least three options); the code's DEFAULT_POLICY must match it
(tests/unit/test_matching_policy.py).

Revision ID: 0006
Revises: 0005
"""

import json

from placement.db.migrate import run_script

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

LABEL = "migratie 0006"
SEED_THRESHOLDS = {
    "max_travel_minutes": 60.0, "good_travel_minutes": 15.0, "contact_good_km": 5.0,
    "contact_max_km": 50.0, "fresh_availability_days": 30, "stale_availability_days": 90,
    "detour_factor": 1.3, "speeds_kmh": {"walk": 4.5, "bike": 15.0, "transit": 25.0, "car": 30.0},
    "mode_bands": [
        {"from_age": 0, "mode": "walk", "max_km": 1.5}, {"from_age": 0, "mode": "car", "max_km": None},
        {"from_age": 10, "mode": "walk", "max_km": 1.0}, {"from_age": 10, "mode": "bike", "max_km": None},
        {"from_age": 16, "mode": "bike", "max_km": 7.5},
        {"from_age": 16, "mode": "transit", "max_km": None}],
    "safety_default_km": 10.0, "with_support_fit": 0.5, "age_order_older_score": 0.4,
    "split_penalty_per_tie": 0.1, "plan_top_k": 8, "exact_partitions_up_to": 6,
    "together_max_travel_minutes": 120.0, "apart_min_km": 10.0, "apart_good_km": 5.0,
    "apart_near_penalty": 0.05, "min_options": 3,
    "waiting_fairness_bound": 0.10, "waiting_days_weight": 0.20, "waiting_candidates": 25,
}
SEED_REASONING = {
    "waiting_fairness_bound": (
        "Een gezamenlijk wachtlijstvoorstel mag een verzoek hooguit 0,10 score kosten tegenover "
        "wie-eerst-komt-eerst-maalt; anders betaalt één kind voor de winst van anderen."),
    "waiting_days_weight": (
        "Wachten telt mee: een jaar wachten weegt als 0,20 score per kind, zodat lang wachtende "
        "kinderen voorgaan bij verder gelijke opties."),
    "mode_bands": ("Jonge kinderen lopen korte stukken (tot 1,5 km) en worden verder gebracht; "
                   "vanaf 10 jaar lopen tot 1 km en verder fietsen; vanaf 16 fietsen tot 7,5 km "
                   "en verder met het openbaar vervoer."),
    "together_max_travel_minutes": (
        "Samen, tenzij: de maximale reistijd geldt voor de dagelijkse reis van één kind en "
        "splitst op zichzelf geen groep die samen in één huis past. Tot 120 minuten wordt het "
        "samen-plan getoond, bovenaan, met de opdracht vervoer te regelen of een schoolwissel "
        "te overwegen. Gelijk aan de maximale reistijd: de reistijd mag de groep weer splitsen."),
    "apart_min_km": ("Bij dreiging of (vermoeden van) seksueel misbruik tussen broers en zussen "
                     "moeten de huizen ver genoeg uit elkaar liggen: minimaal 10 km, gelijk aan "
                     "de standaard veiligheidsafstand."),
    "apart_good_km": ("Bij andere redenen om apart te wonen telt nabijheid als nadeel tot 5 km "
                      "(aftrek tot 0,05), maar sluit niets uit: contact blijft soms gewenst."),
    "min_options": ("Pleegzorg Nederland vraagt om minstens drie opties per kind; bij minder "
                    "toont de uitkomst welke ene versoepeling opties toevoegt."),
}


def upgrade() -> None:
    run_script(
        """
        ALTER TABLE matching_policies ADD COLUMN organisation_id uuid;
        ALTER TABLE matching_policies ADD CONSTRAINT matching_policies_organisation_fk
            FOREIGN KEY (organisation_id) REFERENCES organisations (id);
        CREATE INDEX matching_policies_organisation_idx
            ON matching_policies (organisation_id, version DESC);

        CREATE FUNCTION matching_policies_are_immutable() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'matching_policies cannot be changed: % refused (add a version)', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$;
        CREATE TRIGGER matching_policies_no_update_delete
            BEFORE UPDATE OR DELETE ON matching_policies
            FOR EACH ROW EXECUTE FUNCTION matching_policies_are_immutable();
        """
    )
    thresholds = json.dumps(SEED_THRESHOLDS).replace("'", "''")
    reasoning = json.dumps(SEED_REASONING).replace("'", "''")
    # The new platform version keeps the weights of the platform version in force and adds
    # the new values' reasoning to its own.
    run_script(
        f"""
        INSERT INTO matching_policies (version, weights, thresholds, reasoning, note,
                                       created_by_label)
        SELECT p.version + 1, p.weights, '{thresholds}'::jsonb,
               p.reasoning || '{reasoning}'::jsonb,
               'Platformstandaard met reiswijze naar leeftijd en afstand, samen tenzij voor de '
               || 'reistijd, afstand tussen apart geplaatste broers en zussen (zie docs/matching.md)',
               '{LABEL}'
        FROM matching_policies p WHERE p.organisation_id IS NULL
        ORDER BY p.version DESC LIMIT 1;
        """
    )


def downgrade() -> None:
    run_script(
        f"""
        DROP TRIGGER IF EXISTS matching_policies_no_update_delete ON matching_policies;
        DROP FUNCTION IF EXISTS matching_policies_are_immutable();
        DELETE FROM matching_policies
            WHERE organisation_id IS NOT NULL OR created_by_label = '{LABEL}';
        DROP INDEX IF EXISTS matching_policies_organisation_idx;
        ALTER TABLE matching_policies DROP CONSTRAINT IF EXISTS matching_policies_organisation_fk;
        ALTER TABLE matching_policies DROP COLUMN IF EXISTS organisation_id;
        """
    )
