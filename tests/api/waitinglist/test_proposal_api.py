"""The waiting-list proposal through the API: the searches it runs, the comparison with first
come first served, the stored evidence, access and audit."""

from __future__ import annotations

from uuid import UUID

import asyncpg
import pytest

from tests.factories import Actors, make_school
from tests.factories_matching import make_carer, make_child, make_request, make_tie


async def waiting_list(conn: asyncpg.Connection, actors: Actors) -> dict[str, UUID]:
    """A single child registered first whose best family is the only home with room for a
    sibling pair registered a week later."""
    school = await make_school(conn)
    await make_carer(conn, actors.org_a, "Familie Ruim", east=0.5, places=2)
    await make_carer(conn, actors.org_a, "Familie Klein", east=3.5, places=1)
    single = await make_child(conn, actors.org_a, "UTR-W-1", school_id=school)
    a = await make_child(conn, actors.org_a, "UTR-W-2", school_id=school, age=8)
    b = await make_child(conn, actors.org_a, "UTR-W-3", school_id=school, age=6)
    await make_tie(conn, a, b, "together")
    first = await make_request(conn, actors.org_a, single)
    group = await make_request(conn, actors.org_a, a, b)
    await conn.execute("UPDATE placement_requests SET created_at = now() - interval '30 days' "
                       "WHERE id = $1", first)
    await conn.execute("UPDATE placement_requests SET created_at = now() - interval '23 days' "
                       "WHERE id = $1", group)
    return {"first": first, "group": group}


async def test_the_proposal_places_the_sibling_pair_that_first_come_leaves_waiting(
        client, actors: Actors, conn) -> None:
    ids = await waiting_list(conn, actors)
    officer = actors.a["plaatser"]
    response = await client.post("/api/v1/waiting-list/proposals", json={},
                                 headers=officer.headers)
    assert response.status_code == 201, response.text
    proposal = response.json()
    assert proposal["solver_status"] == "optimal" and not proposal["stopped_early"]
    first, joint = (proposal["comparison"]["first_come"], proposal["comparison"]["proposal"])
    # First come first served: the single child takes the roomy family, the pair waits.
    assert (first["children_placed"], joint["children_placed"]) == (1, 3)
    assert first["sibling_groups_together"] == 0 and joint["sibling_groups_together"] == 1
    assert joint["total_score"] > first["total_score"]
    lines = {UUID(line["request_id"]): line for line in proposal["lines"]}
    assert lines[ids["group"]]["proposal"]["carer_names"] == ["Familie Ruim"]
    assert lines[ids["first"]]["proposal"]["carer_names"] == ["Familie Klein"]
    assert lines[ids["first"]]["first_come"]["carer_names"] == ["Familie Ruim"]
    assert lines[ids["group"]]["first_come"] is None
    assert lines[ids["first"]]["worse_off"] is True
    assert proposal["comparison"]["worse_off"] == 1
    # Every line names the stored search it chose from, so a decision can name it too.
    snapshots = {r["id"]: r["request_id"] for r in
                 await conn.fetch("SELECT id, request_id FROM ranking_snapshots")}
    assert {snapshots[UUID(line["snapshot_id"])] for line in proposal["lines"]} == set(ids.values())
    stored = await client.get(f"/api/v1/waiting-list/proposals/{proposal['id']}",
                              headers=officer.headers)
    assert stored.status_code == 200 and stored.json() == proposal
    actions = [r["action"] for r in await conn.fetch(
        "SELECT action FROM audit_log WHERE action LIKE 'waiting_list.%' ORDER BY id")]
    assert actions == ["waiting_list.propose", "waiting_list.read"]
    children = await conn.fetchval(
        "SELECT cardinality(child_ids) FROM audit_log WHERE action = 'waiting_list.propose'")
    assert children == 3


async def test_proposals_are_immutable_and_kept_within_the_organisation(
        client, actors: Actors, conn) -> None:
    await waiting_list(conn, actors)
    made = await client.post("/api/v1/waiting-list/proposals", json={},
                             headers=actors.a["beheerder"].headers)
    assert made.status_code == 201, made.text
    url = f"/api/v1/waiting-list/proposals/{made.json()['id']}"
    assert (await client.get(url, headers=actors.b["plaatser"].headers)).status_code == 404
    assert (await client.get(url, headers=actors.a["werver"].headers)).status_code == 403
    assert (await client.post("/api/v1/waiting-list/proposals", json={},
                              headers=actors.a["commissie"].headers)).status_code == 403
    # Organisation B has no open requests: its proposal is empty, never A's.
    other = await client.post("/api/v1/waiting-list/proposals", json={},
                              headers=actors.b["plaatser"].headers)
    assert other.status_code == 201 and other.json()["lines"] == []
    listed = await client.get("/api/v1/waiting-list/proposals",
                              headers=actors.a["plaatser"].headers)
    assert listed.json()["total"] == 1
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await conn.execute("UPDATE waiting_list_proposals SET solver_status = 'optimal'")


async def test_a_bad_time_limit_is_a_400_naming_the_field(client, actors: Actors) -> None:
    response = await client.post("/api/v1/waiting-list/proposals",
                                 json={"time_limit_seconds": 0},
                                 headers=actors.a["plaatser"].headers)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "time_limit_seconds"


async def test_taking_over_a_line_is_an_ordinary_decision_with_its_reason_rules(
        client, actors: Actors, conn) -> None:
    ids = await waiting_list(conn, actors)
    officer = actors.a["plaatser"]
    proposal = (await client.post("/api/v1/waiting-list/proposals", json={},
                                  headers=officer.headers)).json()
    base = f"/api/v1/waiting-list/proposals/{proposal['id']}/lines"
    # The single child's proposed family is the second option of its own search: a reason is
    # needed, exactly as on the ranking page, and nothing is written without one.
    refused = await client.post(f"{base}/{ids['first']}/decision", json={},
                                headers=officer.headers)
    assert refused.status_code == 400
    assert {e["field"] for e in refused.json()["errors"]} >= {"reason_code"}
    assert await conn.fetchval("SELECT count(*) FROM decisions") == 0
    taken = await client.post(
        f"{base}/{ids['first']}/decision",
        json={"reason_code": "professional_judgement",
              "motivation": "Wachtlijstvoorstel: zo kunnen broer en zus samen bij Familie Ruim."},
        headers=officer.headers)
    assert taken.status_code == 201, taken.text
    group = await client.post(f"{base}/{ids['group']}/decision", json={},
                              headers=officer.headers)
    assert group.status_code == 201, group.text
    rows = await conn.fetch("SELECT request_id, option_rank, source FROM decisions ORDER BY "
                            "decided_at")
    assert [(r["request_id"], r["option_rank"], r["source"]) for r in rows] == [
        (ids["first"], 2, "waiting_list"), (ids["group"], 1, "waiting_list")]
    statuses = {r["id"]: r["status"] for r in await conn.fetch(
        "SELECT id, status FROM placement_requests")}
    assert statuses[ids["first"]] == statuses[ids["group"]] == "proposed"
    other = await client.post(f"{base}/{ids['group']}/decision", json={},
                              headers=actors.b["plaatser"].headers)
    assert other.status_code == 404


async def test_an_apart_pair_is_never_proposed_into_one_home(client, actors: Actors,
                                                             conn) -> None:
    """Two children who must live apart (severe conflict), in one request: the only home with
    room for both is never proposed for both; the proposal splits them over two homes."""
    school = await make_school(conn)
    await make_carer(conn, actors.org_a, "Familie Groot", east=0.5, places=2)
    await make_carer(conn, actors.org_a, "Familie Elders", east=1.5, places=1)
    a = await make_child(conn, actors.org_a, "UTR-A-1", school_id=school, age=12)
    b = await make_child(conn, actors.org_a, "UTR-A-2", school_id=school, age=9)
    await make_tie(conn, a, b, "apart", "severe_conflict")
    await make_request(conn, actors.org_a, a, b)
    response = await client.post("/api/v1/waiting-list/proposals", json={},
                                  headers=actors.a["plaatser"].headers)
    assert response.status_code == 201, response.text
    (line,) = response.json()["lines"]
    assert sorted(line["proposal"]["carer_names"]) == ["Familie Elders", "Familie Groot"]
    assert line["proposal"]["all_together"] is False


async def test_the_melding_day_is_the_dutch_day(client, actors: Actors, conn) -> None:
    """A request reported at half past midnight in Utrecht (still the day before in UTC) comes
    first-come on the day it was reported in the Netherlands."""
    ids = await waiting_list(conn, actors)
    await conn.execute("UPDATE placement_requests SET created_at = '2026-05-01 22:30+00' "
                       "WHERE id = $1", ids["first"])  # 00:30 on 2 May, CEST
    response = await client.post("/api/v1/waiting-list/proposals", json={},
                                 headers=actors.a["plaatser"].headers)
    assert response.status_code == 201, response.text
    lines = {UUID(line["request_id"]): line for line in response.json()["lines"]}
    assert lines[ids["first"]]["melding"] == "2026-05-02"
