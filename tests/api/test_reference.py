"""Reference data: schools and clubs located by postcode, need codes, wijken, postcode lookup."""

from __future__ import annotations

import pytest

from tests.factories import Actors
from tests.foundation import count, fields


async def test_register_a_school_located_by_postcode(client, actors: Actors) -> None:
    headers = actors["plaatser"].headers
    created = await client.post("/api/v1/schools", headers=headers, json={
        "name": "Basisschool De Kameleon", "kind": "primary", "postcode": "3564 ab"})
    assert created.status_code == 201, created.text
    school = created.json()
    assert (school["postcode"], school["wijk_code"]) == ("3564AB", "overvecht")
    moved = await client.patch(f"/api/v1/schools/{school['id']}", headers=headers,
                               json={"version": 1, "postcode": "3511"})
    assert moved.status_code == 200 and moved.json()["wijk_code"] == "binnenstad"
    read = await client.get(f"/api/v1/schools/{school['id']}", headers=actors["werver"].headers)
    assert read.status_code == 200 and read.headers["etag"] == '"2"'


@pytest.mark.parametrize("url, body", [
    ("/api/v1/schools", {"name": "School X", "kind": "primary", "postcode": "9999"}),
    ("/api/v1/schools", {"name": "School X", "kind": "primary", "postcode": "12"}),
    ("/api/v1/clubs", {"name": "Club X", "activity": "judo", "postcode": "0123"}),
])
async def test_unknown_or_invalid_postcode_is_400(client, actors: Actors, conn, url, body) -> None:
    table = url.rsplit("/", 1)[1]
    response = await client.post(url, json=body, headers=actors["plaatser"].headers)
    assert response.status_code == 400
    assert fields(response) == {"postcode"}
    assert await count(conn, table) == 0


async def test_clubs_list_filters_and_write_access(client, actors: Actors) -> None:
    headers = actors["beheerder"].headers
    for name, activity, postcode in [("VV Hoograven", "voetbal", "3523"),
                                     ("Judoclub Oost", "judo", "3581"),
                                     ("FC Overvecht", "voetbal", "3562")]:
        response = await client.post("/api/v1/clubs", headers=headers,
                                     json={"name": name, "activity": activity, "postcode": postcode})
        assert response.status_code == 201, response.text
    football = (await client.get("/api/v1/clubs?activity=voetbal", headers=headers)).json()
    assert [c["name"] for c in football["items"]] == ["FC Overvecht", "VV Hoograven"]
    page = (await client.get("/api/v1/clubs?limit=1&offset=1", headers=headers)).json()
    assert page["total"] == 3 and [c["name"] for c in page["items"]] == ["Judoclub Oost"]
    werver = await client.post("/api/v1/clubs", headers=actors["werver"].headers,
                               json={"name": "Club", "activity": "judo", "postcode": "3581"})
    assert werver.status_code == 403


async def test_need_codes_and_wijken(client, actors: Actors) -> None:
    headers = actors["werver"].headers
    codes = (await client.get("/api/v1/need-codes", headers=headers)).json()
    assert {"trauma", "autisme", "lvb"} <= {c["code"] for c in codes}
    assert all(c["label"] for c in codes)
    wijken = (await client.get("/api/v1/wijken", headers=headers)).json()
    assert len(wijken) == 10
    overvecht = next(w for w in wijken if w["code"] == "overvecht")
    assert "3563" in overvecht["pc4_areas"] and 52.0 < overvecht["latitude"] < 52.2


async def test_postcode_lookup(client, actors: Actors) -> None:
    headers = actors["plaatser"].headers
    found = await client.get("/api/v1/geo/postcodes/3563 CD", headers=headers)
    assert found.status_code == 200
    assert found.json()["wijk_name"] == "Overvecht" and found.json()["pc4"] == "3563"
    unknown = await client.get("/api/v1/geo/postcodes/9999", headers=headers)
    assert unknown.status_code == 400 and fields(unknown) == {"postcode"}
    assert (await client.get("/api/v1/geo/postcodes/3563")).status_code == 401


async def test_wijk_at_a_coordinate(client, actors: Actors) -> None:
    headers = actors["werver"].headers
    found = await client.get("/api/v1/geo/wijk", params={"latitude": 52.1225, "longitude": 5.1195},
                             headers=headers)
    assert found.status_code == 200
    assert (found.json()["wijk_code"], found.json()["wijk_name"]) == ("overvecht", "Overvecht")
    amsterdam = await client.get("/api/v1/geo/wijk", params={"latitude": 52.37, "longitude": 4.90},
                                 headers=headers)
    assert amsterdam.status_code == 200 and amsterdam.json()["wijk_code"] is None
    outside = await client.get("/api/v1/geo/wijk", params={"latitude": 48.85, "longitude": 2.35},
                               headers=headers)
    assert outside.status_code == 400 and fields(outside) == {"latitude", "longitude"}
