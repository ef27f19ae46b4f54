"""HTTP handlers of the KPI report: JSON and CSV, for the caller's own organisation."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import Controller, Response, get
from litestar.params import QueryParameter

from placement.auth.access import allow
from placement.auth.principal import BEHEERDER, PLAATSER
from placement.core.providers import from_request
from placement.indicators.csv_export import report_csv
from placement.indicators.schemas import KpiReport
from placement.indicators.service import KpiService

From = Annotated[dt.date | None, QueryParameter(name="from", description="First day (default: a "
                                           "year before 'to')")]
To = Annotated[dt.date | None, QueryParameter(name="to", description="Last day (default: today)")]


class KpiController(Controller):
    path = "/api/v1/reports"
    tags = ["indicators"]
    dependencies = {"kpis": from_request(KpiService)}

    @get("/kpi", **allow(PLAATSER, BEHEERDER),
         summary="The policy's KPIs, overrides and proposal load for your organisation")
    async def report(self, kpis: KpiService, start: From = None, end: To = None) -> KpiReport:
        return await kpis.report(start, end)

    @get("/kpi.csv", **allow(PLAATSER, BEHEERDER), media_type="text/csv",
         summary="The KPI report as CSV, one row per figure")
    async def report_csv(self, kpis: KpiService, start: From = None,
                         end: To = None) -> Response[str]:
        report = await kpis.report(start, end)
        return Response(report_csv(report), media_type="text/csv", headers={
            "Content-Disposition": 'attachment; filename="kpi.csv"'})
