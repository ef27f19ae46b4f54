"""Need to know: organisations see their own children (and cases shared with them), the
commission sees referred cases without name or address, recruitment never sees a child."""

from __future__ import annotations

from tests.factories import Actors
from tests.security.world import build_world

NAME = "Zoë-Scopetest"


async def test_officer_of_a_cannot_read_list_search_or_rank_b_child(client, actors: Actors,
                                                                   conn) -> None:
    world = await build_world(conn, actors)
    await world.new_carer(actors.org_b)
    b_child = await world.new_child(actors.org_b, given_name=NAME)
    b_request = await conn.fetchval(
        "SELECT request_id FROM placement_request_children WHERE child_id = $1", b_child)
    officer_b = actors.b["plaatser"].headers
    b_search = await client.post(f"/api/v1/requests/{b_request}/search", json={},
                                 headers=officer_b)
    assert b_search.status_code == 201, b_search.text
    snapshot = b_search.json()["snapshot_id"]

    a = actors.a["plaatser"].headers
    assert (await client.get(f"/api/v1/children/{b_child}", headers=a)).status_code == 404
    listed = (await client.get("/api/v1/children?limit=500", headers=a)).json()
    assert str(b_child) not in {c["id"] for c in listed["items"]}
    assert listed["total"] == len(listed["items"]) == 2  # A's own two children only
    by_ref = await client.get("/api/v1/children", params={"case_reference": "UTR-W"}, headers=a)
    assert str(b_child) not in {c["id"] for c in by_ref.json()["items"]}
    assert (await client.get(f"/api/v1/requests/{b_request}", headers=a)).status_code == 404
    requests = (await client.get("/api/v1/requests?limit=500", headers=a)).json()
    assert str(b_request) not in {r["id"] for r in requests["items"]}
    assert (await client.post(f"/api/v1/requests/{b_request}/search", json={},
                              headers=a)).status_code == 404
    assert (await client.get(f"/api/v1/rankings/{snapshot}", headers=a)).status_code == 404
    patched = await client.patch(f"/api/v1/children/{b_child}", headers=a,
                                 json={"version": 1, "given_name": "Gestolen"})
    assert patched.status_code == 404
    assert await conn.fetchval("SELECT given_name FROM children WHERE id = $1", b_child) == NAME
    # Every refusal is in the access log of that child, under the officer of A.
    refused = await conn.fetch(
        "SELECT action FROM audit_log WHERE actor_user_id = $1 AND action LIKE '%refused'",
        actors.a["plaatser"].user_id)
    assert len(refused) >= 2


async def test_a_shared_case_becomes_visible_to_the_other_organisation(client, actors: Actors,
                                                                      conn) -> None:
    world = await build_world(conn, actors)
    child = world.ids["child_id"]
    request = await conn.fetchval(
        "SELECT request_id FROM placement_request_children WHERE child_id = $1", child)
    officer_b = actors.b["plaatser"].headers
    assert (await client.get(f"/api/v1/children/{child}", headers=officer_b)).status_code == 404
    await conn.execute(
        "INSERT INTO case_shares (request_id, organisation_id, shared_by) VALUES ($1, $2, $3)",
        request, actors.org_b, actors.a["plaatser"].user_id)
    shared = await client.get(f"/api/v1/children/{child}", headers=officer_b)
    assert shared.status_code == 200 and shared.json()["given_name"] == "Testkind"
    listed = (await client.get("/api/v1/children", headers=officer_b)).json()
    # B's own child (the test world has one) aside, the list holds the shared child only.
    assert [c["id"] for c in listed["items"] if c["id"] not in world.foreign] == [str(child)]
    # Only that case: A's other child stays out of sight.
    other = world.ids["other_child_id"]
    assert (await client.get(f"/api/v1/children/{other}", headers=officer_b)).status_code == 404


async def test_recruitment_gets_nothing_about_children_anywhere(client, actors: Actors,
                                                               conn) -> None:
    world = await build_world(conn, actors)
    child = world.ids["child_id"]
    for werver in (actors.a["werver"], actors.b["werver"]):
        h = werver.headers
        for url in ("/api/v1/children", f"/api/v1/children/{child}", "/api/v1/requests",
                    f"/api/v1/requests/{world.ids['request_id']}",
                    f"/api/v1/children/{child}/siblings", f"/api/v1/audit/children/{child}"):
            response = await client.get(url, headers=h)
            assert response.status_code == 403, (url, response.status_code)
            assert "Testkind" not in response.text
        created = await client.post("/api/v1/children", headers=h, json={
            "case_reference": "UTR-WERF-1", "given_name": "X", "birth_date": "2015-01-01",
            "gender": "m", "home_postcode": "3522"})
        assert created.status_code == 403
    assert await conn.fetchval("SELECT count(*) FROM audit_log WHERE action = 'access.refused' "
                               "AND record_ids @> ARRAY[$1::text]", str(child)) >= 2


async def test_commission_sees_a_referred_case_without_name_or_address(client, actors: Actors,
                                                                      conn) -> None:
    world = await build_world(conn, actors)
    hidden = await world.new_child(given_name="Niet-Voorgelegd", referred=False)
    commissie = actors.b["commissie"].headers  # another organisation's commission member, too
    response = await client.get(f"/api/v1/children/{world.ids['child_id']}", headers=commissie)
    assert response.status_code == 200
    case = response.json()
    assert case["redacted"] is True
    assert case["case_reference"].startswith("UTR-W") and case["age"] >= 0
    assert case["needs"] and case["home_wijk_code"] == "zuid"
    for field in ("given_name", "birth_date", "home_postcode", "home_address",
                  "parents_postcode"):
        assert case.get(field) is None, field
    assert "Testkind" not in response.text and "Teststraat" not in response.text
    listed = (await client.get("/api/v1/children", headers=commissie)).json()
    assert str(hidden) not in {c["id"] for c in listed["items"]}
    assert all(c["given_name"] is None for c in listed["items"])
    assert (await client.get(f"/api/v1/children/{hidden}", headers=commissie)).status_code == 404


async def test_administrator_without_plaatser_sees_no_child(client, actors: Actors,
                                                           conn) -> None:
    world = await build_world(conn, actors)
    admin = actors.a["beheerder"].headers
    assert (await client.get(f"/api/v1/children/{world.ids['child_id']}",
                             headers=admin)).status_code == 403
    history = await client.get(f"/api/v1/audit/children/{world.ids['child_id']}", headers=admin)
    assert history.status_code == 200 and "Testkind" not in history.text
    assert (await client.get(f"/api/v1/audit/children/{world.ids['child_id']}",
                             headers=actors.b["beheerder"].headers)).status_code == 404


async def test_a_shared_request_is_visible_to_the_other_organisation(client, actors: Actors,
                                                                    conn) -> None:
    world = await build_world(conn, actors)
    request = world.ids["request_id"]
    officer_b = actors.b["plaatser"].headers
    assert (await client.get(f"/api/v1/requests/{request}", headers=officer_b)).status_code == 404
    await conn.execute("INSERT INTO case_shares (request_id, organisation_id) VALUES ($1, $2)",
                       request, actors.org_b)
    assert (await client.get(f"/api/v1/requests/{request}", headers=officer_b)).status_code == 200
    listed = (await client.get("/api/v1/requests", headers=officer_b)).json()
    assert [r["id"] for r in listed["items"] if r["id"] not in world.foreign] == [str(request)]
