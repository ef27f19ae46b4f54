"""Foundation: organisations, accounts core, geography, children, carers, places, occupancy,
sibling and network ties, placement requests, and the append-only audit log.

Revision ID: 0001
Revises:
"""

from alembic import op

from placement.db.migrate import run_script

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

NEED_CODES = [
    ("trauma", "Trauma", "Traumasensitieve opvoeding nodig"),
    ("hechting", "Hechtingsproblematiek", "Problemen in de hechting met verzorgers"),
    ("gedrag", "Gedragsproblematiek", "Externaliserend gedrag, agressie, grensoverschrijdend gedrag"),
    ("lvb", "Licht verstandelijke beperking (LVB)", "Aangepaste communicatie en begeleiding"),
    ("autisme", "Autisme", "Voorspelbaarheid, structuur en prikkelarme omgeving"),
    ("adhd", "ADHD", "Structuur en begeleiding bij concentratie en impulsen"),
    ("medisch", "Medische zorg", "Dagelijkse medische handelingen of zorg"),
    ("lichamelijk", "Lichamelijke beperking", "Aangepaste woning of lichamelijke verzorging"),
    ("middelen", "Middelengebruik", "Begeleiding bij alcohol- of drugsgebruik"),
    ("angst_depressie", "Angst of depressie", "Psychische klachten die begeleiding vragen"),
    ("zuigeling", "Zuigelingenzorg", "Verzorging van een baby (0-1 jaar)"),
    ("onderwijs", "Onderwijsondersteuning", "Extra begeleiding bij school, speciaal onderwijs"),
    ("seksueel_grensoverschrijdend", "Seksueel grensoverschrijdend gedrag", "Toezicht en begeleiding"),
    ("loyaliteit", "Loyaliteitsconflict", "Begeleiding bij contact met ouders"),
]

UTRECHT_WIJKEN = [
    ("binnenstad", "Binnenstad"),
    ("noordoost", "Noordoost"),
    ("oost", "Oost"),
    ("zuid", "Zuid"),
    ("zuidwest", "Zuidwest"),
    ("west", "West"),
    ("noordwest", "Noordwest"),
    ("overvecht", "Overvecht"),
    ("leidsche_rijn", "Leidsche Rijn"),
    ("vleuten_de_meern", "Vleuten-De Meern"),
]


def upgrade() -> None:
    run_script(
        """CREATE EXTENSION IF NOT EXISTS btree_gist;
        CREATE TABLE organisations (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            name text NOT NULL,
            kind text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            version integer NOT NULL DEFAULT 1,
            CONSTRAINT organisations_name_key UNIQUE (name),
            CONSTRAINT organisations_kind_check
                CHECK (kind IN ('provider', 'municipality', 'buurtteam', 'recruitment'))
        );

        CREATE TABLE users (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            organisation_id uuid NOT NULL,
            email text NOT NULL,
            display_name text NOT NULL,
            password_hash text,
            roles text[] NOT NULL DEFAULT '{}',
            is_active boolean NOT NULL DEFAULT true,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            version integer NOT NULL DEFAULT 1,
            CONSTRAINT users_organisation_fk FOREIGN KEY (organisation_id)
                REFERENCES organisations (id),
            CONSTRAINT users_email_key UNIQUE (email),
            CONSTRAINT users_roles_check
                CHECK (roles <@ ARRAY['plaatser', 'commissie', 'werver', 'beheerder']::text[])
        );

        CREATE TABLE api_tokens (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            user_id uuid NOT NULL,
            name text NOT NULL,
            token_hash text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            last_used_at timestamptz,
            revoked_at timestamptz,
            CONSTRAINT api_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
            CONSTRAINT api_tokens_hash_key UNIQUE (token_hash)
        );

        CREATE TABLE wijken (
            code text PRIMARY KEY,
            name text NOT NULL,
            municipality text NOT NULL DEFAULT 'Utrecht'
        );

        -- Four-digit postcode areas: the Utrecht table from geodata/ and, after
        -- `placement geodata import`, the national table.
        CREATE TABLE postcode_areas (
            pc4 char(4) PRIMARY KEY,
            latitude double precision NOT NULL,
            longitude double precision NOT NULL,
            place_name text,
            municipality text,
            province text,
            wijk_code text,
            CONSTRAINT postcode_areas_wijk_fk FOREIGN KEY (wijk_code) REFERENCES wijken (code),
            CONSTRAINT postcode_areas_pc4_check CHECK (pc4 ~ '^[1-9][0-9]{3}$'),
            CONSTRAINT postcode_areas_lat_check CHECK (latitude BETWEEN -90 AND 90),
            CONSTRAINT postcode_areas_lon_check CHECK (longitude BETWEEN -180 AND 180)
        );

        CREATE TABLE postcodes_pc6 (
            pc6 char(6) PRIMARY KEY,
            latitude double precision NOT NULL,
            longitude double precision NOT NULL,
            CONSTRAINT postcodes_pc6_check CHECK (pc6 ~ '^[1-9][0-9]{3}[A-Z]{2}$')
        );

        CREATE TABLE need_codes (
            code text PRIMARY KEY,
            label_nl text NOT NULL,
            description_nl text NOT NULL DEFAULT ''
        );

        CREATE TABLE schools (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            name text NOT NULL,
            kind text NOT NULL,
            postcode text NOT NULL,
            latitude double precision NOT NULL,
            longitude double precision NOT NULL,
            wijk_code text,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            version integer NOT NULL DEFAULT 1,
            CONSTRAINT schools_kind_check CHECK (kind IN ('primary', 'secondary', 'special')),
            CONSTRAINT schools_wijk_fk FOREIGN KEY (wijk_code) REFERENCES wijken (code)
        );

        CREATE TABLE clubs (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            name text NOT NULL,
            activity text NOT NULL,
            postcode text NOT NULL,
            latitude double precision NOT NULL,
            longitude double precision NOT NULL,
            wijk_code text,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            version integer NOT NULL DEFAULT 1,
            CONSTRAINT clubs_wijk_fk FOREIGN KEY (wijk_code) REFERENCES wijken (code)
        );

        CREATE TABLE children (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            organisation_id uuid NOT NULL,
            case_reference text NOT NULL,
            given_name text NOT NULL,
            birth_date date NOT NULL,
            gender text NOT NULL,
            home_postcode text NOT NULL,
            home_latitude double precision NOT NULL,
            home_longitude double precision NOT NULL,
            home_wijk_code text,
            home_address text,
            parents_postcode text,
            parents_latitude double precision,
            parents_longitude double precision,
            school_id uuid,
            wishes jsonb NOT NULL DEFAULT '{}'::jsonb,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            version integer NOT NULL DEFAULT 1,
            CONSTRAINT children_organisation_fk FOREIGN KEY (organisation_id)
                REFERENCES organisations (id),
            CONSTRAINT children_case_reference_key UNIQUE (case_reference),
            CONSTRAINT children_gender_check CHECK (gender IN ('f', 'm', 'x')),
            CONSTRAINT children_school_fk FOREIGN KEY (school_id) REFERENCES schools (id),
            CONSTRAINT children_wijk_fk FOREIGN KEY (home_wijk_code) REFERENCES wijken (code),
            CONSTRAINT children_parents_location_check CHECK (
                (parents_latitude IS NULL) = (parents_longitude IS NULL))
        );
        CREATE INDEX children_organisation_idx ON children (organisation_id);

        CREATE TABLE child_activities (
            child_id uuid NOT NULL,
            club_id uuid NOT NULL,
            CONSTRAINT child_activities_pkey PRIMARY KEY (child_id, club_id),
            CONSTRAINT child_activities_child_fk FOREIGN KEY (child_id)
                REFERENCES children (id) ON DELETE CASCADE,
            CONSTRAINT child_activities_club_fk FOREIGN KEY (club_id) REFERENCES clubs (id)
        );

        CREATE TABLE child_needs (
            child_id uuid NOT NULL,
            need_code text NOT NULL,
            level text NOT NULL,
            CONSTRAINT child_needs_pkey PRIMARY KEY (child_id, need_code),
            CONSTRAINT child_needs_child_fk FOREIGN KEY (child_id)
                REFERENCES children (id) ON DELETE CASCADE,
            CONSTRAINT child_needs_code_fk FOREIGN KEY (need_code) REFERENCES need_codes (code),
            CONSTRAINT child_needs_level_check CHECK (level IN ('must', 'should'))
        );

        -- An address that must not find the child (e.g. a threatening parent): carers within
        -- min_distance_km are excluded.
        CREATE TABLE child_safety_zones (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            child_id uuid NOT NULL,
            postcode text NOT NULL,
            latitude double precision NOT NULL,
            longitude double precision NOT NULL,
            min_distance_km double precision NOT NULL,
            CONSTRAINT child_safety_zones_child_fk FOREIGN KEY (child_id)
                REFERENCES children (id) ON DELETE CASCADE,
            CONSTRAINT child_safety_zones_distance_check CHECK (min_distance_km > 0)
        );

        CREATE TABLE sibling_ties (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            child_a_id uuid NOT NULL,
            child_b_id uuid NOT NULL,
            kind text NOT NULL,
            intent text NOT NULL DEFAULT 'together',
            apart_reason text,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            version integer NOT NULL DEFAULT 1,
            CONSTRAINT sibling_ties_child_a_fk FOREIGN KEY (child_a_id)
                REFERENCES children (id) ON DELETE CASCADE,
            CONSTRAINT sibling_ties_child_b_fk FOREIGN KEY (child_b_id)
                REFERENCES children (id) ON DELETE CASCADE,
            CONSTRAINT sibling_ties_not_self_check CHECK (child_a_id <> child_b_id),
            CONSTRAINT sibling_ties_kind_check CHECK (kind IN ('full', 'half', 'step')),
            CONSTRAINT sibling_ties_intent_check CHECK (intent IN ('together', 'apart', 'contact')),
            CONSTRAINT sibling_ties_apart_reason_check CHECK (
                (intent = 'apart') = (apart_reason IS NOT NULL)
                AND (apart_reason IS NULL OR apart_reason IN
                    ('specialist_care', 'threat', 'severe_conflict', 'sexual_abuse')))
        );
        CREATE UNIQUE INDEX sibling_ties_pair_key
            ON sibling_ties (LEAST(child_a_id, child_b_id), GREATEST(child_a_id, child_b_id));
        CREATE INDEX sibling_ties_child_b_idx ON sibling_ties (child_b_id);

        CREATE TABLE carers (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            organisation_id uuid NOT NULL,
            name text NOT NULL,
            kind text NOT NULL,
            foster_kind text,
            postcode text NOT NULL,
            latitude double precision NOT NULL,
            longitude double precision NOT NULL,
            wijk_code text,
            address text,
            placement_types text[] NOT NULL,
            age_min integer NOT NULL DEFAULT 0,
            age_max integer NOT NULL DEFAULT 18,
            genders_accepted text[] NOT NULL DEFAULT ARRAY['f', 'm', 'x'],
            own_children_birth_years integer[] NOT NULL DEFAULT '{}',
            languages text[] NOT NULL DEFAULT '{}',
            religion text,
            availability_confirmed_at timestamptz,
            status text NOT NULL DEFAULT 'active',
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            version integer NOT NULL DEFAULT 1,
            CONSTRAINT carers_organisation_fk FOREIGN KEY (organisation_id)
                REFERENCES organisations (id),
            CONSTRAINT carers_wijk_fk FOREIGN KEY (wijk_code) REFERENCES wijken (code),
            CONSTRAINT carers_kind_check CHECK (kind IN ('foster_family', 'family_home')),
            CONSTRAINT carers_foster_kind_check CHECK (
                (kind = 'foster_family' AND foster_kind IN ('network', 'general'))
                OR (kind = 'family_home' AND foster_kind IS NULL)),
            CONSTRAINT carers_placement_types_check CHECK (
                cardinality(placement_types) > 0 AND placement_types <@ ARRAY[
                    'crisis', 'short_term', 'long_term', 'part_time', 'family_home']::text[]),
            CONSTRAINT carers_age_range_check CHECK (0 <= age_min AND age_min <= age_max AND age_max <= 23),
            CONSTRAINT carers_genders_check CHECK (
                cardinality(genders_accepted) > 0
                AND genders_accepted <@ ARRAY['f', 'm', 'x']::text[]),
            CONSTRAINT carers_status_check CHECK (status IN ('active', 'paused', 'inactive'))
        );
        CREATE INDEX carers_organisation_idx ON carers (organisation_id);

        -- level 'full': the carer covers the need; 'with_support': only with ambulant help.
        CREATE TABLE carer_competences (
            carer_id uuid NOT NULL,
            need_code text NOT NULL,
            level text NOT NULL DEFAULT 'full',
            support_note text,
            CONSTRAINT carer_competences_pkey PRIMARY KEY (carer_id, need_code),
            CONSTRAINT carer_competences_carer_fk FOREIGN KEY (carer_id)
                REFERENCES carers (id) ON DELETE CASCADE,
            CONSTRAINT carer_competences_code_fk FOREIGN KEY (need_code) REFERENCES need_codes (code),
            CONSTRAINT carer_competences_level_check CHECK (level IN ('full', 'with_support'))
        );

        CREATE TABLE places (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            carer_id uuid NOT NULL,
            label text NOT NULL,
            is_active boolean NOT NULL DEFAULT true,
            created_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT places_carer_fk FOREIGN KEY (carer_id) REFERENCES carers (id) ON DELETE CASCADE,
            CONSTRAINT places_label_key UNIQUE (carer_id, label)
        );

        -- Placements and reservations (a place held for the introduction) share one table so that
        -- one exclusion constraint forbids any two overlapping occupations of a place.
        -- Periods are half-open [start, end): a placement ending on day D and another starting on
        -- day D are adjacent, not overlapping. An open-ended placement has no upper bound.
        CREATE TABLE occupancies (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            place_id uuid NOT NULL,
            child_id uuid,
            request_id uuid,
            kind text NOT NULL,
            period daterange NOT NULL,
            placement_type text NOT NULL,
            status text NOT NULL DEFAULT 'active',
            end_reason text,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            version integer NOT NULL DEFAULT 1,
            CONSTRAINT occupancies_place_fk FOREIGN KEY (place_id) REFERENCES places (id),
            CONSTRAINT occupancies_child_fk FOREIGN KEY (child_id) REFERENCES children (id),
            CONSTRAINT occupancies_kind_check CHECK (kind IN ('placement', 'reservation')),
            CONSTRAINT occupancies_status_check CHECK (status IN ('active', 'ended', 'cancelled')),
            CONSTRAINT occupancies_type_check CHECK (placement_type IN
                ('crisis', 'short_term', 'long_term', 'part_time', 'family_home')),
            CONSTRAINT occupancies_period_check CHECK (NOT isempty(period) AND NOT lower_inf(period)),
            CONSTRAINT occupancies_end_reason_check CHECK (end_reason IS NULL OR end_reason IN
                ('planned', 'breakdown_carer', 'breakdown_child', 'return_home', 'other')),
            CONSTRAINT occupancies_no_overlap EXCLUDE USING gist (place_id WITH =, period WITH &&)
                WHERE (status <> 'cancelled')
        );
        CREATE INDEX occupancies_child_idx ON occupancies (child_id);

        CREATE TABLE network_ties (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            child_id uuid NOT NULL,
            carer_id uuid NOT NULL,
            relation text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            version integer NOT NULL DEFAULT 1,
            CONSTRAINT network_ties_child_fk FOREIGN KEY (child_id)
                REFERENCES children (id) ON DELETE CASCADE,
            CONSTRAINT network_ties_carer_fk FOREIGN KEY (carer_id)
                REFERENCES carers (id) ON DELETE CASCADE,
            CONSTRAINT network_ties_pair_key UNIQUE (child_id, carer_id),
            CONSTRAINT network_ties_relation_check CHECK (relation IN (
                'grandparent', 'aunt_uncle', 'adult_sibling', 'other_relative', 'teacher',
                'neighbour', 'family_friend', 'coach', 'other'))
        );

        -- A carer that must not be used for a child (e.g. after an earlier breakdown there).
        CREATE TABLE child_carer_exclusions (
            child_id uuid NOT NULL,
            carer_id uuid NOT NULL,
            reason text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT child_carer_exclusions_pkey PRIMARY KEY (child_id, carer_id),
            CONSTRAINT child_carer_exclusions_child_fk FOREIGN KEY (child_id)
                REFERENCES children (id) ON DELETE CASCADE,
            CONSTRAINT child_carer_exclusions_carer_fk FOREIGN KEY (carer_id)
                REFERENCES carers (id) ON DELETE CASCADE
        );

        CREATE TABLE placement_requests (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            organisation_id uuid NOT NULL,
            placement_type text NOT NULL,
            urgency text NOT NULL DEFAULT 'normal',
            desired_start date NOT NULL,
            expected_duration_days integer,
            status text NOT NULL DEFAULT 'open',
            referred_to_commission boolean NOT NULL DEFAULT false,
            notes text NOT NULL DEFAULT '',
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            version integer NOT NULL DEFAULT 1,
            CONSTRAINT placement_requests_organisation_fk FOREIGN KEY (organisation_id)
                REFERENCES organisations (id),
            CONSTRAINT placement_requests_type_check CHECK (placement_type IN
                ('crisis', 'short_term', 'long_term', 'part_time', 'family_home')),
            CONSTRAINT placement_requests_urgency_check CHECK (urgency IN ('crisis', 'high', 'normal')),
            CONSTRAINT placement_requests_status_check CHECK (status IN
                ('open', 'reserved', 'placed', 'cancelled')),
            CONSTRAINT placement_requests_duration_check CHECK (
                expected_duration_days IS NULL OR expected_duration_days > 0)
        );
        CREATE INDEX placement_requests_organisation_idx ON placement_requests (organisation_id);

        CREATE TABLE placement_request_children (
            request_id uuid NOT NULL,
            child_id uuid NOT NULL,
            CONSTRAINT placement_request_children_pkey PRIMARY KEY (request_id, child_id),
            CONSTRAINT placement_request_children_request_fk FOREIGN KEY (request_id)
                REFERENCES placement_requests (id) ON DELETE CASCADE,
            CONSTRAINT placement_request_children_child_fk FOREIGN KEY (child_id)
                REFERENCES children (id)
        );
        CREATE INDEX placement_request_children_child_idx ON placement_request_children (child_id);

        ALTER TABLE occupancies ADD CONSTRAINT occupancies_request_fk
            FOREIGN KEY (request_id) REFERENCES placement_requests (id);

        -- Who looked at or changed what, on whose behalf. Rows can be added, never changed.
        CREATE TABLE audit_log (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            actor_user_id uuid,
            actor_label text NOT NULL,
            organisation_id uuid,
            role text,
            action text NOT NULL,
            entity text NOT NULL,
            record_ids text[] NOT NULL DEFAULT '{}',
            child_ids uuid[] NOT NULL DEFAULT '{}',
            source_address text,
            detail jsonb NOT NULL DEFAULT '{}'::jsonb
        );
        CREATE INDEX audit_log_child_ids_idx ON audit_log USING gin (child_ids);
        CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at);

        CREATE FUNCTION audit_log_is_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$;
        CREATE TRIGGER audit_log_no_update_delete
            BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
        CREATE TRIGGER audit_log_no_truncate
            BEFORE TRUNCATE ON audit_log
            FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

        -- Bumped whenever carers, places or occupancy change, so the in-memory matching index
        -- knows when to refresh; NOTIFY tells listeners at once.
        CREATE TABLE change_counters (
            name text PRIMARY KEY,
            value bigint NOT NULL DEFAULT 0
        );
        INSERT INTO change_counters (name, value) VALUES ('supply', 0);

        CREATE FUNCTION bump_supply_counter() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE change_counters SET value = value + 1 WHERE name = 'supply';
            PERFORM pg_notify('placement_supply_changed', TG_TABLE_NAME);
            RETURN NULL;
        END;
        $$;
        CREATE TRIGGER carers_supply_changed AFTER INSERT OR UPDATE OR DELETE ON carers
            FOR EACH STATEMENT EXECUTE FUNCTION bump_supply_counter();
        CREATE TRIGGER carer_competences_supply_changed
            AFTER INSERT OR UPDATE OR DELETE ON carer_competences
            FOR EACH STATEMENT EXECUTE FUNCTION bump_supply_counter();
        CREATE TRIGGER places_supply_changed AFTER INSERT OR UPDATE OR DELETE ON places
            FOR EACH STATEMENT EXECUTE FUNCTION bump_supply_counter();
        CREATE TRIGGER occupancies_supply_changed AFTER INSERT OR UPDATE OR DELETE ON occupancies
            FOR EACH STATEMENT EXECUTE FUNCTION bump_supply_counter();
        """
    )
    values = ", ".join(
        "('{}', '{}', '{}')".format(*(part.replace("'", "''") for part in row)) for row in NEED_CODES
    )
    op.execute(f"INSERT INTO need_codes (code, label_nl, description_nl) VALUES {values}")
    wijken = ", ".join(f"('{code}', '{name}')" for code, name in UTRECHT_WIJKEN)
    op.execute(f"INSERT INTO wijken (code, name) VALUES {wijken}")


def downgrade() -> None:
    run_script(
        """
        DROP TABLE IF EXISTS change_counters;
        DROP FUNCTION IF EXISTS bump_supply_counter() CASCADE;
        DROP TABLE IF EXISTS audit_log;
        DROP FUNCTION IF EXISTS audit_log_is_append_only();
        DROP TABLE IF EXISTS placement_request_children;
        ALTER TABLE IF EXISTS occupancies DROP CONSTRAINT IF EXISTS occupancies_request_fk;
        DROP TABLE IF EXISTS placement_requests;
        DROP TABLE IF EXISTS child_carer_exclusions;
        DROP TABLE IF EXISTS network_ties;
        DROP TABLE IF EXISTS occupancies;
        DROP TABLE IF EXISTS places;
        DROP TABLE IF EXISTS carer_competences;
        DROP TABLE IF EXISTS carers;
        DROP TABLE IF EXISTS sibling_ties;
        DROP TABLE IF EXISTS child_safety_zones;
        DROP TABLE IF EXISTS child_needs;
        DROP TABLE IF EXISTS child_activities;
        DROP TABLE IF EXISTS children;
        DROP TABLE IF EXISTS clubs;
        DROP TABLE IF EXISTS schools;
        DROP TABLE IF EXISTS need_codes;
        DROP TABLE IF EXISTS postcodes_pc6;
        DROP TABLE IF EXISTS postcode_areas;
        DROP TABLE IF EXISTS wijken;
        DROP TABLE IF EXISTS api_tokens;
        DROP TABLE IF EXISTS users;
        DROP TABLE IF EXISTS organisations;
        """
    )
