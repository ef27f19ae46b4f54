"""Every SQL statement of the demo history (demo/history.py): what it reads to start from, and
the bulk inserts of the past it makes up.

The database itself keeps the made-up past honest: occupancies_no_overlap (per place) and
occupancies_child_no_overlap (per child) refuse any overlap, decisions_override_reason_check
and decisions_split_reasons_check refuse an override or split without its reasons. Nothing here
checks those itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import asyncpg

from placement.matching.core.index import CandidateIndex


async def has_history(conn: asyncpg.Connection) -> bool:
    return bool(await conn.fetchval("SELECT EXISTS (SELECT 1 FROM decisions)"))


async def template_children(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """Where the demo's children live and go to school: the history's children live there too."""
    return await conn.fetch(
        """SELECT organisation_id, home_postcode, home_latitude, home_longitude, home_wijk_code,
                  parents_postcode, parents_latitude, parents_longitude, school_id
           FROM children ORDER BY case_reference""")


async def index_and_places(conn: asyncpg.Connection,
                           ) -> tuple[CandidateIndex, list[asyncpg.Record], list[asyncpg.Record]]:
    """The candidate index as matching builds it, with the places in the index's own row order
    (so a booking can be added to the index) and every live occupancy."""
    counter = await conn.fetchval("SELECT value FROM change_counters WHERE name = 'supply'")
    carers = await conn.fetch(
        """SELECT id, organisation_id, name, kind, foster_kind, latitude, longitude, wijk_code,
                  placement_types, age_min, age_max, genders_accepted, own_children_birth_years,
                  languages, religion, availability_confirmed_at, status
           FROM carers ORDER BY id""")
    competences = await conn.fetch(
        "SELECT carer_id, need_code, level, support_note FROM carer_competences")
    places = await conn.fetch(
        "SELECT id, carer_id, is_active FROM places WHERE is_active ORDER BY carer_id, label")
    occupancies = await conn.fetch(
        """SELECT place_id, lower(period) AS period_start,
                  CASE WHEN upper_inf(period) THEN NULL ELSE upper(period) END AS period_end
           FROM occupancies WHERE status <> 'cancelled'""")
    wijken = await conn.fetch("SELECT code, name FROM wijken")
    index = CandidateIndex.from_rows(carers, competences, places, occupancies, counter=counter,
                                     wijk_labels={w["code"]: w["name"] for w in wijken})
    return index, places, occupancies


async def insert_children(conn: asyncpg.Connection, rows: list[tuple[Any, ...]]) -> None:
    await conn.executemany(
        """INSERT INTO children (id, organisation_id, case_reference, given_name, birth_date,
               gender, home_postcode, home_latitude, home_longitude, home_wijk_code,
               parents_postcode, parents_latitude, parents_longitude, school_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)""", rows)


async def insert_needs(conn: asyncpg.Connection, rows: list[tuple[UUID, str, str]]) -> None:
    await conn.executemany(
        "INSERT INTO child_needs (child_id, need_code, level) VALUES ($1, $2, $3)", rows)


async def insert_sibling_ties(conn: asyncpg.Connection, rows: list[tuple[Any, ...]]) -> None:
    await conn.executemany(
        """INSERT INTO sibling_ties (child_a_id, child_b_id, kind, intent, apart_reason)
           VALUES ($1, $2, $3, $4, $5)""", rows)


async def insert_requests(conn: asyncpg.Connection, rows: list[tuple[Any, ...]],
                          members: list[tuple[UUID, UUID]]) -> None:
    """rows: (id, organisation, type, urgency, desired start, duration, created_at, follows);
    members: (request, child). Written 'open'; the status is set once the past is known."""
    await conn.executemany(
        """INSERT INTO placement_requests (id, organisation_id, placement_type, urgency,
               desired_start, expected_duration_days, status, notes, created_at, updated_at,
               follows_request_id)
           VALUES ($1, $2, $3, $4, $5, $6, 'open', 'Demo-geschiedenis (fictief)', $7, $7, $8)""",
        rows)
    await conn.executemany(
        "INSERT INTO placement_request_children (request_id, child_id) VALUES ($1, $2)", members)


async def insert_decisions(conn: asyncpg.Connection, rows: list[tuple[Any, ...]]) -> None:
    await conn.executemany(
        """INSERT INTO decisions (id, request_id, organisation_id, snapshot_id, option_kind,
               option_rank, chosen, reason_code, motivation, broken_together_ties, split_reasons,
               supply_counter_at_search, supply_counter_at_decision, decided_by_label,
               decided_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11::jsonb, $12, $12,
                   'Demo-plaatser (fictief)', $13)""", rows)


async def insert_answers(conn: asyncpg.Connection, rows: list[tuple[Any, ...]]) -> None:
    await conn.executemany(
        """INSERT INTO family_answers (decision_id, carer_id, answer, decline_reason,
               answered_on, recorded_by_label, recorded_at)
           VALUES ($1, $2, $3, $4, $5, 'Demo-plaatser (fictief)', $6)""", rows)


async def insert_introductions(conn: asyncpg.Connection, rows: list[tuple[Any, ...]]) -> None:
    await conn.executemany(
        """INSERT INTO introductions (decision_id, carer_id, outcome, stop_reason, held_on,
               recorded_by_label, recorded_at)
           VALUES ($1, $2, $3, $4, $5, 'Demo-plaatser (fictief)', $6)""", rows)


async def insert_occupancies(conn: asyncpg.Connection, rows: list[tuple[Any, ...]]) -> None:
    """(place, child, request, decision, kind, start, end or None, type, status, end reason,
    end note, created_at)."""
    await conn.executemany(
        """INSERT INTO occupancies (place_id, child_id, request_id, decision_id, kind, period,
               placement_type, status, end_reason, end_note, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, daterange($6, $7), $8, $9, $10, $11, $12, $12)""", rows)


async def set_request_statuses(conn: asyncpg.Connection,
                               rows: list[tuple[UUID, str, dt.datetime]]) -> None:
    await conn.executemany(
        "UPDATE placement_requests SET status = $2, updated_at = $3 WHERE id = $1", rows)
