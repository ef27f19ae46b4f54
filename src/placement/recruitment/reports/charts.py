"""Geometry of the recruitment charts (pure): the templates draw these as inline SVG, so the
pages need no JavaScript and no inline styles (the Content-Security-Policy allows neither).

Charts only ever draw figures the reports show: a suppressed supply-gap cell ("<5" or
"suppressed") gets no bar at all, only its label, so no hidden count can be read off a length.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from placement.recruitment.reference import APPROVED, PATH
from placement.recruitment.reports.schemas import GapCell, StageFiguresOut

STAGE_LABELS = {
    "aanmelding": "Aanmelding",
    "informatiepakket": "Informatiepakket",
    "informatieavond": "Informatieavond",
    "kennismakingsgesprek": "Kennismakingsgesprek",
    "voorbereiding": "Voorbereiding",
    "screening": "Screening",
    "geschiktheidsbesluit": "Geschiktheidsbesluit",
    "goedgekeurd": "Goedgekeurd",
    "afgehaakt": "Afgehaakt",
    "afgewezen": "Afgewezen",
}
SHOWN_AS = {"<5": "<5", "suppressed": "verborgen"}

FUNNEL_WIDTH = 760
FUNNEL_LABEL_WIDTH = 190
FUNNEL_BAR_SPACE = 400
FUNNEL_ROW = 30
FUNNEL_BAR_HEIGHT = 22

GAP_WIDTH = 760
GAP_LABEL_WIDTH = 200
GAP_BAR_SPACE = 460
GAP_ROW = 44
GAP_BAR_HEIGHT = 16


def percent(fraction: float | None) -> str:
    return "–" if fraction is None else f"{round(fraction * 100)}%"


@dataclass(frozen=True)
class FunnelBar:
    stage: str
    label: str
    reached: int
    conversion: str
    x: float
    y: int
    width: float
    text_y: int


@dataclass(frozen=True)
class FunnelChart:
    width: int
    height: int
    bar_height: int
    label_x: int
    value_x: int
    bars: list[FunnelBar]


def funnel_chart(stages: Sequence[StageFiguresOut]) -> FunnelChart:
    """One centred bar per stage on the path (and goedgekeurd), its length proportional to the
    leads that reached it, so the narrowing shows where people drop out."""
    by_stage = {s.stage: s for s in stages}
    path = [by_stage[s] for s in (*PATH, APPROVED) if s in by_stage]
    widest = max((s.reached for s in path), default=0) or 1
    centre = FUNNEL_LABEL_WIDTH + FUNNEL_BAR_SPACE / 2
    bars = []
    for row, figures in enumerate(path):
        width = FUNNEL_BAR_SPACE * figures.reached / widest
        y = 4 + row * FUNNEL_ROW
        bars.append(FunnelBar(
            stage=figures.stage, label=STAGE_LABELS.get(figures.stage, figures.stage),
            reached=figures.reached, conversion=percent(figures.conversion),
            x=round(centre - width / 2, 1), y=y, width=round(width, 1),
            text_y=y + FUNNEL_BAR_HEIGHT // 2 + 5))
    return FunnelChart(width=FUNNEL_WIDTH, height=8 + len(bars) * FUNNEL_ROW,
                       bar_height=FUNNEL_BAR_HEIGHT, label_x=FUNNEL_LABEL_WIDTH - 8,
                       value_x=FUNNEL_LABEL_WIDTH + FUNNEL_BAR_SPACE + 10, bars=bars)


@dataclass(frozen=True)
class GapRow:
    label: str
    demand: str  # as the report shows it: a count, "<5" or "verborgen"
    demand_width: float | None  # None: not shown as a bar (suppressed)
    free_places: int
    free_width: float
    y: int


@dataclass(frozen=True)
class GapChart:
    width: int
    height: int
    bar_height: int
    bar_x: int
    label_x: int
    rows: list[GapRow]


def shown_demand(demand: int | str) -> str:
    return SHOWN_AS.get(demand, str(demand)) if isinstance(demand, str) else str(demand)


def gap_chart(cells: Sequence[GapCell]) -> GapChart:
    """Per cell two bars: waiting children (demand) and free places, on one scale."""
    shown_counts = [c.demand for c in cells if isinstance(c.demand, int)]
    largest = max([*shown_counts, *(c.free_places for c in cells)], default=0) or 1
    rows = []
    for index, cell in enumerate(cells):
        demand_width = (round(GAP_BAR_SPACE * cell.demand / largest, 1)
                        if isinstance(cell.demand, int) else None)
        rows.append(GapRow(
            label=cell.label, demand=shown_demand(cell.demand), demand_width=demand_width,
            free_places=cell.free_places,
            free_width=round(GAP_BAR_SPACE * cell.free_places / largest, 1),
            y=6 + index * GAP_ROW))
    return GapChart(width=GAP_WIDTH, height=12 + len(rows) * GAP_ROW, bar_height=GAP_BAR_HEIGHT,
                    bar_x=GAP_LABEL_WIDTH, label_x=GAP_LABEL_WIDTH - 8, rows=rows)
