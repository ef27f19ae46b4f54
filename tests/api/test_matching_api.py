"""Matching API: search, ranking snapshots, access and audit."""

from __future__ import annotations

from uuid import UUID

import asyncpg
import pytest

from tests.factories import Actors, make_school
from tests.factories_matching import make_carer, make_child, make_request, make_tie


async def single_request(conn: asyncpg.Connection, actors: Actors, **kwargs) -> UUID:  # type: ignore[no-untyped-def]
    school = await make_school(conn)
    await make_carer(conn, actors.org_a, "Familie Dichtbij", east=0.5)
    await make_carer(conn, actors.org_a, "Familie Verderop", east=4)
    await make_carer(conn, actors.org_a, "Crisisgezin", placement_types=("crisis",))
    child = await make_child(conn, actors.org_a, "UTR-M-1", school_id=school)
    return await make_request(conn, actors.org_a, child, **kwargs)


async def test_search_is_stored_as_a_snapshot_and_returned_unchanged(client, actors: Actors,
                                                                     conn) -> None:
    request_id = await single_request(conn, actors)
    officer = actors.a["plaatser"]
    response = await client.post(f"/api/v1/requests/{request_id}/search",
                                 json={"limit": 5, "include_exclusions": True},
                                 headers=officer.headers)
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["kind"] == "single" and result["policy_version"] == 2
    ranking = result["ranking"]
    assert [o["carer_name"] for o in ranking["options"]] == ["Familie Dichtbij", "Familie Verderop"]
    assert ranking["exclusion_summary"]["by_reason"] == [
        {"code": "type_not_offered", "text": "Biedt deze pleegzorgvorm niet aan", "count": 1}]
    assert ranking["exclusions"][0]["carer_name"] == "Crisisgezin"
    top = ranking["options"][0]
    assert abs(sum(f["contribution"] for f in top["factors"]) - top["score"]) < 1e-9
    stored = await client.get(f"/api/v1/rankings/{result['snapshot_id']}",
                              headers=officer.headers)
    assert stored.status_code == 200
    assert stored.content == response.content  # byte for byte what the officer was shown
    row = await conn.fetchrow("SELECT policy_version, asked_by, kind, top_carers, result "
                              "FROM ranking_snapshots")
    assert {k: row[k] for k in ("policy_version", "asked_by", "kind")} == {
        "policy_version": 2, "asked_by": officer.user_id, "kind": "single"}
    assert [str(c) for c in row["top_carers"]] == [o["carer_id"] for o in ranking["options"]]
    assert row["result"].startswith(b"\x28\xb5\x2f\xfd")  # kept compressed (zstd)
    assert len(row["result"]) < len(response.content) / 2
    audit = await conn.fetch("SELECT action FROM audit_log WHERE entity = 'ranking_snapshot' "
                             "ORDER BY id")
    assert [a["action"] for a in audit] == ["matching.search", "matching.snapshot.read"]


async def test_snapshots_cannot_be_changed(client, actors: Actors, conn) -> None:
    request_id = await single_request(conn, actors)
    response = await client.post(f"/api/v1/requests/{request_id}/search", json={},
                                 headers=actors.a["plaatser"].headers)
    assert response.status_code == 201
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await conn.execute("UPDATE ranking_snapshots SET policy_version = 1")
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await conn.execute("DELETE FROM ranking_snapshots")


async def test_another_organisation_gets_404_and_a_werver_403(client, actors: Actors,
                                                              conn) -> None:
    request_id = await single_request(conn, actors)
    url = f"/api/v1/requests/{request_id}/search"
    other = await client.post(url, json={}, headers=actors.b["plaatser"].headers)
    assert other.status_code == 404
    recruiter = await client.post(url, json={}, headers=actors.a["werver"].headers)
    assert recruiter.status_code == 403
    own = await client.post(url, json={}, headers=actors.a["plaatser"].headers)
    snapshot = f"/api/v1/rankings/{own.json()['snapshot_id']}"
    assert (await client.get(snapshot, headers=actors.b["plaatser"].headers)).status_code == 404
    assert (await client.get(snapshot, headers=actors.a["werver"].headers)).status_code == 403
    # The commission reads snapshots of referred requests only.
    assert (await client.get(snapshot, headers=actors.a["commissie"].headers)).status_code == 404
    assert await conn.fetchval("SELECT count(*) FROM ranking_snapshots") == 1


async def test_commission_reads_snapshots_of_referred_requests(client, actors: Actors,
                                                               conn) -> None:
    request_id = await single_request(conn, actors, referred=True)
    own = await client.post(f"/api/v1/requests/{request_id}/search", json={},
                            headers=actors.a["plaatser"].headers)
    read = await client.get(f"/api/v1/rankings/{own.json()['snapshot_id']}",
                            headers=actors.b["commissie"].headers)
    assert read.status_code == 200 and read.json() == own.json()


async def test_bad_search_input_names_the_field(client, actors: Actors, conn) -> None:
    request_id = await single_request(conn, actors)
    response = await client.post(f"/api/v1/requests/{request_id}/search",
                                 json={"limit": 0, "colour": "blue"},
                                 headers=actors.a["plaatser"].headers)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await conn.fetchval("SELECT count(*) FROM ranking_snapshots") == 0


async def test_filters_and_index_refresh(client, actors: Actors, conn) -> None:
    request_id = await single_request(conn, actors)
    url = f"/api/v1/requests/{request_id}/search"
    headers = actors.a["plaatser"].headers
    first = (await client.post(url, json={}, headers=headers)).json()
    assert len(first["ranking"]["options"]) == 2
    newcomer = await make_carer(conn, actors.org_b, "Nieuw Gezin", east=0.2)
    second = (await client.post(url, json={}, headers=headers)).json()
    assert str(newcomer) in {o["carer_id"] for o in second["ranking"]["options"]}
    assert second["inputs"]["supply_counter"] > first["inputs"]["supply_counter"]
    only_a = (await client.post(url, json={"organisation_id": str(actors.org_a)},
                                headers=headers)).json()
    assert str(newcomer) not in {o["carer_id"] for o in only_a["ranking"]["options"]}
    narrow = (await client.post(url, json={"max_travel_minutes": 5}, headers=headers)).json()
    assert {r["code"] for r in narrow["ranking"]["exclusion_summary"]["by_reason"]} >= {
        "beyond_max_travel_time"}


async def test_group_search_returns_plans(client, actors: Actors, conn) -> None:
    await make_carer(conn, actors.org_a, "Gezinshuis", east=3, places=3)
    await make_carer(conn, actors.org_a, "Klein", east=1, places=1)
    kids = [await make_child(conn, actors.org_a, f"UTR-G-{i}", age=6 + 2 * i) for i in range(3)]
    await make_tie(conn, kids[0], kids[1])
    await make_tie(conn, kids[1], kids[2])
    await make_tie(conn, kids[0], kids[2], "apart", "severe_conflict")
    request_id = await make_request(conn, actors.org_a, *kids)
    response = await client.post(f"/api/v1/requests/{request_id}/search", json={"limit": 5},
                                 headers=actors.a["plaatser"].headers)
    assert response.status_code == 201, response.text
    plans = response.json()["plans"]
    assert response.json()["kind"] == "group" and plans["search"] == "exact"
    assert plans["plans"], plans
    for plan in plans["plans"]:
        for part in plan["parts"]:
            assert not {str(kids[0]), str(kids[2])} <= set(part["child_ids"])
    near_top = {part["carer_id"] for plan in plans["plans"] if plan["rank"] <= 5
                for part in plan["parts"]}
    top_carers = await conn.fetchval("SELECT top_carers FROM ranking_snapshots")
    assert sorted(map(str, top_carers)) == sorted(near_top)  # what the KPIs count
