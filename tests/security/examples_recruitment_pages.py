"""Example calls for the recruitment pages (werving): with their filters set, and with a lead
and a campaign in place, so the matrix renders the pages with something on them."""

from __future__ import annotations

from placement.core.clock import local_today
from tests.security.examples import Call, example
from tests.security.world import World


@example("GET /werving", "GET /werving/taken")
async def _recruitment_overview(world: World, role: str | None) -> Call:
    await world.provide("campaign_id")
    await world.provide("task_id")
    return Call()


@example("GET /werving/aanmeldingen")
async def _leads_page(world: World, role: str | None) -> Call:
    await world.provide("lead_id")
    return Call(query={"stage": "aanmelding"})


@example("GET /werving/tekort")
async def _shortage_page(world: World, role: str | None) -> Call:
    return Call(query={"as_of": local_today().isoformat()})
