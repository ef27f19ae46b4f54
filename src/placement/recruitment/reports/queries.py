"""SQL for the funnel and the supply gap. Demand is read as counts per cell only: no child row
ever leaves the database for these reports."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import asyncpg

_AGE_BAND = """CASE
    WHEN age < 4 THEN '0-3' WHEN age < 12 THEN '4-11' WHEN age < 18 THEN '12-17' ELSE '18-23'
END"""

# Children in open placement requests, by the wijk of their school (home wijk without a school).
_WAITING = """
    WITH waiting AS (
        SELECT DISTINCT c.id, pr.placement_type,
               COALESCE(s.wijk_code, c.home_wijk_code) AS wijk,
               date_part('year', age($1::date, c.birth_date))::int AS age
        FROM placement_requests pr
        JOIN placement_request_children prc ON prc.request_id = pr.id
        JOIN children c ON c.id = prc.child_id
        LEFT JOIN schools s ON s.id = c.school_id
        WHERE pr.status = 'open'
    )
"""


async def funnel_events(conn: asyncpg.Connection, *, scope_org: UUID | None,
                        campaign_code: str | None, registered_from: dt.date | None,
                        registered_until: dt.date | None) -> list[asyncpg.Record]:
    """Each live lead's own stage events (events it received in a merge are the other lead's
    path and would count twice)."""
    return await conn.fetch(
        """
        SELECT l.id AS lead_id, l.stage AS lead_stage, c.code AS campaign_code,
               l.heard_via AS channel, e.stage, e.how, e.occurred_at, e.from_stage, e.reason_code
        FROM recruitment_leads l
        LEFT JOIN recruitment_campaigns c ON c.id = l.campaign_id
        JOIN recruitment_stage_events e ON e.lead_id = l.id AND e.origin_lead_id = l.id
        WHERE l.merged_into IS NULL
          AND ($1::uuid IS NULL OR l.organisation_id = $1)
          AND ($2::text IS NULL OR c.code = $2)
          AND ($3::date IS NULL OR l.registered_at >= $3)
          AND ($4::date IS NULL OR l.registered_at < $4 + 1)
        ORDER BY l.id, e.occurred_at, e.id
        """, scope_org, campaign_code, registered_from, registered_until)


async def demand_counts(conn: asyncpg.Connection, today: dt.date) -> list[asyncpg.Record]:
    """Waiting children counted per wijk, per age band, per placement type, and in total."""
    return await conn.fetch(
        f"""{_WAITING}
        SELECT CASE WHEN GROUPING(wijk) = 0 THEN 'wijk'
                    WHEN GROUPING(band) = 0 THEN 'age_band'
                    WHEN GROUPING(placement_type) = 0 THEN 'placement_type'
                    ELSE 'total' END AS dimension,
               COALESCE(wijk, band, placement_type) AS key,
               count(DISTINCT id) AS children
        FROM (SELECT *, {_AGE_BAND} AS band FROM waiting) w
        GROUP BY GROUPING SETS ((wijk), (band), (placement_type), ())
        """, today)


async def demand_by_need(conn: asyncpg.Connection, today: dt.date) -> list[asyncpg.Record]:
    """Waiting children per must-have need (a child counts once in each of its needs)."""
    return await conn.fetch(
        f"""{_WAITING}
        SELECT n.need_code AS key, count(DISTINCT w.id) AS children
        FROM waiting w JOIN child_needs n ON n.child_id = w.id AND n.level = 'must'
        GROUP BY n.need_code
        """, today)


_FREE = """
    WITH free AS (
        SELECT p.id, ca.wijk_code, ca.age_min, ca.age_max, ca.placement_types, ca.id AS carer_id
        FROM places p JOIN carers ca ON ca.id = p.carer_id
        WHERE p.is_active AND ca.status = 'active'
          AND NOT EXISTS (
              SELECT 1 FROM occupancies o
              WHERE o.place_id = p.id AND o.status = 'active'
                AND o.period && daterange($1::date, $2::date))
    )
"""


async def free_supply(conn: asyncpg.Connection, start: dt.date,
                      end: dt.date) -> dict[str, dict[str | None, int]]:
    """Free places (active place, active carer, no active occupancy in [start, end)) per wijk,
    age band (the carer's age range overlaps the band), placement type, need (full competence)."""
    out: dict[str, dict[str | None, int]] = {}
    rows = await conn.fetch(f"{_FREE} SELECT wijk_code AS key, count(*) AS n FROM free GROUP BY 1",
                            start, end)
    out["wijk"] = {r["key"]: r["n"] for r in rows}
    rows = await conn.fetch(
        f"""{_FREE}
        SELECT b.code AS key, count(f.id) AS n
        FROM (VALUES ('0-3', 0, 3), ('4-11', 4, 11), ('12-17', 12, 17), ('18-23', 18, 23))
             AS b (code, lo, hi)
        LEFT JOIN free f ON f.age_min <= b.hi AND f.age_max >= b.lo
        GROUP BY b.code""", start, end)
    out["age_band"] = {r["key"]: r["n"] for r in rows}
    rows = await conn.fetch(
        f"{_FREE} SELECT t AS key, count(*) AS n FROM free, unnest(placement_types) t GROUP BY t",
        start, end)
    out["placement_type"] = {r["key"]: r["n"] for r in rows}
    rows = await conn.fetch(
        f"""{_FREE}
        SELECT cc.need_code AS key, count(*) AS n
        FROM free f JOIN carer_competences cc ON cc.carer_id = f.carer_id AND cc.level = 'full'
        GROUP BY cc.need_code""", start, end)
    out["need"] = {r["key"]: r["n"] for r in rows}
    out["total"] = {None: await conn.fetchval(f"{_FREE} SELECT count(*) FROM free", start, end)}
    return out


async def labels(conn: asyncpg.Connection) -> dict[str, dict[str, str]]:
    wijken = {r["code"]: r["name"] for r in await conn.fetch("SELECT code, name FROM wijken")}
    needs = {r["code"]: r["label_nl"]
             for r in await conn.fetch("SELECT code, label_nl FROM need_codes")}
    return {"wijk": wijken, "need": needs}
