"""Two baselines for one child's ranking, to show what the in-memory index buys.

Both answer the same question as the engine's hard constraints plus the school-travel factor:
which active carers offer the placement type, accept the child's age and gender, cover every
must-need (fully or with support), have a free place in the requested period, are not excluded
for the child, lie outside every safety zone and within the policy's maximum school travel time;
ordered by school travel time, top N.

- naive: per request, read every carer, competence, place and overlapping occupancy from the
  database, then loop over the carers in Python; every cheap reason is recorded for every carer
  (as the engine does), and geopy's geodesic is measured for the carers that pass the cheap
  checks (safety zones and school distance).
- sql: one query per request; the constraints and the school distance (earthdistance's
  great-circle `earth_distance(ll_to_earth(..), ll_to_earth(..))`) are computed in PostgreSQL,
  ordered and limited there. Needs `CREATE EXTENSION cube, earthdistance` (bench database only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

import asyncpg
from geopy.distance import geodesic

from placement.matching.core.policy import DEFAULT_POLICY, Policy
from placement.matching.core.profiles import age_on

TOP_N = 10


@dataclass(frozen=True)
class SingleInput:
    request_id: UUID
    placement_type: str
    start: dt.date
    end: dt.date | None
    child_id: UUID
    age: int
    gender: str
    school: tuple[float, float] | None
    must_needs: frozenset[str]
    excluded: frozenset[UUID]
    safety_zones: tuple[tuple[float, float, float], ...]  # lat, lon, min km


async def load_single(conn: asyncpg.Connection, request_id: UUID) -> SingleInput:
    row = await conn.fetchrow(
        """
        SELECT r.placement_type, r.desired_start, r.expected_duration_days, c.id AS child_id,
               c.birth_date, c.gender, s.latitude AS school_lat, s.longitude AS school_lon,
               ARRAY(SELECT need_code FROM child_needs n
                     WHERE n.child_id = c.id AND n.level = 'must') AS must_needs,
               ARRAY(SELECT carer_id FROM child_carer_exclusions e
                     WHERE e.child_id = c.id) AS excluded,
               ARRAY(SELECT ARRAY[z.latitude, z.longitude, z.min_distance_km]
                     FROM child_safety_zones z WHERE z.child_id = c.id) AS zones
        FROM placement_requests r
        JOIN placement_request_children rc ON rc.request_id = r.id
        JOIN children c ON c.id = rc.child_id
        LEFT JOIN schools s ON s.id = c.school_id
        WHERE r.id = $1
        """,
        request_id,
    )
    start = row["desired_start"]
    days = row["expected_duration_days"]
    return SingleInput(
        request_id=request_id, placement_type=row["placement_type"], start=start,
        end=start + dt.timedelta(days=days) if days else None, child_id=row["child_id"],
        age=age_on(row["birth_date"], start), gender=row["gender"],
        school=(row["school_lat"], row["school_lon"]) if row["school_lat"] is not None else None,
        must_needs=frozenset(row["must_needs"]), excluded=frozenset(row["excluded"]),
        safety_zones=tuple((z[0], z[1], z[2]) for z in row["zones"]),
    )


def _minutes_per_km(age: int, policy: Policy) -> float:
    return policy.thresholds.detour_factor / policy.speed(policy.mode_for_age(age)) * 60.0


async def naive_rank(conn: asyncpg.Connection, request_id: UUID,
                     policy: Policy = DEFAULT_POLICY) -> list[tuple[UUID, float]]:
    """(carer id, school minutes) of the top N, by a Python loop over rows read per request."""
    need = await load_single(conn, request_id)
    period = asyncpg.Range(need.start, need.end)
    carers = await conn.fetch(
        "SELECT id, status, placement_types, age_min, age_max, genders_accepted, latitude,"
        " longitude FROM carers")
    competences: dict[UUID, set[str]] = {}
    for r in await conn.fetch("SELECT carer_id, need_code FROM carer_competences"):
        competences.setdefault(r["carer_id"], set()).add(r["need_code"])
    busy = {r["place_id"] for r in await conn.fetch(
        "SELECT place_id FROM occupancies WHERE status <> 'cancelled' AND period && $1", period)}
    free: dict[UUID, int] = {}
    for r in await conn.fetch("SELECT id, carer_id FROM places WHERE is_active"):
        if r["id"] not in busy:
            free[r["carer_id"]] = free.get(r["carer_id"], 0) + 1

    minutes_per_km = _minutes_per_km(need.age, policy)
    max_minutes = policy.thresholds.max_travel_minutes
    reasons: dict[UUID, list[str]] = {}
    ranked: list[tuple[float, UUID]] = []
    for carer in carers:
        cid = carer["id"]
        why = []
        if carer["status"] != "active":
            why.append("carer_not_active")
        if free.get(cid, 0) < 1:
            why.append("no_free_place")
        if need.placement_type not in carer["placement_types"]:
            why.append("type_not_offered")
        if not carer["age_min"] <= need.age <= carer["age_max"]:
            why.append("age_outside_range")
        if need.gender not in carer["genders_accepted"]:
            why.append("gender_not_accepted")
        if not need.must_needs <= competences.get(cid, set()):
            why.append("must_need_not_covered")
        if cid in need.excluded:
            why.append("carer_excluded_for_child")
        if not why:
            here = (carer["latitude"], carer["longitude"])
            if any(geodesic((lat, lon), here).km < km for lat, lon, km in need.safety_zones):
                why.append("safety_distance")
            minutes = (geodesic(need.school, here).km * minutes_per_km
                       if need.school is not None else 0.0)
            if minutes > max_minutes:
                why.append("beyond_max_travel_time")
        if why:
            reasons[cid] = why
        else:
            ranked.append((minutes, cid))
    ranked.sort(key=lambda item: (item[0], str(item[1])))
    return [(cid, minutes) for minutes, cid in ranked[:TOP_N]]


SQL_RANK = """
WITH need AS (
    SELECT r.placement_type, daterange(r.desired_start,
               r.desired_start + r.expected_duration_days) AS period,
           c.id AS child_id, c.gender,
           extract(year FROM age(r.desired_start, c.birth_date))::int AS age,
           ll_to_earth(s.latitude, s.longitude) AS school,
           ARRAY(SELECT need_code FROM child_needs n
                 WHERE n.child_id = c.id AND n.level = 'must') AS must_needs
    FROM placement_requests r
    JOIN placement_request_children rc ON rc.request_id = r.id
    JOIN children c ON c.id = rc.child_id
    LEFT JOIN schools s ON s.id = c.school_id
    WHERE r.id = $1
)
SELECT ca.id,
       coalesce(earth_distance(need.school, ll_to_earth(ca.latitude, ca.longitude)) / 1000.0, 0)
           * $2 AS school_minutes
FROM carers ca, need
WHERE ca.status = 'active'
  AND need.placement_type = ANY (ca.placement_types)
  AND need.age BETWEEN ca.age_min AND ca.age_max
  AND need.gender = ANY (ca.genders_accepted)
  AND NOT EXISTS (SELECT 1 FROM child_carer_exclusions e
                  WHERE e.child_id = need.child_id AND e.carer_id = ca.id)
  AND (SELECT count(*) FROM carer_competences cc
       WHERE cc.carer_id = ca.id AND cc.need_code = ANY (need.must_needs))
      = cardinality(need.must_needs)
  AND EXISTS (SELECT 1 FROM places p
              WHERE p.carer_id = ca.id AND p.is_active
                AND NOT EXISTS (SELECT 1 FROM occupancies o
                                WHERE o.place_id = p.id AND o.status <> 'cancelled'
                                  AND o.period && need.period))
  AND NOT EXISTS (SELECT 1 FROM child_safety_zones z
                  WHERE z.child_id = need.child_id
                    AND earth_distance(ll_to_earth(z.latitude, z.longitude),
                                       ll_to_earth(ca.latitude, ca.longitude))
                        < z.min_distance_km * 1000)
  AND coalesce(earth_distance(need.school, ll_to_earth(ca.latitude, ca.longitude)) / 1000.0, 0)
      * $2 <= $3
ORDER BY school_minutes, ca.id
LIMIT $4
"""


async def prepare_sql(conn: asyncpg.Connection) -> None:
    """The extensions, and the index a careful SQL author would add for the place lookup."""
    await conn.execute("CREATE EXTENSION IF NOT EXISTS cube")
    await conn.execute("CREATE EXTENSION IF NOT EXISTS earthdistance")
    await conn.execute("CREATE INDEX IF NOT EXISTS bench_places_carer_idx ON places (carer_id)")
    await conn.execute("ANALYZE places")


async def sql_rank(conn: asyncpg.Connection, request_id: UUID,
                   policy: Policy = DEFAULT_POLICY) -> list[tuple[UUID, float]]:
    age_row = await conn.fetchrow(
        """SELECT c.birth_date, r.desired_start FROM placement_requests r
           JOIN placement_request_children rc ON rc.request_id = r.id
           JOIN children c ON c.id = rc.child_id WHERE r.id = $1""", request_id)
    # The mode (and so the speed) follows the child's age band in the policy.
    minutes_per_km = _minutes_per_km(age_on(age_row["birth_date"], age_row["desired_start"]),
                                     policy)
    rows = await conn.fetch(SQL_RANK, request_id, minutes_per_km,
                            policy.thresholds.max_travel_minutes, TOP_N)
    return [(r["id"], r["school_minutes"]) for r in rows]
