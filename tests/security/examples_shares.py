"""Example calls for the case-share routes: each allowed caller shares with, or unshares, an
organisation of its own, so no call depends on another's leftovers."""

from __future__ import annotations

from tests.factories import make_organisation
from tests.security.examples import Call, example
from tests.security.world import World


@example("POST /api/v1/requests/{request_id:uuid}/shares")
async def _share(world: World, role: str | None) -> Call:
    receiver = await make_organisation(world.conn, world.fresh("Ontvanger"))
    return Call(json={"organisation_id": str(receiver)})


@example("DELETE /api/v1/requests/{request_id:uuid}/shares/{organisation_id:uuid}")
async def _unshare(world: World, role: str | None) -> Call:
    receiver = await make_organisation(world.conn, world.fresh("Ontvanger"))
    await world.conn.execute(
        "INSERT INTO case_shares (request_id, organisation_id) VALUES ($1, $2)",
        world.ids["request_id"], receiver)
    return Call(params={"organisation_id": receiver})
