"""Generated carers, children and placement requests for matching tests, straight into SQL."""

from __future__ import annotations

import datetime as dt
import json
from uuid import UUID

import asyncpg

from placement.core.clock import local_today

# Utrecht points (synthetic addresses): centre and a few kilometres around.
CENTRE = (52.0907, 5.1214)


def near(east_km: float = 0.0, north_km: float = 0.0) -> tuple[float, float]:
    return CENTRE[0] + north_km / 111.2, CENTRE[1] + east_km / 68.4


async def make_carer(conn: asyncpg.Connection, organisation_id: UUID, name: str, *,
                     east: float = 0.0, places: int = 1, foster_kind: str = "general",
                     placement_types: tuple[str, ...] = ("long_term", "short_term", "crisis"),
                     wijk: str | None = "binnenstad",
                     confirmed_days_ago: int = 2) -> UUID:
    lat, lon = near(east)
    carer_id = await conn.fetchval(
        """INSERT INTO carers (organisation_id, name, kind, foster_kind, postcode, latitude,
                               longitude, wijk_code, placement_types, availability_confirmed_at)
           VALUES ($1, $2, 'foster_family', $3, '3511', $4, $5, $6, $7,
                   now() - make_interval(days => $8))
           RETURNING id""",
        organisation_id, name, foster_kind, lat, lon, wijk, list(placement_types),
        confirmed_days_ago)
    for k in range(places):
        await conn.execute("INSERT INTO places (carer_id, label) VALUES ($1, $2)",
                           carer_id, f"plek {k + 1}")
    return carer_id


async def make_child(conn: asyncpg.Connection, organisation_id: UUID, reference: str, *,
                     age: int = 10, school_id: UUID | None = None,
                     needs: tuple[tuple[str, str], ...] = ()) -> UUID:
    lat, lon = near()
    today = local_today()
    child_id = await conn.fetchval(
        """INSERT INTO children (organisation_id, case_reference, given_name, birth_date, gender,
                                 home_postcode, home_latitude, home_longitude, home_wijk_code,
                                 school_id, wishes)
           VALUES ($1, $2, 'Testkind', $3, 'f', '3511', $4, $5, 'binnenstad', $6, $7)
           RETURNING id""",
        organisation_id, reference, today.replace(year=today.year - age, day=1), lat, lon,
        school_id, json.loads('{"language": "Nederlands"}'))
    for code, level in needs:
        await conn.execute(
            "INSERT INTO child_needs (child_id, need_code, level) VALUES ($1, $2, $3)",
            child_id, code, level)
    return child_id


async def make_request(conn: asyncpg.Connection, organisation_id: UUID, *child_ids: UUID,
                       placement_type: str = "long_term", referred: bool = False,
                       start_in_days: int = 14) -> UUID:
    request_id = await conn.fetchval(
        """INSERT INTO placement_requests (organisation_id, placement_type, desired_start,
                                           referred_to_commission)
           VALUES ($1, $2, $3, $4) RETURNING id""",
        organisation_id, placement_type, local_today() + dt.timedelta(days=start_in_days),
        referred)
    for child_id in child_ids:
        await conn.execute(
            "INSERT INTO placement_request_children (request_id, child_id) VALUES ($1, $2)",
            request_id, child_id)
    return request_id


async def make_tie(conn: asyncpg.Connection, a: UUID, b: UUID, intent: str = "together",
                   reason: str | None = None) -> None:
    await conn.execute(
        """INSERT INTO sibling_ties (child_a_id, child_b_id, kind, intent, apart_reason)
           VALUES ($1, $2, 'full', $3, $4)""", a, b, intent, reason)
