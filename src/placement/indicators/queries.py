"""Every SQL statement of the KPI reports: plain rows per organisation and period.

Read-only. An organisation of None means every organisation (the command line). Dates of
moments (melding, decision, snapshot) are local dates in Europe/Amsterdam. Placements belong
to the organisation of the child; requests, decisions and snapshots to their own organisation.
The period filters here only keep the rows small; compute.py applies the exact rules.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import asyncpg

from placement.core.clock import NETHERLANDS

LOCAL = NETHERLANDS.key


async def requests(conn: asyncpg.Connection, org: UUID | None,
                   end: dt.date) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"""SELECT pr.id, (pr.created_at AT TIME ZONE '{LOCAL}')::date AS melding,
                   count(prc.child_id)::int AS child_count
            FROM placement_requests pr
            JOIN placement_request_children prc ON prc.request_id = pr.id
            WHERE ($1::uuid IS NULL OR pr.organisation_id = $1)
              AND (pr.created_at AT TIME ZONE '{LOCAL}')::date <= $2
            GROUP BY pr.id""", org, end)


async def placements(conn: asyncpg.Connection, org: UUID | None,
                     end: dt.date) -> list[asyncpg.Record]:
    """Every placement (not cancelled) of the children who had one starting by the period end."""
    return await conn.fetch(
        """SELECT o.child_id, pl.carer_id, o.placement_type, lower(o.period) AS start,
                  CASE WHEN upper_inf(o.period) THEN NULL ELSE upper(o.period) END AS end_day,
                  o.end_reason, o.request_id, o.decision_id
           FROM occupancies o
           JOIN places pl ON pl.id = o.place_id
           JOIN children c ON c.id = o.child_id
           WHERE o.kind = 'placement' AND o.status <> 'cancelled'
             AND ($1::uuid IS NULL OR c.organisation_id = $1)
             AND lower(o.period) <= $2""", org, end)


async def decisions(conn: asyncpg.Connection, org: UUID | None, start: dt.date,
                    end: dt.date) -> list[asyncpg.Record]:
    """Decisions taken in the period, plus those the period's placements came from (for the
    split reasons of a sibling group placed in the period). chosen_carers: the carer of a
    chosen option, or the carers of every part of a chosen plan."""
    return await conn.fetch(
        f"""SELECT d.id, d.request_id, (d.decided_at AT TIME ZONE '{LOCAL}')::date AS decided_on,
                   d.option_rank, d.reason_code, d.broken_together_ties,
                   d.split_reasons::text AS split_reasons,
                   ARRAY(SELECT DISTINCT (v #>> '{{}}')::uuid FROM (
                           SELECT jsonb_path_query(d.chosen, '$.carer_id') AS v
                           UNION ALL
                           SELECT jsonb_path_query(d.chosen, '$.parts[*].carer_id')) AS x
                         WHERE jsonb_typeof(v) = 'string') AS chosen_carers
            FROM decisions d
            WHERE ($1::uuid IS NULL OR d.organisation_id = $1)
              AND ((d.decided_at AT TIME ZONE '{LOCAL}')::date BETWEEN $2 AND $3
                   OR d.id IN (SELECT o.decision_id FROM occupancies o
                               WHERE o.kind = 'placement' AND o.decision_id IS NOT NULL
                                 AND lower(o.period) BETWEEN $2 AND $3))""", org, start, end)


async def snapshots(conn: asyncpg.Connection, org: UUID | None, start: dt.date,
                    end: dt.date) -> list[asyncpg.Record]:
    """Rankings stored in the period with the carers of their top 5 options (or top 5 plans)."""
    return await conn.fetch(
        f"""SELECT s.id, s.request_id, (s.created_at AT TIME ZONE '{LOCAL}')::date AS created_on,
                   s.top_carers
            FROM ranking_snapshots s
            WHERE ($1::uuid IS NULL OR s.organisation_id = $1)
              AND (s.created_at AT TIME ZONE '{LOCAL}')::date BETWEEN $2 AND $3""",
        org, start, end)


async def placed_with_school(conn: asyncpg.Connection, org: UUID | None, start: dt.date,
                             end: dt.date) -> list[asyncpg.Record]:
    """Children placed in the period who have a school: where they lived, where the school is,
    and the option chosen for them (decisions.chosen, as the snapshot showed it)."""
    return await conn.fetch(
        """SELECT o.child_id, lower(o.period) AS start, c.birth_date,
                  c.home_latitude, c.home_longitude, s.latitude AS school_latitude,
                  s.longitude AS school_longitude, ca.latitude AS carer_latitude,
                  ca.longitude AS carer_longitude, d.chosen::text AS chosen
           FROM occupancies o
           JOIN places pl ON pl.id = o.place_id
           JOIN carers ca ON ca.id = pl.carer_id
           JOIN children c ON c.id = o.child_id
           JOIN schools s ON s.id = c.school_id
           LEFT JOIN decisions d ON d.id = o.decision_id
           WHERE o.kind = 'placement' AND o.status <> 'cancelled'
             AND ($1::uuid IS NULL OR c.organisation_id = $1)
             AND lower(o.period) BETWEEN $2 AND $3""", org, start, end)


async def apart_reasons(conn: asyncpg.Connection,
                        request_ids: list[UUID]) -> list[asyncpg.Record]:
    """The `apart` ties between children of the same request, with their reason."""
    return await conn.fetch(
        """SELECT a.request_id, t.apart_reason
           FROM sibling_ties t
           JOIN placement_request_children a ON a.child_id = t.child_a_id
           JOIN placement_request_children b ON b.child_id = t.child_b_id
                                            AND b.request_id = a.request_id
           WHERE t.intent = 'apart' AND a.request_id = ANY($1::uuid[])
           ORDER BY a.request_id, t.apart_reason""", request_ids)


async def carer_names(conn: asyncpg.Connection, carer_ids: list[UUID]) -> dict[UUID, str]:
    rows = await conn.fetch("SELECT id, name FROM carers WHERE id = ANY($1::uuid[])", carer_ids)
    return {r["id"]: r["name"] for r in rows}
