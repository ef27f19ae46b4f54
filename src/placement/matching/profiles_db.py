"""Database rows of a placement request -> the engine's plain profiles (no SQL here)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

import asyncpg

from placement.matching.core.profiles import (
    ChildProfile,
    RequestProfile,
    SafetyZone,
    SiblingTie,
    Spot,
)


def _decoded(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def context_rows(rows: list[asyncpg.Record]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """queries.search_context's rows -> (child rows as request_children gives them, sibling ties
    as sibling_ties gives them)."""
    from placement.matching.queries import CHILD_PREFIX

    names = [k[len(CHILD_PREFIX):] for k in rows[0].keys() if k.startswith(CHILD_PREFIX)]
    children = [{name: row[CHILD_PREFIX + name] for name in names}
                for row in rows if row[CHILD_PREFIX + "id"] is not None]
    ties = [{**t, "child_a_id": UUID(t["child_a_id"]), "child_b_id": UUID(t["child_b_id"])}
            for t in _decoded(rows[0]["ties"])]
    return children, ties


def child_profile(row: Mapping[str, Any], *, apart_carers: list[UUID],
                  together_carers: list[UUID]) -> ChildProfile:
    school = None
    if row["school_latitude"] is not None:
        school = Spot(latitude=row["school_latitude"], longitude=row["school_longitude"],
                      name=row["school_name"] or "")
    parents = None
    if row["parents_latitude"] is not None:
        parents = Spot(latitude=row["parents_latitude"], longitude=row["parents_longitude"])
    wishes = {k: str(v) for k, v in (_decoded(row["wishes"]) or {}).items()
              if k in ("language", "religion", "food") and v}
    return ChildProfile(
        child_id=row["id"], birth_date=row["birth_date"], gender=row["gender"],
        home_latitude=row["home_latitude"], home_longitude=row["home_longitude"],
        home_wijk_code=row["home_wijk_code"], parents=parents, school=school,
        clubs=tuple(Spot(**c) for c in _decoded(row["clubs"])),
        must_needs=tuple(row["must_needs"]), should_needs=tuple(row["should_needs"]),
        wishes=wishes,
        safety_zones=tuple(SafetyZone(**z) for z in _decoded(row["safety_zones"])),
        excluded_carers={UUID(k): v for k, v in _decoded(row["excluded_carers"]).items()},
        network_ties={UUID(k): v for k, v in _decoded(row["network_ties"]).items()},
        apart_sibling_carers=tuple(apart_carers), together_sibling_carers=tuple(together_carers),
    )


def request_profile(request: Mapping[str, Any], children: list[ChildProfile],
                    ties: Sequence[Mapping[str, Any]]) -> RequestProfile:
    ids = {c.child_id for c in children}
    return RequestProfile(
        request_id=request["id"], placement_type=request["placement_type"],
        desired_start=request["desired_start"],
        expected_duration_days=request["expected_duration_days"], children=tuple(children),
        ties=tuple(SiblingTie(child_a=t["child_a_id"], child_b=t["child_b_id"], kind=t["kind"],
                              intent=t["intent"], apart_reason=t["apart_reason"])
                   for t in ties if t["child_a_id"] in ids and t["child_b_id"] in ids))


def outside_siblings(ties: Sequence[Mapping[str, Any]], child_ids: set[UUID],
                     ) -> dict[UUID, list[tuple[UUID, str]]]:
    """child in the request -> (sibling outside the request, intent)."""
    found: dict[UUID, list[tuple[UUID, str]]] = {c: [] for c in child_ids}
    for t in ties:
        a, b = t["child_a_id"], t["child_b_id"]
        if a in child_ids and b not in child_ids:
            found[a].append((b, t["intent"]))
        elif b in child_ids and a not in child_ids:
            found[b].append((a, t["intent"]))
    return found
