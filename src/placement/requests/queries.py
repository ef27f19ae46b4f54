"""All SQL for placement requests and the children they are for."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import asyncpg

# Record scope of requests:
#   $org  NULL = any organisation, else only requests of that organisation or shared with it
#   $ref  true = only requests referred to the commission
_SCOPE = """
    ($%(org)d::uuid IS NULL OR r.organisation_id = $%(org)d OR EXISTS (
        SELECT 1 FROM case_shares cs WHERE cs.request_id = r.id AND cs.organisation_id = $%(org)d))
    AND (NOT $%(ref)d::boolean OR r.referred_to_commission)
"""

# A placed request whose every placement has reached its scheduled end has ended, even before
# anything was written on that day (placements.queries.ENDED_BY_DATE is the same rule per row).
STATUS = """(CASE WHEN r.status = 'placed' AND NOT EXISTS (
        SELECT 1 FROM occupancies o WHERE o.request_id = r.id AND o.kind = 'placement'
        AND o.status = 'active' AND (o.end_reason IS NULL OR upper_inf(o.period)
                                     OR upper(o.period) > current_date))
    THEN 'ended' ELSE r.status END)"""

_SELECT = f"""
    SELECT r.*, {STATUS} AS effective_status,
        COALESCE((SELECT json_agg(json_build_object('id', c.id, 'case_reference', c.case_reference)
                                  ORDER BY c.case_reference)
                  FROM placement_request_children prc JOIN children c ON c.id = prc.child_id
                  WHERE prc.request_id = r.id), '[]') AS children
    FROM placement_requests r
"""


def _scope(org_param: int, ref_param: int) -> str:
    return _SCOPE % {"org": org_param, "ref": ref_param}


async def get_request(conn: asyncpg.Connection, request_id: UUID, *, scope_org: UUID | None,
                      referred_only: bool) -> asyncpg.Record | None:
    return await conn.fetchrow(f"{_SELECT} WHERE r.id = $1 AND {_scope(2, 3)}",
                               request_id, scope_org, referred_only)


async def list_requests(
    conn: asyncpg.Connection, *, scope_org: UUID | None, referred_only: bool,
    status: str | None, placement_type: str | None, urgency: str | None,
    referred: bool | None, child_id: UUID | None, limit: int, offset: int,
) -> tuple[list[asyncpg.Record], int]:
    where = f"""
        WHERE {_scope(1, 2)}
        AND ($3::text IS NULL OR {STATUS} = $3)
        AND ($4::text IS NULL OR r.placement_type = $4)
        AND ($5::text IS NULL OR r.urgency = $5)
        AND ($6::boolean IS NULL OR r.referred_to_commission = $6)
        AND ($7::uuid IS NULL OR EXISTS (SELECT 1 FROM placement_request_children prc
                                         WHERE prc.request_id = r.id AND prc.child_id = $7))
    """
    args = (scope_org, referred_only, status, placement_type, urgency, referred, child_id)
    total = await conn.fetchval(f"SELECT count(*) FROM placement_requests r {where}", *args)
    # Most urgent first, then by melding date: the order a placement desk works through them.
    rows = await conn.fetch(
        f"""{_SELECT} {where}
            ORDER BY CASE r.urgency WHEN 'crisis' THEN 0 WHEN 'high' THEN 1 ELSE 2 END,
                     r.created_at, r.id
            LIMIT $8 OFFSET $9""",
        *args, limit, offset,
    )
    return rows, int(total)


async def replace_children(conn: asyncpg.Connection, request_id: UUID,
                           child_ids: Sequence[UUID]) -> None:
    await conn.execute("DELETE FROM placement_request_children WHERE request_id = $1", request_id)
    await conn.executemany(
        "INSERT INTO placement_request_children (request_id, child_id) VALUES ($1, $2)",
        [(request_id, child_id) for child_id in child_ids],
    )


async def insert_follow_up(conn: asyncpg.Connection, request_id: UUID, *, placement_type: str,
                           urgency: str, desired_start: object, notes: str) -> UUID:
    """A new request for the same children and organisation, pointing at the old one."""
    new_id = await conn.fetchval(
        """INSERT INTO placement_requests (organisation_id, placement_type, urgency,
                                           desired_start, expected_duration_days, notes,
                                           follows_request_id)
           SELECT organisation_id, $2, $3, $4, expected_duration_days, $5, id
           FROM placement_requests WHERE id = $1 RETURNING id""",
        request_id, placement_type, urgency, desired_start, notes)
    await conn.execute(
        """INSERT INTO placement_request_children (request_id, child_id)
           SELECT $2, child_id FROM placement_request_children WHERE request_id = $1""",
        request_id, new_id)
    return new_id  # type: ignore[no-any-return]


# --- case shares: a request shared with another organisation -------------------------------

_SHARE_SELECT = """
    SELECT cs.request_id, cs.organisation_id, o.name AS organisation_name, cs.shared_by,
           cs.created_at
    FROM case_shares cs JOIN organisations o ON o.id = cs.organisation_id
"""


async def organisation_exists(conn: asyncpg.Connection, organisation_id: UUID) -> bool:
    return bool(await conn.fetchval("SELECT EXISTS (SELECT 1 FROM organisations WHERE id = $1)",
                                    organisation_id))


async def insert_share(conn: asyncpg.Connection, request_id: UUID, organisation_id: UUID,
                       shared_by: UUID | None) -> asyncpg.Record | None:
    """None when the request is already shared with that organisation."""
    inserted = await conn.fetchval(
        """INSERT INTO case_shares (request_id, organisation_id, shared_by) VALUES ($1, $2, $3)
           ON CONFLICT ON CONSTRAINT case_shares_pkey DO NOTHING RETURNING request_id""",
        request_id, organisation_id, shared_by)
    if inserted is None:
        return None
    return await conn.fetchrow(f"{_SHARE_SELECT} WHERE cs.request_id = $1 AND cs.organisation_id = $2",
                               request_id, organisation_id)


async def list_shares(conn: asyncpg.Connection, request_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(f"{_SHARE_SELECT} WHERE cs.request_id = $1 ORDER BY o.name, o.id",
                            request_id)


async def delete_share(conn: asyncpg.Connection, request_id: UUID,
                       organisation_id: UUID) -> bool:
    deleted = await conn.fetchval(
        """DELETE FROM case_shares WHERE request_id = $1 AND organisation_id = $2
           RETURNING request_id""", request_id, organisation_id)
    return deleted is not None
