"""Carers API: registering foster families and family homes, their places, scope and redaction."""

from __future__ import annotations

import pytest

from placement.carers.schemas import CarerCreate
from placement.carers.service import insert_carer
from placement.core.errors import ValidationFailed
from placement.geo.service import GeoIndex, seed_utrecht
from tests.factories import Actors
from tests.foundation import carer_body, counts, fields, new_carer

URL = "/api/v1/carers"
TABLES = ("carers", "places", "carer_competences")


async def test_register_a_foster_family_with_places(client, actors: Actors) -> None:
    officer = actors["plaatser"]
    carer = await new_carer(client, officer.headers, places=3)
    assert carer["organisation_id"] == str(actors.org_a)
    assert carer["postcode"] == "3563CD"
    assert carer["wijk_code"] == "overvecht"
    assert carer["address"] == "Lindelaan 7"
    assert carer["places_total"] == 3
    assert {c["code"]: c["level"] for c in carer["competences"]} == {
        "trauma": "full", "autisme": "with_support"}
    places = (await client.get(f"{URL}/{carer['id']}/places", headers=officer.headers)).json()
    assert [p["label"] for p in places] == ["Plek 1", "Plek 2", "Plek 3"]
    assert all(p["is_active"] and p["current"] is None for p in places)
    read = await client.get(f"{URL}/{carer['id']}", headers=officer.headers)
    assert read.headers["etag"] == '"1"'


async def test_exact_address_only_for_own_organisation(client, actors: Actors) -> None:
    carer = await new_carer(client, actors.a["plaatser"].headers)
    other = await client.get(f"{URL}/{carer['id']}", headers=actors.b["plaatser"].headers)
    assert other.status_code == 200
    assert other.json()["address"] is None
    assert other.json()["postcode"] == "3563CD"
    listed = (await client.get(URL, headers=actors.b["plaatser"].headers)).json()
    assert [c["address"] for c in listed["items"]] == [None]
    own_admin = await client.get(f"{URL}/{carer['id']}", headers=actors.a["beheerder"].headers)
    assert own_admin.json()["address"] == "Lindelaan 7"


@pytest.mark.parametrize("places", [0, -2])
async def test_zero_or_negative_places_is_refused(client, actors: Actors, conn, places) -> None:
    before = await counts(conn, *TABLES)
    response = await client.post(URL, json=carer_body(places=places),
                                 headers=actors["plaatser"].headers)
    assert response.status_code == 400
    assert fields(response) == {"places"}
    assert await counts(conn, *TABLES) == before


async def test_inverted_age_range_names_both_ends(client, actors: Actors, conn) -> None:
    before = await counts(conn, *TABLES)
    response = await client.post(URL, json=carer_body(age_min=14, age_max=6),
                                 headers=actors["plaatser"].headers)
    assert response.status_code == 400
    assert fields(response) == {"age_min", "age_max"}
    assert await counts(conn, *TABLES) == before


@pytest.mark.parametrize("override, field", [
    ({"pets": "hond"}, "pets"),
    ({"places": "two"}, "places"),
    ({"postcode": "9999"}, "postcode"),
    ({"postcode": "AB12"}, "postcode"),
    ({"placement_types": ["holiday"]}, "placement_types[0]"),
])
async def test_bad_input_is_400_and_writes_nothing(client, actors: Actors, conn, override,
                                                   field) -> None:
    before = await counts(conn, *TABLES)
    response = await client.post(URL, json=carer_body(**override),
                                 headers=actors["plaatser"].headers)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in fields(response)
    assert await counts(conn, *TABLES) == before


async def test_every_problem_is_reported_at_once(client, actors: Actors) -> None:
    response = await client.post(URL, json=carer_body(
        places=0, postcode="9999", foster_kind=None, placement_types=[],
        competences=[{"code": "telepathie"}]), headers=actors["plaatser"].headers)
    assert response.status_code == 400
    assert fields(response) == {"places", "postcode", "foster_kind", "placement_types",
                                "competences[0].code"}


async def test_family_home_has_no_foster_kind(client, actors: Actors) -> None:
    headers = actors["plaatser"].headers
    home = await new_carer(client, headers, kind="family_home", foster_kind=None,
                           placement_types=["family_home"], places=4)
    assert home["foster_kind"] is None and home["places_total"] == 4
    wrong = await client.post(URL, json=carer_body(kind="family_home", foster_kind="network"),
                              headers=headers)
    assert wrong.status_code == 400 and fields(wrong) == {"foster_kind"}


async def test_stale_version_is_409_and_if_match_412(client, actors: Actors) -> None:
    headers = actors["plaatser"].headers
    carer = await new_carer(client, headers)
    url = f"{URL}/{carer['id']}"
    first = await client.patch(url, json={"version": 1, "age_max": 16}, headers=headers)
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 2 and first.json()["age_max"] == 16
    stale = await client.patch(url, json={"version": 1, "age_max": 10}, headers=headers)
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    header = await client.patch(url, json={"age_max": 10}, headers={**headers, "If-Match": '"1"'})
    assert header.status_code == 412
    inverted = await client.patch(url, json={"version": 2, "age_min": 17}, headers=headers)
    assert inverted.status_code == 400 and fields(inverted) == {"age_min", "age_max"}
    assert (await client.get(url, headers=headers)).json()["age_max"] == 16


async def test_update_moves_the_carer_and_replaces_competences(client, actors: Actors) -> None:
    headers = actors["plaatser"].headers
    carer = await new_carer(client, headers)
    moved = await client.patch(f"{URL}/{carer['id']}", headers=headers, json={
        "version": 1, "postcode": "3511", "competences": [{"code": "adhd"}]})
    assert moved.status_code == 200, moved.text
    assert moved.json()["wijk_code"] == "binnenstad"
    assert [c["code"] for c in moved.json()["competences"]] == ["adhd"]


async def test_only_own_organisation_writes_and_only_some_roles_read(client, actors: Actors) -> None:
    carer = await new_carer(client, actors.a["plaatser"].headers)
    url = f"{URL}/{carer['id']}"
    foreign = await client.patch(url, json={"version": 1, "name": "X"},
                                 headers=actors.b["plaatser"].headers)
    assert foreign.status_code == 403
    assert (await client.get(url, headers=actors.a["werver"].headers)).status_code == 403
    assert (await client.get(url)).status_code == 401
    foreign_create = await client.post(URL, json=carer_body(organisation_id=str(actors.org_b)),
                                       headers=actors.a["plaatser"].headers)
    assert foreign_create.status_code == 403


async def test_list_filters_and_paginates(client, actors: Actors) -> None:
    headers = actors["plaatser"].headers
    await new_carer(client, headers, name="Familie Aalbers", postcode="3511",
                    placement_types=["crisis"])
    await new_carer(client, headers, name="Familie Bakker", foster_kind="network",
                    competences=[{"code": "adhd"}])
    await new_carer(client, headers, name="Gezinshuis Cornelis", kind="family_home",
                    foster_kind=None, placement_types=["family_home"], age_min=0, age_max=18)
    page = (await client.get(f"{URL}?limit=2", headers=headers)).json()
    assert page["total"] == 3 and [c["name"] for c in page["items"]] == [
        "Familie Aalbers", "Familie Bakker"]
    rest = (await client.get(f"{URL}?limit=2&offset=2", headers=headers)).json()
    assert [c["name"] for c in rest["items"]] == ["Gezinshuis Cornelis"]

    async def names(query: str) -> list[str]:
        response = await client.get(f"{URL}?{query}", headers=headers)
        assert response.status_code == 200, response.text
        return [c["name"] for c in response.json()["items"]]

    assert await names("wijk=binnenstad") == ["Familie Aalbers"]
    assert await names("foster_kind=network") == ["Familie Bakker"]
    assert await names("kind=family_home") == ["Gezinshuis Cornelis"]
    assert await names("placement_type=crisis") == ["Familie Aalbers"]
    assert await names("competence=adhd") == ["Familie Bakker"]
    assert await names("accepts_age=16") == ["Gezinshuis Cornelis"]
    assert (await client.get(f"{URL}?kind=castle", headers=headers)).status_code == 400


async def test_add_and_deactivate_places(client, actors: Actors) -> None:
    headers = actors["plaatser"].headers
    carer = await new_carer(client, headers, places=2)
    url = f"{URL}/{carer['id']}/places"
    added = await client.post(url, json={}, headers=headers)
    assert added.status_code == 201, added.text
    assert added.json()["label"] == "Plek 3"
    duplicate = await client.post(url, json={"label": "Plek 1"}, headers=headers)
    assert duplicate.status_code == 409 and fields(duplicate) == {"label"}
    off = await client.post(f"{url}/{added.json()['id']}/deactivate", headers=headers)
    assert off.status_code == 200 and off.json()["is_active"] is False
    read = (await client.get(f"{URL}/{carer['id']}", headers=headers)).json()
    assert (read["places_total"], read["places_active"]) == (3, 2)
    foreign = await client.post(url, json={}, headers=actors.b["plaatser"].headers)
    assert foreign.status_code == 403


async def test_insert_carer_validates_inside_the_callers_transaction(conn, actors: Actors,
                                                                    settings) -> None:
    await seed_utrecht(conn, settings.geodata_dir)
    geo = await GeoIndex().load(conn)
    good = CarerCreate(name="Familie Jansen", kind="foster_family", foster_kind="network",
                       postcode="3521", placement_types=["long_term"], places=2)
    async with conn.transaction():
        carer_id = await insert_carer(conn, geo, good, actors.org_a)
    assert await conn.fetchval("SELECT count(*) FROM places WHERE carer_id = $1", carer_id) == 2
    bad = CarerCreate(name="Familie Jansen", kind="foster_family", postcode="0000",
                      placement_types=["long_term"], places=0, age_min=9, age_max=3)
    with pytest.raises(ValidationFailed) as refused:
        async with conn.transaction():
            await insert_carer(conn, geo, bad, actors.org_a)
    assert {e["field"] for e in refused.value.errors} == {
        "places", "postcode", "foster_kind", "age_min", "age_max"}
    assert await conn.fetchval("SELECT count(*) FROM carers") == 1
