"""The supply gap on a hand-made scenario: demand by the wijk of the school (home wijk without a
school) against free places in the next 3 months, small cells suppressed, ranked."""

from __future__ import annotations

import csv
import datetime as dt
import io
from uuid import UUID

import asyncpg

from placement.core.clock import local_today
from tests.factories import Actors, make_school

TODAY = local_today()


async def waiting_child(conn: asyncpg.Connection, org: UUID, ref: str, *, age: int,
                        school: UUID | None, home_wijk: str, placement_type: str,
                        needs: tuple[str, ...] = (), status: str = "open") -> UUID:
    birth = TODAY.replace(year=TODAY.year - age, day=1)
    child = await conn.fetchval(
        """INSERT INTO children (organisation_id, case_reference, given_name, birth_date, gender,
               home_postcode, home_latitude, home_longitude, home_wijk_code, school_id)
           VALUES ($1, $2, 'Testkind', $3, 'x', '3563', 52.11, 5.10, $4, $5) RETURNING id""",
        org, ref, birth, home_wijk, school)
    for need in needs:
        await conn.execute("INSERT INTO child_needs VALUES ($1, $2, 'must')", child, need)
    request = await conn.fetchval(
        """INSERT INTO placement_requests (organisation_id, placement_type, desired_start, status)
           VALUES ($1, $2, $3, $4) RETURNING id""", org, placement_type, TODAY, status)
    await conn.execute("INSERT INTO placement_request_children VALUES ($1, $2)", request, child)
    return child


async def carer(conn: asyncpg.Connection, org: UUID, name: str, *, wijk: str, places: int,
                ages: tuple[int, int], types: list[str], status: str = "active",
                competences: tuple[str, ...] = ()) -> list[UUID]:
    carer_id = await conn.fetchval(
        """INSERT INTO carers (organisation_id, name, kind, foster_kind, postcode, latitude,
               longitude, wijk_code, placement_types, age_min, age_max, status)
           VALUES ($1, $2, 'foster_family', 'general', '3563', 52.11, 5.10, $3, $4, $5, $6, $7)
           RETURNING id""", org, name, wijk, types, ages[0], ages[1], status)
    for need in competences:
        await conn.execute("INSERT INTO carer_competences (carer_id, need_code) VALUES ($1, $2)",
                           carer_id, need)
    return [await conn.fetchval("INSERT INTO places (carer_id, label) VALUES ($1, $2) RETURNING id",
                                carer_id, f"Plek {n}") for n in range(1, places + 1)]


async def occupy(conn: asyncpg.Connection, place: UUID, start_in_days: int, *,
                 kind: str = "placement", status: str = "active") -> None:
    await conn.execute(
        """INSERT INTO occupancies (place_id, kind, period, placement_type, status)
           VALUES ($1, $2, daterange($3, NULL), 'long_term', $4)""",
        place, kind, TODAY + dt.timedelta(days=start_in_days), status)


async def scenario(conn: asyncpg.Connection, org: UUID) -> list[UUID]:
    overvecht = await make_school(conn, "De Vuurvogel", postcode="3564", wijk="overvecht")
    zuid = await make_school(conn, "De Hoge Raven", postcode="3522", wijk="zuid")
    children = [await waiting_child(conn, org, f"OV-{n}", age=8, school=overvecht,
                                    home_wijk="noordoost", placement_type="long_term",
                                    needs=("trauma",)) for n in range(6)]
    children += [await waiting_child(conn, org, f"ZU-{n}", age=2, school=None, home_wijk="zuid",
                                     placement_type="crisis") for n in range(2)]
    # School in Zuid wins over the home in Overvecht.
    children.append(await waiting_child(conn, org, "ZU-S", age=14, school=zuid,
                                        home_wijk="overvecht", placement_type="long_term"))
    # Already placed: not waiting.
    await waiting_child(conn, org, "OV-P", age=8, school=overvecht, home_wijk="overvecht",
                        placement_type="long_term", status="placed")

    o1 = await carer(conn, org, "Gezin Overvecht 1", wijk="overvecht", places=2, ages=(0, 12),
                     types=["long_term"], competences=("trauma",))
    await occupy(conn, o1[0], -30)  # occupied now: not free
    o2 = await carer(conn, org, "Gezin Overvecht 2", wijk="overvecht", places=1, ages=(10, 18),
                     types=["long_term", "crisis"])
    await occupy(conn, o2[0], 100, kind="reservation")  # after the 3-month horizon: free now
    z = await carer(conn, org, "Gezin Zuid", wijk="zuid", places=1, ages=(0, 3), types=["crisis"])
    await occupy(conn, z[0], 10, status="cancelled")  # cancelled: free
    await carer(conn, org, "Gezin met pauze", wijk="binnenstad", places=3, ages=(0, 18),
                types=["long_term"], status="paused")
    return children


def cells(report: dict, dimension: str) -> dict[str | None, tuple]:
    dim = next(d for d in report["dimensions"] if d["dimension"] == dimension)
    return {c["key"]: (c["demand"], c["free_places"], c["gap"], c["rank"]) for c in dim["cells"]}


async def test_supply_gap_matches_hand_computed_figures(client, actors: Actors, conn) -> None:
    children = await scenario(conn, actors.org_a)
    response = await client.get("/api/v1/recruitment/reports/supply-gap",
                                headers=actors["werver"].headers)
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["total_demand"], report["total_free_places"]) == (9, 3)
    wijk = cells(report, "wijk")
    assert wijk["overvecht"] == (6, 2, 4, 1)      # recruit here first
    assert wijk["zuid"] == ("<5", 1, None, 11)    # 3 children: suppressed; ranks last
    assert wijk["noordoost"][:3] == ("<5", 0, None)  # home wijk ignored when there is a school
    assert len(wijk) == 11  # ten wijken and "unknown"
    ages = cells(report, "age_band")
    assert ages["4-11"] == (6, 2, 4, 1)
    assert ages["0-3"][:3] == ("<5", 2, None) and ages["12-17"][:3] == ("<5", 2, None)
    assert ages["18-23"][:3] == ("<5", 1, None)
    types = cells(report, "placement_type")
    assert types["long_term"] == (7, 2, 5, 1)
    assert types["crisis"][:3] == ("<5", 2, None)
    assert cells(report, "need")["trauma"] == (6, 1, 5, 1)
    # Only counts leave the database: no child id appears anywhere in the report.
    assert not any(str(child) in response.text for child in children)
    audit = await conn.fetchrow("SELECT child_ids, entity FROM audit_log "
                                "WHERE action = 'report.supply_gap'")
    assert audit["entity"] == "recruitment_report" and list(audit["child_ids"]) == []


async def test_supply_gap_csv_and_small_totals(client, actors: Actors, conn) -> None:
    overvecht = await make_school(conn, "De Vuurvogel", postcode="3564", wijk="overvecht")
    for n in range(3):
        await waiting_child(conn, actors.org_a, f"K-{n}", age=6, school=overvecht,
                            home_wijk="overvecht", placement_type="long_term")
    response = await client.get("/api/v1/recruitment/reports/supply-gap.csv",
                                headers=actors["beheerder"].headers)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    total = next(r for r in rows if r["dimension"] == "total")
    assert total["demand"] == "<5"  # 3 children in all: the total is a small cell too
    assert all(r["demand"] == "<5" for r in rows if r["dimension"] == "wijk")
    assert "3" not in {r["demand"] for r in rows}
