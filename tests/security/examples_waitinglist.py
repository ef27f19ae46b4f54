"""Example calls for the waiting-list routes: the GET reads a proposal the organisation's
placement officer made through the API, so the matrix also shows B's callers cannot read it."""

from __future__ import annotations

from tests.security.examples import Call, example
from tests.security.world import World


@example("POST /api/v1/waiting-list/proposals")
async def _propose(world: World, role: str | None) -> Call:
    return Call(json={"time_limit_seconds": 5})


@example("GET /api/v1/waiting-list/proposals/{proposal_id:uuid}")
async def _read_proposal(world: World, role: str | None) -> Call:
    made = await world.client.post("/api/v1/waiting-list/proposals", json={},
                                   headers=world.actor("plaatser").headers)
    assert made.status_code == 201, made.text
    return Call(params={"proposal_id": made.json()["id"]})


@example("POST /wachtlijst")
async def _propose_page(world: World, role: str | None) -> Call:
    # As on every form route: bearer-token callers are exempt from CSRF; an anonymous browser
    # passes the pre-session double-submit check and meets the route's own 401.
    if role is None:
        return Call(form={"csrf_token": "same-on-both"},
                    cookies={"placement_login_csrf": "same-on-both"})
    return Call(form={})


@example("GET /wachtlijst/{proposal_id:uuid}")
async def _read_proposal_page(world: World, role: str | None) -> Call:
    return await _read_proposal(world, role)


@example("POST /api/v1/waiting-list/proposals/{proposal_id:uuid}/lines/{request_id:uuid}/decision")
async def _take_over(world: World, role: str | None) -> Call:
    """The world's open request, proposed a family of its own so that every allowed caller
    decides on a fresh request."""
    from tests.factories_matching import make_carer

    child = await world.new_child(world.actors.org_a, referred=False)
    request_id = await world.conn.fetchval(
        "SELECT request_id FROM placement_request_children WHERE child_id = $1", child)
    # Three places: every call adds an open request, and the proposal divides the families over
    # all of them at once; with one place each, an earlier call's request still open could be
    # given this family and leave the fresh request without a proposal (a flaky run).
    carer = await make_carer(world.conn, world.actors.org_a, world.fresh("Familie Matrix"),
                             places=3, placement_types=("crisis", "short_term", "long_term"))
    await world.conn.execute(  # the world's children need trauma care
        "INSERT INTO carer_competences (carer_id, need_code, level) VALUES ($1, 'trauma', 'full')",
        carer)
    made = await world.client.post("/api/v1/waiting-list/proposals", json={},
                                   headers=world.actor("plaatser").headers)
    assert made.status_code == 201, made.text
    line = next(x for x in made.json()["lines"] if x["request_id"] == str(request_id))
    body = {} if line["proposal"]["option_rank"] == 1 else {
        "reason_code": "other", "motivation": "Matrixvoorbeeld."}
    return Call(params={"proposal_id": made.json()["id"], "request_id": request_id}, json=body)
