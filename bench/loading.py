"""Inputs of the in-process benchmark: the candidate index and the request profiles.

Uses the matching package's own loaders (placement.matching.queries) when they exist, so the
benchmark measures what the service runs; otherwise builds the same plain values from the
database here with a few bulk queries.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from placement.matching.core.index import CandidateIndex
from placement.matching.core.profiles import (
    ChildProfile,
    RequestProfile,
    SafetyZone,
    SiblingTie,
    Spot,
)


async def load_index(conn: asyncpg.Connection) -> CandidateIndex:
    try:
        from placement.matching import queries
    except ImportError:
        queries = None  # type: ignore[assignment]
    if queries is not None and hasattr(queries, "load_index"):
        return await queries.load_index(conn)  # type: ignore[no-any-return]
    carers = await conn.fetch(
        """SELECT id, organisation_id, name, kind, foster_kind, latitude, longitude, wijk_code,
                  placement_types, age_min, age_max, genders_accepted, own_children_birth_years,
                  languages, religion, availability_confirmed_at, status FROM carers""")
    competences = await conn.fetch(
        "SELECT carer_id, need_code, level, support_note FROM carer_competences")
    places = await conn.fetch("SELECT id, carer_id, is_active FROM places")
    occupancies = await conn.fetch(
        """SELECT place_id, lower(period) AS period_start, upper(period) AS period_end
           FROM occupancies WHERE status <> 'cancelled'""")
    counter = await conn.fetchval("SELECT value FROM change_counters WHERE name = 'supply'")
    return CandidateIndex.from_rows([dict(r) for r in carers], [dict(r) for r in competences],
                                    [dict(r) for r in places], [dict(r) for r in occupancies],
                                    counter=counter)


async def load_requests(conn: asyncpg.Connection,
                        request_ids: list[UUID]) -> dict[UUID, RequestProfile]:
    """Every request's profile, in a handful of bulk queries."""
    requests = {r["id"]: r for r in await conn.fetch(
        "SELECT * FROM placement_requests WHERE id = ANY($1)", request_ids)}
    members: dict[UUID, list[UUID]] = {}
    for r in await conn.fetch(
            "SELECT request_id, child_id FROM placement_request_children"
            " WHERE request_id = ANY($1) ORDER BY child_id", request_ids):
        members.setdefault(r["request_id"], []).append(r["child_id"])
    child_ids = [c for ids in members.values() for c in ids]
    children = await _children(conn, child_ids)
    ties: dict[UUID, list[SiblingTie]] = {}
    for r in await conn.fetch(
            """SELECT child_a_id, child_b_id, kind, intent, apart_reason FROM sibling_ties
               WHERE child_a_id = ANY($1) AND child_b_id = ANY($1)""", child_ids):
        ties.setdefault(r["child_a_id"], []).append(SiblingTie(
            child_a=r["child_a_id"], child_b=r["child_b_id"], kind=r["kind"], intent=r["intent"],
            apart_reason=r["apart_reason"]))
    profiles = {}
    for rid, row in requests.items():
        ids = members.get(rid, [])
        profiles[rid] = RequestProfile(
            request_id=rid, placement_type=row["placement_type"],
            desired_start=row["desired_start"],
            expected_duration_days=row["expected_duration_days"],
            children=tuple(children[c] for c in ids),
            ties=tuple(t for c in ids for t in ties.get(c, [])))
    return profiles


async def _children(conn: asyncpg.Connection, child_ids: list[UUID]) -> dict[UUID, ChildProfile]:
    rows = await conn.fetch(
        """SELECT c.*, s.name AS school_name, s.latitude AS school_lat,
                  s.longitude AS school_lon
           FROM children c LEFT JOIN schools s ON s.id = c.school_id
           WHERE c.id = ANY($1)""", child_ids)
    grouped: dict[str, dict[UUID, list[Any]]] = {}
    queries = {
        "needs": "SELECT child_id, need_code, level FROM child_needs WHERE child_id = ANY($1)",
        "clubs": """SELECT a.child_id, k.name, k.latitude, k.longitude FROM child_activities a
                    JOIN clubs k ON k.id = a.club_id WHERE a.child_id = ANY($1)""",
        "zones": """SELECT child_id, latitude, longitude, min_distance_km
                    FROM child_safety_zones WHERE child_id = ANY($1)""",
        "excluded": """SELECT child_id, carer_id, reason FROM child_carer_exclusions
                       WHERE child_id = ANY($1)""",
        "network": "SELECT child_id, carer_id, relation FROM network_ties WHERE child_id = ANY($1)",
    }
    for key, sql in queries.items():
        per_child: dict[UUID, list[Any]] = {}
        for r in await conn.fetch(sql, child_ids):
            per_child.setdefault(r["child_id"], []).append(r)
        grouped[key] = per_child
    profiles = {}
    for r in rows:
        cid = r["id"]
        needs = grouped["needs"].get(cid, [])
        parents = (Spot(latitude=r["parents_latitude"], longitude=r["parents_longitude"],
                        name="ouders") if r["parents_latitude"] is not None else None)
        school = (Spot(latitude=r["school_lat"], longitude=r["school_lon"],
                       name=r["school_name"]) if r["school_lat"] is not None else None)
        profiles[cid] = ChildProfile(
            child_id=cid, birth_date=r["birth_date"], gender=r["gender"],
            home_latitude=r["home_latitude"], home_longitude=r["home_longitude"],
            home_wijk_code=r["home_wijk_code"], parents=parents, school=school,
            clubs=tuple(Spot(latitude=k["latitude"], longitude=k["longitude"], name=k["name"])
                        for k in grouped["clubs"].get(cid, [])),
            must_needs=tuple(n["need_code"] for n in needs if n["level"] == "must"),
            should_needs=tuple(n["need_code"] for n in needs if n["level"] == "should"),
            safety_zones=tuple(SafetyZone(latitude=z["latitude"], longitude=z["longitude"],
                                          min_distance_km=z["min_distance_km"])
                               for z in grouped["zones"].get(cid, [])),
            excluded_carers={e["carer_id"]: e["reason"] for e in grouped["excluded"].get(cid, [])},
            network_ties={n["carer_id"]: n["relation"] for n in grouped["network"].get(cid, [])},
        )
    return profiles
