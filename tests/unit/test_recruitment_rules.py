"""Pure recruitment rules: working days, stage transitions, small-cell suppression, CSV rows."""

from __future__ import annotations

import datetime as dt

import pytest

from placement.core.errors import Conflict, ValidationFailed
from placement.recruitment.common import normalise_phone
from placement.recruitment.leads.csv_import import parse_leads
from placement.recruitment.leads.stages import plan_transition
from placement.recruitment.reports.supply_gap import SMALL, SUPPRESSED, dimension
from placement.recruitment.workdays import add_working_days, dutch_public_holidays, easter_sunday


@pytest.mark.parametrize(("start", "due"), [
    (dt.date(2026, 3, 6), dt.date(2026, 3, 10)),   # Friday -> Tuesday
    (dt.date(2026, 3, 7), dt.date(2026, 3, 10)),   # Saturday -> Tuesday
    (dt.date(2026, 3, 9), dt.date(2026, 3, 11)),   # Monday -> Wednesday
    (dt.date(2026, 12, 24), dt.date(2026, 12, 29)),  # Christmas and the weekend in between
    (dt.date(2026, 5, 13), dt.date(2026, 5, 18)),  # Ascension Day (14 May) and the weekend
])
def test_two_working_days(start: dt.date, due: dt.date) -> None:
    assert add_working_days(start, 2) == due


def test_dutch_holidays() -> None:
    assert easter_sunday(2026) == dt.date(2026, 4, 5)
    days = dutch_public_holidays(2026)
    assert dt.date(2026, 4, 6) in days and dt.date(2026, 5, 25) in days  # Easter/Whit Monday
    assert dt.date(2026, 4, 27) in days  # King's Day
    assert dt.date(2025, 4, 26) in dutch_public_holidays(2025)  # 27 April 2025 is a Sunday
    assert dt.date(2025, 5, 5) in dutch_public_holidays(2025)  # Liberation Day, lustrum year
    assert dt.date(2026, 5, 5) not in days


def test_skips_are_explicit_and_back_needs_a_reason() -> None:
    steps = plan_transition("aanmelding", "informatieavond", reason_code=None, note=None,
                            entered={"aanmelding"})
    assert [(s.stage, s.how) for s in steps] == [("informatiepakket", "skipped"),
                                                  ("informatieavond", "entered")]
    with pytest.raises(ValidationFailed) as back:
        plan_transition("screening", "voorbereiding", reason_code=None, note=None, entered=set())
    assert back.value.errors[0]["field"] == "note"
    with pytest.raises(Conflict):
        plan_transition("goedgekeurd", "screening", reason_code=None, note="x", entered=set())
    again = plan_transition("afgehaakt", "informatieavond", reason_code=None,
                            note="Belde zelf terug", entered=set())
    assert [(s.stage, s.how) for s in again] == [("informatieavond", "reverted")]


def test_approval_needs_real_screening() -> None:
    with pytest.raises(ValidationFailed):
        plan_transition("geschiktheidsbesluit", "goedgekeurd", reason_code=None, note=None,
                        entered={"aanmelding", "geschiktheidsbesluit"})
    steps = plan_transition("screening", "goedgekeurd", reason_code=None, note=None,
                            entered={"aanmelding", "screening"})
    assert [s.how for s in steps] == ["skipped", "entered"]


def test_phone_numbers_compare_normalised() -> None:
    assert normalise_phone("+31 6-1234 5678") == normalise_phone("0612345678") == "0612345678"
    assert normalise_phone("0031 30 1234567") == "0301234567"


KEYS = [("a", "A"), ("b", "B"), ("c", "C")]


def test_one_small_cell_gets_a_complementary_partner() -> None:
    # 12 + 7 + 3 = 22: with the total known, a lone "<5" would be 22 - 12 - 7.
    dim = dimension("wijk", KEYS, {"a": 12, "b": 7, "c": 3}, {"a": 2, "b": 0, "c": 0})
    shown = {c.key: c.demand for c in dim.cells}
    assert shown == {"a": 12, "b": SUPPRESSED, "c": SMALL}
    assert [c.key for c in dim.cells] == ["a", "b", "c"]  # a: 10, b: 5, c: 2.5
    assert [c.rank for c in dim.cells] == [1, 2, 3]


def test_two_small_cells_need_no_partner_and_needs_never_get_one() -> None:
    dim = dimension("wijk", KEYS, {"a": 12, "b": 1, "c": 3}, {})
    assert {c.key: c.demand for c in dim.cells} == {"a": 12, "b": SMALL, "c": SMALL}
    need = dimension("need", KEYS, {"a": 12, "b": 7, "c": 3}, {})
    assert {c.key: c.demand for c in need.cells} == {"a": 12, "b": 7, "c": SMALL}


def test_ranking_does_not_reveal_hidden_counts() -> None:
    # Two suppressed cells with equal supply rank by label, whatever the hidden counts.
    first = dimension("wijk", KEYS, {"a": 9, "b": 1, "c": 4}, {})
    second = dimension("wijk", KEYS, {"a": 9, "b": 4, "c": 1}, {})
    assert [c.key for c in first.cells] == [c.key for c in second.cells] == ["a", "b", "c"]


def test_csv_rows_are_numbered_like_a_spreadsheet() -> None:
    rows, errors = parse_leads("name,postcode,spare_rooms\nAnna,3511,1\nBob,3512,veel\n")
    assert [r.line for r in rows] == [2, 3]
    assert rows[0].lead is not None and rows[1].lead is None
    assert errors == [{"row": 3, "field": "spare_rooms",
                       "reason": "expected a whole number"}]
