"""The recruitment reports: the funnel per campaign and channel, and the supply gap."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from uuid import UUID

import asyncpg

from placement.audit.service import record
from placement.auth.principal import Principal
from placement.core.clock import local_today
from placement.core.database import Database
from placement.recruitment.common import report_scope
from placement.recruitment.reference import AGE_BAND_CODES, PLACEMENT_TYPES
from placement.recruitment.reports import queries, supply_gap
from placement.recruitment.reports.funnel import Event, LeadPath, funnel
from placement.recruitment.reports.schemas import (
    DropoutOut,
    FunnelGroupOut,
    FunnelReport,
    StageFiguresOut,
    SupplyGapReport,
)

SUPPLY_HORIZON_MONTHS = 3
PLACEMENT_TYPE_LABELS = {
    "crisis": "Crisisopvang", "short_term": "Perspectiefzoekend", "long_term": "Perspectiefbiedend",
    "part_time": "Deeltijd/weekend", "family_home": "Gezinshuis",
}
UNKNOWN_WIJK = "Onbekend of buiten Utrecht"


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for candidate in range(day.day, 0, -1):
        try:
            return dt.date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def paths_from_rows(rows: Iterable[asyncpg.Record]) -> list[LeadPath]:
    events: dict[UUID, list[Event]] = defaultdict(list)
    heads: dict[UUID, asyncpg.Record] = {}
    for row in rows:
        heads.setdefault(row["lead_id"], row)
        events[row["lead_id"]].append(Event(row["stage"], row["how"], row["occurred_at"],
                                            row["from_stage"], row["reason_code"]))
    return [LeadPath(lead_id, head["campaign_code"], head["channel"], head["lead_stage"],
                     events[lead_id]) for lead_id, head in heads.items()]


def group_out(paths: list[LeadPath], campaign: str | None, channel: str | None) -> FunnelGroupOut:
    figures = funnel(paths)
    return FunnelGroupOut(
        campaign_code=campaign, channel=channel, leads=figures.leads, approved=figures.approved,
        approval_rate=figures.approval_rate,
        median_days_to_approval=figures.median_days_to_approval,
        stages=[StageFiguresOut(**s._asdict()) for s in figures.stages],
        dropouts=[DropoutOut(**d._asdict()) for d in figures.dropouts])


def _grouped(paths: list[LeadPath], key: Callable[[LeadPath], tuple[str | None, str | None]]
             ) -> list[FunnelGroupOut]:
    groups: dict[tuple[str | None, str | None], list[LeadPath]] = defaultdict(list)
    for path in paths:
        groups[key(path)].append(path)
    return [group_out(members, *k)
            for k, members in sorted(groups.items(), key=lambda kv: tuple(x or "" for x in kv[0]))]


def funnel_report(paths: list[LeadPath], now: dt.datetime) -> FunnelReport:
    return FunnelReport(
        generated_at=now, overall=group_out(paths, None, None),
        by_campaign=_grouped(paths, lambda p: (p.campaign_code, None)),
        by_channel=_grouped(paths, lambda p: (None, p.channel)),
        by_campaign_and_channel=_grouped(paths, lambda p: (p.campaign_code, p.channel)),
    )


class ReportService:
    def __init__(self, db: Database, principal: Principal) -> None:
        self.db, self.principal = db, principal

    async def funnel(self, *, campaign_code: str | None = None,
                     registered_from: dt.date | None = None,
                     registered_until: dt.date | None = None) -> FunnelReport:
        scope = report_scope(self.principal)
        async with self.db.transaction() as conn:
            rows = await queries.funnel_events(
                conn, scope_org=scope, campaign_code=campaign_code,
                registered_from=registered_from, registered_until=registered_until)
            await record(conn, self.principal, "report.funnel", "recruitment_report",
                         detail={"campaign_code": campaign_code})
        return funnel_report(paths_from_rows(rows), dt.datetime.now(dt.UTC))

    async def supply_gap(self, as_of: dt.date | None = None) -> SupplyGapReport:
        """Region-wide: all waiting children and all free places, as counts only. Not a read of
        any child's file, but logged as a report read."""
        report_scope(self.principal)
        today = as_of or local_today()
        until = add_months(today, SUPPLY_HORIZON_MONTHS)
        async with self.db.transaction() as conn:
            counts = await queries.demand_counts(conn, today)
            by_need = await queries.demand_by_need(conn, today)
            supply = await queries.free_supply(conn, today, until)
            names = await queries.labels(conn)
            await record(conn, self.principal, "report.supply_gap", "recruitment_report",
                         detail={"as_of": today.isoformat(), "aggregate_only": True})
        demand: dict[str, dict[str | None, int]] = defaultdict(dict)
        for row in counts:
            demand[row["dimension"]][row["key"]] = row["children"]
        demand["need"] = {r["key"]: r["children"] for r in by_need}
        wijk_keys: list[tuple[str | None, str]] = sorted(names["wijk"].items(), key=lambda kv: kv[1])
        wijk_keys.append((None, UNKNOWN_WIJK))
        dimensions = [
            supply_gap.dimension("wijk", wijk_keys, demand["wijk"], supply["wijk"]),
            supply_gap.dimension("age_band", [(b, f"{b} jaar") for b in AGE_BAND_CODES],
                                 demand["age_band"], supply["age_band"]),
            supply_gap.dimension("need", sorted(names["need"].items(), key=lambda kv: kv[1]),
                                 demand["need"], supply["need"]),
            supply_gap.dimension("placement_type",
                                 [(t, PLACEMENT_TYPE_LABELS[t]) for t in PLACEMENT_TYPES],
                                 demand["placement_type"], supply["placement_type"]),
        ]
        total = demand["total"].get(None, 0)
        return SupplyGapReport(
            as_of=today, free_until=until, threshold=supply_gap.THRESHOLD,
            total_demand=supply_gap.shown(total), total_free_places=supply["total"][None],
            dimensions=dimensions, suppression=supply_gap.SUPPRESSION_NOTE)
