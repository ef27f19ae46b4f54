"""Sibling ties API: together unless there is a reason, scope, the connected group, audit."""

from __future__ import annotations

from uuid import UUID

from tests.factories import Actors
from tests.foundation import count, fields, new_child

URL = "/api/v1/sibling-ties"
MISSING = "00000000-0000-0000-0000-00000000dead"


async def tie(client, headers, a, b, **extra) -> dict:
    response = await client.post(URL, json={"child_a_id": a["id"], "child_b_id": b["id"],
                                            "kind": "full", **extra}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_tie_to_oneself_or_to_a_missing_child_is_400(client, actors: Actors, conn) -> None:
    headers = actors["plaatser"].headers
    child = await new_child(client, headers)
    foreign = await new_child(client, actors.b["plaatser"].headers)
    own = await client.post(URL, json={"child_a_id": child["id"], "child_b_id": child["id"],
                                       "kind": "full"}, headers=headers)
    assert own.status_code == 400 and fields(own) == {"child_b_id"}
    missing = await client.post(URL, json={"child_a_id": MISSING, "child_b_id": child["id"],
                                           "kind": "half"}, headers=headers)
    assert missing.status_code == 400 and fields(missing) == {"child_a_id"}
    other_org = await client.post(URL, json={"child_a_id": child["id"],
                                             "child_b_id": foreign["id"], "kind": "step"},
                                  headers=headers)
    assert other_org.status_code == 400 and fields(other_org) == {"child_b_id"}
    assert await count(conn, "sibling_ties") == 0


async def test_apart_needs_a_reason_from_the_list(client, actors: Actors, conn) -> None:
    headers = actors["plaatser"].headers
    a, b = await new_child(client, headers), await new_child(client, headers)
    body = {"child_a_id": a["id"], "child_b_id": b["id"], "kind": "full", "intent": "apart"}
    no_reason = await client.post(URL, json=body, headers=headers)
    assert no_reason.status_code == 400 and fields(no_reason) == {"apart_reason"}
    bad_reason = await client.post(URL, json={**body, "apart_reason": "busy"}, headers=headers)
    assert bad_reason.status_code == 400 and fields(bad_reason) == {"apart_reason"}
    reason_but_together = await client.post(
        URL, json={**body, "intent": "together", "apart_reason": "threat"}, headers=headers)
    assert reason_but_together.status_code == 400
    assert await count(conn, "sibling_ties") == 0
    created = await tie(client, headers, a, b, intent="apart", apart_reason="severe_conflict")
    assert created["apart_reason"] == "severe_conflict"


async def test_a_pair_is_tied_once_in_either_order(client, actors: Actors) -> None:
    headers = actors["plaatser"].headers
    a, b = await new_child(client, headers), await new_child(client, headers)
    await tie(client, headers, a, b)
    again = await client.post(URL, json={"child_a_id": b["id"], "child_b_id": a["id"],
                                         "kind": "half"}, headers=headers)
    assert again.status_code == 409


async def test_the_whole_group_and_its_together_parts(client, actors: Actors) -> None:
    headers = actors["plaatser"].headers
    anna, bram, cas, dewi = [await new_child(client, headers) for _ in range(4)]
    loner = await new_child(client, headers)
    await tie(client, headers, anna, bram)
    await tie(client, headers, bram, cas, kind="half")
    await tie(client, headers, cas, dewi, intent="apart", apart_reason="specialist_care")
    response = await client.get(f"/api/v1/children/{dewi['id']}/siblings", headers=headers)
    assert response.status_code == 200, response.text
    group = response.json()
    assert sorted(group["group"]) == sorted(c["id"] for c in (anna, bram, cas, dewi))
    assert len(group["ties"]) == 1 and len(group["group_ties"]) == 3
    assert group["together_parts"] == [sorted([anna["id"], bram["id"], cas["id"]]), [dewi["id"]]]
    alone = (await client.get(f"/api/v1/children/{loner['id']}/siblings", headers=headers)).json()
    assert alone["group"] == [loner["id"]] and alone["ties"] == []
    other = await client.get(f"/api/v1/children/{dewi['id']}/siblings",
                             headers=actors.b["plaatser"].headers)
    assert other.status_code == 404


async def test_update_with_optimistic_concurrency(client, actors: Actors) -> None:
    headers = actors["plaatser"].headers
    a, b = await new_child(client, headers), await new_child(client, headers)
    created = await tie(client, headers, a, b)
    url = f"{URL}/{created['id']}"
    apart = await client.patch(url, json={"version": 1, "intent": "apart",
                                          "apart_reason": "threat"}, headers=headers)
    assert apart.status_code == 200 and apart.json()["version"] == 2
    stale = await client.patch(url, json={"version": 1, "kind": "half"}, headers=headers)
    assert stale.status_code == 409
    back = await client.patch(url, json={"intent": "contact"},
                              headers={**headers, "If-Match": '"2"'})
    assert back.status_code == 200 and back.json()["apart_reason"] is None
    listed = (await client.get(f"{URL}?child_id={a['id']}&intent=contact", headers=headers)).json()
    assert [t["id"] for t in listed["items"]] == [created["id"]]
    assert (await client.get(url, headers=actors.b["plaatser"].headers)).status_code == 404
    assert (await client.get(url, headers=actors.a["commissie"].headers)).status_code == 403


async def test_ties_are_audited_with_both_children(client, actors: Actors, conn) -> None:
    headers = actors["plaatser"].headers
    a, b = await new_child(client, headers), await new_child(client, headers)
    created = await tie(client, headers, a, b)
    await client.get(f"{URL}/{created['id']}", headers=headers)
    rows = await conn.fetch("SELECT action, child_ids FROM audit_log WHERE entity = 'sibling_tie' "
                            "ORDER BY id")
    assert [r["action"] for r in rows] == ["sibling_tie.create", "sibling_tie.read"]
    assert all(set(r["child_ids"]) == {UUID(a["id"]), UUID(b["id"])} for r in rows)
