"""HTTP handlers for the recruitment reports (JSON and CSV)."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Response, get

from placement.auth.access import allow
from placement.auth.principal import BEHEERDER, WERVER
from placement.core.providers import from_request
from placement.recruitment.reports.csv_export import funnel_csv, supply_gap_csv
from placement.recruitment.reports.schemas import FunnelReport, SupplyGapReport
from placement.recruitment.reports.service import ReportService

CSV = "text/csv"


def _csv(text: str, name: str) -> Response[str]:
    return Response(text, media_type=CSV,
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


class RecruitmentReportController(Controller):
    path = "/api/v1/recruitment"
    tags = ["recruitment"]
    dependencies = {"reports": from_request(ReportService)}

    @get("/reports/funnel", **allow(WERVER, BEHEERDER),
         summary="The funnel per campaign and channel")
    async def funnel(self, reports: ReportService, campaign: str | None = None,
                     registered_from: dt.date | None = None,
                     registered_until: dt.date | None = None) -> FunnelReport:
        return await reports.funnel(campaign_code=campaign, registered_from=registered_from,
                                    registered_until=registered_until)

    @get("/reports/funnel.csv", **allow(WERVER, BEHEERDER), media_type=CSV,
         summary="The funnel as CSV, one row per stage and per drop-out reason")
    async def funnel_csv(self, reports: ReportService, campaign: str | None = None,
                         registered_from: dt.date | None = None,
                         registered_until: dt.date | None = None) -> Response[str]:
        report = await reports.funnel(campaign_code=campaign, registered_from=registered_from,
                                      registered_until=registered_until)
        return _csv(funnel_csv(report), "funnel")

    @get("/reports/supply-gap", **allow(WERVER, BEHEERDER),
         summary="Where new families are needed most: open demand against free places")
    async def supply_gap(self, reports: ReportService,
                         as_of: dt.date | None = None) -> SupplyGapReport:
        return await reports.supply_gap(as_of)

    @get("/reports/supply-gap.csv", **allow(WERVER, BEHEERDER), media_type=CSV,
         summary="The supply gap as CSV, one row per cell")
    async def supply_gap_csv(self, reports: ReportService,
                             as_of: dt.date | None = None) -> Response[str]:
        return _csv(supply_gap_csv(await reports.supply_gap(as_of)), "supply-gap")
