"""Organisations API: functioneel beheer registers them (an organisation's beheerder changes only
its own: tests/security/test_organisations_apart.py); every signed-in user can look them up."""

from __future__ import annotations

import pytest

from tests.factories import Actor, Actors, make_actor
from tests.foundation import count, fields

URL = "/api/v1/organisations"


@pytest.fixture
async def platform(conn, actors: Actors) -> Actor:
    return await make_actor(conn, actors.org_a, "functioneel_beheer", email="platform@alfa.test")


async def test_administrator_registers_and_renames_an_organisation(client, actors: Actors, platform: Actor) -> None:
    admin = platform.headers
    created = await client.post(URL, json={"name": "Spoor Zuid (test)", "kind": "provider"},
                                headers=admin)
    assert created.status_code == 201, created.text
    url = f"{URL}/{created.json()['id']}"
    renamed = await client.patch(url, json={"version": 1, "name": "Spoor Zuidwest (test)"},
                                 headers=admin)
    assert renamed.status_code == 200 and renamed.json()["version"] == 2
    stale = await client.patch(url, json={"name": "X (test)"}, headers={**admin, "If-Match": '"1"'})
    assert stale.status_code == 412
    read = await client.get(url, headers=actors["werver"].headers)
    assert read.json()["name"] == "Spoor Zuidwest (test)" and read.headers["etag"] == '"2"'


async def test_only_administrators_write(client, actors: Actors, conn) -> None:
    before = await count(conn, "organisations")
    refused = await client.post(URL, json={"name": "Nieuw (test)", "kind": "provider"},
                                headers=actors["plaatser"].headers)
    assert refused.status_code == 403
    assert (await client.get(URL)).status_code == 401
    assert await count(conn, "organisations") == before


async def test_bad_input_and_duplicate_names(client, actors: Actors, conn, platform: Actor) -> None:
    admin = platform.headers
    before = await count(conn, "organisations")
    wrong_kind = await client.post(URL, json={"name": "Nieuw (test)", "kind": "bank"}, headers=admin)
    assert wrong_kind.status_code == 400 and fields(wrong_kind) == {"kind"}
    unknown = await client.post(URL, json={"name": "Nieuw (test)", "kind": "provider", "x": 1},
                                headers=admin)
    assert unknown.status_code == 400 and fields(unknown) == {"x"}
    duplicate = await client.post(URL, json={"name": "Pleegzorg Alfa (test)", "kind": "provider"},
                                  headers=admin)
    assert duplicate.status_code == 409 and fields(duplicate) == {"name"}
    assert await count(conn, "organisations") == before


async def test_list_filters_and_paginates(client, actors: Actors, platform: Actor) -> None:
    admin = platform.headers
    await client.post(URL, json={"name": "Buurtteam Overvecht (test)", "kind": "buurtteam"},
                      headers=admin)
    everyone = (await client.get(f"{URL}?limit=2", headers=actors["commissie"].headers)).json()
    assert everyone["total"] == 3 and len(everyone["items"]) == 2
    teams = (await client.get(f"{URL}?kind=buurtteam", headers=admin)).json()
    assert [o["name"] for o in teams["items"]] == ["Buurtteam Overvecht (test)"]
    named = (await client.get(f"{URL}?name=beta", headers=admin)).json()
    assert [o["name"] for o in named["items"]] == ["Pleegzorg Beta (test)"]
