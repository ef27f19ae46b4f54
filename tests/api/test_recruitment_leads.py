"""Recruitment leads: registering, stage history with recorded skips, and the rules for going
back and dropping out."""

from __future__ import annotations

from tests.api.recruitment_helpers import CAMPAIGN, make_campaign, make_lead, move
from tests.factories import Actors


async def test_register_a_lead_locates_it_and_starts_its_history(client, actors: Actors) -> None:
    recruiter = actors["werver"]
    await make_campaign(client, recruiter.headers)
    lead = await make_lead(client, recruiter.headers, campaign_code=CAMPAIGN)
    assert lead["pc4"] == "3564" and lead["wijk_code"] == "overvecht"
    assert lead["postcode"] == "3564AB"
    assert lead["campaign_code"] == CAMPAIGN
    assert lead["stage"] == "aanmelding"
    assert [(e["stage"], e["how"]) for e in lead["history"]] == [("aanmelding", "entered")]
    assert [t["kind"] for t in lead["tasks"]] == ["contact_opnemen"]
    assert lead["tasks"][0]["assigned_user_id"] == str(recruiter.user_id)
    assert [c["purpose"] for c in lead["consents"]] == ["contact"]
    read = await client.get(f"/api/v1/recruitment/leads/{lead['id']}", headers=recruiter.headers)
    assert read.status_code == 200 and read.json()["full_name"] == "Sanne de Wit"


async def test_bad_lead_input_lists_every_problem_and_writes_nothing(client, actors: Actors,
                                                                     conn) -> None:
    response = await client.post("/api/v1/recruitment/leads", json={
        "full_name": "Piet Jansen", "postcode": "9999", "campaign_code": "BESTAAT-NIET",
        "competences": [{"code": "vliegen"}]}, headers=actors["werver"].headers)
    assert response.status_code == 400
    fields = {e["field"]: e["reason"] for e in response.json()["errors"]}
    assert fields["postcode"] == "unknown postcode 9999"
    assert set(fields) == {"postcode", "email", "campaign_code", "competences[0].code"}
    assert await conn.fetchval("SELECT count(*) FROM recruitment_leads") == 0


async def test_skipping_forward_records_each_skipped_stage_and_who(client, actors: Actors) -> None:
    recruiter = actors["werver"]
    lead = await make_lead(client, recruiter.headers)
    lead = await move(client, recruiter.headers, lead, "informatiepakket")
    lead = await move(client, recruiter.headers, lead, "voorbereiding")
    history = [(e["stage"], e["how"], e["from_stage"]) for e in lead["history"]]
    assert history == [
        ("aanmelding", "entered", None),
        ("informatiepakket", "entered", "aanmelding"),
        ("informatieavond", "skipped", "informatiepakket"),
        ("kennismakingsgesprek", "skipped", "informatiepakket"),
        ("voorbereiding", "entered", "informatiepakket"),
    ]
    assert all(e["actor_user_id"] == str(recruiter.user_id) for e in lead["history"][1:])
    assert lead["stage"] == "voorbereiding"


async def test_going_back_needs_a_reason(client, actors: Actors) -> None:
    recruiter = actors["werver"]
    lead = await make_lead(client, recruiter.headers)
    lead = await move(client, recruiter.headers, lead, "kennismakingsgesprek")
    refused = await move(client, recruiter.headers, lead, "informatieavond", expect=400)
    assert refused["errors"] == [{"field": "note", "reason":
                                  "going back to an earlier stage needs a reason"}]
    lead = await move(client, recruiter.headers, lead, "informatieavond",
                      note="Wil eerst nog een informatieavond bijwonen")
    assert lead["history"][-1]["how"] == "reverted"
    assert lead["stage"] == "informatieavond"


async def test_dropping_out_needs_a_documented_reason_code(client, actors: Actors) -> None:
    recruiter = actors["werver"]
    lead = await make_lead(client, recruiter.headers)
    missing = await move(client, recruiter.headers, lead, "afgehaakt", expect=400)
    assert missing["errors"][0]["field"] == "reason_code"
    wrong = await move(client, recruiter.headers, lead, "afgehaakt", expect=400,
                       reason_code="vog_geweigerd")  # a rejection reason, not a withdrawal one
    assert wrong["errors"][0]["field"] == "reason_code"
    lead = await move(client, recruiter.headers, lead, "afgehaakt", reason_code="geen_tijd")
    assert lead["stage"] == "afgehaakt" and lead["outcome_reason"] == "geen_tijd"
    assert all(t["done_at"] is not None for t in lead["tasks"])  # no follow-up after leaving


async def test_stale_version_is_refused(client, actors: Actors) -> None:
    recruiter = actors["werver"]
    lead = await make_lead(client, recruiter.headers)
    await move(client, recruiter.headers, lead, "informatiepakket")
    stale = await move(client, recruiter.headers, lead, "informatieavond", expect=409)
    assert stale["current_version"] == lead["version"] + 1


async def test_recruiter_sees_only_own_organisations_leads(client, actors: Actors) -> None:
    lead = await make_lead(client, actors.a["werver"].headers)
    other = await client.get(f"/api/v1/recruitment/leads/{lead['id']}",
                             headers=actors.b["werver"].headers)
    assert other.status_code == 404
    placement_officer = await client.get("/api/v1/recruitment/leads",
                                         headers=actors.a["plaatser"].headers)
    assert placement_officer.status_code == 403
