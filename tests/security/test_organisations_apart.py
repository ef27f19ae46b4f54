"""Organisations are kept apart, administrators included, and every refused attempt on a child
lands in the access log of the child's own organisation.

Three organisations: A owns the child, B tries to reach it, C holds a case that B shared with it.
"""

from __future__ import annotations

import datetime as dt

from placement.core.clock import local_today
from tests.factories import Actors, make_actor
from tests.security.world import build_world


async def test_a_beheerder_changes_only_its_own_organisation(client, actors: Actors,
                                                             conn) -> None:
    url = f"/api/v1/organisations/{actors.org_a}"
    foreign = await client.patch(url, json={"version": 1, "name": "Overgenomen door B"},
                                 headers=actors.b["beheerder"].headers)
    assert foreign.status_code == 403
    assert await conn.fetchval("SELECT name FROM organisations WHERE id = $1",
                               actors.org_a) == "Pleegzorg Alfa (test)"
    own = await client.patch(url, json={"version": 1, "name": "Pleegzorg Alfa Utrecht"},
                             headers=actors.a["beheerder"].headers)
    assert own.status_code == 200, own.text


async def test_only_functioneel_beheer_registers_organisations(client, actors: Actors,
                                                               conn) -> None:
    body = {"name": "Nieuwe Aanbieder", "kind": "provider"}
    refused = await client.post("/api/v1/organisations", json=body,
                                headers=actors.a["beheerder"].headers)
    assert refused.status_code == 403
    platform = await make_actor(conn, actors.org_a, "functioneel_beheer",
                                email="platform@alfa.test")
    created = await client.post("/api/v1/organisations", json=body, headers=platform.headers)
    assert created.status_code == 201, created.text
    renamed = await client.patch(f"/api/v1/organisations/{actors.org_b}",
                                 json={"version": 1, "name": "Pleegzorg Beta Utrecht"},
                                 headers=platform.headers)
    assert renamed.status_code == 200


async def test_a_beheerder_cannot_give_anyone_the_platform_role(client, actors: Actors,
                                                                conn) -> None:
    headers = actors.a["beheerder"].headers
    created = await client.post("/api/v1/users", headers=headers, json={
        "email": "nieuw@alfa.test", "display_name": "Nieuw", "roles": ["functioneel_beheer"]})
    assert created.status_code == 403
    own = actors.a["beheerder"].user_id
    raised = await client.patch(f"/api/v1/users/{own}", headers=headers,
                                json={"version": 1, "roles": ["beheerder", "functioneel_beheer"]})
    assert raised.status_code == 403
    assert await conn.fetchval(
        "SELECT count(*) FROM users WHERE 'functioneel_beheer' = ANY (roles)") == 0


async def _refusals_seen_by(client, beheerder) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    response = await client.get("/api/v1/audit", params={"action": "access.refused"},
                                headers=beheerder.headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_refused_attempts_on_a_child_are_logged_where_its_owner_sees_them(
        client, actors: Actors, conn) -> None:
    world = await build_world(conn, actors, client)
    child, request_id = world.ids["child_id"], world.ids["request_id"]
    carer_place = world.ids["place_id"]
    b = actors.b["plaatser"].headers
    start = (local_today() + dt.timedelta(days=30)).isoformat()
    attempts = [
        ("POST", "/api/v1/occupancies", {"place_id": str(carer_place), "child_id": str(child),
                                         "kind": "reservation", "start": start,
                                         "placement_type": "long_term"}),
        ("POST", "/api/v1/requests", {"child_ids": [str(child)], "placement_type": "long_term",
                                      "desired_start": start}),
        ("POST", "/api/v1/sibling-ties", {"child_a_id": str(child),
                                          "child_b_id": str(world.ids["other_child_id"]),
                                          "kind": "full", "intent": "together"}),
        ("POST", "/api/v1/network-ties", {"child_id": str(child),
                                          "carer_id": str(world.ids["carer_id"]),
                                          "relation": "grandparent"}),
        ("GET", f"/api/v1/requests/{request_id}", None),
        ("GET", "/api/v1/requests", None),
    ]
    for method, url, body in attempts:
        params = {"child_id": str(child)} if url == "/api/v1/requests" and method == "GET" else None
        response = await client.request(method, url, json=body, params=params, headers=b)
        assert response.status_code in (200, 400, 404), (url, response.text)
        assert response.status_code != 200 or response.json()["items"] == []
    assert await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'access.refused'") == len(attempts)

    seen = await _refusals_seen_by(client, actors.a["beheerder"])
    print("\nGET /api/v1/audit?action=access.refused as the beheerder of A:")
    for e in seen:
        print(f"  {e['action']} by {e['actor_label']}: {e['detail']['method']} "
              f"{e['detail']['route']} status {e['detail']['status']} "
              f"children {e['detail'].get('refused_children')} filters "
              f"{e['detail'].get('filters')} records {e['record_ids']}")
    routes = sorted({(e["detail"]["method"], e["detail"]["route"]) for e in seen})
    assert routes == sorted({
        ("POST", "/api/v1/occupancies"), ("POST", "/api/v1/requests"),
        ("POST", "/api/v1/sibling-ties"), ("POST", "/api/v1/network-ties"),
        ("GET", "/api/v1/requests/{request_id}"), ("GET", "/api/v1/requests")}), routes
    assert {e["actor_label"] for e in seen} == {"plaatser@beta.test"}
    filtered = next(e for e in seen if e["detail"]["route"] == "/api/v1/requests"
                    and e["detail"]["method"] == "GET")
    assert filtered["detail"]["filters"] == {"child_id": str(child)}
    # The child's own history names every attempt too.
    history = await client.get(f"/api/v1/audit/children/{child}",
                               headers=actors.a["beheerder"].headers)
    assert sum(e["action"] == "access.refused" for e in history.json()["items"]) == len(attempts)
    # Organisation C, which had nothing to do with it, sees none of it.
    gamma = world.c["beheerder"]
    assert await _refusals_seen_by(client, gamma) == []


async def test_a_case_share_shows_the_case_to_the_receiver_only(client, actors: Actors,
                                                                conn) -> None:
    world = await build_world(conn, actors, client)
    shared = world.ids["shared_request_b_to_c"]
    receiver = await client.get(f"/api/v1/requests/{shared}", headers=world.c["plaatser"].headers)
    assert receiver.status_code == 200, receiver.text
    bystander = await client.get(f"/api/v1/requests/{shared}",
                                 headers=actors.a["plaatser"].headers)
    assert bystander.status_code == 404
    listed = await client.get("/api/v1/requests", headers=actors.a["plaatser"].headers)
    assert str(shared) not in listed.text
