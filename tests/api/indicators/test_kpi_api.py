"""The KPI report over HTTP and on the command line, on a hand-made history in organisation A:
six single-child requests from 2025 with their snapshot, decision and placement (worked out by
hand below), one request of organisation B that A never sees."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
from uuid import UUID

import asyncpg
import msgspec
from click.testing import CliRunner

from placement.cli import main
from tests.factories import Actors, make_school
from tests.factories_matching import make_carer, make_child

PERIOD = {"from": "2025-01-01", "to": "2025-12-31"}
# melding, placement start, end, end reason, chosen rank, override reason, school minutes after
CASES = [
    ("2025-01-06", "2025-01-13", "2025-06-01", "planned", 1, None, 12.0),          # 7 days
    ("2025-02-03", "2025-02-13", "2025-04-01", "breakdown_child", 1, None, 18.0),  # 10
    ("2025-03-03", "2025-03-24", "2025-09-01", "return_home", 2, "family_declined", 35.0),  # 21
    ("2025-04-01", "2025-04-04", "2025-05-01", "to_network", 1, None, 8.0),        # 3
    ("2025-05-05", "2025-06-16", None, None, 4, "other", 40.0),                    # 42
    ("2025-06-02", "2025-06-14", "2025-10-01", "planned", 1, None, 25.0),          # 12
]


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def moment(text: str) -> dt.datetime:
    return dt.datetime.combine(day(text), dt.time(10), tzinfo=dt.UTC)


async def snapshot(conn: asyncpg.Connection, request: UUID, org: UUID, child: UUID,
                   created: str, carers: list[UUID], minutes: float) -> UUID:
    options = [{"rank": n, "carer_id": str(c),
                "factors": [{"key": "school_travel", "raw": minutes, "unit": "min"}]}
               for n, c in enumerate(carers, start=1)]
    return await conn.fetchval(
        """INSERT INTO ranking_snapshots (request_id, organisation_id, kind, child_ids, inputs,
               result, top_carers, exclusion_summary, policy_version, asked_by_label, created_at)
           VALUES ($1, $2, 'single', $3, '{}'::jsonb, $4, $5, '{}'::jsonb,
                   (SELECT max(version) FROM matching_policies), 'test', $6)
           RETURNING id""", request, org, [child],
        msgspec.json.encode({"ranking": {"options": options}}), carers[:5], moment(created))


async def history(conn: asyncpg.Connection, actors: Actors) -> list[UUID]:
    school = await make_school(conn)
    carers = [await make_carer(conn, actors.org_a, f"Familie {n}", east=n, places=2)
              for n in range(7)]
    places = {c: [r["id"] for r in await conn.fetch(
        "SELECT id FROM places WHERE carer_id = $1 ORDER BY label", c)] for c in carers}
    for n, (melding, start, end, why, rank, reason, minutes) in enumerate(CASES):
        child = await make_child(conn, actors.org_a, f"KPI-{n}", school_id=school)
        request = await conn.fetchval(
            """INSERT INTO placement_requests (organisation_id, placement_type, desired_start,
                   status, created_at) VALUES ($1, 'long_term', $2, 'placed', $3) RETURNING id""",
            actors.org_a, day(start), moment(melding))
        await conn.execute("INSERT INTO placement_request_children VALUES ($1, $2)", request, child)
        # Familie 0 is on top of every ranking; the rest rotate behind it.
        ranked = [carers[0]] + [carers[1 + (n + k) % 6] for k in range(5)]
        shot = await snapshot(conn, request, actors.org_a, child, melding, ranked, minutes)
        chosen = ranked[rank - 1]
        decision = await conn.fetchval(
            """INSERT INTO decisions (request_id, organisation_id, snapshot_id, option_kind,
                   option_rank, chosen, reason_code, motivation, supply_counter_at_search,
                   supply_counter_at_decision, decided_by_label, decided_at)
               VALUES ($1, $2, $3, 'carer', $4, $5::jsonb, $6, $7, 1, 1, 'test', $8)
               RETURNING id""",
            request, actors.org_a, shot, rank,
            {"rank": rank, "carer_id": str(chosen),
             "factors": [{"key": "school_travel", "raw": minutes}]},
            reason, "Toelichting" if reason else None, moment(melding))
        await conn.execute(
            """INSERT INTO occupancies (place_id, child_id, request_id, decision_id, kind, period,
                   placement_type, status, end_reason)
               VALUES ($1, $2, $3, $4, 'placement', daterange($5, $6), 'long_term', $7, $8)""",
            places[chosen][n % 2], child, request, decision, day(start),
            day(end) if end else None, "ended" if end else "active", why)
    other = await make_child(conn, actors.org_b, "KPI-B")
    request_b = await conn.fetchval(
        """INSERT INTO placement_requests (organisation_id, placement_type, desired_start,
               created_at) VALUES ($1, 'long_term', '2025-03-01', $2) RETURNING id""",
        actors.org_b, moment("2025-02-01"))
    await conn.execute("INSERT INTO placement_request_children VALUES ($1, $2)", request_b, other)
    return carers


async def test_the_report_matches_the_hand_worked_figures(client, actors: Actors, conn) -> None:
    carers = await history(conn, actors)
    response = await client.get("/api/v1/reports/kpi", params=PERIOD,
                                headers=actors["plaatser"].headers)
    assert response.status_code == 200, response.text
    report = response.json()
    waits = report["time_to_placement"]
    # days 7 10 21 3 42 12 -> sorted 3 7 10 12 21 42: median 11, p90 = 6th value, 4 within 14
    assert waits["requests"] == 6 and waits["median_days"] == 11.0 and waits["p90_days"] == 42.0
    assert waits["within_target"] == "<5" and waits["share_within_target"] == 0.667
    ends = report["endings"]
    # five ended in 2025, one of them a breakdown: 4 of 5 as planned, under the 85% target
    assert ends["ended"] == 5 and ends["unplanned"] == "<5" and ends["share_planned"] == 0.8
    assert ends["meets_target"] is False
    overrides = report["overrides"]
    # ranks 1 1 2 1 4 1: two not on top, five from the top 3
    assert overrides["decisions"] == 6 and overrides["not_top"] == "<5"
    assert overrides["share_not_top"] == 0.333 and overrides["from_top3"] == 5
    assert overrides["share_from_top3"] == 0.833
    by_reason = {r["code"]: r["count"] for r in overrides["by_reason"]}
    assert by_reason["family_declined"] == "<5" and by_reason["other"] == "<5"
    load = report["proposal_load"]
    # Familie 0 is in all six top 5s and chosen four times; 6 x 5 = 30 appearances
    assert load["snapshots"] == 6 and load["appearances"] == 30
    top = load["carers"][0]
    assert top["carer_id"] == str(carers[0]) and top["in_top5"] == 6 and top["chosen"] == "<5"
    assert top["chosen_share"] == 0.667
    travel = report["school_travel"]
    # after: 12 18 35 8 40 25 -> median 21.5, 4 of 6 within 30 minutes
    assert travel["after_known"] == 6 and travel["after_median_minutes"] == 21.5
    assert travel["after_share_within_limit"] == 0.667
    assert travel["before_known"] == 6  # estimated from home; the school is near home

    entries = await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'report.kpi' AND actor_user_id = $1",
        actors["plaatser"].user_id)
    assert entries == 1


async def test_csv_and_the_other_organisation(client, actors: Actors, conn) -> None:
    await history(conn, actors)
    response = await client.get("/api/v1/reports/kpi.csv", params=PERIOD,
                                headers=actors["beheerder"].headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["section", "figure", "code", "label", "value"]
    values = {(r[0], r[1], r[2]): r[4] for r in rows[1:]}
    assert values[("overrides", "decisions", "")] == "6"
    assert values[("overrides", "by_reason", "family_declined")] == "<5"
    assert values[("time_to_placement", "median_days", "")] == "11.0"
    other = await client.get("/api/v1/reports/kpi", params=PERIOD,
                             headers=actors.b["plaatser"].headers)
    assert other.status_code == 200
    assert other.json()["overrides"]["decisions"] == "<5"
    assert other.json()["proposal_load"]["carers"] == []


async def test_recruiters_and_the_commission_are_refused(client, actors: Actors, conn) -> None:
    await history(conn, actors)
    for role in ("werver", "commissie"):
        response = await client.get("/api/v1/reports/kpi", params=PERIOD,
                                    headers=actors[role].headers)
        assert response.status_code == 403, role
    anonymous = await client.get("/api/v1/reports/kpi.csv", params=PERIOD)
    assert anonymous.status_code == 401


async def test_a_period_that_ends_before_it_starts_is_a_problem(client, actors: Actors) -> None:
    response = await client.get("/api/v1/reports/kpi", params={"from": "2025-06-01",
                                                               "to": "2025-01-01"},
                                headers=actors["plaatser"].headers)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert any(e["field"] == "from" for e in response.json()["errors"])
    bad = await client.get("/api/v1/reports/kpi", params={"from": "gisteren"},
                           headers=actors["plaatser"].headers)
    assert bad.status_code == 400


def kpi_cli(dsn: str, *args: str) -> CliRunner:
    return CliRunner().invoke(main, ["report", "kpi", *args], env={"DATABASE_URL": dsn})


async def test_the_command_line_prints_the_report(actors: Actors, conn, database_dsn: str) -> None:
    await history(conn, actors)
    result = await asyncio.to_thread(kpi_cli, database_dsn, "--from", "2025-01-01",
                                     "--to", "2025-12-31", "--csv")
    assert result.exit_code == 0, result.output
    assert "overrides,decisions,,,6" in result.output
    assert "time_to_placement,median_days,,,11.0" in result.output
    as_json = await asyncio.to_thread(kpi_cli, database_dsn, "--from", "2025-01-01",
                                      "--to", "2025-12-31", "--organisation", str(actors.org_a))
    assert as_json.exit_code == 0, as_json.output
    assert '"share_from_top3": 0.833' in as_json.output
    wrong = await asyncio.to_thread(kpi_cli, database_dsn, "--from", "2025-12-31",
                                    "--to", "2025-01-01")
    assert wrong.exit_code == 2 and "--from" in wrong.output
