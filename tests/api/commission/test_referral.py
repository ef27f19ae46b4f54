"""Referral to the Commissie Passend Alternatief: only open requests of the officer's own
organisation, with a question and a motivation; audited; visible on the request."""

from __future__ import annotations

from tests.api.commission.helpers import MOTIVATION, QUESTION, open_case
from tests.factories import Actors
from tests.foundation import counts, fields

TABLES = ("commission_referrals", "audit_log")


async def test_an_open_request_is_referred_with_question_and_motivation(client, actors: Actors,
                                                                        conn) -> None:
    case = await open_case(client, conn, actors)
    officer = actors.a["plaatser"]
    response = await client.post(f"/api/v1/requests/{case.request_id}/commission/referrals",
                                 json={"question": QUESTION, "motivation": MOTIVATION},
                                 headers=officer.headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["question"], body["motivation"]) == (QUESTION, MOTIVATION)
    assert body["referred_by_label"] == "plaatser@alfa.test"
    request = await client.get(f"/api/v1/requests/{case.request_id}", headers=officer.headers)
    assert request.json()["referred_to_commission"] is True
    audit = await conn.fetchrow(
        "SELECT actor_user_id, child_ids FROM audit_log WHERE action = 'commission.referral.create'")
    assert audit["actor_user_id"] == officer.user_id and audit["child_ids"] == [case.child_id]
    # The commission now has the case on its list; the officer sees the referral on the request.
    cases = await client.get("/api/v1/commission/cases", headers=actors.b["commissie"].headers)
    assert [c["request_id"] for c in cases.json()["items"]] == [str(case.request_id)]
    assert cases.json()["items"][0]["question"] == QUESTION
    mine = await client.get(f"/api/v1/requests/{case.request_id}/commission",
                            headers=officer.headers)
    assert mine.status_code == 200
    assert [r["question"] for r in mine.json()["referrals"]] == [QUESTION]
    assert mine.json()["current"] is None


async def test_only_open_requests_can_be_referred(client, actors: Actors, conn) -> None:
    case = await open_case(client, conn, actors)
    for status in ("placed", "cancelled", "proposed"):
        await conn.execute("UPDATE placement_requests SET status = $2 WHERE id = $1",
                           case.request_id, status)
        before = await counts(conn, *TABLES)
        response = await client.post(
            f"/api/v1/requests/{case.request_id}/commission/referrals",
            json={"question": QUESTION, "motivation": MOTIVATION},
            headers=actors.a["plaatser"].headers)
        assert response.status_code == 409, (status, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "status" in fields(response)
        assert await counts(conn, *TABLES) == before
    flagged = await conn.fetchval(
        "SELECT referred_to_commission FROM placement_requests WHERE id = $1", case.request_id)
    assert flagged is False


async def test_a_referral_needs_a_question_and_a_motivation(client, actors: Actors,
                                                            conn) -> None:
    case = await open_case(client, conn, actors)
    url = f"/api/v1/requests/{case.request_id}/commission/referrals"
    headers = actors.a["plaatser"].headers
    before = await counts(conn, *TABLES)
    blank = await client.post(url, json={"question": "Welke optie?", "motivation": ""},
                              headers=headers)
    assert blank.status_code == 400 and fields(blank) == {"motivation"}
    # Text of spaces alone is refused when the body is read, naming the field.
    spaces = await client.post(url, json={"question": "  ", "motivation": "Omdat."},
                               headers=headers)
    assert spaces.status_code == 400 and fields(spaces) == {"question"}
    missing = await client.post(url, json={"question": QUESTION}, headers=headers)
    assert missing.status_code == 400 and fields(missing) == {"motivation"}
    assert await counts(conn, *TABLES) == before


async def test_a_case_waiting_for_the_commission_is_not_referred_twice(client, actors: Actors,
                                                                       conn) -> None:
    case = await open_case(client, conn, actors)
    url = f"/api/v1/requests/{case.request_id}/commission/referrals"
    body = {"question": QUESTION, "motivation": MOTIVATION}
    first = await client.post(url, json=body, headers=actors.a["plaatser"].headers)
    again = await client.post(url, json=body, headers=actors.a["plaatser"].headers)
    assert (first.status_code, again.status_code) == (201, 409)
    assert await conn.fetchval("SELECT count(*) FROM commission_referrals") == 1


async def test_need_to_know_for_referrals(client, actors: Actors, conn) -> None:
    case = await open_case(client, conn, actors)
    url = f"/api/v1/requests/{case.request_id}/commission/referrals"
    body = {"question": QUESTION, "motivation": MOTIVATION}
    other_officer = await client.post(url, json=body, headers=actors.b["plaatser"].headers)
    assert other_officer.status_code == 404
    for role in ("werver", "commissie", "beheerder"):
        response = await client.post(url, json=body, headers=actors.a[role].headers)
        assert response.status_code == 403, role
    # An officer of an organisation the case is shared with sees it, but does not refer it.
    await conn.execute("INSERT INTO case_shares (request_id, organisation_id) VALUES ($1, $2)",
                       case.request_id, actors.org_b)
    shared = await client.post(url, json=body, headers=actors.b["plaatser"].headers)
    assert shared.status_code == 404
    assert await conn.fetchval("SELECT count(*) FROM commission_referrals") == 0
    refused = await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'access.refused' AND actor_user_id = $1",
        actors.b["plaatser"].user_id)
    assert refused == 2
    reading = await client.get(f"/api/v1/requests/{case.request_id}/commission",
                               headers=actors.a["werver"].headers)
    assert reading.status_code == 403
