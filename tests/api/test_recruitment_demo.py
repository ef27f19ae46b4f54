"""The demo leads: deterministic, consistent with the stage rules, approvals became carers."""

from __future__ import annotations

import datetime as dt

from placement.auth.principal import system_principal
from placement.geo.service import GeoIndex, seed_utrecht
from placement.recruitment.demo import load_demo_leads
from placement.recruitment.reference import PATH
from placement.recruitment.reports import queries as report_queries
from placement.recruitment.reports.service import funnel_report, paths_from_rows
from placement.settings import Settings
from tests.factories import make_organisation

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


async def test_demo_leads_follow_the_rules(conn) -> None:
    await seed_utrecht(conn, Settings().geodata_dir)
    geo = await GeoIndex().load(conn)
    org = await make_organisation(conn, "Werving (test)", "recruitment")
    async with conn.transaction():
        await load_demo_leads(conn, geo, system_principal("test"), org, seed=3, count=60, now=NOW)
    rows = await report_queries.funnel_events(conn, scope_org=None, campaign_code=None,
                                              registered_from=None, registered_until=None)
    report = funnel_report(paths_from_rows(rows), NOW)
    path_reached = [s.reached for s in report.overall.stages][:len(PATH) + 1]
    assert report.overall.leads == 60
    assert path_reached == sorted(path_reached, reverse=True)
    approved = await conn.fetchval("SELECT count(*) FROM recruitment_leads WHERE stage = 'goedgekeurd'")
    with_carer = await conn.fetchval("SELECT count(*) FROM recruitment_leads l JOIN carers c "
                                     "ON c.id = l.carer_id WHERE c.status = 'active'")
    assert approved == with_carer == report.overall.approved
    skipped = await conn.fetchval("SELECT count(*) FROM recruitment_stage_events "
                                  "WHERE how = 'skipped'")
    assert skipped > 0  # some came straight to a conversation, and it shows
    assert not await conn.fetchval("SELECT count(*) FROM recruitment_leads WHERE registered_at > $1",
                                   NOW)
