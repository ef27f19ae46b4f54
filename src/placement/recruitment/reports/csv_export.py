"""CSV versions of the recruitment reports (one row per figure, for spreadsheets)."""

from __future__ import annotations

import csv
import io

from placement.recruitment.reports.schemas import FunnelGroupOut, FunnelReport, SupplyGapReport


def _text(rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue()


def funnel_csv(report: FunnelReport) -> str:
    rows: list[list[object]] = [[
        "grouping", "campaign_code", "channel", "stage", "reached", "current", "conversion",
        "median_days_in_stage", "leads", "approved", "median_days_to_approval"]]

    def add(grouping: str, group: FunnelGroupOut) -> None:
        for stage in group.stages:
            rows.append([grouping, group.campaign_code, group.channel, stage.stage, stage.reached,
                         stage.current, stage.conversion, stage.median_days_in_stage,
                         group.leads, group.approved, group.median_days_to_approval])
        for drop in group.dropouts:
            rows.append([grouping, group.campaign_code, group.channel,
                         f"{drop.outcome}:{drop.reason_code}@{drop.left_at_stage}", drop.count,
                         "", "", "", group.leads, group.approved, ""])

    add("overall", report.overall)
    for group in report.by_campaign:
        add("campaign", group)
    for group in report.by_channel:
        add("channel", group)
    for group in report.by_campaign_and_channel:
        add("campaign_channel", group)
    return _text(rows)


def supply_gap_csv(report: SupplyGapReport) -> str:
    rows: list[list[object]] = [["dimension", "key", "label", "demand", "free_places", "gap",
                                 "rank"]]
    for dim in report.dimensions:
        for cell in dim.cells:
            rows.append([dim.dimension, cell.key, cell.label, cell.demand, cell.free_places,
                         cell.gap, cell.rank])
    rows.append(["total", "", "", report.total_demand, report.total_free_places, "", ""])
    return _text(rows)
