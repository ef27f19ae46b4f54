"""Server-rendered pages for the recruitment team (werving): campaigns and their funnel, leads,
overdue tasks and the shortage of places per wijk.

The pages call the recruitment services only (scope, audit and suppression live there); the
charts are inline SVG drawn from charts.py, with no scripts or inline styles.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from litestar import get
from litestar.params import Parameter
from litestar.response import Template

from placement.auth.access import allow
from placement.auth.principal import BEHEERDER, WERVER, Principal
from placement.core.errors import ValidationFailed
from placement.core.providers import from_request
from placement.recruitment.campaigns.service import CampaignService
from placement.recruitment.leads.service import LeadService
from placement.recruitment.leads.tasks import TaskService
from placement.recruitment.reference import CHANNELS, REASON_CODES, STAGES
from placement.recruitment.reports.charts import (
    STAGE_LABELS,
    funnel_chart,
    gap_chart,
    percent,
    shown_demand,
)
from placement.recruitment.reports.schemas import FunnelGroupOut
from placement.recruitment.reports.service import ReportService
from placement.web.labels import local_time
from placement.web.page_helpers import PageController, page

DIMENSION_LABELS = {"wijk": "Wijk", "age_band": "Leeftijd", "need": "Zorgbehoefte",
                    "placement_type": "Pleegzorgvorm"}
LEADS_PER_PAGE = 100


def local_day(moment: dt.datetime) -> str:
    """The Dutch calendar day of a stored moment (UTC): near midnight the UTC day is another."""
    return local_time(moment)[:10]


def _page(name: str, principal: Principal, **context: Any) -> Template:
    return page(f"recruitment/{name}", context={
        "principal": principal, "is_werver": principal.has(WERVER),
        "stage_labels": STAGE_LABELS, "channel_labels": CHANNELS, "percent": percent,
        **context})


def _funnel_view(group: FunnelGroupOut) -> dict[str, Any]:
    dropouts = [{"outcome": STAGE_LABELS.get(d.outcome, d.outcome),
                 "reason": REASON_CODES.get(d.outcome, {}).get(d.reason_code, d.reason_code),
                 "left_at": STAGE_LABELS.get(d.left_at_stage, d.left_at_stage or "–"),
                 "count": d.count} for d in group.dropouts]
    return {"leads": group.leads, "approved": group.approved,
            "approval_rate": percent(group.approval_rate), "chart": funnel_chart(group.stages),
            "dropouts": sorted(dropouts, key=lambda d: -d["count"])}


class RecruitmentPages(PageController):
    path = "/werving"
    dependencies = {
        "reports": from_request(ReportService),
        "campaigns": from_request(CampaignService),
        "leads": from_request(LeadService),
        "tasks": from_request(TaskService),
    }

    @get("/", **allow(WERVER, BEHEERDER))
    async def overview(self, principal: Principal, reports: ReportService,
                       campaigns: CampaignService) -> Template:
        report = await reports.funnel()
        by_code = {g.campaign_code: g for g in report.by_campaign}
        rows = []
        for campaign in await campaigns.list(None):
            group = by_code.pop(campaign.code, None)
            rows.append({"campaign": campaign, "funnel": _funnel_view(group) if group else None})
        without = by_code.pop(None, None)
        return _page("overview.html", principal, rows=rows,
                     overall=_funnel_view(report.overall) if report.overall.leads else None,
                     without_campaign=_funnel_view(without) if without else None)

    @get("/aanmeldingen", **allow(WERVER))
    async def leads_page(
        self, principal: Principal, leads: LeadService, tasks: TaskService,
        campaigns: CampaignService, stage: str | None = None,
        campaign: Annotated[str | None, Parameter(max_length=40)] = None,
        offset: Annotated[int, Parameter(ge=0)] = 0,
    ) -> Template:
        stage = stage or None
        campaign = campaign or None
        if stage is not None and stage not in STAGES:
            raise ValidationFailed.field("stage", "onbekende fase")
        page = await leads.list(stage=stage, campaign_code=campaign, assigned_user_id=None,
                                include_merged=False, limit=LEADS_PER_PAGE, offset=offset)
        overdue = await tasks.overdue()
        late = {t.lead_id for group in overdue.by_recruiter for t in group.tasks}
        return _page("leads.html", principal, page=page, overdue_leads=late, day=local_day,
                     stages=STAGES, campaigns=await campaigns.list(None),
                     chosen_stage=stage or "", chosen_campaign=campaign or "",
                     next_offset=offset + LEADS_PER_PAGE
                     if offset + LEADS_PER_PAGE < page.total else None,
                     previous_offset=max(0, offset - LEADS_PER_PAGE) if offset else None)

    @get("/taken", **allow(WERVER))
    async def overdue_tasks(self, principal: Principal, tasks: TaskService,
                            as_of: dt.date | None = None) -> Template:
        return _page("tasks.html", principal, report=await tasks.overdue(as_of))

    @get("/tekort", **allow(WERVER, BEHEERDER))
    async def shortage(self, principal: Principal, reports: ReportService,
                       as_of: dt.date | None = None) -> Template:
        report = await reports.supply_gap(as_of)
        wijken = next(d for d in report.dimensions if d.dimension == "wijk")
        return _page("shortage.html", principal, report=report,
                     chart=gap_chart(wijken.cells), shown=shown_demand,
                     dimension_labels=DIMENSION_LABELS,
                     total_demand=shown_demand(report.total_demand))
