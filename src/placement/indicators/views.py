"""The KPI dashboard page (/kpi) for placement officers and administrators: the report of
their own organisation (KpiService: scope, period check, audit entry) with server-drawn SVG
charts (charts.py) and the figures as tables."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import get
from litestar.params import QueryParameter
from litestar.response import Template

from placement.auth.access import allow
from placement.auth.principal import BEHEERDER, PLAATSER, Principal
from placement.core.providers import from_request
from placement.indicators.charts import counts_chart, load_chart, percent, targets_chart
from placement.indicators.service import KpiService
from placement.web.page_helpers import PageController, page


class KpiPages(PageController):
    path = "/kpi"
    dependencies = {"kpis": from_request(KpiService)}

    @get("/", **allow(PLAATSER, BEHEERDER))
    async def dashboard(
        self, principal: Principal, kpis: KpiService,
        start: Annotated[dt.date | None, QueryParameter(name="from")] = None,
        end: Annotated[dt.date | None, QueryParameter(name="to")] = None,
    ) -> Template:
        report = await kpis.report(start, end)
        return page("indicators/dashboard.html", context={
            "principal": principal, "report": report, "percent": percent,
            "targets": targets_chart(report),
            "overrides": counts_chart(report.overrides.by_reason),
            "endings": counts_chart(report.endings.by_reason),
            "splits": counts_chart(report.siblings.split_reasons),
            "load": load_chart(report.proposal_load.carers)})
