"""Recruitment: campaigns, leads, stages, tasks, consents

Revision ID: 0004
Revises: 0003
"""

from placement.db.migrate import run_script

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Kept in step with placement.recruitment.reference (the documented lists).
_STAGES = ("'aanmelding', 'informatiepakket', 'informatieavond', 'kennismakingsgesprek', "
           "'voorbereiding', 'screening', 'geschiktheidsbesluit', 'goedgekeurd', 'afgehaakt', "
           "'afgewezen'")
_CHANNELS = ("'social', 'krant', 'informatieavond', 'website', 'mond_tot_mond', 'radio_tv', "
             "'flyer', 'evenement', 'huis_aan_huis', 'overig'")
_TYPES = "'crisis', 'short_term', 'long_term', 'part_time', 'family_home'"


def upgrade() -> None:
    run_script(
        f"""CREATE EXTENSION IF NOT EXISTS pg_trgm;

        CREATE TABLE recruitment_campaigns (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            organisation_id uuid NOT NULL,
            code text NOT NULL,
            name text NOT NULL,
            channels text[] NOT NULL,
            starts_on date NOT NULL,
            ends_on date,
            target_wijken text[] NOT NULL DEFAULT '{{}}',
            target_placement_types text[] NOT NULL DEFAULT '{{}}',
            target_age_bands text[] NOT NULL DEFAULT '{{}}',
            target_needs text[] NOT NULL DEFAULT '{{}}',
            budget_euros numeric(12, 2),
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            version integer NOT NULL DEFAULT 1,
            CONSTRAINT recruitment_campaigns_organisation_fk FOREIGN KEY (organisation_id)
                REFERENCES organisations (id),
            CONSTRAINT recruitment_campaigns_code_key UNIQUE (code),
            CONSTRAINT recruitment_campaigns_code_check CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{{1,39}}$'),
            CONSTRAINT recruitment_campaigns_channels_check CHECK (
                cardinality(channels) > 0 AND channels <@ ARRAY[{_CHANNELS}]::text[]),
            CONSTRAINT recruitment_campaigns_types_check CHECK (
                target_placement_types <@ ARRAY[{_TYPES}]::text[]),
            CONSTRAINT recruitment_campaigns_age_bands_check CHECK (
                target_age_bands <@ ARRAY['0-3', '4-11', '12-17', '18-23']::text[]),
            CONSTRAINT recruitment_campaigns_period_check CHECK (ends_on IS NULL OR ends_on >= starts_on),
            CONSTRAINT recruitment_campaigns_budget_check CHECK (budget_euros IS NULL OR budget_euros >= 0)
        );

        -- Personal fields are nullable: erasure empties them and keeps the anonymous funnel facts
        -- (stage timestamps, campaign, channel, PC4 area).
        CREATE TABLE recruitment_leads (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            organisation_id uuid NOT NULL,
            campaign_id uuid,
            heard_via text,
            full_name text,
            email text,
            email_normalised text,
            phone text,
            phone_normalised text,
            address text,
            postcode text,
            pc4 char(4) NOT NULL,
            latitude double precision,
            longitude double precision,
            wijk_code text,
            interest_placement_types text[] NOT NULL DEFAULT '{{}}',
            interest_family_home boolean NOT NULL DEFAULT false,
            foster_kind text,
            age_min integer,
            age_max integer,
            own_children_birth_years integer[] NOT NULL DEFAULT '{{}}',
            spare_rooms integer NOT NULL DEFAULT 0,
            competences jsonb NOT NULL DEFAULT '[]'::jsonb,
            stage text NOT NULL DEFAULT 'aanmelding',
            stage_changed_at timestamptz NOT NULL DEFAULT now(),
            outcome_reason text,
            assigned_user_id uuid,
            registered_at timestamptz NOT NULL DEFAULT now(),
            merged_into uuid,
            carer_id uuid,
            erased_at timestamptz,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            version integer NOT NULL DEFAULT 1,
            CONSTRAINT recruitment_leads_organisation_fk FOREIGN KEY (organisation_id)
                REFERENCES organisations (id),
            CONSTRAINT recruitment_leads_campaign_fk FOREIGN KEY (campaign_id)
                REFERENCES recruitment_campaigns (id),
            CONSTRAINT recruitment_leads_wijk_fk FOREIGN KEY (wijk_code) REFERENCES wijken (code),
            CONSTRAINT recruitment_leads_assigned_fk FOREIGN KEY (assigned_user_id)
                REFERENCES users (id),
            CONSTRAINT recruitment_leads_merged_fk FOREIGN KEY (merged_into)
                REFERENCES recruitment_leads (id),
            CONSTRAINT recruitment_leads_carer_fk FOREIGN KEY (carer_id) REFERENCES carers (id),
            CONSTRAINT recruitment_leads_not_self_merge_check CHECK (merged_into <> id),
            CONSTRAINT recruitment_leads_heard_via_check CHECK (
                heard_via IS NULL OR heard_via IN ({_CHANNELS})),
            CONSTRAINT recruitment_leads_stage_check CHECK (stage IN ({_STAGES})),
            CONSTRAINT recruitment_leads_types_check CHECK (
                interest_placement_types <@ ARRAY[{_TYPES}]::text[]),
            CONSTRAINT recruitment_leads_foster_kind_check CHECK (
                foster_kind IS NULL OR foster_kind IN ('general', 'network')),
            CONSTRAINT recruitment_leads_age_range_check CHECK (
                (age_min IS NULL OR age_min BETWEEN 0 AND 23)
                AND (age_max IS NULL OR age_max BETWEEN 0 AND 23)
                AND (age_min IS NULL OR age_max IS NULL OR age_min <= age_max)),
            CONSTRAINT recruitment_leads_rooms_check CHECK (spare_rooms BETWEEN 0 AND 12),
            CONSTRAINT recruitment_leads_outcome_check CHECK (
                (stage IN ('afgehaakt', 'afgewezen')) = (outcome_reason IS NOT NULL)),
            CONSTRAINT recruitment_leads_erased_check CHECK (
                erased_at IS NULL OR (full_name IS NULL AND email IS NULL AND phone IS NULL
                                      AND address IS NULL AND latitude IS NULL))
        );
        CREATE INDEX recruitment_leads_organisation_idx ON recruitment_leads (organisation_id);
        CREATE INDEX recruitment_leads_campaign_idx ON recruitment_leads (campaign_id);
        CREATE INDEX recruitment_leads_email_idx ON recruitment_leads (email_normalised);
        CREATE INDEX recruitment_leads_phone_idx ON recruitment_leads (phone_normalised);
        CREATE INDEX recruitment_leads_pc4_idx ON recruitment_leads (pc4);
        CREATE INDEX recruitment_leads_name_trgm_idx
            ON recruitment_leads USING gin (full_name gin_trgm_ops);

        -- Every stage change, including each stage skipped on the way and every step back.
        -- origin_lead_id: the lead the event first happened to (differs after a merge).
        CREATE TABLE recruitment_stage_events (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            lead_id uuid NOT NULL,
            origin_lead_id uuid NOT NULL,
            stage text NOT NULL,
            from_stage text,
            how text NOT NULL,
            occurred_at timestamptz NOT NULL,
            actor_user_id uuid,
            actor_label text NOT NULL,
            reason_code text,
            note text,
            CONSTRAINT recruitment_stage_events_lead_fk FOREIGN KEY (lead_id)
                REFERENCES recruitment_leads (id),
            CONSTRAINT recruitment_stage_events_origin_fk FOREIGN KEY (origin_lead_id)
                REFERENCES recruitment_leads (id),
            CONSTRAINT recruitment_stage_events_stage_check CHECK (stage IN ({_STAGES})),
            CONSTRAINT recruitment_stage_events_how_check CHECK (
                how IN ('entered', 'skipped', 'reverted')),
            CONSTRAINT recruitment_stage_events_reverted_note_check CHECK (
                how <> 'reverted' OR note IS NOT NULL OR reason_code IS NOT NULL)
        );
        CREATE INDEX recruitment_stage_events_lead_idx
            ON recruitment_stage_events (lead_id, occurred_at, id);

        CREATE TABLE recruitment_tasks (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            lead_id uuid NOT NULL,
            kind text NOT NULL DEFAULT 'other',
            title text NOT NULL,
            note text,
            due_on date NOT NULL,
            assigned_user_id uuid,
            done_at timestamptz,
            done_by uuid,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            version integer NOT NULL DEFAULT 1,
            CONSTRAINT recruitment_tasks_lead_fk FOREIGN KEY (lead_id)
                REFERENCES recruitment_leads (id),
            CONSTRAINT recruitment_tasks_assigned_fk FOREIGN KEY (assigned_user_id)
                REFERENCES users (id),
            CONSTRAINT recruitment_tasks_done_by_fk FOREIGN KEY (done_by) REFERENCES users (id),
            CONSTRAINT recruitment_tasks_kind_check CHECK (
                kind IN ('contact_opnemen', 'informatiepakket_sturen', 'uitnodigen', 'terugbellen',
                         'other'))
        );
        CREATE INDEX recruitment_tasks_open_idx ON recruitment_tasks (due_on) WHERE done_at IS NULL;
        CREATE INDEX recruitment_tasks_lead_idx ON recruitment_tasks (lead_id);

        CREATE TABLE recruitment_consents (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            lead_id uuid NOT NULL,
            purpose text NOT NULL,
            given_at timestamptz NOT NULL,
            text_version text NOT NULL,
            withdrawn_at timestamptz,
            CONSTRAINT recruitment_consents_lead_fk FOREIGN KEY (lead_id)
                REFERENCES recruitment_leads (id),
            CONSTRAINT recruitment_consents_purpose_check CHECK (
                purpose IN ('contact', 'keep_after_dropout', 'newsletter')),
            CONSTRAINT recruitment_consents_withdrawn_check CHECK (
                withdrawn_at IS NULL OR withdrawn_at >= given_at)
        );
        CREATE INDEX recruitment_consents_lead_idx ON recruitment_consents (lead_id);

        CREATE TABLE recruitment_duplicate_flags (
            lead_id uuid NOT NULL,
            candidate_id uuid NOT NULL,
            reasons text[] NOT NULL,
            name_similarity real,
            status text NOT NULL DEFAULT 'open',
            created_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT recruitment_duplicate_flags_pkey PRIMARY KEY (lead_id, candidate_id),
            CONSTRAINT recruitment_duplicate_flags_lead_fk FOREIGN KEY (lead_id)
                REFERENCES recruitment_leads (id),
            CONSTRAINT recruitment_duplicate_flags_candidate_fk FOREIGN KEY (candidate_id)
                REFERENCES recruitment_leads (id),
            CONSTRAINT recruitment_duplicate_flags_status_check CHECK (
                status IN ('open', 'merged', 'dismissed')),
            CONSTRAINT recruitment_duplicate_flags_reasons_check CHECK (
                cardinality(reasons) > 0
                AND reasons <@ ARRAY['same_email', 'same_phone', 'similar_name_same_postcode']::text[])
        );
        """
    )


def downgrade() -> None:
    run_script(
        """
        DROP TABLE IF EXISTS recruitment_duplicate_flags;
        DROP TABLE IF EXISTS recruitment_consents;
        DROP TABLE IF EXISTS recruitment_tasks;
        DROP TABLE IF EXISTS recruitment_stage_events;
        DROP TABLE IF EXISTS recruitment_leads;
        DROP TABLE IF EXISTS recruitment_campaigns;
        DROP EXTENSION IF EXISTS pg_trgm;
        """
    )
