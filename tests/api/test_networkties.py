"""Network ties API: a child knows this carer (grandparent, teacher, ...); scope and audit."""

from __future__ import annotations

from uuid import UUID

from tests.factories import Actors
from tests.foundation import count, fields, new_carer, new_child

URL = "/api/v1/network-ties"


async def test_record_read_and_change_a_network_tie(client, actors: Actors, conn) -> None:
    headers = actors["plaatser"].headers
    child = await new_child(client, headers)
    grandma = await new_carer(client, actors.b["plaatser"].headers, foster_kind="network")
    created = await client.post(URL, json={"child_id": child["id"], "carer_id": grandma["id"],
                                           "relation": "grandparent"}, headers=headers)
    assert created.status_code == 201, created.text
    url = f"{URL}/{created.json()['id']}"
    changed = await client.patch(url, json={"version": 1, "relation": "other_relative"},
                                 headers=headers)
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = await client.patch(url, json={"version": 1, "relation": "neighbour"}, headers=headers)
    assert stale.status_code == 409
    listed = (await client.get(f"{URL}?carer_id={grandma['id']}", headers=headers)).json()
    assert [t["relation"] for t in listed["items"]] == ["other_relative"]
    assert (await client.get(url, headers=actors.b["plaatser"].headers)).status_code == 404
    actions = [r["action"] for r in await conn.fetch(
        "SELECT action FROM audit_log WHERE child_ids @> ARRAY[$1]::uuid[] AND "
        "entity = 'network_tie' ORDER BY id", UUID(child["id"]))]
    assert actions == ["network_tie.create", "network_tie.update", "network_tie.list"]


async def test_bad_ties_are_refused_and_write_nothing(client, actors: Actors, conn) -> None:
    headers = actors["plaatser"].headers
    child = await new_child(client, headers)
    foreign_child = await new_child(client, actors.b["plaatser"].headers)
    carer = await new_carer(client, headers)
    missing = await client.post(URL, headers=headers, json={
        "child_id": foreign_child["id"], "carer_id": "00000000-0000-0000-0000-000000000001",
        "relation": "teacher"})
    assert missing.status_code == 400 and fields(missing) == {"child_id", "carer_id"}
    relation = await client.post(URL, headers=headers, json={
        "child_id": child["id"], "carer_id": carer["id"], "relation": "pen_pal"})
    assert relation.status_code == 400 and fields(relation) == {"relation"}
    assert await count(conn, "network_ties") == 0
    body = {"child_id": child["id"], "carer_id": carer["id"], "relation": "coach"}
    assert (await client.post(URL, json=body, headers=headers)).status_code == 201
    twice = await client.post(URL, json=body, headers=headers)
    assert twice.status_code == 409 and fields(twice) == {"carer_id"}
    werver = await client.post(URL, json=body, headers=actors["werver"].headers)
    assert werver.status_code == 403
