"""Children API: registering, reading, listing and changing a child's file."""

from __future__ import annotations

import datetime as dt

import asyncpg

from placement.core.clock import local_today
from tests.factories import Actors, make_club, make_school


def child_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "case_reference": "UTR-2026-0001",
        "given_name": "Noor",
        "birth_date": "2016-03-14",
        "gender": "f",
        "home_postcode": "3522 AB",
        "needs": [{"code": "trauma", "level": "must"}, {"code": "adhd", "level": "should"}],
        "wishes": {"language": "Nederlands"},
    }
    body.update(overrides)
    return body


async def count(conn: asyncpg.Connection, table: str) -> int:
    return int(await conn.fetchval(f"SELECT count(*) FROM {table}"))


async def test_register_and_read_a_child(client, actors: Actors, conn) -> None:
    school = await make_school(conn)
    club = await make_club(conn)
    officer = actors["plaatser"]
    response = await client.post("/api/v1/children", json=child_body(
        school_id=str(school), club_ids=[str(club)], parents_postcode="3563"),
        headers=officer.headers)
    assert response.status_code == 201, response.text
    child = response.json()
    assert child["home_postcode"] == "3522AB"
    assert child["home_wijk_code"] == "zuid"
    assert child["organisation_id"] == str(actors.org_a)
    assert {n["code"]: n["level"] for n in child["needs"]} == {"trauma": "must", "adhd": "should"}
    assert child["club_ids"] == [str(club)]
    read = await client.get(f"/api/v1/children/{child['id']}", headers=officer.headers)
    assert read.status_code == 200
    assert read.headers["etag"] == '"1"'
    assert read.json()["given_name"] == "Noor"


async def test_unknown_field_is_rejected_and_nothing_written(client, actors: Actors, conn) -> None:
    response = await client.post("/api/v1/children", json=child_body(nationality="NL"),
                                 headers=actors["plaatser"].headers)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert any(e["field"] == "nationality" and e["reason"] == "unknown field"
               for e in problem["errors"]), problem
    assert await count(conn, "children") == 0


async def test_wrong_type_names_the_field(client, actors: Actors, conn) -> None:
    response = await client.post("/api/v1/children", json=child_body(birth_date=20160314),
                                 headers=actors["plaatser"].headers)
    assert response.status_code == 400
    assert any(e["field"] == "birth_date" for e in response.json()["errors"])
    assert await count(conn, "children") == 0


async def test_unknown_postcode_is_400_not_a_guess(client, actors: Actors, conn) -> None:
    response = await client.post("/api/v1/children", json=child_body(home_postcode="9999"),
                                 headers=actors["plaatser"].headers)
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "home_postcode", "reason": "unknown postcode 9999"}]
    bad_format = await client.post("/api/v1/children", json=child_body(home_postcode="35AB22"),
                                   headers=actors["plaatser"].headers)
    assert bad_format.status_code == 400
    assert bad_format.json()["errors"][0]["field"] == "home_postcode"
    assert await count(conn, "children") == 0


async def test_birth_date_in_the_future_is_refused(client, actors: Actors, conn) -> None:
    tomorrow = (local_today() + dt.timedelta(days=1)).isoformat()
    response = await client.post("/api/v1/children", json=child_body(birth_date=tomorrow),
                                 headers=actors["plaatser"].headers)
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "birth_date", "reason": "lies in the future"}]
    assert await count(conn, "children") == 0


async def test_unknown_need_and_club_are_all_reported(client, actors: Actors, conn) -> None:
    response = await client.post("/api/v1/children", json=child_body(
        needs=[{"code": "telepathie", "level": "must"}],
        club_ids=["00000000-0000-0000-0000-000000000001"]), headers=actors["plaatser"].headers)
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"needs[0].code", "club_ids[0]"}
    assert await count(conn, "children") == 0


async def test_stale_version_is_409_and_if_match_412(client, actors: Actors) -> None:
    headers = actors["plaatser"].headers
    child = (await client.post("/api/v1/children", json=child_body(), headers=headers)).json()
    url = f"/api/v1/children/{child['id']}"
    first = await client.patch(url, json={"version": 1, "given_name": "Noortje"}, headers=headers)
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 2
    again = await client.patch(url, json={"version": 1, "given_name": "Nora"}, headers=headers)
    assert again.status_code == 409
    assert again.json()["current_version"] == 2
    header = await client.patch(url, json={"given_name": "Nora"},
                                headers={**headers, "If-Match": '"1"'})
    assert header.status_code == 412
    missing = await client.patch(url, json={"given_name": "Nora"}, headers=headers)
    assert missing.status_code == 400
    final = await client.get(url, headers=headers)
    assert final.json()["given_name"] == "Noortje"


async def test_list_filters_and_paginates(client, actors: Actors) -> None:
    headers = actors["plaatser"].headers
    for i, (postcode, gender) in enumerate([("3522", "f"), ("3563", "m"), ("3564", "f")]):
        response = await client.post("/api/v1/children", json=child_body(
            case_reference=f"UTR-L-{i}", home_postcode=postcode, gender=gender), headers=headers)
        assert response.status_code == 201
    page = (await client.get("/api/v1/children?limit=2", headers=headers)).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    rest = (await client.get("/api/v1/children?limit=2&offset=2", headers=headers)).json()
    assert [c["case_reference"] for c in rest["items"]] == ["UTR-L-2"]
    overvecht = (await client.get("/api/v1/children?wijk=overvecht", headers=headers)).json()
    assert sorted(c["case_reference"] for c in overvecht["items"]) == ["UTR-L-1", "UTR-L-2"]
    girls = (await client.get("/api/v1/children?gender=f&wijk=overvecht", headers=headers)).json()
    assert [c["case_reference"] for c in girls["items"]] == ["UTR-L-2"]
    bad = await client.get("/api/v1/children?limit=0", headers=headers)
    assert bad.status_code == 400


async def test_officer_cannot_see_another_organisations_child(client, actors: Actors) -> None:
    child = (await client.post("/api/v1/children", json=child_body(),
                               headers=actors.a["plaatser"].headers)).json()
    other = actors.b["plaatser"].headers
    assert (await client.get(f"/api/v1/children/{child['id']}", headers=other)).status_code == 404
    assert (await client.get("/api/v1/children", headers=other)).json()["total"] == 0


async def test_every_read_leaves_an_audit_entry(client, actors: Actors, conn) -> None:
    officer = actors["plaatser"]
    child = (await client.post("/api/v1/children", json=child_body(),
                               headers=officer.headers)).json()
    await client.get(f"/api/v1/children/{child['id']}", headers=officer.headers)
    await client.get("/api/v1/children", headers=officer.headers)
    rows = await conn.fetch(
        "SELECT action, actor_user_id FROM audit_log WHERE child_ids @> ARRAY[$1]::uuid[] ORDER BY id",
        __import__("uuid").UUID(child["id"]))
    assert [r["action"] for r in rows] == ["child.create", "child.read", "child.list"]
    assert all(r["actor_user_id"] == officer.user_id for r in rows)
