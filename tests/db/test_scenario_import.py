"""Scenario import: all or nothing, every problem reported with its path, audited."""

from __future__ import annotations

import asyncpg
import pytest

from placement.core.errors import Conflict, ValidationFailed
from placement.scenario.decode import decode
from placement.scenario.queries import need_codes
from placement.scenario.validate import validate
from placement.settings import Settings
from tests.scenario_helpers import TODAY, service_for, small_document, utrecht

TABLES = ("organisations", "schools", "carers", "places", "occupancies", "children",
          "sibling_ties", "placement_requests")


async def counts(conn: asyncpg.Connection) -> dict[str, int]:
    return {t: int(await conn.fetchval(f"SELECT count(*) FROM {t}")) for t in TABLES}


async def test_generated_utrecht_documents_pass_validation(conn, settings: Settings) -> None:
    async with service_for(settings) as service:
        codes = await need_codes(conn)
        for seed in (1, 7, 2026):
            scenario, errors, _ = decode(utrecht(seed))
            assert errors == [] and scenario is not None
            _, problems = validate(scenario, geo=service.geo, need_codes=codes)
            assert problems == [], (seed, problems[:5])


async def test_import_writes_everything_with_locations_and_one_audit_entry(
        conn, settings: Settings) -> None:
    document = small_document()
    async with service_for(settings) as service:
        summary = await service.import_document(document)
    assert summary.counts["children"] == 3 and summary.counts["places"] == 2
    assert await counts(conn) == {"organisations": 1, "schools": 1, "carers": 2, "places": 2,
                                  "occupancies": 1, "children": 3, "sibling_ties": 1,
                                  "placement_requests": 1}
    child = await conn.fetchrow("SELECT * FROM children WHERE case_reference = 'TEST-0001'")
    assert child["home_wijk_code"] == "zuid"  # 3522 lies in Zuid
    assert child["home_latitude"] == pytest.approx(52.07, abs=0.02)
    audit = await conn.fetch("SELECT * FROM audit_log WHERE action = 'scenario.import'")
    assert len(audit) == 1
    assert {str(c) for c in audit[0]["child_ids"]} == {c["id"] for c in document["children"]}


async def test_three_different_errors_are_all_reported_and_nothing_is_written(
        conn, settings: Settings) -> None:
    document = small_document()
    document["carers"][0]["postcode"] = "1000"  # a PO-box range: nobody lives there
    document["sibling_ties"][0]["child_b_id"] = document["sibling_ties"][0]["child_a_id"]
    document["children"][1]["birth_date"] = (TODAY.replace(year=TODAY.year + 1)).isoformat()
    async with service_for(settings) as service:
        with pytest.raises(ValidationFailed) as failure:
            await service.import_document(document)
    reported = {(e["path"], e["reason"]) for e in failure.value.errors}
    assert ("/carers/0/postcode", "unknown postcode 1000") in reported
    assert ("/sibling_ties/0/child_b_id", "a child cannot be its own sibling") in reported
    assert ("/children/1/birth_date", "lies in the future") in reported
    assert len(reported) == 3
    assert set((await counts(conn)).values()) == {0}


async def test_type_errors_in_several_records_are_each_reported(conn, settings: Settings) -> None:
    document = small_document()
    document["carers"][1]["places"][0]["label"] = 7
    document["children"][0]["nationality"] = "NL"
    document["schools"][0]["kind"] = "college"
    async with service_for(settings) as service:
        with pytest.raises(ValidationFailed) as failure:
            await service.import_document(document)
    paths = {e["path"]: e["reason"] for e in failure.value.errors}
    assert paths["/children/0/nationality"] == "unknown field"
    assert "/carers/1/places/0/label" in paths
    assert "/schools/0/kind" in paths
    assert await conn.fetchval("SELECT count(*) FROM organisations") == 0


@pytest.mark.parametrize(("change", "path"), [
    (lambda d: d["carers"][0].update(places=[]), "/carers/0/places"),
    (lambda d: d["carers"][0].update(age_min=12, age_max=4), "/carers/0/age_min"),
    (lambda d: d["carers"][0].update(kind="family_home"), "/carers/0/foster_kind"),
    (lambda d: d["sibling_ties"][0].update(intent="apart"), "/sibling_ties/0/apart_reason"),
    (lambda d: d["sibling_ties"][0].update(apart_reason="threat"), "/sibling_ties/0/apart_reason"),
    (lambda d: d["requests"][0]["child_ids"].append(d["schools"][0]["id"]),
     "/requests/0/child_ids/2"),
    (lambda d: d["children"][0]["needs"].append({"code": "nationality", "level": "must"}),
     "/children/0/needs/1/code"),
    (lambda d: d["carers"][0]["places"][0]["occupancies"].append(
        {"id": d["carers"][1]["places"][0]["id"], "kind": "reservation", "start": "2024-03-01",
         "end": "2024-03-15", "placement_type": "long_term"}),
     "/carers/1/places/0/id"),
    (lambda d: d["carers"][0]["places"][0]["occupancies"].append(
        {"id": "3f8e1f2c-0000-4000-8000-000000000001", "kind": "reservation",
         "start": "2025-03-01", "end": "2025-03-15", "placement_type": "long_term"}),
     "/carers/0/places/0/occupancies/1/start"),
])
async def test_each_rule_is_checked_before_writing(conn, settings: Settings, change, path) -> None:
    document = small_document()
    change(document)
    async with service_for(settings) as service:
        with pytest.raises(ValidationFailed) as failure:
            await service.import_document(document)
    assert path in {e["path"] for e in failure.value.errors}, failure.value.errors
    assert await conn.fetchval("SELECT count(*) FROM carers") == 0


async def test_importing_ids_that_exist_is_a_conflict_per_record(conn, settings: Settings) -> None:
    document = small_document()
    async with service_for(settings) as service:
        await service.import_document(document)
        again = small_document()
        again["organisations"] = document["organisations"]
        again["carers"][0]["organisation_id"] = document["organisations"][0]["id"]
        again["carers"][1] = document["carers"][1]
        for key in ("children", "requests"):
            for record in again[key]:
                record["organisation_id"] = document["organisations"][0]["id"]
        for i, child in enumerate(again["children"]):
            child["case_reference"] = f"TEST-NEW-{i}"
        before = await counts(conn)
        with pytest.raises(Conflict) as conflict:
            await service.import_document(again)
    paths = {e["path"] for e in conflict.value.errors}
    assert {"/organisations/0/id", "/carers/1/id", "/carers/1/places/0/id"} <= paths
    assert "/carers/0/id" not in paths
    assert await counts(conn) == before


async def test_an_occupancy_inside_a_long_one_is_an_overlap_even_after_a_short_one(
        conn, settings: Settings) -> None:
    document = small_document()
    place = document["carers"][1]["places"][0]
    spans = [("2024-01-01", "2024-12-31"), ("2024-02-01", "2024-02-10"),
             ("2024-05-01", "2024-05-10")]
    place["occupancies"] = [
        {"id": f"3f8e1f2c-0000-4000-8000-00000000001{i}", "kind": "reservation", "start": start,
         "end": end, "placement_type": "family_home"} for i, (start, end) in enumerate(spans)]
    async with service_for(settings) as service:
        with pytest.raises(ValidationFailed) as failure:
            await service.import_document(document)
    overlaps = {e["path"] for e in failure.value.errors if "overlaps" in e["reason"]}
    assert overlaps == {"/carers/1/places/0/occupancies/1/start",
                        "/carers/1/places/0/occupancies/2/start"}
