"""Approval becomes supply: approving a lead creates the carer in the matching pool with what
recruitment knew, and the matching engine ranks it for a child."""

from __future__ import annotations

from uuid import UUID

from tests.api.recruitment_helpers import make_lead, move
from tests.factories import Actors, make_school
from tests.factories_matching import make_child, make_request


async def approved_lead(client, headers, **overrides) -> dict:  # type: ignore[no-untyped-def]
    lead = await make_lead(client, headers, age_min=4, age_max=12, foster_kind="general",
                           **overrides)
    lead = await move(client, headers, lead, "screening")
    return await move(client, headers, lead, "goedgekeurd")


async def test_approval_creates_an_active_carer_with_places_and_competences(
        client, actors: Actors, conn) -> None:
    headers = actors["werver"].headers
    lead = await approved_lead(client, headers)
    assert lead["stage"] == "goedgekeurd" and lead["carer_id"]
    assert [e["stage"] for e in lead["history"] if e["how"] == "skipped"] == [
        "informatiepakket", "informatieavond", "kennismakingsgesprek", "voorbereiding",
        "geschiktheidsbesluit"]
    carer = await conn.fetchrow("SELECT * FROM carers WHERE id = $1", lead["carer_id"])
    assert carer["name"] == "Sanne de Wit"
    assert carer["organisation_id"] == actors.org_a
    assert (carer["kind"], carer["foster_kind"], carer["status"]) == (
        "foster_family", "general", "active")
    assert (carer["postcode"], carer["wijk_code"]) == ("3564AB", "overvecht")
    assert sorted(carer["placement_types"]) == ["long_term", "part_time"]
    assert list(carer["own_children_birth_years"]) == [2014, 2017]
    assert (carer["age_min"], carer["age_max"]) == (4, 12)
    assert carer["availability_confirmed_at"] is not None
    places = await conn.fetchval("SELECT count(*) FROM places WHERE carer_id = $1 AND is_active",
                                 lead["carer_id"])
    assert places == 2  # one per spare room
    competences = await conn.fetch("SELECT need_code, level FROM carer_competences "
                                   "WHERE carer_id = $1", lead["carer_id"])
    assert [(c["need_code"], c["level"]) for c in competences] == [("trauma", "full")]
    again = await move(client, headers, lead, "screening", expect=409, note="per ongeluk")
    assert "carer" in again["detail"]


async def test_family_home_interest_becomes_a_family_home(client, actors: Actors, conn) -> None:
    lead = await approved_lead(client, actors["werver"].headers, interest_family_home=True,
                               interest_placement_types=["long_term"], spare_rooms=4)
    carer = await conn.fetchrow("SELECT kind, foster_kind, placement_types FROM carers")
    assert (carer["kind"], carer["foster_kind"]) == ("family_home", None)
    assert sorted(carer["placement_types"]) == ["family_home", "long_term"]
    assert await conn.fetchval("SELECT count(*) FROM places WHERE carer_id = $1",
                               lead["carer_id"]) == 4


async def test_no_approval_without_screening_or_a_place(client, actors: Actors, conn) -> None:
    headers = actors["werver"].headers
    lead = await make_lead(client, headers)
    lead = await move(client, headers, lead, "voorbereiding")
    refused = await move(client, headers, lead, "goedgekeurd", expect=400)
    assert refused["errors"][0]["field"] == "to_stage"
    assert "screening" in refused["errors"][0]["reason"]
    no_room = await make_lead(client, headers, spare_rooms=0, email="ander@voorbeeld.test",
                              phone="0600000001", full_name="Jeroen Visser")
    no_room = await move(client, headers, no_room, "screening")
    refused = await move(client, headers, no_room, "goedgekeurd", expect=400)
    assert refused["errors"] == [{"field": "spare_rooms",
                                  "reason": "at least one spare room is needed for a place"}]
    assert await conn.fetchval("SELECT count(*) FROM carers") == 0
    unchanged = await client.get(f"/api/v1/recruitment/leads/{no_room['id']}", headers=headers)
    assert unchanged.json()["stage"] == "screening"


async def test_the_matching_engine_ranks_the_new_carer_for_a_child(client, actors: Actors,
                                                                   conn) -> None:
    lead = await approved_lead(client, actors["werver"].headers)
    school = await make_school(conn)
    child = await make_child(conn, actors.org_a, "UTR-W-1", age=8, school_id=school,
                             needs=(("trauma", "must"),))
    request_id = await make_request(conn, actors.org_a, child, placement_type="long_term")
    response = await client.post(f"/api/v1/requests/{request_id}/search",
                                 json={"limit": 10}, headers=actors["plaatser"].headers)
    assert response.status_code == 201, response.text
    options = response.json()["ranking"]["options"]
    assert [o["carer_id"] for o in options] == [lead["carer_id"]]


async def test_approval_with_its_details_is_one_act(client, actors: Actors, conn) -> None:
    """`POST .../approve` saves the checked details and creates the carer from them, or, when
    approval is refused, changes nothing at all (the details included)."""
    headers = actors["werver"].headers
    lead = await make_lead(client, headers)
    url = f"/api/v1/recruitment/leads/{lead['id']}/approve"
    details = {"spare_rooms": 3, "age_min": 2, "age_max": 9,
               "interest_placement_types": ["short_term"]}
    early = await client.post(url, json={"details": {**details, "version": lead["version"]}},
                              headers=headers)
    assert early.status_code == 400 and "screening" in early.text
    unchanged = (await client.get(f"/api/v1/recruitment/leads/{lead['id']}",
                                  headers=headers)).json()
    assert unchanged == lead  # no detail saved, no stage entered
    assert await conn.fetchval("SELECT count(*) FROM carers") == 0

    screened = await move(client, headers, lead, "screening")
    approved = await client.post(url, json={"details": details, "note": "Gesprek goed"},
                                 headers={**headers, "If-Match": f'"{screened["version"]}"'})
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["stage"] == "goedgekeurd" and body["spare_rooms"] == 3
    assert body["history"][-1]["note"] == "Gesprek goed"
    carer = await conn.fetchrow("SELECT placement_types, age_min, age_max FROM carers "
                                "WHERE id = $1", UUID(body["carer_id"]))
    assert (list(carer["placement_types"]), carer["age_min"], carer["age_max"]) == (
        ["short_term"], 2, 9)
    assert await conn.fetchval("SELECT count(*) FROM places WHERE carer_id = $1",
                               UUID(body["carer_id"])) == 3
    actions = [r["action"] for r in await conn.fetch(
        "SELECT action FROM audit_log WHERE action IN ('lead.update', 'lead.stage') ORDER BY id")]
    assert actions == ["lead.stage", "lead.update", "lead.stage"]
