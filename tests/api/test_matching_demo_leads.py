"""Issue 12, point 8: the recruitment demo leads (and the carers approved from them) come only
with the demo data, never into a database that holds something else."""

from __future__ import annotations

import asyncpg

from placement.settings import Settings
from placement.startup import prepare_demo
from tests.factories import make_organisation
from tests.factories_matching import make_carer, make_child


async def test_an_imported_scenario_gets_no_demo_leads_or_their_carers(
        conn: asyncpg.Connection, settings: Settings) -> None:
    org = await make_organisation(conn, "Pleegzorg Elders")
    await make_child(conn, org, "E-1")
    await make_carer(conn, org, "Eigen gezin")
    await prepare_demo(settings.replace(demo_password="demo-wachtwoord-1"))
    assert await conn.fetchval("SELECT count(*) FROM recruitment_leads") == 0
    assert await conn.fetchval("SELECT count(*) FROM carers") == 1
