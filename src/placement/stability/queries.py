"""All SQL of the stability model. The database guarantees that at most one model version is
active (exclusion constraint model_versions_one_active, 0008): activation here only clears the
old one and sets the new one in one transaction; nothing checks the rule itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

import asyncpg

_VERSION_COLUMNS = """version, kind, trained_at, trained_by, source, algorithm, data_from, data_to,
    n_train, n_test, features, report, is_active, activated_at, activated_by, artifact_sha256"""


async def next_version(conn: asyncpg.Connection) -> int:
    # Versions are numbered in the order they were stored; the table lock keeps two trainings
    # that finish together from taking the same number.
    await conn.execute("LOCK TABLE model_versions IN SHARE ROW EXCLUSIVE MODE")
    return int(await conn.fetchval("SELECT coalesce(max(version), 0) + 1 FROM model_versions"))


async def insert_version(conn: asyncpg.Connection, values: dict[str, Any]) -> None:
    await conn.execute(
        """INSERT INTO model_versions (version, trained_at, trained_by, source, algorithm,
               data_from, data_to, n_train, n_test, features, report, card, calibration_svg,
               artifact, artifact_sha256)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14, $15)""",
        values["version"], values["trained_at"], values["trained_by"], values["source"],
        values["algorithm"], values["data_from"], values["data_to"], values["n_train"],
        values["n_test"], values["features"], values["report"], values["card"],
        values["calibration_svg"], values["artifact"], values["artifact_sha256"])


async def list_versions(conn: asyncpg.Connection, limit: int, offset: int
                        ) -> tuple[list[asyncpg.Record], int]:
    total = await conn.fetchval("SELECT count(*) FROM model_versions")
    rows = await conn.fetch(f"SELECT {_VERSION_COLUMNS} FROM model_versions "
                            "ORDER BY version DESC LIMIT $1 OFFSET $2", limit, offset)
    return rows, int(total)


async def get_version(conn: asyncpg.Connection, version: int) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"SELECT {_VERSION_COLUMNS}, card, calibration_svg FROM model_versions WHERE version = $1",
        version)


async def active_version(conn: asyncpg.Connection) -> asyncpg.Record | None:
    """The active model with its bytes, or None: the ranking then runs without the factor."""
    return await conn.fetchrow(
        f"SELECT {_VERSION_COLUMNS}, artifact FROM model_versions WHERE is_active")


async def active_version_number(conn: asyncpg.Connection) -> int | None:
    return await conn.fetchval("SELECT version FROM model_versions WHERE is_active")


async def active_version_key(conn: asyncpg.Connection) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT version, artifact_sha256 FROM model_versions WHERE is_active")


async def artifact(conn: asyncpg.Connection, version: int) -> bytes | None:
    return await conn.fetchval("SELECT artifact FROM model_versions WHERE version = $1", version)


async def activate(conn: asyncpg.Connection, version: int, by: str) -> None:
    await conn.execute("UPDATE model_versions SET is_active = false, activated_at = NULL, "
                       "activated_by = NULL WHERE is_active AND version <> $1", version)
    await conn.execute("UPDATE model_versions SET is_active = true, activated_at = now(), "
                       "activated_by = $2 WHERE version = $1", version, by)


async def deactivate(conn: asyncpg.Connection) -> int | None:
    return await conn.fetchval("UPDATE model_versions SET is_active = false, activated_at = NULL, "
                               "activated_by = NULL WHERE is_active RETURNING version")


# Placements as training history. Only kind 'placement', never cancelled ones. An end counts
# only once the placement is ended (status 'ended'); end reasons are the decisions work's names
# (breakdown_carer, breakdown_child, breakdown_agency, planned, return_home, to_network,
# to_independence, other). The carer's past placements and breakdowns count only those ended
# on or before this placement's start: nothing from the future leaks into a feature.
_HISTORY = """
    WITH p AS (
        SELECT o.id, o.child_id, pl.carer_id, lower(o.period) AS start,
               CASE WHEN o.status = 'ended' THEN upper(o.period) END AS "end",
               CASE WHEN o.status = 'ended' THEN o.end_reason END AS end_reason,
               o.placement_type
        FROM occupancies o JOIN places pl ON pl.id = o.place_id
        WHERE o.kind = 'placement' AND o.status <> 'cancelled' AND o.child_id IS NOT NULL
          AND lower(o.period) <= $1::date
    )
    SELECT p.id::text AS placement_id, p.carer_id::text AS carer_id, p.start, p."end",
           p.end_reason, p.placement_type,
           ch.birth_date, ch.gender, ch.wishes::text AS wishes,
           s.latitude AS school_latitude, s.longitude AS school_longitude,
           ca.kind AS carer_kind, ca.foster_kind, ca.latitude AS carer_latitude,
           ca.longitude AS carer_longitude,
           ARRAY(SELECT need_code FROM child_needs n WHERE n.child_id = p.child_id
                 ORDER BY need_code) AS need_codes,
           ARRAY(SELECT need_code FROM carer_competences c WHERE c.carer_id = p.carer_id
                 AND c.level = 'full' ORDER BY need_code) AS full_codes,
           ARRAY(SELECT need_code FROM carer_competences c WHERE c.carer_id = p.carer_id
                 AND c.level = 'with_support' ORDER BY need_code) AS support_codes,
           (SELECT count(*) FROM p e WHERE e.child_id = p.child_id AND e.start < p.start)
               AS previous_placements,
           (SELECT min(e.start) FROM p e WHERE e.carer_id = p.carer_id) AS carer_first_start,
           (SELECT count(*) FROM p e WHERE e.carer_id = p.carer_id AND e."end" <= p.start)
               AS carer_past_placements,
           (SELECT count(*) FROM p e WHERE e.carer_id = p.carer_id AND e."end" <= p.start
                AND e.end_reason LIKE 'breakdown%%') AS carer_past_breakdowns,
           EXISTS (SELECT 1 FROM sibling_ties t
                   JOIN p sib ON sib.child_id = CASE WHEN t.child_a_id = p.child_id
                                                     THEN t.child_b_id ELSE t.child_a_id END
                   WHERE (t.child_a_id = p.child_id OR t.child_b_id = p.child_id)
                     AND t.intent = 'together' AND sib.carer_id <> p.carer_id
                     AND sib.start <= p.start AND (sib."end" IS NULL OR sib."end" > p.start))
               AS siblings_apart
    FROM p
    JOIN children ch ON ch.id = p.child_id
    JOIN carers ca ON ca.id = p.carer_id
    LEFT JOIN schools s ON s.id = ch.school_id
    ORDER BY p.start, p.id
"""


async def placement_history(conn: asyncpg.Connection, until: dt.date) -> list[asyncpg.Record]:
    return await conn.fetch(_HISTORY.replace("%%", "%"), until)


async def carer_histories(conn: asyncpg.Connection, today: dt.date) -> list[asyncpg.Record]:
    """Per carer with placements: the first start, and the placements and unplanned endings
    ended by today (the carer-side features of the ranking). Reads no child data."""
    return await conn.fetch(
        """SELECT pl.carer_id, min(lower(o.period)) AS first_start,
                  count(*) FILTER (WHERE o.status = 'ended' AND upper(o.period) <= $1)
                      AS past_placements,
                  count(*) FILTER (WHERE o.status = 'ended' AND upper(o.period) <= $1
                                   AND o.end_reason LIKE 'breakdown%') AS past_breakdowns
           FROM occupancies o JOIN places pl ON pl.id = o.place_id
           WHERE o.kind = 'placement' AND o.status <> 'cancelled' AND lower(o.period) <= $1
           GROUP BY pl.carer_id""", today)
