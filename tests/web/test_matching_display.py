"""The ranking page's pure parts: the contribution bar and Dutch values."""

from __future__ import annotations

from placement.matching.display import BAR_WIDTH, bar_segments
from placement.matching.schemas import Factor
from placement.web.labels import raw_value


def factor(key: str, contribution: float) -> Factor:
    return Factor(key=key, raw=1.0, unit="min", score=1.0, weight=1.0,
                  contribution=contribution, explanation="")


def test_bar_pieces_follow_each_other_and_add_up_to_the_score() -> None:
    factors = [factor("school_travel", 0.25), factor("needs_fit", 0.0),
               factor("own_wijk", 0.125), factor("age_order", 0.1)]
    segments = bar_segments(factors)
    assert [s.key for s in segments] == ["school_travel", "own_wijk", "age_order"]
    assert segments[1].x == segments[0].width
    total = sum(s.width for s in segments)
    assert abs(total - 0.475 * BAR_WIDTH) < 0.05
    assert len({s.colour for s in segments}) == 3


def test_raw_values_in_dutch() -> None:
    assert raw_value(4.66, "min") == "4,7 min"
    assert raw_value(1.0, "ja/nee") == "ja" and raw_value(0.0, "ja/nee") == "nee"
    assert raw_value(None, "km") == "onbekend"
