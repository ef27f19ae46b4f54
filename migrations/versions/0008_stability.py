"""Stability model versions: every trained model with its data window, metrics, card and the
skops bytes; at most one active at a time, enforced by the exclusion constraint
model_versions_one_active.

Revision ID: 0008
Revises: 0007
"""

from placement.db.migrate import run_script

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_script(
        """
        CREATE TABLE model_versions (
            version integer PRIMARY KEY,
            kind text NOT NULL DEFAULT 'stability',
            trained_at timestamptz NOT NULL DEFAULT now(),
            trained_by text NOT NULL,
            source text NOT NULL,
            algorithm text NOT NULL,
            data_from date NOT NULL,
            data_to date NOT NULL,
            n_train integer NOT NULL,
            n_test integer NOT NULL,
            features text[] NOT NULL,
            report jsonb NOT NULL,
            card text NOT NULL,
            calibration_svg text NOT NULL,
            artifact bytea NOT NULL,
            artifact_sha256 text NOT NULL,
            is_active boolean NOT NULL DEFAULT false,
            activated_at timestamptz,
            activated_by text,
            CONSTRAINT model_versions_version_check CHECK (version > 0),
            CONSTRAINT model_versions_kind_check CHECK (kind IN ('stability')),
            CONSTRAINT model_versions_source_check CHECK (source IN ('synthetic', 'database')),
            CONSTRAINT model_versions_algorithm_check
                CHECK (algorithm IN ('spline_logistic', 'gradient_boosting')),
            CONSTRAINT model_versions_window_check CHECK (data_from <= data_to),
            CONSTRAINT model_versions_counts_check CHECK (n_train > 0 AND n_test > 0),
            CONSTRAINT model_versions_sha256_check CHECK (artifact_sha256 ~ '^[0-9a-f]{64}$'),
            CONSTRAINT model_versions_activation_check
                CHECK (NOT is_active OR (activated_at IS NOT NULL AND activated_by IS NOT NULL)),
            CONSTRAINT model_versions_one_active EXCLUDE USING btree (kind WITH =)
                WHERE (is_active)
        );
        """
    )


def downgrade() -> None:
    run_script("DROP TABLE IF EXISTS model_versions;")
