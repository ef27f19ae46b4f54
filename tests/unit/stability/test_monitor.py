"""Monitoring: predictions against the endings observed since training, by group."""

from __future__ import annotations

import datetime as dt

import msgspec

from placement.stability.history import generate_history
from placement.stability.service import monitor_report

from .conftest import LAST_DAY


def test_a_world_like_the_training_one_needs_no_retraining(trained) -> None:  # type: ignore[no-untyped-def]
    later = generate_history(3000, seed=99, first_day=dt.date(2026, 1, 1),
                             last_day=dt.date(2028, 12, 31))
    report = monitor_report(1, LAST_DAY, trained.model, later, dt.date(2028, 12, 31))
    assert report.n > 1000 and not report.retrain
    assert {g.dimension for g in report.groups} == {"age_band", "gender", "carer_kind"}


def test_more_breakdowns_than_predicted_says_retrain_and_names_the_groups(trained) -> None:  # type: ignore[no-untyped-def]
    later = generate_history(3000, seed=99, first_day=dt.date(2026, 1, 1),
                             last_day=dt.date(2028, 12, 31))
    # Network placements start breaking down far more often than the model learned.
    worse = [msgspec.structs.replace(r, end=r.start + dt.timedelta(days=100),
                                     end_reason="breakdown_carer")
             if r.carer.kind == "network" and i % 3 == 0 else r for i, r in enumerate(later)]
    report = monitor_report(1, LAST_DAY, trained.model, worse, dt.date(2028, 12, 31))
    assert report.retrain
    assert "carer_kind=network" in report.advice


def test_nothing_new_to_compare_is_said_plainly(trained) -> None:  # type: ignore[no-untyped-def]
    report = monitor_report(1, LAST_DAY, trained.model, [], LAST_DAY)
    assert report.n == 0 and not report.retrain and "nog niets" in report.advice
