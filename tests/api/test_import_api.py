"""POST /api/v1/import: functioneel beheer only (it registers organisations); all or nothing; every problem listed."""

from __future__ import annotations

import pytest

from tests.factories import Actor, Actors, make_actor
from tests.scenario_helpers import small_document


@pytest.fixture
async def platform(conn, actors: Actors) -> Actor:
    return await make_actor(conn, actors.org_a, "functioneel_beheer", email="platform@alfa.test")


async def test_only_an_administrator_may_import(client, actors: Actors, platform: Actor, conn) -> None:
    document = small_document()
    refused = await client.post("/api/v1/import", json=document, headers=actors["plaatser"].headers)
    assert refused.status_code == 403
    # an organisation's beheerder registers no organisations, so imports no scenario either
    beheerder = await client.post("/api/v1/import", json=document,
                                  headers=actors["beheerder"].headers)
    assert beheerder.status_code == 403
    anonymous = await client.post("/api/v1/import", json=document)
    assert anonymous.status_code == 401
    assert await conn.fetchval("SELECT count(*) FROM carers") == 0
    accepted = await client.post("/api/v1/import", json=document,
                                 headers=platform.headers)
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["counts"]["children"] == 3
    assert await conn.fetchval("SELECT count(*) FROM carers") == 2
    entry = await conn.fetchrow("SELECT * FROM audit_log WHERE action = 'scenario.import'")
    assert entry["actor_user_id"] == platform.user_id
    assert len(entry["child_ids"]) == 3


async def test_bad_document_is_400_problem_with_every_error(client, actors: Actors, platform: Actor, conn) -> None:
    document = small_document()
    document["carers"][0]["places"] = []
    document["children"][2]["home_postcode"] = "35AB22"
    document["requests"][0]["urgency"] = "whenever"
    response = await client.post("/api/v1/import", json=document,
                                 headers=platform.headers)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    paths = {e["path"] for e in response.json()["errors"]}
    assert paths == {"/carers/0/places", "/children/2/home_postcode", "/requests/0/urgency"}
    assert await conn.fetchval("SELECT count(*) FROM organisations") == 2  # the actors' own


async def test_not_json_is_400(client, actors: Actors, platform: Actor) -> None:
    response = await client.post("/api/v1/import", content=b"{not json",
                                 headers={**platform.headers,
                                          "Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == ""


async def test_importing_the_same_document_twice_is_409(client, actors: Actors, platform: Actor, conn) -> None:
    document = small_document()
    headers = platform.headers
    assert (await client.post("/api/v1/import", json=document, headers=headers)).status_code == 201
    again = await client.post("/api/v1/import", json=document, headers=headers)
    assert again.status_code == 409
    paths = {e["path"] for e in again.json()["errors"]}
    assert {"/organisations/0/id", "/carers/0/id", "/children/0/id", "/requests/0/id"} <= paths
    assert await conn.fetchval("SELECT count(*) FROM children") == 3
