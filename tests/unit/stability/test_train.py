"""Training on a small synthetic history: deterministic, calibrated, and it finds back the
direction of every documented effect."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree

import numpy as np
import pytest

from placement.stability.card import calibration_svg, model_card
from placement.stability.features import FEATURES
from placement.stability.history import generate_history
from placement.stability.train import feature_matrix, labelled, train

from .conftest import LAST_DAY


def test_training_twice_on_the_same_history_gives_the_same_model() -> None:
    records = generate_history(1500, seed=21, last_day=LAST_DAY)
    a = train(records, observed_until=LAST_DAY, seed=21)
    b = train(records, observed_until=LAST_DAY, seed=21)
    x = feature_matrix(records[:300])
    assert np.array_equal(a.model.predict_proba(x), b.model.predict_proba(x))
    assert a.report == b.report


def test_time_split_trains_on_older_and_tests_on_newer(trained, history) -> None:  # type: ignore[no-untyped-def]
    report = trained.report
    kept, _, left_out = labelled(sorted(history, key=lambda r: r.start), LAST_DAY)
    assert report.n_train + report.n_test == len(kept)
    assert left_out == report.n_left_out > 0
    assert kept[report.n_train - 1].start <= report.split_day <= kept[report.n_train].start


def test_held_out_calibration_error_is_at_most_five_points(trained) -> None:  # type: ignore[no-untyped-def]
    test = trained.report.test
    assert test.calibration_error <= 0.05
    assert abs(test.mean_predicted - test.observed) <= 0.05
    assert test.auroc is not None and test.auroc > 0.6


# (feature, value meaning "less", value meaning "more", expected sign of the change in breakdown)
DIRECTIONS = [
    ("needs_behaviour", 0, 1, +1),  # behaviour problems (Konijn r .35)
    ("carer_network", 0, 1, -1),  # kinship placement: fewer breakdowns (non-kinship r .31)
    ("carer_past_breakdowns", 0, 3, +1),  # lower quality of parenting shows as past breakdowns
    ("age_at_start", 3, 15, +1),  # older at placement (r .25)
    ("siblings_apart", 0, 1, +1),  # placed apart from siblings (r .16)
    ("needs_trauma", 0, 1, +1),  # maltreatment history (r .14)
    ("previous_placements", 0, 4, +1),
    ("needs_fit", 0.2, 1.0, -1),
]


@pytest.mark.parametrize(("feature", "low", "high", "sign"), DIRECTIONS)
def test_the_model_recovers_the_direction_of_each_documented_effect(
        trained, history, feature, low, high, sign) -> None:  # type: ignore[no-untyped-def]
    x = feature_matrix(history[-1500:])
    j = FEATURES.index(feature)
    x_low, x_high = x.copy(), x.copy()
    x_low[:, j], x_high[:, j] = low, high
    if feature == "carer_past_breakdowns":  # as many past placements, more of them broke down
        k = FEATURES.index("carer_past_placements")
        x_low[:, k] = x_high[:, k] = 6
    change = (trained.model.predict_proba(x_high)[:, 1].mean()
              - trained.model.predict_proba(x_low)[:, 1].mean())
    assert np.sign(change) == sign, (feature, change)


def test_too_little_history_is_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="too little history"):
        train(generate_history(120, seed=1), observed_until=LAST_DAY)


def test_model_card_has_headline_figures_groups_proxies_and_the_warning(trained) -> None:  # type: ignore[no-untyped-def]
    report = trained.report
    card = model_card(report, version=3, trained_at=dt.datetime(2026, 1, 2, 3, 4))
    assert f"AUROC {report.test.auroc:.3f}" in card
    assert f"Brier {report.test.brier:.3f}" in card
    for group in ("netwerkpleeggezin", "bestandspleeggezin", "gezinshuis", "meisje", "jongen",
                  "0-3", "4-11", "12+"):
        assert f"| {group} |" in card
    assert "ver boven 0,75 verdacht" in card
    assert "geen stand-in gevonden" in card  # the synthetic wishes are drawn independently
    assert "`carer_past_breakdowns`" in card and "postcode" in card


def test_calibration_svg_is_well_formed_with_one_dot_per_bin(trained) -> None:  # type: ignore[no-untyped-def]
    svg = calibration_svg(trained.report)
    root = ElementTree.fromstring(svg)
    dots = root.findall("{http://www.w3.org/2000/svg}circle")
    assert len(dots) == len(trained.report.curve) == 10
