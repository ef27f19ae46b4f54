"""HTTP handlers for the recruitment reports, reference lists and the purge."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Response, get, post

from placement.auth.access import allow
from placement.auth.principal import BEHEERDER, WERVER
from placement.core.providers import from_request
from placement.recruitment import reference
from placement.recruitment.leads.privacy import PrivacyService
from placement.recruitment.leads.schemas import PurgeResult
from placement.recruitment.reports.csv_export import funnel_csv, supply_gap_csv
from placement.recruitment.reports.schemas import FunnelReport, SupplyGapReport
from placement.recruitment.reports.service import ReportService
from placement.settings import Settings

CSV = "text/csv"


def _csv(text: str, name: str) -> Response[str]:
    return Response(text, media_type=CSV,
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


class RecruitmentReportController(Controller):
    path = "/api/v1/recruitment"
    tags = ["recruitment"]
    dependencies = {"reports": from_request(ReportService),
                    "privacy": from_request(PrivacyService)}

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

    @post("/purge", **allow(WERVER), status_code=200,
          summary="Erase leads that dropped out longer ago than the retention period")
    async def purge(self, privacy: PrivacyService, settings: Settings,
                    dry_run: bool = True) -> PurgeResult:
        erased = await privacy.purge(retention_months=settings.recruitment_retention_months,
                                     dry_run=dry_run)
        return PurgeResult(dry_run=dry_run, retention_months=settings.recruitment_retention_months,
                           erased=erased)

    @get("/reference", **allow(WERVER, BEHEERDER),
         summary="Stages, reason codes, channels, age bands and consent purposes")
    async def reference_lists(self) -> dict[str, Any]:
        return {
            "path": list(reference.PATH),
            "stages": list(reference.STAGES),
            "reason_codes": reference.REASON_CODES,
            "channels": reference.CHANNELS,
            "age_bands": list(reference.AGE_BAND_CODES),
            "consent_purposes": reference.CONSENT_PURPOSES,
            "task_kinds": list(reference.TASK_KINDS),
        }
