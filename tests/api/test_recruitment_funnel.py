"""The funnel on a hand-made set of leads matches figures computed by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io

from tests.api.recruitment_helpers import make_campaign, make_lead, move
from tests.factories import Actors

START = dt.datetime(2025, 9, 1, 9, 0, tzinfo=dt.UTC)


def day(n: int) -> str:
    return (START + dt.timedelta(days=n)).isoformat()


async def path(client, headers, n: int, campaign: str, channel: str,  # type: ignore[no-untyped-def]
               steps: list[tuple[int, str, dict]]) -> dict:
    lead = await make_lead(client, headers, full_name=f"Lead Nummer {n}", email=f"lead{n}@x.test",
                           phone=None, postcode=f"35{11 + n}", campaign_code=campaign,
                           heard_via=channel, registered_at=day(0))
    for when, stage, extra in steps:
        lead = await move(client, headers, lead, stage, occurred_at=day(when), **extra)
    return lead


async def hand_made_leads(client, headers) -> None:  # type: ignore[no-untyped-def]
    await make_campaign(client, headers, code="CAMPAGNE-A")
    await make_campaign(client, headers, code="CAMPAGNE-B")
    await path(client, headers, 1, "CAMPAGNE-A", "social", [
        (2, "informatiepakket", {}), (10, "informatieavond", {}),
        (12, "afgehaakt", {"reason_code": "geen_tijd"})])
    await path(client, headers, 2, "CAMPAGNE-A", "social", [
        (4, "informatiepakket", {}), (20, "kennismakingsgesprek", {}),  # skips informatieavond
        (30, "voorbereiding", {}), (60, "screening", {}), (90, "geschiktheidsbesluit", {}),
        (100, "goedgekeurd", {})])
    await path(client, headers, 3, "CAMPAGNE-A", "krant", [
        (6, "informatiepakket", {}), (16, "afgehaakt", {"reason_code": "niet_bereikbaar"})])
    await path(client, headers, 4, "CAMPAGNE-B", "krant", [])


def by_stage(group: dict) -> dict[str, tuple]:
    return {s["stage"]: (s["reached"], s["current"], s["conversion"], s["median_days_in_stage"])
            for s in group["stages"]}


async def test_funnel_figures_match_the_hand_computed_ones(client, actors: Actors) -> None:
    headers = actors["werver"].headers
    await hand_made_leads(client, headers)
    response = await client.get("/api/v1/recruitment/reports/funnel", headers=headers)
    assert response.status_code == 200, response.text
    report = response.json()
    overall = report["overall"]
    assert (overall["leads"], overall["approved"], overall["approval_rate"]) == (4, 1, 0.25)
    assert overall["median_days_to_approval"] == 100.0
    assert by_stage(overall) == {
        # stage: (reached, current, conversion from previous, median days in stage)
        "aanmelding": (4, 1, None, 4.0),          # stays 2, 4 and 6 days; lead 4 still there
        "informatiepakket": (3, 0, 0.75, 10.0),   # 8, 16 and 10 days
        "informatieavond": (2, 0, 0.667, 2.0),    # lead 2 skipped it: passed, no time
        "kennismakingsgesprek": (1, 0, 0.5, 10.0),
        "voorbereiding": (1, 0, 1.0, 30.0),
        "screening": (1, 0, 1.0, 30.0),
        "geschiktheidsbesluit": (1, 0, 1.0, 10.0),
        "goedgekeurd": (1, 1, 1.0, None),
        "afgehaakt": (2, 2, None, None),
        "afgewezen": (0, 0, None, None),
    }
    assert overall["dropouts"] == [
        {"outcome": "afgehaakt", "reason_code": "geen_tijd", "left_at_stage": "informatieavond",
         "count": 1},
        {"outcome": "afgehaakt", "reason_code": "niet_bereikbaar",
         "left_at_stage": "informatiepakket", "count": 1},
    ]
    campaigns = {g["campaign_code"]: g for g in report["by_campaign"]}
    assert {code: g["leads"] for code, g in campaigns.items()} == {"CAMPAGNE-A": 3, "CAMPAGNE-B": 1}
    assert by_stage(campaigns["CAMPAGNE-A"])["informatiepakket"] == (3, 0, 1.0, 10.0)
    assert by_stage(campaigns["CAMPAGNE-B"])["aanmelding"] == (1, 1, None, None)
    channels = {g["channel"]: g for g in report["by_channel"]}
    assert by_stage(channels["krant"])["aanmelding"] == (2, 1, None, 6.0)
    assert by_stage(channels["krant"])["informatiepakket"] == (1, 0, 0.5, 10.0)
    assert channels["social"]["approved"] == 1
    pairs = {(g["campaign_code"], g["channel"]): g["leads"] for g in report["by_campaign_and_channel"]}
    assert pairs == {("CAMPAGNE-A", "krant"): 1, ("CAMPAGNE-A", "social"): 2,
                     ("CAMPAGNE-B", "krant"): 1}


async def test_funnel_as_csv(client, actors: Actors) -> None:
    headers = actors["werver"].headers
    await hand_made_leads(client, headers)
    response = await client.get("/api/v1/recruitment/reports/funnel.csv", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    overall = {r["stage"]: r for r in rows if r["grouping"] == "overall"}
    assert overall["informatiepakket"]["reached"] == "3"
    assert overall["informatiepakket"]["conversion"] == "0.75"
    assert overall["afgehaakt:geen_tijd@informatieavond"]["reached"] == "1"


async def test_funnel_is_for_recruiters_and_administrators_only(client, actors: Actors) -> None:
    url = "/api/v1/recruitment/reports/funnel"
    assert (await client.get(url, headers=actors["beheerder"].headers)).status_code == 200
    assert (await client.get(url, headers=actors["plaatser"].headers)).status_code == 403
