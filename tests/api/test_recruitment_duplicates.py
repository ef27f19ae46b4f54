"""Duplicates: a lead resembling an existing one is flagged with the reason; merging keeps both
histories on the kept lead and marks the other merged."""

from __future__ import annotations

from tests.api.recruitment_helpers import make_lead, move
from tests.factories import Actors


async def test_same_phone_written_differently_is_flagged(client, actors: Actors) -> None:
    headers = actors["werver"].headers
    first = await make_lead(client, headers, phone="06-11223344", email=None)
    second = await make_lead(client, headers, full_name="Karin Smit", postcode="3511",
                             phone="+31 6 1122 3344", email="karin@voorbeeld.test")
    assert [(d["lead_id"], d["reasons"]) for d in second["duplicates"]] == [
        (first["id"], ["same_phone"])]


async def test_same_email_and_similar_name_at_same_postcode(client, actors: Actors) -> None:
    headers = actors["werver"].headers
    first = await make_lead(client, headers)
    by_email = await make_lead(client, headers, full_name="S. Dewit", postcode="3511",
                               email="Sanne.DeWit@Voorbeeld.test", phone=None)
    assert by_email["duplicates"][0]["reasons"] == ["same_email"]
    by_name = await make_lead(client, headers, full_name="Sanne de With", postcode="3564 CD",
                              email="andere@voorbeeld.test", phone="0687654321")
    flagged = {d["lead_id"]: d for d in by_name["duplicates"]}
    assert flagged[first["id"]]["reasons"] == ["similar_name_same_postcode"]
    assert flagged[first["id"]]["name_similarity"] >= 0.45
    elsewhere = await make_lead(client, headers, full_name="Sanne de With", postcode="3451",
                                email="nog.een@voorbeeld.test", phone="0699999999")
    assert elsewhere["duplicates"] == []  # same name, other area, other contact: not flagged
    unrelated = await make_lead(client, headers, full_name="Mohamed el Amrani", postcode="3564",
                                email="m.elamrani@voorbeeld.test", phone="0611110000")
    assert unrelated["duplicates"] == []


async def test_merge_keeps_both_histories(client, actors: Actors, conn) -> None:
    headers = actors["werver"].headers
    keep = await make_lead(client, headers, registered_at="2026-02-02T10:00:00+01:00")
    keep = await move(client, headers, keep, "informatiepakket")
    other = await make_lead(client, headers, email="sanne.dewit@voorbeeld.test", phone=None,
                            address="Voorbeeldstraat 1", registered_at="2026-02-20T10:00:00+01:00")
    other = await move(client, headers, other, "informatieavond")
    assert other["duplicates"][0]["lead_id"] == keep["id"]
    response = await client.post(f"/api/v1/recruitment/leads/{keep['id']}/merge",
                                 json={"other_lead_id": other["id"]}, headers=headers)
    assert response.status_code == 200, response.text
    merged = response.json()
    origins = {e["origin_lead_id"] for e in merged["history"]}
    assert origins == {keep["id"], other["id"]}
    assert len(merged["history"]) == len(keep["history"]) + len(other["history"])
    assert len(merged["tasks"]) == 2 and len(merged["consents"]) == 2
    assert merged["address"] == "Voorbeeldstraat 1"  # filled in from the merged lead
    assert merged["duplicates"][0]["status"] == "merged"
    gone = await client.get(f"/api/v1/recruitment/leads/{other['id']}", headers=headers)
    assert gone.json()["merged_into"] == keep["id"]
    listed = await client.get("/api/v1/recruitment/leads", headers=headers)
    assert [lead["id"] for lead in listed.json()["items"]] == [keep["id"]]
    again = await client.post(f"/api/v1/recruitment/leads/{keep['id']}/merge",
                              json={"other_lead_id": other["id"]}, headers=headers)
    assert again.status_code == 409
    assert await conn.fetchval("SELECT count(*) FROM recruitment_stage_events "
                               "WHERE lead_id = $1", other["id"]) == 0
