"""The KPI page writes its figures as Dutch readers do: a decimal comma, no trailing ',0'."""

from __future__ import annotations

from placement.web.labels import number


def test_figures_have_a_decimal_comma_and_no_trailing_zero() -> None:
    assert number(19.0) == "19"
    assert number(12.5) == "12,5"
    assert number(0.0) == "0"
    assert number(0.4321, 2) == "0,43"
    assert number(None) == "–"
