"""Matching: a ranking snapshot keeps its answer as the bytes it was sent as, compressed by the app

A search used to store its answer as jsonb. PostgreSQL then parsed the 15-25 kB of JSON it had
just been sent and compressed it again with pglz, inside the search's round trip: 0.55-0.75 ms
of the database's time per search, against 0.07 ms for the same answer compressed by the app
with zstd (45 us) and stored as bytea (measured in the session of 1 December 2026). zstd also
stores it in about half the space pglz did (a ratio of 7.1, against about 4 for pglz).

* `result` becomes bytea: a zstd frame (it begins with the frame's magic number 28 B5 2F FD)
  or, for rankings stored before this migration, the JSON text itself (it begins with `{`). The
  CHECK constraint admits nothing else; matching/queries.py reads both.
* `top_carers`: the carers of the top five options (or of the parts of the top five plans).
  The KPIs used to pick them out of the jsonb with a path query; they now read this column.
  Filled here from the stored answers, before the type changes.

Snapshots cannot be updated (ranking_snapshots_no_update_delete); the filling of `top_carers`
lifts that trigger for its one UPDATE, in this transaction only. A change of column type does
not fire row triggers.

Revision ID: 0013
Revises: 0012
"""

from placement.db.migrate import run_script

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

def upgrade() -> None:
    run_script("""
        ALTER TABLE ranking_snapshots ADD COLUMN top_carers uuid[] NOT NULL DEFAULT '{}';
        ALTER TABLE ranking_snapshots DISABLE TRIGGER ranking_snapshots_no_update_delete;
        UPDATE ranking_snapshots s SET top_carers = ARRAY(
            SELECT DISTINCT (v #>> '{}')::uuid FROM (
                SELECT jsonb_path_query(s.result,
                    '$.ranking.options[*] ? (@.rank <= 5).carer_id') AS v
                UNION ALL
                SELECT jsonb_path_query(s.result,
                    '$.plans.plans[*] ? (@.rank <= 5).parts[*].carer_id')) AS x
            WHERE jsonb_typeof(v) = 'string');
        ALTER TABLE ranking_snapshots ENABLE TRIGGER ranking_snapshots_no_update_delete;
        ALTER TABLE ranking_snapshots ALTER COLUMN top_carers DROP DEFAULT;

        ALTER TABLE ranking_snapshots
            ALTER COLUMN result TYPE bytea USING convert_to(result::text, 'UTF8');
        ALTER TABLE ranking_snapshots ADD CONSTRAINT ranking_snapshots_result_format_check
            CHECK (substring(result FROM 1 FOR 4) = '\\x28b52ffd'::bytea
                   OR get_byte(result, 0) = 123);
    """)


def downgrade() -> None:
    """Back to jsonb: the JSON text is copied as it is, a zstd frame is decompressed here (the
    database cannot), through a column of its own because snapshots cannot be updated."""
    import zstandard
    from alembic import op
    from sqlalchemy.util.concurrency import await_

    conn = op.get_bind().connection.dbapi_connection.driver_connection  # type: ignore[union-attr]
    run_script("""
        ALTER TABLE ranking_snapshots DROP CONSTRAINT ranking_snapshots_result_format_check;
        ALTER TABLE ranking_snapshots ADD COLUMN result_json jsonb;
        ALTER TABLE ranking_snapshots DISABLE TRIGGER ranking_snapshots_no_update_delete;
        UPDATE ranking_snapshots SET result_json = convert_from(result, 'UTF8')::jsonb
        WHERE get_byte(result, 0) = 123;
    """)
    rows = await_(conn.fetch(  # type: ignore[union-attr]
        "SELECT id, result FROM ranking_snapshots WHERE result_json IS NULL"))
    decompressor = zstandard.ZstdDecompressor()
    for row in rows:
        text = decompressor.decompress(row["result"]).decode()
        await_(conn.execute(  # type: ignore[union-attr]
            "UPDATE ranking_snapshots SET result_json = $2::text::jsonb WHERE id = $1",
            row["id"], text))
    run_script("""
        ALTER TABLE ranking_snapshots ENABLE TRIGGER ranking_snapshots_no_update_delete;
        ALTER TABLE ranking_snapshots DROP COLUMN result, DROP COLUMN top_carers;
        ALTER TABLE ranking_snapshots RENAME COLUMN result_json TO result;
        ALTER TABLE ranking_snapshots ALTER COLUMN result SET NOT NULL;
    """)
