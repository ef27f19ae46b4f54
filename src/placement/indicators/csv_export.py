"""The KPI report as CSV: one row per figure (section, figure, code, label, value), for
spreadsheets. Counts keep their "<5"; figures not shown are empty. The per-split case list of
the JSON report is left out: the CSV is the version that may be passed on."""

from __future__ import annotations

import csv
import io

import msgspec

from placement.indicators.schemas import KpiReport, ReasonCountOut

SECTIONS = ("time_to_placement", "endings", "siblings", "school_travel", "crisis", "moves",
            "overrides", "proposal_load")


def report_csv(report: KpiReport) -> str:
    rows: list[list[object]] = [["section", "figure", "code", "label", "value"]]
    rows.append(["period", "from", "", "", report.period_from.isoformat()])
    rows.append(["period", "to", "", "", report.period_to.isoformat()])
    rows.append(["period", "as_of", "", "", report.as_of.isoformat()])
    for name in SECTIONS:
        section = getattr(report, name)
        for figure, value in msgspec.structs.asdict(section).items():
            if figure in ("splits", "carers"):
                continue
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ReasonCountOut):
                        rows.append([name, figure, item.code, item.label, item.count])
                continue
            rows.append([name, figure, "", "", value])
    for carer in report.proposal_load.carers:
        rows.append(["proposal_load", "carer_in_top5", str(carer.carer_id), carer.carer_name,
                     carer.in_top5])
        rows.append(["proposal_load", "carer_chosen", str(carer.carer_id), carer.carer_name,
                     carer.chosen])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue()
