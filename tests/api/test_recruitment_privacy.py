"""Privacy: `placement recruitment purge` erases exactly the leads that dropped out longer ago
than the retention period without consent to be kept; erasure on request; funnel facts stay."""

from __future__ import annotations

import asyncio
import datetime as dt

from click.testing import CliRunner

from placement.cli import main
from tests.api.recruitment_helpers import CAMPAIGN, make_campaign, make_lead, move
from tests.factories import Actors

NOW = dt.datetime.now(dt.UTC)


def ago(days: int) -> str:
    return (NOW - dt.timedelta(days=days)).isoformat()


async def dropped(client, headers, name: str, *, left_days_ago: int, keep: bool = False,
                  stage: str = "afgehaakt", reason: str = "geen_tijd") -> dict:  # type: ignore[no-untyped-def]
    consents = [{"purpose": "contact", "text_version": "2025-01"}]
    if keep:
        consents.append({"purpose": "keep_after_dropout", "text_version": "2025-01"})
    lead = await make_lead(client, headers, full_name=name, email=f"{name.split()[0].lower()}@x.test",
                           phone=None, campaign_code=CAMPAIGN, consents=consents,
                           registered_at=ago(left_days_ago + 60))
    lead = await move(client, headers, lead, "informatieavond", occurred_at=ago(left_days_ago + 30))
    return await move(client, headers, lead, stage, reason_code=reason,
                      occurred_at=ago(left_days_ago))


def purge_cli(dsn: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["recruitment", "purge", *args],
                                env={"DATABASE_URL": dsn, "PLACEMENT_RECRUITMENT_RETENTION_MONTHS": "12"})
    assert result.exit_code == 0, result.output
    return result.output


async def test_purge_erases_exactly_the_expired_dropouts(client, actors: Actors, conn,
                                                         database_dsn: str) -> None:
    a, b = actors.a["werver"].headers, actors.b["werver"].headers
    await make_campaign(client, a)
    expired = await dropped(client, a, "Bram Vos", left_days_ago=400)
    rejected = await dropped(client, a, "Eva Mulder", left_days_ago=420, stage="afgewezen",
                             reason="draagkracht")
    kept_by_consent = await dropped(client, a, "Lotte Dekker", left_days_ago=400, keep=True)
    withdrawn = await dropped(client, a, "Daan Peters", left_days_ago=400, keep=True)
    keep_consent = next(c for c in withdrawn["consents"] if c["purpose"] == "keep_after_dropout")
    response = await client.post(f"/api/v1/recruitment/leads/{withdrawn['id']}/consents/"
                                 f"{keep_consent['id']}/withdraw", headers=a)
    assert response.status_code == 200, response.text
    recent = await dropped(client, a, "Fleur Hendriks", left_days_ago=300)
    still_going = await make_lead(client, a, full_name="Ruben Bos", email="ruben@x.test",
                                  phone=None, registered_at=ago(800))
    other_org = await dropped(client, b, "Noor Jacobs", left_days_ago=500)

    should_go = {expired["id"], rejected["id"], withdrawn["id"], other_org["id"]}
    dry = await asyncio.to_thread(purge_cli, database_dsn, "--dry-run")
    assert "would erase 4 lead(s)" in dry
    assert {line.strip() for line in dry.splitlines()[1:]} == should_go
    assert await conn.fetchval("SELECT count(*) FROM recruitment_leads WHERE erased_at IS NOT NULL") == 0

    done = await asyncio.to_thread(purge_cli, database_dsn)
    assert "erased 4 lead(s)" in done
    rows = {str(r["id"]): r for r in await conn.fetch("SELECT * FROM recruitment_leads")}
    for lead_id in should_go:
        row = rows[lead_id]
        assert row["erased_at"] is not None
        assert (row["full_name"], row["email"], row["phone"], row["latitude"]) == (None,) * 4
        assert row["postcode"] == row["pc4"] == "3564"  # PC4 area only
        assert row["stage"] in ("afgehaakt", "afgewezen") and row["outcome_reason"]
    for lead in (kept_by_consent, recent, still_going):
        row = rows[lead["id"]]
        assert row["erased_at"] is None and row["full_name"] == lead["full_name"]
    events = await conn.fetchval("SELECT count(*) FROM recruitment_stage_events WHERE lead_id = $1",
                                 expired["id"])
    assert events == 4  # aanmelding, skipped informatiepakket, informatieavond, afgehaakt
    funnel = await client.get(f"/api/v1/recruitment/reports/funnel?campaign={CAMPAIGN}",
                              headers=a)
    assert funnel.json()["overall"]["leads"] == 5

    again = await asyncio.to_thread(purge_cli, database_dsn)
    assert "erased 0 lead(s)" in again
    audit = await conn.fetchval("SELECT count(*) FROM audit_log WHERE action = 'lead.purge'")
    assert audit == 1


async def test_erasure_on_request_takes_merged_duplicates_along(client, actors: Actors,
                                                                conn) -> None:
    headers = actors["werver"].headers
    lead = await make_lead(client, headers)
    twin = await make_lead(client, headers, email=None)  # same phone: flagged
    merged = await client.post(f"/api/v1/recruitment/leads/{lead['id']}/merge",
                               json={"other_lead_id": twin["id"]}, headers=headers)
    assert merged.status_code == 200
    response = await client.delete(f"/api/v1/recruitment/leads/{lead['id']}", headers=headers)
    assert response.status_code == 204, response.text
    names = await conn.fetch("SELECT full_name, phone, erased_at FROM recruitment_leads")
    assert all(r["full_name"] is None and r["phone"] is None and r["erased_at"] for r in names)
    read = await client.get(f"/api/v1/recruitment/leads/{lead['id']}", headers=headers)
    assert read.json()["full_name"] is None and read.json()["stage"] == "aanmelding"
    twice = await client.delete(f"/api/v1/recruitment/leads/{lead['id']}", headers=headers)
    assert twice.status_code == 409
