"""National scale: 20,000 carers and 20,000 children generate and import well within a minute."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from placement.demo.generate import generate_scenario
from placement.settings import Settings
from tests.scenario_helpers import service_for


@pytest.mark.slow
async def test_national_scenario_generates_and_imports_in_under_a_minute(
        conn, settings: Settings, national_pc4: Path) -> None:
    document = generate_scenario("national", 5, national_pc4)
    waiting = {c for r in document["requests"] for c in r["child_ids"]}
    assert len(document["carers"]) == 20_000 and len(document["children"]) == 20_000
    assert len(waiting) == 1_000
    started = time.perf_counter()
    async with service_for(settings.replace(national_pc4_path=national_pc4)) as service:
        summary = await service.import_document(document)
    seconds = time.perf_counter() - started
    assert seconds < 60, f"national import took {seconds:.1f} s"
    assert summary.national_postcodes_imported > 3500
    assert await conn.fetchval("SELECT count(*) FROM carers") == 20_000
    assert await conn.fetchval("SELECT count(*) FROM children") == 20_000
    provinces = await conn.fetchval(
        "SELECT count(DISTINCT p.province) FROM carers c JOIN postcode_areas p ON p.pc4 = c.postcode")
    assert provinces == 12
    placed = await conn.fetchval(
        "SELECT count(*) FROM occupancies WHERE kind = 'placement' AND status = 'active'")
    assert placed > 15_000
