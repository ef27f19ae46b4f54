"""All SQL for carers, their competences and their places."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from uuid import UUID

import asyncpg

_SELECT = """
    SELECT c.*,
        COALESCE((SELECT json_agg(json_build_object('code', k.need_code, 'label', nc.label_nl,
                                                    'level', k.level,
                                                    'support_note', k.support_note)
                                  ORDER BY k.need_code)
                  FROM carer_competences k JOIN need_codes nc ON nc.code = k.need_code
                  WHERE k.carer_id = c.id), '[]') AS competences,
        (SELECT count(*) FROM places p WHERE p.carer_id = c.id) AS places_total,
        (SELECT count(*) FROM places p WHERE p.carer_id = c.id AND p.is_active) AS places_active
    FROM carers c
"""


async def replace_competences(conn: asyncpg.Connection, carer_id: UUID,
                              competences: Sequence[tuple[str, str, str | None]]) -> None:
    await conn.execute("DELETE FROM carer_competences WHERE carer_id = $1", carer_id)
    await conn.executemany(
        """INSERT INTO carer_competences (carer_id, need_code, level, support_note)
           VALUES ($1, $2, $3, $4)""",
        [(carer_id, *competence) for competence in competences],
    )


async def insert_places(conn: asyncpg.Connection, carer_id: UUID, labels: Sequence[str]) -> None:
    await conn.executemany(
        "INSERT INTO places (carer_id, label) VALUES ($1, $2)",
        [(carer_id, label) for label in labels],
    )


async def insert_place(conn: asyncpg.Connection, carer_id: UUID, label: str) -> UUID:
    return await conn.fetchval(
        "INSERT INTO places (carer_id, label) VALUES ($1, $2) RETURNING id", carer_id, label
    )


async def place_labels(conn: asyncpg.Connection, carer_id: UUID) -> set[str]:
    rows = await conn.fetch("SELECT label FROM places WHERE carer_id = $1", carer_id)
    return {r["label"] for r in rows}


async def get_carer(conn: asyncpg.Connection, carer_id: UUID, *,
                    for_update: bool = False) -> asyncpg.Record | None:
    if for_update:
        # Serialise concurrent writes to one carer's places (labels, deactivation).
        await conn.execute("SELECT 1 FROM carers WHERE id = $1 FOR UPDATE", carer_id)
    return await conn.fetchrow(f"{_SELECT} WHERE c.id = $1", carer_id)


async def list_carers(
    conn: asyncpg.Connection, *, organisation_id: UUID | None, kind: str | None,
    foster_kind: str | None, status: str | None, wijk_code: str | None,
    placement_type: str | None, competence: str | None, accepts_age: int | None,
    name: str | None, limit: int, offset: int,
) -> tuple[list[asyncpg.Record], int]:
    where = """
        WHERE ($1::uuid IS NULL OR c.organisation_id = $1)
        AND ($2::text IS NULL OR c.kind = $2)
        AND ($3::text IS NULL OR c.foster_kind = $3)
        AND ($4::text IS NULL OR c.status = $4)
        AND ($5::text IS NULL OR c.wijk_code = $5)
        AND ($6::text IS NULL OR $6 = ANY(c.placement_types))
        AND ($7::text IS NULL OR EXISTS (SELECT 1 FROM carer_competences k
                                         WHERE k.carer_id = c.id AND k.need_code = $7))
        AND ($8::int IS NULL OR $8 BETWEEN c.age_min AND c.age_max)
        AND ($9::text IS NULL OR c.name ILIKE '%' || $9 || '%')
    """
    args = (organisation_id, kind, foster_kind, status, wijk_code, placement_type, competence,
            accepts_age, name)
    total = await conn.fetchval(f"SELECT count(*) FROM carers c {where}", *args)
    rows = await conn.fetch(
        f"{_SELECT} {where} ORDER BY c.name, c.id LIMIT $10 OFFSET $11", *args, limit, offset
    )
    return rows, int(total)


async def carer_choices(conn: asyncpg.Connection, limit: int) -> list[asyncpg.Record]:
    """Id and name of each carer, for a picker: none of the profile a full list reads."""
    return await conn.fetch("SELECT id, name FROM carers ORDER BY name, id LIMIT $1", limit)


async def places_with_occupancy(conn: asyncpg.Connection, carer_id: UUID,
                                today: dt.date) -> list[asyncpg.Record]:
    """Each place with the occupancy holding it today and the next one to start after today
    (cancelled ones never count). child_organisation_id lets the caller decide what to show."""
    return await conn.fetch(
        """
        SELECT p.id, p.carer_id, p.label, p.is_active, p.created_at,
            cur.id AS cur_id, cur.kind AS cur_kind, lower(cur.period) AS cur_start,
            upper(cur.period) AS cur_end, cur.placement_type AS cur_type,
            cur.child_id AS cur_child_id, cur_child.organisation_id AS cur_child_org,
            nxt.id AS next_id, nxt.kind AS next_kind, lower(nxt.period) AS next_start,
            upper(nxt.period) AS next_end, nxt.placement_type AS next_type,
            nxt.child_id AS next_child_id, next_child.organisation_id AS next_child_org
        FROM places p
        LEFT JOIN LATERAL (
            SELECT o.* FROM occupancies o
            WHERE o.place_id = p.id AND o.status <> 'cancelled' AND o.period @> $2::date
            LIMIT 1) cur ON true
        LEFT JOIN children cur_child ON cur_child.id = cur.child_id
        LEFT JOIN LATERAL (
            SELECT o.* FROM occupancies o
            WHERE o.place_id = p.id AND o.status <> 'cancelled' AND lower(o.period) > $2::date
            ORDER BY lower(o.period) LIMIT 1) nxt ON true
        LEFT JOIN children next_child ON next_child.id = nxt.child_id
        WHERE p.carer_id = $1
        ORDER BY p.created_at, p.label
        """,
        carer_id, today,
    )


async def get_place(conn: asyncpg.Connection, carer_id: UUID,
                    place_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT * FROM places WHERE id = $1 AND carer_id = $2", place_id, carer_id
    )


async def place_is_held_from(conn: asyncpg.Connection, place_id: UUID,
                             today: dt.date) -> asyncpg.Record | None:
    """The first occupancy still holding the place today or later, if any."""
    return await conn.fetchrow(
        """SELECT id, kind, lower(period) AS start, upper(period) AS "end" FROM occupancies
           WHERE place_id = $1 AND status <> 'cancelled'
             AND (upper_inf(period) OR upper(period) > $2::date)
           ORDER BY lower(period) LIMIT 1""",
        place_id, today,
    )


async def set_place_active(conn: asyncpg.Connection, place_id: UUID, active: bool) -> None:
    await conn.execute("UPDATE places SET is_active = $2 WHERE id = $1", place_id, active)


async def known_need_codes(conn: asyncpg.Connection) -> set[str]:
    return {r["code"] for r in await conn.fetch("SELECT code FROM need_codes")}
