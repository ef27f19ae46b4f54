"""Placement requests API: one child or a sibling group, scope, commission access, audit."""

from __future__ import annotations

from uuid import UUID

from tests.factories import Actors
from tests.foundation import count, fields, new_child

URL = "/api/v1/requests"


def request_body(child_ids: list[str], **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {"child_ids": child_ids, "placement_type": "long_term",
                               "desired_start": "2026-09-01", "expected_duration_days": 365}
    body.update(overrides)
    return body


async def new_request(client, headers, child_ids, **overrides) -> dict:
    response = await client.post(URL, json=request_body(child_ids, **overrides), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_request_for_a_sibling_group(client, actors: Actors) -> None:
    headers = actors["plaatser"].headers
    older = await new_child(client, headers, case_reference="GRP-1")
    younger = await new_child(client, headers, case_reference="GRP-2", birth_date="2019-02-02")
    created = await new_request(client, headers, [younger["id"], older["id"]], urgency="high")
    assert created["status"] == "open" and created["organisation_id"] == str(actors.org_a)
    assert [c["case_reference"] for c in created["children"]] == ["GRP-1", "GRP-2"]
    read = await client.get(f"{URL}/{created['id']}", headers=headers)
    assert read.status_code == 200 and read.headers["etag"] == '"1"'
    assert read.json()["created_at"] == created["created_at"]


async def test_bad_requests_write_nothing_and_name_every_field(client, actors: Actors, conn) -> None:
    headers = actors["plaatser"].headers
    child = await new_child(client, headers)
    foreign = await new_child(client, actors.b["plaatser"].headers)
    missing = "00000000-0000-0000-0000-000000000009"
    response = await client.post(URL, headers=headers, json=request_body(
        [child["id"], foreign["id"], missing], expected_duration_days=0))
    assert response.status_code == 400
    assert fields(response) == {"child_ids[1]", "child_ids[2]", "expected_duration_days"}
    empty = await client.post(URL, json=request_body([]), headers=headers)
    assert empty.status_code == 400 and fields(empty) == {"child_ids"}
    too_many = await client.post(URL, json=request_body([child["id"]] * 9), headers=headers)
    assert too_many.status_code == 400 and "child_ids" in fields(too_many)
    wrong_type = await client.post(URL, json=request_body([child["id"]], urgency="asap"),
                                   headers=headers)
    assert wrong_type.status_code == 400 and fields(wrong_type) == {"urgency"}
    assert await count(conn, "placement_requests") == 0
    assert await count(conn, "placement_request_children") == 0


async def test_other_organisation_cannot_read_or_change(client, actors: Actors) -> None:
    child = await new_child(client, actors.a["plaatser"].headers)
    created = await new_request(client, actors.a["plaatser"].headers, [child["id"]])
    other = actors.b["plaatser"].headers
    assert (await client.get(f"{URL}/{created['id']}", headers=other)).status_code == 404
    assert (await client.get(URL, headers=other)).json()["total"] == 0
    change = await client.patch(f"{URL}/{created['id']}", json={"version": 1, "urgency": "crisis"},
                                headers=other)
    assert change.status_code == 404
    assert (await client.get(URL, headers=actors.a["werver"].headers)).status_code == 403


async def test_commission_sees_only_referred_requests(client, actors: Actors) -> None:
    headers = actors["plaatser"].headers
    first = await new_child(client, headers)
    second = await new_child(client, headers)
    plain = await new_request(client, headers, [first["id"]])
    referred = await new_request(client, headers, [second["id"]], referred_to_commission=True)
    commission = actors.b["commissie"].headers  # the commission is not tied to one provider
    listed = (await client.get(URL, headers=commission)).json()
    assert [r["id"] for r in listed["items"]] == [referred["id"]]
    assert (await client.get(f"{URL}/{plain['id']}", headers=commission)).status_code == 404
    assert (await client.get(f"{URL}/{referred['id']}", headers=commission)).status_code == 200
    write = await client.patch(f"{URL}/{referred['id']}", json={"version": 1, "notes": "x"},
                               headers=commission)
    assert write.status_code == 403


async def test_stale_version_is_409_and_if_match_412(client, actors: Actors) -> None:
    headers = actors["plaatser"].headers
    child = await new_child(client, headers)
    created = await new_request(client, headers, [child["id"]])
    url = f"{URL}/{created['id']}"
    first = await client.patch(url, json={"version": 1, "urgency": "crisis"}, headers=headers)
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = await client.patch(url, json={"version": 1, "status": "cancelled"}, headers=headers)
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    header = await client.patch(url, json={"status": "cancelled"},
                                headers={**headers, "If-Match": '"1"'})
    assert header.status_code == 412
    final = (await client.get(url, headers=headers)).json()
    assert (final["urgency"], final["status"]) == ("crisis", "open")


async def test_list_filters_and_paginates(client, actors: Actors) -> None:
    headers = actors["plaatser"].headers
    kids = [await new_child(client, headers) for _ in range(3)]
    normal = await new_request(client, headers, [kids[0]["id"]])
    crisis = await new_request(client, headers, [kids[1]["id"]], urgency="crisis",
                               placement_type="crisis")
    referred = await new_request(client, headers, [kids[2]["id"]], referred_to_commission=True)

    async def ids(query: str) -> list[str]:
        response = await client.get(f"{URL}?{query}", headers=headers)
        assert response.status_code == 200, response.text
        return [r["id"] for r in response.json()["items"]]

    assert await ids("limit=2") == [crisis["id"], normal["id"]]  # most urgent first
    assert await ids("limit=2&offset=2") == [referred["id"]]
    assert await ids("urgency=crisis") == [crisis["id"]]
    assert await ids("placement_type=long_term") == [normal["id"], referred["id"]]
    assert await ids("referred=true") == [referred["id"]]
    assert await ids(f"child_id={kids[0]['id']}") == [normal["id"]]
    await client.patch(f"/api/v1/requests/{normal['id']}", json={"version": 1,
                       "status": "cancelled"}, headers=headers)
    assert await ids("status=open") == [crisis["id"], referred["id"]]
    assert (await client.get(f"{URL}?status=lost", headers=headers)).status_code == 400


async def test_reads_and_writes_are_audited_with_the_children(client, actors: Actors, conn) -> None:
    officer = actors["plaatser"]
    child = await new_child(client, officer.headers)
    created = await new_request(client, officer.headers, [child["id"]])
    await client.get(f"{URL}/{created['id']}", headers=officer.headers)
    await client.get(URL, headers=officer.headers)
    rows = await conn.fetch(
        "SELECT action FROM audit_log WHERE child_ids @> ARRAY[$1]::uuid[] AND entity = "
        "'placement_request' ORDER BY id", UUID(child["id"]))
    assert [r["action"] for r in rows] == ["request.create", "request.read", "request.list"]
