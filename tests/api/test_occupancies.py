"""Placements and reservations: no double booking, lifecycle, request status, scope."""

from __future__ import annotations

from tests.factories import Actors
from tests.foundation import count, fields, new_carer, new_child

URL = "/api/v1/occupancies"


async def first_place(client, headers, carer) -> str:
    places = (await client.get(f"/api/v1/carers/{carer['id']}/places", headers=headers)).json()
    return places[0]["id"]


async def book(client, headers, place_id, child, start, end=None, kind="placement", **extra):
    body = {"place_id": place_id, "child_id": child["id"], "kind": kind, "start": start,
            "placement_type": "long_term", **extra}
    if end:
        body["end"] = end
    return await client.post(URL, json=body, headers=headers)


async def test_overlap_is_409_adjacent_is_fine_cancelled_does_not_block(client, actors: Actors,
                                                                       conn) -> None:
    headers = actors["plaatser"].headers
    place = await first_place(client, headers, await new_carer(client, headers))
    noor, sem, lot = [await new_child(client, headers) for _ in range(3)]
    first = await book(client, headers, place, noor, "2026-01-01", "2026-03-01")
    assert first.status_code == 201, first.text
    before = await count(conn, "occupancies")
    overlap = await book(client, headers, place, sem, "2026-02-15", kind="reservation")
    assert overlap.status_code == 409
    assert overlap.headers["content-type"].startswith("application/problem+json")
    assert fields(overlap) == {"period"}
    assert await count(conn, "occupancies") == before
    adjacent = await book(client, headers, place, sem, "2026-03-01", "2026-04-01",
                          kind="reservation")
    assert adjacent.status_code == 201, adjacent.text
    cancel = await client.patch(f"{URL}/{adjacent.json()['id']}",
                                json={"version": 1, "status": "cancelled"}, headers=headers)
    assert cancel.status_code == 200 and cancel.json()["status"] == "cancelled"
    after_cancel = await book(client, headers, place, lot, "2026-03-10")
    assert after_cancel.status_code == 201, after_cancel.text


async def test_bad_bookings_are_400_and_write_nothing(client, actors: Actors, conn) -> None:
    headers = actors["plaatser"].headers
    carer = await new_carer(client, headers, places=2)
    places = (await client.get(f"/api/v1/carers/{carer['id']}/places", headers=headers)).json()
    child = await new_child(client, headers)
    foreign = await new_child(client, actors.b["plaatser"].headers)
    await client.post(f"/api/v1/carers/{carer['id']}/places/{places[1]['id']}/deactivate",
                      headers=headers)
    same_day = await book(client, headers, places[0]["id"], child, "2026-05-01", "2026-05-01")
    assert same_day.status_code == 400 and fields(same_day) == {"end"}
    inactive = await book(client, headers, places[1]["id"], foreign, "2026-05-01")
    assert inactive.status_code == 400 and fields(inactive) == {"place_id", "child_id"}
    wrong_type = await book(client, headers, places[0]["id"], child, "1 May")
    assert wrong_type.status_code == 400 and fields(wrong_type) == {"start"}
    assert await count(conn, "occupancies") == 0


async def test_reservation_becomes_placement_and_ends(client, actors: Actors) -> None:
    headers = actors["plaatser"].headers
    place = await first_place(client, headers, await new_carer(client, headers))
    child = await new_child(client, headers)
    request = (await client.post("/api/v1/requests", headers=headers, json={
        "child_ids": [child["id"]], "placement_type": "long_term",
        "desired_start": "2026-06-01"})).json()
    reserved = await book(client, headers, place, child, "2026-06-01", kind="reservation",
                          request_id=request["id"])
    assert reserved.status_code == 201, reserved.text
    request_url = f"/api/v1/requests/{request['id']}"
    assert (await client.get(request_url, headers=headers)).json()["status"] == "proposed"
    url = f"{URL}/{reserved.json()['id']}"
    converted = await client.patch(url, json={"version": 1, "kind": "placement"}, headers=headers)
    assert converted.status_code == 200 and converted.json()["kind"] == "placement"
    assert (await client.get(request_url, headers=headers)).json()["status"] == "placed"
    no_reason = await client.patch(url, json={"version": 2, "status": "ended",
                                              "end": "2026-09-01"}, headers=headers)
    assert no_reason.status_code == 400 and fields(no_reason) == {"end_reason"}
    ended = await client.patch(url, headers={**headers, "If-Match": '"2"'}, json={
        "end": "2026-09-01", "end_reason": "breakdown_child"})
    assert ended.status_code == 200, ended.text
    assert (ended.json()["status"], ended.json()["end"]) == ("ended", "2026-09-01")
    assert (await client.get(request_url, headers=headers)).json()["status"] == "ended"
    frozen = await client.patch(url, json={"version": 3, "end": "2027-02-01"}, headers=headers)
    assert frozen.status_code == 409
    stale = await client.patch(url, json={"version": 1, "status": "cancelled"}, headers=headers)
    assert stale.status_code == 409


async def test_request_of_another_child_or_organisation_is_refused(client, actors: Actors) -> None:
    headers = actors["plaatser"].headers
    place = await first_place(client, headers, await new_carer(client, headers))
    child, sibling = await new_child(client, headers), await new_child(client, headers)
    request = (await client.post("/api/v1/requests", headers=headers, json={
        "child_ids": [sibling["id"]], "placement_type": "crisis",
        "desired_start": "2026-06-01"})).json()
    wrong = await book(client, headers, place, child, "2026-06-01", request_id=request["id"])
    assert wrong.status_code == 400 and fields(wrong) == {"request_id"}


async def test_scope_and_what_a_carers_places_show(client, actors: Actors) -> None:
    a, b = actors.a["plaatser"].headers, actors.b["plaatser"].headers
    carer = await new_carer(client, b)  # a carer of organisation B hosts a child of A
    place = await first_place(client, b, carer)
    child = await new_child(client, a)
    booked = await book(client, a, place, child, "2020-01-01")
    assert booked.status_code == 201, booked.text
    own_view = (await client.get(f"/api/v1/carers/{carer['id']}/places", headers=a)).json()
    assert own_view[0]["current"]["child_id"] == child["id"]
    carer_view = (await client.get(f"/api/v1/carers/{carer['id']}/places", headers=b)).json()
    assert carer_view[0]["current"]["id"] == booked.json()["id"]
    assert carer_view[0]["current"]["child_id"] is None
    assert (await client.get(f"{URL}/{booked.json()['id']}", headers=b)).status_code == 404
    listed = (await client.get(f"{URL}?carer_id={carer['id']}&on=2024-05-05", headers=a)).json()
    assert [o["id"] for o in listed["items"]] == [booked.json()["id"]]
    held = await client.post(f"/api/v1/carers/{carer['id']}/places/{place}/deactivate", headers=b)
    assert held.status_code == 409
