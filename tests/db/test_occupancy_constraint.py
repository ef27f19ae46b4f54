"""The database itself forbids double booking: the exclusion constraint occupancies_no_overlap."""

from __future__ import annotations

import datetime as dt

import asyncpg
import pytest

from tests.factories import make_organisation

D = dt.date


@pytest.fixture
async def place(conn: asyncpg.Connection):
    organisation = await make_organisation(conn, "Constraint test (test)")
    carer = await conn.fetchval(
        """INSERT INTO carers (organisation_id, name, kind, foster_kind, postcode, latitude,
                               longitude, placement_types)
           VALUES ($1, 'Familie Test', 'foster_family', 'general', '3511', 52.09, 5.11,
                   ARRAY['long_term']) RETURNING id""", organisation)
    return await conn.fetchval("INSERT INTO places (carer_id, label) VALUES ($1, 'Plek 1') "
                               "RETURNING id", carer)


async def occupy(conn, place, start, end, *, kind="placement", status="active"):
    return await conn.fetchval(
        """INSERT INTO occupancies (place_id, kind, period, placement_type, status)
           VALUES ($1, $2, daterange($3, $4, '[)'), 'long_term', $5) RETURNING id""",
        place, kind, start, end, status)


async def test_overlapping_placements_in_one_place_are_refused(conn, place) -> None:
    await occupy(conn, place, D(2026, 1, 1), D(2026, 6, 1))
    with pytest.raises(asyncpg.ExclusionViolationError) as refused:
        await occupy(conn, place, D(2026, 5, 31), D(2026, 9, 1))
    assert refused.value.constraint_name == "occupancies_no_overlap"
    with pytest.raises(asyncpg.ExclusionViolationError):
        await occupy(conn, place, D(2026, 2, 1), None, kind="reservation")  # open-ended
    assert await conn.fetchval("SELECT count(*) FROM occupancies") == 1


async def test_adjacent_periods_are_accepted(conn, place) -> None:
    await occupy(conn, place, D(2026, 1, 1), D(2026, 6, 1))
    await occupy(conn, place, D(2026, 6, 1), D(2026, 7, 1))
    await occupy(conn, place, D(2025, 12, 1), D(2026, 1, 1), kind="reservation")
    assert await conn.fetchval("SELECT count(*) FROM occupancies") == 3


async def test_a_cancelled_reservation_does_not_block(conn, place) -> None:
    await occupy(conn, place, D(2026, 1, 1), None, kind="reservation", status="cancelled")
    await occupy(conn, place, D(2026, 2, 1), None)
    with pytest.raises(asyncpg.ExclusionViolationError):
        await conn.execute("UPDATE occupancies SET status = 'active' WHERE status = 'cancelled'")


async def test_an_open_ended_placement_blocks_everything_after_it(conn, place) -> None:
    await occupy(conn, place, D(2026, 1, 1), None)
    with pytest.raises(asyncpg.ExclusionViolationError):
        await occupy(conn, place, D(2030, 1, 1), D(2030, 2, 1))
    await occupy(conn, place, D(2025, 1, 1), D(2026, 1, 1))  # before it: fine
