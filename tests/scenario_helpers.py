"""Shared helpers for scenario and demo-data tests."""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from placement.auth.principal import system_principal
from placement.core.clock import local_today
from placement.core.database import Database
from placement.db.pool import create_pool
from placement.demo.generate import generate_scenario
from placement.geo.service import GeoIndex, seed_utrecht
from placement.scenario.service import ScenarioService
from placement.settings import Settings

TODAY = local_today()


def utrecht(seed: int = 7) -> dict[str, Any]:
    return generate_scenario("utrecht", seed)


@asynccontextmanager
async def service_for(settings: Settings) -> AsyncIterator[ScenarioService]:
    pool = await create_pool(settings.database_url or "", min_size=1, max_size=2)
    try:
        db = Database(pool)
        async with db.transaction() as conn:
            await seed_utrecht(conn, settings.geodata_dir)
            geo = await GeoIndex().load(conn)
        yield ScenarioService(db, geo, system_principal("test"), settings)
    finally:
        await pool.close()


def canonical(value: Any) -> Any:
    """The document with every list sorted, so documents compare modulo ordering."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [canonical(v) for v in value]
        return sorted(items, key=lambda v: repr(v))
    return value


def small_document() -> dict[str, Any]:
    """A hand-made, valid scenario: one organisation, one school, two carers, three children."""
    ids = [str(uuid.uuid4()) for _ in range(12)]
    org, school, carer_a, carer_b, place_a, place_b, child_1, child_2, child_3, tie, req, occ = ids
    child = {"organisation_id": org, "gender": "f", "home_postcode": "3522",
             "birth_date": (TODAY - dt.timedelta(days=9 * 365)).isoformat()}
    return copy.deepcopy({
        "format": "placement-scenario", "version": 1,
        "organisations": [{"id": org, "name": "Pleegzorg Test Scenario", "kind": "provider"}],
        "schools": [{"id": school, "name": "Basisschool Test", "kind": "primary",
                     "postcode": "3511"}],
        "clubs": [],
        "carers": [
            {"id": carer_a, "organisation_id": org, "name": "Familie Testveld",
             "kind": "foster_family", "foster_kind": "general", "postcode": "3581",
             "placement_types": ["long_term"],
             "places": [{"id": place_a, "label": "Plek 1", "occupancies": [
                 {"id": occ, "kind": "placement", "start": "2025-01-06",
                  "placement_type": "long_term", "child_id": child_3}]}]},
            {"id": carer_b, "organisation_id": org, "name": "Gezinshuis Testhof",
             "kind": "family_home", "postcode": "3531", "placement_types": ["family_home"],
             "competences": [{"code": "trauma", "level": "full"}],
             "places": [{"id": place_b, "label": "Plek 1"}]},
        ],
        "children": [
            {**child, "id": child_1, "case_reference": "TEST-0001", "given_name": "Noor",
             "school_id": school, "needs": [{"code": "trauma", "level": "must"}]},
            {**child, "id": child_2, "case_reference": "TEST-0002", "given_name": "Sam"},
            {**child, "id": child_3, "case_reference": "TEST-0003", "given_name": "Kim"},
        ],
        "sibling_ties": [{"id": tie, "child_a_id": child_1, "child_b_id": child_2,
                          "kind": "full", "intent": "together"}],
        "network_ties": [],
        "requests": [{"id": req, "organisation_id": org, "child_ids": [child_1, child_2],
                      "placement_type": "long_term", "desired_start": TODAY.isoformat()}],
    })
