"""CSV import of leads from a web-form export: bad rows are reported with row and field, and
nothing is half-imported."""

from __future__ import annotations

from tests.api.recruitment_helpers import make_campaign
from tests.factories import Actors

URL = "/api/v1/recruitment/leads/import"
HEADER = ("name,email,phone,postcode,campaign_code,heard_via,placement_types,family_home,"
          "own_children_birth_years,spare_rooms,consent_contact,consent_keep,"
          "consent_text_version,submitted_at\n")
GOOD = [
    ("Ilse van Dam,ilse@x.test,,3564AB,UTR-2026-VOORJAAR,social,long_term;part_time,nee,2015,1,"
     "ja,nee,2026-01,06-03-2026 14:30\n"),
    "Joost Kok,,0612345678,3522,,krant,crisis,nee,,2,ja,ja,2026-01,2026-03-07T09:00:00+01:00\n",
]


async def post_csv(client, headers, text: str, **params):  # type: ignore[no-untyped-def]
    return await client.post(URL, content=text.encode(), params=params,
                             headers={**headers, "Content-Type": "text/csv"})


async def test_good_file_imports_every_lead_with_consents_and_tasks(client, actors: Actors,
                                                                    conn) -> None:
    headers = actors["werver"].headers
    await make_campaign(client, headers)
    response = await post_csv(client, headers, HEADER + "".join(GOOD))
    assert response.status_code == 201, response.text
    assert response.json()["imported"] == 2
    rows = await conn.fetch("SELECT full_name, pc4, registered_at, interest_placement_types, "
                            "stage FROM recruitment_leads ORDER BY full_name")
    assert [(r["full_name"], r["pc4"], r["stage"]) for r in rows] == [
        ("Ilse van Dam", "3564", "aanmelding"), ("Joost Kok", "3522", "aanmelding")]
    assert rows[0]["registered_at"].isoformat() == "2026-03-06T13:30:00+00:00"  # Dutch time
    consents = await conn.fetch("SELECT purpose FROM recruitment_consents ORDER BY purpose")
    assert [c["purpose"] for c in consents] == ["contact", "contact", "keep_after_dropout"]
    assert await conn.fetchval("SELECT count(*) FROM recruitment_tasks") == 2


async def test_bad_rows_are_reported_with_row_and_field_and_nothing_is_imported(
        client, actors: Actors, conn) -> None:
    headers = actors["werver"].headers
    await make_campaign(client, headers)
    bad = [
        ",nobody@x.test,,3511,,,,,,,nee,nee,,\n",                      # row 4: no name
        "Kees Vos,kees@x.test,,9999,GEEN-CAMPAGNE,tv,long_term,misschien,,twee,nee,nee,,\n",
        "Mila Groen,mila@x.test,,3511,,,,nee,,1,ja,nee,,gisteren\n",    # row 6
    ]
    text = HEADER + "".join(GOOD) + "".join(bad)
    response = await post_csv(client, headers, text)
    assert response.status_code == 400
    problems = {(e["row"], e["field"]) for e in response.json()["errors"]}
    assert problems == {
        (4, "name"),
        (5, "postcode"), (5, "campaign_code"), (5, "heard_via"), (5, "family_home"),
        (5, "spare_rooms"),
        (6, "consent_text_version"), (6, "submitted_at"),
    }
    assert await conn.fetchval("SELECT count(*) FROM recruitment_leads") == 0
    assert await conn.fetchval("SELECT count(*) FROM recruitment_tasks") == 0


async def test_unknown_and_missing_columns_are_named(client, actors: Actors) -> None:
    response = await post_csv(client, actors["werver"].headers,
                              "naam,email,nationaliteit\nPiet,piet@x.test,NL\n")
    assert response.status_code == 400
    assert {(e["row"], e["field"], e["reason"]) for e in response.json()["errors"]} == {
        (1, "naam", "unknown column"), (1, "nationaliteit", "unknown column"),
        (1, "name", "missing column"), (1, "postcode", "missing column")}


async def test_dry_run_checks_without_importing(client, actors: Actors, conn) -> None:
    headers = actors["werver"].headers
    await make_campaign(client, headers)
    response = await post_csv(client, headers, HEADER + "".join(GOOD), dry_run="true")
    assert response.status_code == 201
    assert response.json()["dry_run"] is True
    assert await conn.fetchval("SELECT count(*) FROM recruitment_leads") == 0


async def test_duplicates_within_the_file_are_flagged(client, actors: Actors, conn) -> None:
    headers = actors["werver"].headers
    text = HEADER + "".join(GOOD[1:]) + GOOD[1].replace("Joost Kok", "J. Kok")
    response = await post_csv(client, headers, text)
    assert response.status_code == 201, response.text
    assert len(response.json()["flagged_as_duplicate"]) == 1
    assert await conn.fetchval("SELECT reasons FROM recruitment_duplicate_flags") == [
        "same_phone", "similar_name_same_postcode"]
