"""Example calls for the KPI report routes: a period of the past year, so the allowed callers
(plaatser, beheerder) get their own organisation's figures and everyone else a refusal."""

from __future__ import annotations

import datetime as dt

from placement.core.clock import local_today
from tests.security.examples import Call, example
from tests.security.world import World


@example("GET /api/v1/reports/kpi", "GET /api/v1/reports/kpi.csv")
async def _kpi_period(world: World, role: str | None) -> Call:
    today = local_today()
    return Call(query={"from": (today - dt.timedelta(days=365)).isoformat(),
                       "to": today.isoformat()})
