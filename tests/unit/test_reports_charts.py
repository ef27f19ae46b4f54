"""Chart geometry of the recruitment pages: bars follow the shown figures, and a suppressed
supply-gap cell never gets a bar whose length would give its count away."""

from __future__ import annotations

from placement.recruitment.reports.charts import FUNNEL_BAR_SPACE, funnel_chart, gap_chart
from placement.recruitment.reports.schemas import GapCell, StageFiguresOut


def _stage(stage: str, reached: int, conversion: float | None) -> StageFiguresOut:
    return StageFiguresOut(stage=stage, reached=reached, current=0, conversion=conversion,
                           median_days_in_stage=None)


def test_funnel_bars_are_centred_and_proportional_in_path_order() -> None:
    chart = funnel_chart([_stage("afgehaakt", 9, None), _stage("informatiepakket", 2, 0.25),
                          _stage("aanmelding", 8, None), _stage("goedgekeurd", 1, 0.5)])
    assert [b.stage for b in chart.bars] == ["aanmelding", "informatiepakket", "goedgekeurd"]
    widths = [b.width for b in chart.bars]
    assert widths == [FUNNEL_BAR_SPACE, FUNNEL_BAR_SPACE / 4, FUNNEL_BAR_SPACE / 8]
    centres = {round(b.x + b.width / 2, 1) for b in chart.bars}
    assert len(centres) == 1
    assert [b.conversion for b in chart.bars] == ["–", "25%", "50%"]
    assert chart.bars[0].y < chart.bars[1].y < chart.bars[2].y < chart.height


def test_empty_funnel_draws_no_width() -> None:
    chart = funnel_chart([_stage("aanmelding", 0, None)])
    assert chart.bars[0].width == 0


def _cell(label: str, demand: int | str, free: int) -> GapCell:
    return GapCell(key=label.lower(), label=label, demand=demand, free_places=free, gap=None,
                   rank=1)


def test_suppressed_demand_gets_a_label_but_no_bar() -> None:
    chart = gap_chart([_cell("Overvecht", 10, 4), _cell("Zuid", "<5", 2),
                       _cell("Oost", "suppressed", 20)])
    overvecht, zuid, oost = chart.rows
    assert (zuid.demand, zuid.demand_width) == ("<5", None)
    assert (oost.demand, oost.demand_width) == ("verborgen", None)
    # One scale for demand and free places, set by the largest shown figure.
    assert oost.free_width == 460 and overvecht.demand_width == 230
    assert overvecht.free_width == 92
