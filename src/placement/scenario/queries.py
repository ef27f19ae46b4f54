"""All SQL for scenario import (bulk COPY) and export (whole-table reads)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

# Tables in the order a scenario is written (parents before children), with the columns the
# importer provides. Anything not listed takes the column default.
COLUMNS: dict[str, tuple[str, ...]] = {
    "organisations": ("id", "name", "kind"),
    "schools": ("id", "name", "kind", "postcode", "latitude", "longitude", "wijk_code"),
    "clubs": ("id", "name", "activity", "postcode", "latitude", "longitude", "wijk_code"),
    "carers": ("id", "organisation_id", "name", "kind", "foster_kind", "postcode", "latitude",
               "longitude", "wijk_code", "address", "placement_types", "age_min", "age_max",
               "genders_accepted", "own_children_birth_years", "languages", "religion",
               "availability_confirmed_at", "status"),
    "carer_competences": ("carer_id", "need_code", "level", "support_note"),
    "places": ("id", "carer_id", "label", "is_active"),
    "children": ("id", "organisation_id", "case_reference", "given_name", "birth_date", "gender",
                 "home_postcode", "home_latitude", "home_longitude", "home_wijk_code",
                 "home_address", "parents_postcode", "parents_latitude", "parents_longitude",
                 "school_id"),
    "child_needs": ("child_id", "need_code", "level"),
    "child_activities": ("child_id", "club_id"),
    "child_safety_zones": ("id", "child_id", "postcode", "latitude", "longitude",
                           "min_distance_km"),
    "child_carer_exclusions": ("child_id", "carer_id", "reason"),
    "sibling_ties": ("id", "child_a_id", "child_b_id", "kind", "intent", "apart_reason"),
    "network_ties": ("id", "child_id", "carer_id", "relation"),
    "placement_requests": ("id", "organisation_id", "placement_type", "urgency", "desired_start",
                           "expected_duration_days", "status", "referred_to_commission", "notes",
                           "created_at"),
    "placement_request_children": ("request_id", "child_id"),
    "occupancies": ("id", "place_id", "child_id", "request_id", "kind", "period",
                    "placement_type", "status", "end_reason"),
}

# Tables whose rows carry their own id: an import must not reuse an id that is already there.
ID_TABLES = ("organisations", "schools", "clubs", "carers", "places", "children",
             "child_safety_zones", "sibling_ties", "network_ties", "placement_requests",
             "occupancies")


async def copy_rows(conn: asyncpg.Connection, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
    if rows:
        await conn.copy_records_to_table(table, records=rows, columns=list(COLUMNS[table]))


async def set_wishes(conn: asyncpg.Connection, wishes: Sequence[tuple[UUID, dict[str, str]]]) -> None:
    """Wishes are jsonb, which COPY's binary format cannot take through our text codec: one
    set-based UPDATE instead."""
    if wishes:
        await conn.execute(
            """UPDATE children c SET wishes = w.wishes
               FROM unnest($1::uuid[], $2::jsonb[]) AS w(id, wishes) WHERE c.id = w.id""",
            [child_id for child_id, _ in wishes], [w for _, w in wishes])


async def existing_ids(conn: asyncpg.Connection, table: str, ids: Sequence[UUID]) -> set[UUID]:
    if table not in ID_TABLES:
        raise ValueError(table)
    if not ids:
        return set()
    rows = await conn.fetch(f"SELECT id FROM {table} WHERE id = ANY($1::uuid[])", list(ids))
    return {r["id"] for r in rows}


async def existing_organisation_names(conn: asyncpg.Connection, names: Sequence[str]) -> set[str]:
    rows = await conn.fetch("SELECT name FROM organisations WHERE name = ANY($1::text[])",
                            list(names))
    return {r["name"] for r in rows}


async def existing_case_references(conn: asyncpg.Connection, refs: Sequence[str]) -> set[str]:
    rows = await conn.fetch(
        "SELECT case_reference FROM children WHERE case_reference = ANY($1::text[])", list(refs))
    return {r["case_reference"] for r in rows}


async def need_codes(conn: asyncpg.Connection) -> set[str]:
    return {r["code"] for r in await conn.fetch("SELECT code FROM need_codes")}


async def count_children(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval("SELECT count(*) FROM children"))


async def read_table(conn: asyncpg.Connection, table: str) -> list[asyncpg.Record]:
    """Every row of one scenario table, in a stable order, for export."""
    if table not in COLUMNS:
        raise ValueError(table)
    order = "id" if "id" in COLUMNS[table] else ", ".join(COLUMNS[table][:2])
    extra = ", lower(period) AS start, upper(period) AS end_" if table == "occupancies" else ""
    return await conn.fetch(f"SELECT * {extra} FROM {table} ORDER BY {order}")
