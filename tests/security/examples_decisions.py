"""Example calls for the decision routes: every allowed caller acts on a decision of its own
(a fresh child, request, ranking and decision), moved through the lifecycle as far as the route
needs, so no call depends on another's leftovers."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from placement.core.clock import local_today
from tests.security.examples import Call, example
from tests.security.world import World, provider


def _days(n: int) -> str:
    return (local_today() + dt.timedelta(days=n)).isoformat()


async def _api(world: World, method: str, url: str, **kwargs: Any) -> Any:
    response = await world.client.request(method, url, headers=world.actor("plaatser").headers,
                                          **kwargs)
    assert response.status_code < 300, (url, response.status_code, response.text)
    return response.json()


async def _fresh_request(world: World) -> tuple[UUID, UUID]:
    carer = await world.new_carer()
    child = await world.new_child()
    return await world.new_request(world.actors.org_a, [child]), carer


async def _choice(world: World, request_id: UUID, carer: UUID) -> dict[str, Any]:
    """A decision body choosing the fresh carer (its places hold nothing of earlier calls)."""
    ranking = await _api(world, "POST", f"/api/v1/requests/{request_id}/search",
                         json={"limit": 100})
    rank = next(o["rank"] for o in ranking["ranking"]["options"] if o["carer_id"] == str(carer))
    reason = {} if rank == 1 else {"reason_code": "other", "motivation": "eigen gezin van de test"}
    return {"snapshot_id": ranking["snapshot_id"], "option_rank": rank, **reason}


async def _fresh_decision(world: World, *, until: str = "proposed") -> dict[str, Any]:
    request_id, carer_id = await _fresh_request(world)
    decision = await _api(world, "POST", f"/api/v1/requests/{request_id}/decisions",
                          json=await _choice(world, request_id, carer_id))
    carer = decision["carers"][0]["carer_id"]
    steps = ["accepted", "go_ahead", "placed", "ended"]
    for step in steps[:steps.index(until) + 1] if until in steps else []:
        url = f"/api/v1/decisions/{decision['id']}"
        if step == "accepted":
            decision = await _api(world, "POST", f"{url}/answers", json={
                "carer_id": carer, "answer": "accepted", "answered_on": _days(0)})
        elif step == "go_ahead":
            decision = await _api(world, "POST", f"{url}/introductions", json={
                "carer_id": carer, "outcome": "go_ahead", "held_on": _days(0)})
        elif step == "placed":
            decision = await _api(world, "POST", f"{url}/placement", json={"start": _days(-30)})
        else:
            placement = decision["reservations"][0]
            await _api(world, "PATCH", f"/api/v1/occupancies/{placement['id']}", json={
                "version": placement["version"], "end": _days(-1),
                "end_reason": "breakdown_child"})
    return {**decision, "carer_id": carer}


@provider("decision_id")
async def _decision(world: World) -> Any:
    return (await _fresh_decision(world))["id"]


@example("POST /api/v1/requests/{request_id:uuid}/decisions")
async def _decide(world: World, role: str | None) -> Call:
    request_id, carer = await _fresh_request(world)
    return Call(params={"request_id": request_id}, json=await _choice(world, request_id, carer))


@example("POST /api/v1/decisions/{decision_id:uuid}/answers")
async def _answer(world: World, role: str | None) -> Call:
    decision = await _fresh_decision(world)
    return Call(params={"decision_id": decision["id"]},
                json={"carer_id": decision["carer_id"], "answer": "accepted",
                      "answered_on": _days(0)})


@example("POST /api/v1/decisions/{decision_id:uuid}/introductions")
async def _introduce(world: World, role: str | None) -> Call:
    decision = await _fresh_decision(world, until="accepted")
    return Call(params={"decision_id": decision["id"]},
                json={"carer_id": decision["carer_id"], "outcome": "go_ahead",
                      "held_on": _days(0)})


@example("POST /api/v1/decisions/{decision_id:uuid}/placement")
async def _place(world: World, role: str | None) -> Call:
    decision = await _fresh_decision(world, until="go_ahead")
    return Call(params={"decision_id": decision["id"]}, json={"start": _days(0)})


@example("POST /api/v1/requests/{request_id:uuid}/follow-up")
async def _follow_up(world: World, role: str | None) -> Call:
    decision = await _fresh_decision(world, until="ended")
    return Call(params={"request_id": decision["request_id"]},
                json={"desired_start": _days(3)})


# --- the decision pages (decisions/views.py): bearer callers are exempt from CSRF; an anonymous
# browser passes the pre-session double-submit check, so it meets the route's own 401 ---------

def _form(role: str | None, form: dict[str, str], params: dict[str, Any]) -> Call:
    if role is None:
        return Call(params=params, form={**form, "csrf_token": "same-on-both"},
                    cookies={"placement_login_csrf": "same-on-both"})
    return Call(params=params, form=form)


@example("POST /plaatsingen/{request_id:uuid}/besluiten")
async def _decide_page(world: World, role: str | None) -> Call:
    request_id, carer = await _fresh_request(world)
    body = await _choice(world, request_id, carer)
    return _form(role, {k: str(v) for k, v in body.items()}, {"request_id": request_id})


@example("POST /plaatsingen/{request_id:uuid}/besluiten/{decision_id:uuid}/{step:str}")
async def _answer_page(world: World, role: str | None) -> Call:
    decision = await _fresh_decision(world)
    return _form(role, {"carer_id": decision["carer_id"], "answer": "accepted",
                        "answered_on": _days(0)},
                 {"request_id": decision["request_id"], "decision_id": decision["id"],
                  "step": "antwoord"})


@example("POST /plaatsingen/{request_id:uuid}/einde/{occupancy_id:uuid}")
async def _end_page(world: World, role: str | None) -> Call:
    decision = await _fresh_decision(world, until="placed")
    placement = decision["reservations"][0]
    return _form(role, {"version": str(placement["version"]), "end": _days(40),
                        "end_reason": "planned", "end_note": ""},
                 {"request_id": decision["request_id"], "occupancy_id": placement["id"]})
