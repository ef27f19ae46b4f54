"""Example calls for the domain routes (reference data, requests, matching, ties, occupancy,
recruitment), and providers that create on demand the records their path parameters name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from placement.core.clock import local_today
from tests.security.examples import Call, example
from tests.security.world import PROVIDERS, World, provider


def _days(n: int) -> str:
    return (local_today() + dt.timedelta(days=n)).isoformat()


async def _version(world: World, table: str, record_id: Any) -> int:
    return int(await world.conn.fetchval(f"SELECT version FROM {table} WHERE id = $1", record_id))


async def _api(world: World, role: str, method: str, url: str, **kwargs: Any) -> Any:
    response = await world.client.request(method, url, headers=world.actor(role).headers,
                                          **kwargs)
    assert response.status_code < 300, (url, response.status_code, response.text)
    return response.json()


# --- providers: records named by path parameters, created through the API when first needed --

@provider("tie_id")
async def _sibling_tie(world: World) -> Any:
    return await world.conn.fetchval(
        """INSERT INTO sibling_ties (child_a_id, child_b_id, kind) VALUES ($1, $2, 'full')
           RETURNING id""", world.ids["child_id"], world.ids["other_child_id"])


@provider("network_tie_id")
async def _network_tie(world: World) -> Any:
    return await world.conn.fetchval(
        """INSERT INTO network_ties (child_id, carer_id, relation) VALUES ($1, $2, 'grandparent')
           RETURNING id""", world.ids["child_id"], world.ids["carer_id"])


@provider("occupancy_id")
async def _occupancy(world: World) -> Any:
    place = await world.conn.fetchval(
        "INSERT INTO places (carer_id, label) VALUES ($1, $2) RETURNING id",
        world.ids["carer_id"], world.fresh("kamer"))
    # The first booking is the world child's; later ones need a child of their own, since one
    # child never holds two overlapping bookings (occupancies_child_no_overlap).
    booked = await world.conn.fetchval("SELECT count(*) FROM occupancies WHERE child_id = $1",
                                       world.ids["child_id"])
    child = world.ids["child_id"] if not booked else await world.new_child()
    body = await _api(world, "plaatser", "POST", "/api/v1/occupancies", json={
        "place_id": str(place), "child_id": str(child),
        "kind": "reservation", "start": _days(20), "end": _days(30),
        "placement_type": "long_term"})
    return body["id"]


@provider("snapshot_id")
async def _snapshot(world: World) -> Any:
    body = await _api(world, "plaatser", "POST",
                      f"/api/v1/requests/{world.ids['request_id']}/search", json={})
    return body["snapshot_id"]


@provider("version")
async def _policy_version(world: World) -> Any:
    return 1


@provider("postcode")
async def _postcode(world: World) -> Any:
    return "3511"


@provider("campaign_id")
async def _campaign(world: World) -> Any:
    body = await _api(world, "werver", "POST", "/api/v1/recruitment/campaigns",
                      json=_campaign_body(world))
    return body["id"]


@provider("lead_id")
async def _lead(world: World) -> Any:
    return (await _api(world, "werver", "POST", "/api/v1/recruitment/leads",
                       json=_lead_body(world)))["id"]


@provider("task_id")
async def _task(world: World) -> Any:
    lead = await world.provide("lead_id")
    return (await _api(world, "werver", "POST", f"/api/v1/recruitment/leads/{lead}/tasks",
                       json={"title": "Bellen", "due_on": _days(3)}))["id"]


@provider("consent_id")
async def _consent(world: World) -> Any:
    lead = await world.provide("lead_id")
    return (await _api(world, "werver", "POST", f"/api/v1/recruitment/leads/{lead}/consents",
                       json={"purpose": "newsletter", "text_version": "v1"}))["id"]


def _campaign_body(world: World) -> dict[str, Any]:
    return {"code": world.fresh("CAMP").upper()[:30], "name": "Pleegouders gezocht",
            "channels": ["social", "krant"], "starts_on": _days(0)}


def _lead_body(world: World) -> dict[str, Any]:
    return {"full_name": "Aanmelder " + world.fresh("x"), "postcode": "3523AB",
            "email": world.fresh("lead") + "@voorbeeld.test"}


# --- reference data -------------------------------------------------------------------------

@example("POST /api/v1/clubs")
async def _club(world: World, role: str | None) -> Call:
    return Call(json={"name": world.fresh("Club"), "activity": "hockey", "postcode": "3584"})


@example("PATCH /api/v1/clubs/{club_id:uuid}")
async def _club_update(world: World, role: str | None) -> Call:
    return Call(json={"version": await _version(world, "clubs", world.ids["club_id"]),
                      "activity": "tennis"})


@example("POST /api/v1/schools")
async def _school(world: World, role: str | None) -> Call:
    return Call(json={"name": world.fresh("School"), "kind": "primary", "postcode": "3584"})


@example("PATCH /api/v1/schools/{school_id:uuid}")
async def _school_update(world: World, role: str | None) -> Call:
    return Call(json={"version": await _version(world, "schools", world.ids["school_id"]),
                      "name": world.fresh("School")})


@example("POST /api/v1/organisations")
async def _organisation(world: World, role: str | None) -> Call:
    return Call(json={"name": world.fresh("Organisatie"), "kind": "buurtteam"})


@example("PATCH /api/v1/organisations/{organisation_id:uuid}")
async def _organisation_update(world: World, role: str | None) -> Call:
    org = world.ids["organisation_id"]
    return Call(json={"version": await _version(world, "organisations", org),
                      "name": world.fresh("Pleegzorg Alfa")})


@example("POST /api/v1/import")
async def _scenario(world: World, role: str | None) -> Call:
    return Call(json={"format": "placement-scenario", "version": 1})


@example("POST /api/v1/matching/policies")
async def _policy(world: World, role: str | None) -> Call:
    row = await world.conn.fetchrow(
        "SELECT weights, thresholds FROM matching_policies ORDER BY version DESC LIMIT 1")
    return Call(json={"weights": row["weights"], "thresholds": row["thresholds"],
                      "note": "Gelijk aan de vorige versie (test)"})


# --- requests, matching, ties, occupancy ----------------------------------------------------

@example("POST /api/v1/requests")
async def _request(world: World, role: str | None) -> Call:
    child = await world.new_child()
    return Call(json={"child_ids": [str(child)], "placement_type": "long_term",
                      "desired_start": _days(10)})


@example("PATCH /api/v1/requests/{request_id:uuid}")
async def _request_update(world: World, role: str | None) -> Call:
    version = await _version(world, "placement_requests", world.ids["request_id"])
    return Call(json={"version": version, "notes": "bijgewerkt"})


@example("POST /api/v1/requests/{request_id:uuid}/search")
async def _search(world: World, role: str | None) -> Call:
    return Call(json={"limit": 5})


@example("POST /api/v1/sibling-ties")
async def _sibling_tie_create(world: World, role: str | None) -> Call:
    a, b = await world.new_child(), await world.new_child()
    return Call(json={"child_a_id": str(a), "child_b_id": str(b), "kind": "half"})


@example("PATCH /api/v1/sibling-ties/{tie_id:uuid}")
async def _sibling_tie_update(world: World, role: str | None) -> Call:
    tie = await world.provide("tie_id")
    return Call(json={"version": await _version(world, "sibling_ties", tie), "kind": "half"})


@example("POST /api/v1/network-ties")
async def _network_tie_create(world: World, role: str | None) -> Call:
    child = await world.new_child()
    return Call(json={"child_id": str(child), "carer_id": str(world.ids["carer_id"]),
                      "relation": "neighbour"})


@example("GET /api/v1/network-ties/{tie_id:uuid}")
async def _network_tie_read(world: World, role: str | None) -> Call:
    return Call(params={"tie_id": await world.provide("network_tie_id")})


@example("PATCH /api/v1/network-ties/{tie_id:uuid}")
async def _network_tie_update(world: World, role: str | None) -> Call:
    tie = await world.provide("network_tie_id")
    return Call(params={"tie_id": tie},
                json={"version": await _version(world, "network_ties", tie), "relation": "coach"})


@example("POST /api/v1/occupancies")
async def _occupancy_create(world: World, role: str | None) -> Call:
    place = await world.conn.fetchval(
        "INSERT INTO places (carer_id, label) VALUES ($1, $2) RETURNING id",
        world.ids["carer_id"], world.fresh("kamer"))
    return Call(json={"place_id": str(place), "child_id": str(world.ids["child_id"]),
                      "kind": "reservation", "start": _days(40), "end": _days(50),
                      "placement_type": "long_term"})


@example("PATCH /api/v1/occupancies/{occupancy_id:uuid}")
async def _occupancy_update(world: World, role: str | None) -> Call:
    occupancy = await _occupancy(world)
    return Call(params={"occupancy_id": occupancy},
                json={"version": await _version(world, "occupancies", occupancy),
                      "status": "cancelled"})


# --- recruitment ----------------------------------------------------------------------------

@example("POST /api/v1/recruitment/campaigns")
async def _campaign_create(world: World, role: str | None) -> Call:
    return Call(json=_campaign_body(world))


@example("PATCH /api/v1/recruitment/campaigns/{campaign_id:uuid}")
async def _campaign_update(world: World, role: str | None) -> Call:
    campaign = await world.provide("campaign_id")
    return Call(json={"version": await _version(world, "recruitment_campaigns", campaign),
                      "name": world.fresh("Campagne")})


@example("POST /api/v1/recruitment/leads")
async def _lead_create(world: World, role: str | None) -> Call:
    return Call(json=_lead_body(world))


@example("POST /api/v1/recruitment/leads/import")
async def _lead_import(world: World, role: str | None) -> Call:
    csv = f"name,postcode,email\nImport {world.fresh('x')},3524,{world.fresh('csv')}@voorbeeld.test\n"
    return Call(content=csv.encode(), headers={"Content-Type": "text/csv"})


@example("DELETE /api/v1/recruitment/leads/{lead_id:uuid}")
async def _lead_delete(world: World, role: str | None) -> Call:
    return Call(params={"lead_id": await _lead(world)})


@example("PATCH /api/v1/recruitment/leads/{lead_id:uuid}")
async def _lead_update(world: World, role: str | None) -> Call:
    lead = await world.provide("lead_id")
    return Call(json={"version": await _version(world, "recruitment_leads", lead),
                      "spare_rooms": 2})


@example("POST /api/v1/recruitment/leads/{lead_id:uuid}/consents")
async def _consent_create(world: World, role: str | None) -> Call:
    return Call(json={"purpose": "contact", "text_version": "v1"})


@example("POST /api/v1/recruitment/leads/{lead_id:uuid}/consents/{consent_id:uuid}/withdraw")
async def _consent_withdraw(world: World, role: str | None) -> Call:
    lead = await world.provide("lead_id")
    consent = (await _api(world, "werver", "POST", f"/api/v1/recruitment/leads/{lead}/consents",
                          json={"purpose": "newsletter", "text_version": "v1"}))["id"]
    return Call(params={"consent_id": consent})


@example("POST /api/v1/recruitment/leads/{lead_id:uuid}/merge")
async def _lead_merge(world: World, role: str | None) -> Call:
    keep, other = await _lead(world), await _lead(world)
    return Call(params={"lead_id": keep}, json={"other_lead_id": str(other)})


@example("POST /api/v1/recruitment/leads/{lead_id:uuid}/stage")
async def _lead_stage(world: World, role: str | None) -> Call:
    return Call(params={"lead_id": await _lead(world)},
                json={"to_stage": "informatiepakket", "version": 1})


@example("POST /api/v1/recruitment/leads/{lead_id:uuid}/approve")
async def _lead_approve(world: World, role: str | None) -> Call:
    lead = await _lead(world)
    await _api(world, "werver", "POST", f"/api/v1/recruitment/leads/{lead}/stage",
               json={"to_stage": "screening", "version": 1})
    version = await _version(world, "recruitment_leads", lead)
    return Call(params={"lead_id": lead},
                json={"details": {"version": version, "spare_rooms": 1,
                                  "interest_placement_types": ["long_term"]}})


@example("POST /api/v1/recruitment/leads/{lead_id:uuid}/tasks")
async def _task_create(world: World, role: str | None) -> Call:
    return Call(json={"title": "Terugbellen", "due_on": _days(2)})


@example("POST /api/v1/recruitment/purge")
async def _purge(world: World, role: str | None) -> Call:
    return Call(query={"dry_run": "true"})


@example("PATCH /api/v1/recruitment/tasks/{task_id:uuid}")
async def _task_update(world: World, role: str | None) -> Call:
    task = await world.provide("task_id")
    return Call(json={"version": await _version(world, "recruitment_tasks", task), "done": True})


assert PROVIDERS  # registered above


@example("GET /api/v1/geo/wijk")
async def _wijk_at(world: World, role: str | None) -> Call:
    return Call(query={"latitude": "52.0907", "longitude": "5.1214"})
