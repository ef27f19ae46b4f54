"""Geometry of the KPI dashboard's charts (pure): the template draws them as inline SVG, in the
style of the recruitment charts (recruitment/reports/charts.py), without scripts or inline styles.

A figure the report does not show (a "<5" count, a share over fewer than 5 cases) gets no bar,
only its label, so no hidden number can be read off a length."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from placement.indicators.schemas import CarerLoadOut, KpiReport, ReasonCountOut

WIDTH = 900
LABEL_WIDTH = 380  # room for the longest reason (the suspected-abuse split reason)
BAR_SPACE = 330
ROW = 30
BAR_HEIGHT = 20


def percent(fraction: float | None) -> str:
    return "–" if fraction is None else f"{round(fraction * 100)}%"


@dataclass(frozen=True)
class Bar:
    label: str
    value: str  # as the report shows it
    width: float | None  # None: not drawn (not shown in the report)
    y: int
    target_x: float | None = None  # a target line, for shares with a target
    target_label: str = ""
    second: str = ""  # a second figure after the value (e.g. "4 gekozen")


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_x: int
    label_x: int
    bar_height: int
    bars: list[Bar]


def _chart(bars: list[Bar]) -> Chart:
    return Chart(width=WIDTH, height=8 + len(bars) * ROW, bar_x=LABEL_WIDTH,
                 label_x=LABEL_WIDTH - 8, bar_height=BAR_HEIGHT, bars=bars)


def targets_chart(report: KpiReport) -> Chart:
    """The shares the policy cares about, on one 0-100% scale, with the target where there is
    one (85% ended as planned)."""
    rows: list[tuple[str, float | None, float | None]] = [
        ("Geplaatst binnen 14 dagen na melding", report.time_to_placement.share_within_target,
         None),
        ("Beëindigd volgens plan (doel 85%)", report.endings.share_planned,
         report.endings.target_share),
        ("Broers en zussen samen geplaatst", report.siblings.share_together, None),
        ("School binnen 30 min, vóór plaatsing", report.school_travel.before_share_within_limit,
         None),
        ("School binnen 30 min, na plaatsing", report.school_travel.after_share_within_limit,
         None),
        ("Bovenste optie gekozen", None if report.overrides.share_not_top is None
         else round(1 - report.overrides.share_not_top, 3), None),
        ("Crisisplaatsingen van alle starts", report.crisis.share_of_all_starts, None),
    ]
    bars = []
    for n, (label, share, target) in enumerate(rows):
        bars.append(Bar(
            label=label, value=percent(share) if share is not None else "te weinig gevallen",
            width=None if share is None else round(BAR_SPACE * share, 1), y=4 + n * ROW,
            target_x=None if target is None else round(LABEL_WIDTH + BAR_SPACE * target, 1),
            target_label=percent(target) if target is not None else ""))
    return _chart(bars)


def counts_chart(rows: Sequence[ReasonCountOut]) -> Chart:
    """One bar per reason; a "<5" count is written, not drawn."""
    largest = max((r.count for r in rows if isinstance(r.count, int)), default=0) or 1
    return _chart([Bar(label=r.label, value=str(r.count),
                       width=round(BAR_SPACE * r.count / largest, 1)
                       if isinstance(r.count, int) else None, y=4 + n * ROW)
                   for n, r in enumerate(rows)])


def load_chart(carers: Sequence[CarerLoadOut], top: int = 15) -> Chart:
    """The most-proposed carers: how often in a top 5, and how often chosen."""
    rows = list(carers)[:top]
    largest = max((c.in_top5 for c in rows if isinstance(c.in_top5, int)), default=0) or 1
    return _chart([Bar(label=c.carer_name, value=f"{c.in_top5}× in een top 5",
                       width=round(BAR_SPACE * c.in_top5 / largest, 1)
                       if isinstance(c.in_top5, int) else None, y=4 + n * ROW,
                       second=f"gekozen: {c.chosen}")
                   for n, c in enumerate(rows)])
