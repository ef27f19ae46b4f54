"""A national-size synthetic dataset for the benchmark, written with bulk COPY.

Used when the demo generator (placement.demo.generate) is not available. Every person is
generated: names are "Bench" labels, locations are real PC4 centres with a small random offset.
Proportions follow the product brief: about 20,000 carers (about 5% family homes, a large share
of network families), 20,000 children in care of whom most are placed, about 1,000 open requests,
sibling groups of 2-5 with a few `apart` ties.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import asyncpg
import numpy as np

from placement.geo.tables import read_national

NEEDS = ["trauma", "hechting", "gedrag", "lvb", "autisme", "adhd", "medisch", "lichamelijk",
         "middelen", "angst_depressie", "zuigeling", "onderwijs", "seksueel_grensoverschrijdend",
         "loyaliteit"]
TYPES = ["crisis", "short_term", "long_term", "part_time", "family_home"]
FOSTER_TYPES = ["crisis", "short_term", "long_term", "part_time"]
APART_REASONS = ["specialist_care", "threat", "severe_conflict", "sexual_abuse"]




class _Ids:
    """Deterministic UUIDs from the seeded generator, so a run can be repeated exactly."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def __call__(self) -> uuid.UUID:
        return uuid.UUID(bytes=self.rng.bytes(16), version=4)


async def generate(conn: asyncpg.Connection, pc4_path: Path, *, seed: int = 7,
                   carers: int = 20_000, children: int = 20_000, single_requests: int = 800,
                   group_requests: int = 200) -> dict[str, int]:
    rng = np.random.default_rng(seed)
    new_id = _Ids(rng)
    today = dt.date.today()
    areas, _, _ = read_national(pc4_path)
    pc4 = np.array([a.pc4 for a in areas])
    lat = np.array([a.latitude for a in areas])
    lon = np.array([a.longitude for a in areas])
    counts: dict[str, int] = {}

    async def copy(table: str, columns: list[str], records: list[tuple]) -> None:
        await conn.copy_records_to_table(table, columns=columns, records=records)
        counts[table] = counts.get(table, 0) + len(records)

    # Organisations (their officers and API tokens are made by bench.prepare).
    orgs = [new_id() for _ in range(30)]
    await copy("organisations", ["id", "name", "kind"],
               [(o, f"Bench Pleegzorg {i + 1:02d}", "provider") for i, o in enumerate(orgs)])

    # One primary school in every PC4 area, a secondary school in every third, a club in every
    # second: children go to the school of their own area.
    schools, school_of_area = [], {}
    clubs, club_of_area = [], {}
    for i in range(len(pc4)):
        sid = new_id()
        school_of_area[i] = sid
        schools.append((sid, f"Bench basisschool {pc4[i]}", "primary", str(pc4[i]),
                        *_jitter(rng, lat[i], lon[i], 0.004)))
        if i % 3 == 0:
            schools.append((new_id(), f"Bench college {pc4[i]}", "secondary", str(pc4[i]),
                            *_jitter(rng, lat[i], lon[i], 0.004)))
        if i % 2 == 0:
            cid = new_id()
            club_of_area[i] = cid
            clubs.append((cid, f"Bench sportclub {pc4[i]}", "voetbal", str(pc4[i]),
                          *_jitter(rng, lat[i], lon[i], 0.004)))
    await copy("schools", ["id", "name", "kind", "postcode", "latitude", "longitude"], schools)
    await copy("clubs", ["id", "name", "activity", "postcode", "latitude", "longitude"], clubs)

    # Carers.
    carer_ids = [new_id() for _ in range(carers)]
    carer_area = rng.integers(0, len(pc4), size=carers)
    kind_draw = rng.random(carers)
    carer_rows, competence_rows, place_rows, place_carer = [], [], [], []
    for i, cid in enumerate(carer_ids):
        a = carer_area[i]
        if kind_draw[i] < 0.05:
            kind, foster_kind, types, n_places = "family_home", None, ["family_home", "long_term"], \
                int(rng.integers(3, 5))
            age_min, age_max = 0, 18
        else:
            kind = "foster_family"
            foster_kind = "network" if kind_draw[i] < 0.45 else "general"
            types = sorted(set(rng.choice(FOSTER_TYPES, size=int(rng.integers(1, 4))).tolist()))
            n_places = int(rng.choice([1, 1, 1, 2, 2, 3]))
            age_min = int(rng.integers(0, 8))
            age_max = int(min(23, age_min + rng.integers(4, 16)))
        genders = ["f", "m", "x"] if rng.random() < 0.85 else [str(rng.choice(["f", "m"]))]
        own = sorted(int(y) for y in today.year - rng.integers(0, 25, size=int(rng.integers(0, 3))))
        confirmed = dt.datetime.now(dt.UTC) - dt.timedelta(days=float(rng.integers(0, 400)))
        status = str(rng.choice(["active", "paused", "inactive"], p=[0.92, 0.05, 0.03]))
        c_lat, c_lon = _jitter(rng, lat[a], lon[a], 0.01)
        carer_rows.append((cid, orgs[int(rng.integers(0, len(orgs)))], f"Bench gezin {i + 1}",
                           kind, foster_kind, str(pc4[a]), c_lat, c_lon, types, age_min, age_max,
                           genders, own, confirmed, status))
        for need in rng.choice(NEEDS, size=int(rng.integers(0, 5)), replace=False):
            level = "full" if rng.random() < 0.7 else "with_support"
            competence_rows.append((cid, str(need), level,
                                    "ambulante begeleiding" if level == "with_support" else None))
        for p in range(n_places):
            place_rows.append((new_id(), cid, f"plek {p + 1}"))
            place_carer.append(i)
    await copy("carers", ["id", "organisation_id", "name", "kind", "foster_kind", "postcode",
                          "latitude", "longitude", "placement_types", "age_min", "age_max",
                          "genders_accepted", "own_children_birth_years",
                          "availability_confirmed_at", "status"], carer_rows)
    await copy("carer_competences", ["carer_id", "need_code", "level", "support_note"],
               competence_rows)
    await copy("places", ["id", "carer_id", "label"], place_rows)

    # Children: those in open requests first, the rest are in care (placed).
    sizes = [1] * single_requests + _group_sizes(np.random.default_rng(seed + 1), group_requests)
    in_requests = sum(sizes)
    child_ids = [new_id() for _ in range(max(children, in_requests))]
    child_area = rng.integers(0, len(pc4), size=len(child_ids))
    child_org = rng.integers(0, len(orgs), size=len(child_ids))
    start = 0
    for size in sizes:  # siblings in one request come from one home and one organisation
        child_area[start:start + size] = child_area[start]
        child_org[start:start + size] = child_org[start]
        start += size
    child_rows, need_rows, activity_rows, zone_rows = [], [], [], []
    for i, chid in enumerate(child_ids):
        a = child_area[i]
        h_lat, h_lon = _jitter(rng, lat[a], lon[a], 0.01)
        age_days = int(rng.integers(0, 18 * 365))
        p_lat, p_lon = _jitter(rng, lat[a], lon[a], 0.02)
        child_rows.append((chid, orgs[int(child_org[i])], f"BENCH-{i + 1:06d}",
                           f"Kind {i + 1}", today - dt.timedelta(days=age_days),
                           str(rng.choice(["f", "m", "x"], p=[0.49, 0.49, 0.02])), str(pc4[a]),
                           h_lat, h_lon, str(pc4[a]), p_lat, p_lon, school_of_area[a]))
        for need in rng.choice(NEEDS, size=int(rng.integers(0, 3)), replace=False):
            need_rows.append((chid, str(need), "must" if rng.random() < 0.3 else "should"))
        if a in club_of_area and rng.random() < 0.4:
            activity_rows.append((chid, club_of_area[a]))
        if i < in_requests and rng.random() < 0.05:
            z_lat, z_lon = _jitter(rng, lat[a], lon[a], 0.03)
            zone_rows.append((new_id(), chid, str(pc4[a]), z_lat, z_lon,
                              float(rng.choice([5.0, 10.0, 20.0]))))
    await copy("children", ["id", "organisation_id", "case_reference", "given_name", "birth_date",
                            "gender", "home_postcode", "home_latitude", "home_longitude",
                            "parents_postcode", "parents_latitude", "parents_longitude",
                            "school_id"], child_rows)
    await copy("child_needs", ["child_id", "need_code", "level"], need_rows)
    await copy("child_activities", ["child_id", "club_id"], activity_rows)
    await copy("child_safety_zones", ["id", "child_id", "postcode", "latitude", "longitude",
                                      "min_distance_km"], zone_rows)

    # Occupancy: about 75% of places hold a placed child; some free up soon or have a
    # reservation later, so the requested period matters.
    occupancy_rows = []
    placed = iter(child_ids[in_requests:])
    for place_id, _, _ in place_rows:
        draw = rng.random()
        if draw < 0.75:
            child = next(placed, None)
            start = today - dt.timedelta(days=int(rng.integers(30, 2000)))
            end = (today + dt.timedelta(days=int(rng.integers(1, 120)))
                   if rng.random() < 0.15 else None)
            occupancy_rows.append((new_id(), place_id, child, "placement",
                                   asyncpg.Range(start, end), "long_term"))
        elif draw < 0.80:
            start = today + dt.timedelta(days=int(rng.integers(10, 90)))
            occupancy_rows.append((new_id(), place_id, None, "reservation",
                                   asyncpg.Range(start, start + dt.timedelta(days=14)),
                                   "short_term"))
    await copy("occupancies", ["id", "place_id", "child_id", "kind", "period", "placement_type"],
               occupancy_rows)

    # Open requests: singles, then sibling groups with ties.
    request_rows, request_children, tie_rows, network_rows, exclusion_rows = [], [], [], [], []
    cursor = 0
    network_carers = [i for i, row in enumerate(carer_rows) if row[4] == "network"]
    for size in sizes:
        rid = new_id()
        members = child_ids[cursor:cursor + size]
        cursor += size
        org = child_rows[cursor - size][1]  # the organisation of the first child
        ptype = str(rng.choice(TYPES, p=[0.15, 0.25, 0.4, 0.05, 0.15]))
        start = today + dt.timedelta(days=int(rng.integers(0, 45)))
        duration = int(rng.choice([30, 90, 180])) if ptype in ("crisis", "short_term") else None
        request_rows.append((rid, org, ptype, "crisis" if ptype == "crisis" else "normal", start,
                             duration))
        for m in members:
            request_children.append((rid, m))
            if rng.random() < 0.1 and network_carers:
                carer = carer_ids[network_carers[int(rng.integers(0, len(network_carers)))]]
                network_rows.append((new_id(), m, carer, "grandparent"))
            if rng.random() < 0.05:
                exclusion_rows.append((m, carer_ids[int(rng.integers(0, carers))],
                                       "eerdere breuk"))
        for x in range(size):
            for y in range(x + 1, size):
                draw = rng.random()
                intent, reason = ("apart", str(rng.choice(APART_REASONS))) if draw < 0.05 else (
                    ("contact", None) if draw < 0.1 else ("together", None))
                tie_rows.append((new_id(), members[x], members[y], "full", intent, reason))
    await copy("placement_requests", ["id", "organisation_id", "placement_type", "urgency",
                                      "desired_start", "expected_duration_days"], request_rows)
    await copy("placement_request_children", ["request_id", "child_id"], request_children)
    await copy("sibling_ties", ["id", "child_a_id", "child_b_id", "kind", "intent",
                                "apart_reason"], tie_rows)
    await copy("network_ties", ["id", "child_id", "carer_id", "relation"],
               list({(r[1], r[2]): r for r in network_rows}.values()))
    await copy("child_carer_exclusions", ["child_id", "carer_id", "reason"],
               list({(r[0], r[1]): r for r in exclusion_rows}.values()))
    await conn.execute("ANALYZE")
    return counts


def _group_sizes(rng: np.random.Generator, n: int) -> list[int]:
    return [int(s) for s in rng.choice([2, 3, 4, 5], size=n, p=[0.45, 0.3, 0.15, 0.1])]


def _jitter(rng: np.random.Generator, lat: float, lon: float, degrees: float,
            ) -> tuple[float, float]:
    return (float(lat + rng.uniform(-degrees, degrees)),
            float(lon + rng.uniform(-degrees * 1.6, degrees * 1.6)))
