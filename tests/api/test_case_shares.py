"""Case shares: the owning organisation shares a placement request with another organisation,
whose placement officers may then read the request and its children, until it is unshared."""

from __future__ import annotations

from tests.api.test_requests import new_request
from tests.factories import Actors, make_organisation
from tests.foundation import fields, new_child

URL = "/api/v1/requests"


async def _shared_case(client, actors: Actors) -> tuple[dict, dict]:
    child = await new_child(client, actors.a["plaatser"].headers, case_reference="DEEL-1")
    request = await new_request(client, actors.a["plaatser"].headers, [child["id"]])
    return child, request


async def test_sharing_opens_the_case_to_the_other_organisation_until_unshared(
        client, actors: Actors, conn) -> None:
    child, request = await _shared_case(client, actors)
    owner, other = actors.a["plaatser"].headers, actors.b["plaatser"].headers
    request_url, child_url = f"{URL}/{request['id']}", f"/api/v1/children/{child['id']}"
    assert (await client.get(request_url, headers=other)).status_code == 404
    assert (await client.get(child_url, headers=other)).status_code == 404

    shared = await client.post(f"{request_url}/shares", headers=owner,
                               json={"organisation_id": str(actors.org_b)})
    assert shared.status_code == 201, shared.text
    assert shared.json()["organisation_id"] == str(actors.org_b)
    assert shared.json()["shared_by"] == str(actors.a["plaatser"].user_id)

    assert (await client.get(request_url, headers=other)).status_code == 200
    read_child = await client.get(child_url, headers=other)
    assert read_child.status_code == 200 and read_child.json()["case_reference"] == "DEEL-1"
    listed = await client.get(f"{request_url}/shares", headers=owner)
    assert [s["organisation_id"] for s in listed.json()] == [str(actors.org_b)]
    entries = await conn.fetch(
        "SELECT action, child_ids FROM audit_log WHERE action LIKE 'case_share.%' ORDER BY id")
    assert [e["action"] for e in entries] == ["case_share.create", "case_share.list"]
    assert all([str(c) for c in entry["child_ids"]] == [child["id"]] for entry in entries)

    gone = await client.delete(f"{request_url}/shares/{actors.org_b}", headers=owner)
    assert gone.status_code == 204
    assert (await client.get(request_url, headers=other)).status_code == 404
    assert (await client.get(child_url, headers=other)).status_code == 404
    again = await client.delete(f"{request_url}/shares/{actors.org_b}", headers=owner)
    assert again.status_code == 404


async def test_the_receiving_organisation_cannot_share_further_or_unshare(
        client, actors: Actors, conn) -> None:
    _, request = await _shared_case(client, actors)
    shares_url = f"{URL}/{request['id']}/shares"
    await client.post(shares_url, headers=actors.a["plaatser"].headers,
                      json={"organisation_id": str(actors.org_b)})
    third = await make_organisation(conn, "Pleegzorg Gamma")
    onward = await client.post(shares_url, headers=actors.b["plaatser"].headers,
                               json={"organisation_id": str(third)})
    assert onward.status_code == 403
    withdraw = await client.delete(f"{shares_url}/{actors.org_b}",
                                   headers=actors.b["plaatser"].headers)
    assert withdraw.status_code == 403
    assert await conn.fetchval("SELECT count(*) FROM case_shares") == 1
    seen_by_receiver = await client.get(shares_url, headers=actors.b["plaatser"].headers)
    assert seen_by_receiver.status_code == 200 and len(seen_by_receiver.json()) == 1


async def test_bad_shares_are_refused_with_the_field(client, actors: Actors, conn) -> None:
    _, request = await _shared_case(client, actors)
    shares_url = f"{URL}/{request['id']}/shares"
    owner = actors.a["plaatser"].headers
    own = await client.post(shares_url, headers=owner, json={"organisation_id": str(actors.org_a)})
    assert own.status_code == 400 and fields(own) == {"organisation_id"}
    unknown = await client.post(shares_url, headers=owner,
                                json={"organisation_id": "00000000-0000-0000-0000-000000000042"})
    assert unknown.status_code == 400 and fields(unknown) == {"organisation_id"}
    extra = await client.post(shares_url, headers=owner,
                              json={"organisation_id": str(actors.org_b), "role": "beheerder"})
    assert extra.status_code == 400
    first = await client.post(shares_url, headers=owner, json={"organisation_id": str(actors.org_b)})
    assert first.status_code == 201
    twice = await client.post(shares_url, headers=owner, json={"organisation_id": str(actors.org_b)})
    assert twice.status_code == 409
    assert await conn.fetchval("SELECT count(*) FROM case_shares") == 1


async def test_out_of_scope_and_other_roles_are_refused(client, actors: Actors, conn) -> None:
    _, request = await _shared_case(client, actors)
    shares_url = f"{URL}/{request['id']}/shares"
    body = {"organisation_id": str(actors.org_b)}
    stranger = await client.post(shares_url, headers=actors.b["plaatser"].headers, json=body)
    assert stranger.status_code == 404  # not shared with B: the request does not exist for B
    assert (await client.get(shares_url, headers=actors.b["plaatser"].headers)).status_code == 404
    for role in ("werver", "commissie", "beheerder"):
        refused = await client.post(shares_url, headers=actors.a[role].headers, json=body)
        assert refused.status_code == 403, role
    assert (await client.get(shares_url, headers=actors.a["werver"].headers)).status_code == 403
    assert await conn.fetchval("SELECT count(*) FROM case_shares") == 0
