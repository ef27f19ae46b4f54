"""The policy an administrator proposes is refused for exactly the values the rules name, at
their edges: a bound moved by one (the kind of slip mutation testing makes) changes which
policies an administrator can save. Also the weight of a factor a stored policy lacks, the
travel mode per age, and reading a stored policy row."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import msgspec
import numpy as np
import pytest

from placement.matching.core.policy import (
    DEFAULT_POLICY,
    DEFAULT_WEIGHTS,
    MODES,
    ModeBand,
    Policy,
    Thresholds,
    policy_from_row,
    policy_problems,
)

DEFAULT = Thresholds()


def problems(weights: dict[str, float] | None = None, **values: object) -> dict[str, str]:
    thresholds = msgspec.structs.replace(DEFAULT, **values)
    return dict(policy_problems(DEFAULT_WEIGHTS if weights is None else weights, thresholds))


# (threshold, accepted values at the edges, refused values just beyond, the field's message)
EDGES = [
    ("good_travel_minutes", [0.0, 59.9], [-0.1, 60.0], "must be below max_travel_minutes"),
    ("detour_factor", [1.0, 3.0], [0.99, 3.01], "must be between 1.0 and 3.0"),
    ("apart_min_km", [0.0, 300.0], [-0.1, 300.1], "must be between 0 and 300"),
    ("apart_good_km", [0.1, 300.0], [0.0, 300.1], "must be between 0 and 300"),
    ("with_support_fit", [0.0, 1.0], [-0.01, 1.01], "must be between 0 and 1"),
    ("age_order_older_score", [0.0, 1.0], [-0.01, 1.01], "must be between 0 and 1"),
    ("split_penalty_per_tie", [0.0, 1.0], [-0.01, 1.01], "must be between 0 and 1"),
    ("apart_near_penalty", [0.0, 1.0], [-0.01, 1.01], "must be between 0 and 1"),
    ("safety_default_km", [0.1, 300.0], [0.0, 300.1], "must be between 0 and 300"),
    ("min_options", [1, 20], [0, 21], "must be between 1 and 20"),
    ("plan_top_k", [1, 50], [0, 51], "must be between 1 and 50"),
    ("waiting_fairness_bound", [0.0, 1.0], [-0.01, 1.01], "must be between 0 and 1"),
    ("waiting_days_weight", [0.0, 5.0], [-0.01, 5.01], "must be between 0 and 5"),
    ("waiting_candidates", [5, 100], [4, 101], "must be between 5 and 100"),
    ("exact_partitions_up_to", [2, 7], [1, 8], "must be between 2 and 7"),
    ("together_max_travel_minutes", [60.0, 600.0], [59.9, 600.1],
     "must be between max_travel_minutes and 600"),
]


@pytest.mark.parametrize(("name", "accepted", "refused", "message"), EDGES,
                         ids=[e[0] for e in EDGES])
def test_each_threshold_is_refused_just_beyond_its_edge_and_accepted_on_it(
        name: str, accepted: list[float], refused: list[float], message: str) -> None:
    for value in accepted:
        assert problems(**{name: value}) == {}, (name, value)
    for value in refused:
        assert problems(**{name: value}) == {f"thresholds.{name}": message}, (name, value)


def test_the_travel_maximum_may_reach_600_minutes_but_not_beyond() -> None:
    assert problems(max_travel_minutes=600.0, together_max_travel_minutes=600.0) == {}
    assert problems(max_travel_minutes=1.0, good_travel_minutes=0.0) == {}
    assert problems(max_travel_minutes=0.9, good_travel_minutes=0.0) == {
        "thresholds.max_travel_minutes": "must be between 1 and 600"}
    assert problems(max_travel_minutes=600.5, together_max_travel_minutes=600.5) == {
        "thresholds.max_travel_minutes": "must be between 1 and 600",
        "thresholds.together_max_travel_minutes": "must be between max_travel_minutes and 600"}


def test_contact_and_freshness_need_their_good_value_below_their_worst() -> None:
    assert problems(contact_good_km=0.0) == {}
    assert problems(contact_good_km=49.9) == {}
    for bad in (-0.1, 50.0):
        assert problems(contact_good_km=bad) == {
            "thresholds.contact_good_km": "must be below contact_max_km"}
    assert problems(fresh_availability_days=0) == {}
    assert problems(fresh_availability_days=89) == {}
    for bad in (-1, 90):
        assert problems(fresh_availability_days=bad) == {
            "thresholds.fresh_availability_days": "must be below stale_availability_days"}


def test_every_mode_needs_a_speed_within_reason_and_no_unknown_mode_may_have_one() -> None:
    speeds = dict(DEFAULT.speeds_kmh)
    assert problems(speeds_kmh={**speeds, "walk": 1.0, "car": 150.0}) == {}
    assert problems(speeds_kmh={**speeds, "walk": 0.9}) == {
        "thresholds.speeds_kmh.walk": "needs a speed between 1 and 150"}
    assert problems(speeds_kmh={**speeds, "car": 150.1}) == {
        "thresholds.speeds_kmh.car": "needs a speed between 1 and 150"}
    without_transit = {m: v for m, v in speeds.items() if m != "transit"}
    assert problems(speeds_kmh=without_transit) == {
        "thresholds.speeds_kmh.transit": "needs a speed between 1 and 150"}
    found = policy_problems(DEFAULT_WEIGHTS, msgspec.structs.replace(
        DEFAULT, speeds_kmh={**speeds, "step": 10.0, "boat": 12.0}))
    assert found == [("thresholds.speeds_kmh.boat", "unknown mode"),
                     ("thresholds.speeds_kmh.step", "unknown mode")]


def test_mode_bands_start_at_zero_with_one_open_rule_per_age() -> None:
    bands = list(DEFAULT.mode_bands)
    assert problems(mode_bands=[]) == {
        "thresholds.mode_bands": "the first band must start at age 0"}
    later = [ModeBand(from_age=4, mode="car")]
    assert problems(mode_bands=later) == {
        "thresholds.mode_bands": "the first band must start at age 0"}
    two_open = [*bands, ModeBand(from_age=10, mode="car")]
    assert problems(mode_bands=two_open) == {
        "thresholds.mode_bands": "from age 10: exactly one mode without max_km"}
    no_open = [b for b in bands if not (b.from_age == 16 and b.max_km is None)]
    assert problems(mode_bands=no_open) == {
        "thresholds.mode_bands": "from age 16: exactly one mode without max_km"}
    reach = [ModeBand(from_age=0, mode="walk", max_km=100.0), ModeBand(from_age=0, mode="car")]
    assert problems(mode_bands=reach) == {}
    for bad in (0.0, 100.1):
        wrong = [ModeBand(from_age=0, mode="car"), ModeBand(from_age=0, mode="walk", max_km=bad)]
        assert problems(mode_bands=wrong) == {
            "thresholds.mode_bands[1].max_km": "must be between 0 and 100"}
    boat = [ModeBand(from_age=0, mode="car"), ModeBand(from_age=0, mode="boat", max_km=2.0)]
    assert problems(mode_bands=boat) == {"thresholds.mode_bands[1].mode": "unknown mode"}


def test_weights_are_refused_for_unknown_factors_out_of_range_or_all_zero() -> None:
    assert problems({**DEFAULT_WEIGHTS, "school_travel": 0.0, "needs_fit": 100.0}) == {}
    assert problems({**DEFAULT_WEIGHTS, "stability": 2.0}) == {}  # added after version 1
    assert problems({**DEFAULT_WEIGHTS, "school_travel": -0.1}) == {
        "weights.school_travel": "must be between 0 and 100"}
    assert problems({**DEFAULT_WEIGHTS, "needs_fit": 100.1}) == {
        "weights.needs_fit": "must be between 0 and 100"}
    assert problems({**DEFAULT_WEIGHTS, "nationality": 1.0}) == {
        "weights.nationality": "unknown factor"}
    zero = {key: 0.0 for key in DEFAULT_WEIGHTS}
    assert problems(zero) == {"weights": "at least one weight must be positive"}
    # A weight on an unknown factor does not make the policy usable.
    assert problems({**zero, "nationality": 5.0}) == {
        "weights.nationality": "unknown factor",
        "weights": "at least one weight must be positive"}
    assert problems({**zero, "stability": 0.5}) == {}


def test_a_factor_missing_from_a_stored_policy_weighs_its_default() -> None:
    old = Policy(version=3, weights={"school_travel": 2.0})
    assert old.weight("school_travel") == 2.0
    assert old.weight("stability") == 1.0  # added after version 1
    assert old.weight("needs_fit") == 0.0  # left out of this version: no weight
    assert Policy(version=4, weights={"stability": 0.0}).weight("stability") == 0.0


def test_the_mode_for_each_age_band_starts_on_its_birthday() -> None:
    ages = {age: DEFAULT_POLICY.mode_for_age(age) for age in (0, 9, 10, 15, 16, 18)}
    assert ages == {0: "car", 9: "car", 10: "bike", 15: "bike", 16: "transit", 18: "transit"}
    assert DEFAULT_POLICY.mode_rules(9) == [("walk", 1.5), ("car", None)]
    assert DEFAULT_POLICY.mode_rules(16) == [("bike", 7.5), ("transit", None)]
    km = np.array([1.0, 1.5, 1.51, 7.5, 7.6])
    assert [MODES[m] for m in DEFAULT_POLICY.modes_for(9, km)] == [
        "walk", "walk", "car", "car", "car"]
    assert [MODES[m] for m in DEFAULT_POLICY.modes_for(10, km)] == [
        "walk", "bike", "bike", "bike", "bike"]
    assert [MODES[m] for m in DEFAULT_POLICY.modes_for(16, km)] == [
        "bike", "bike", "bike", "bike", "transit"]


def test_three_short_rules_apply_the_shortest_reach_first() -> None:
    bands = [ModeBand(from_age=0, mode="transit"), ModeBand(from_age=0, mode="bike", max_km=5.0),
             ModeBand(from_age=0, mode="walk", max_km=1.0)]
    policy = msgspec.structs.replace(DEFAULT_POLICY, thresholds=msgspec.structs.replace(
        DEFAULT, mode_bands=bands))
    assert policy.mode_rules(12) == [("walk", 1.0), ("bike", 5.0), ("transit", None)]
    assert policy.mode_for_age(12) == "transit"
    km = np.array([0.5, 1.0, 3.0, 5.0, 9.0])
    assert [MODES[m] for m in policy.modes_for(12, km)] == [
        "walk", "walk", "bike", "bike", "transit"]
    assert policy.speed("bike") == 15.0 and isinstance(policy.speed("bike"), float)


@pytest.mark.parametrize("as_text", [True, False], ids=["json-text", "decoded"])
def test_a_stored_policy_row_reads_back_as_the_policy(as_text: bool) -> None:
    weights = {**DEFAULT_WEIGHTS, "own_wijk": 4.0}
    thresholds = msgspec.to_builtins(msgspec.structs.replace(DEFAULT, max_travel_minutes=45.0))
    reasoning = {"own_wijk": "buurt telt zwaarder"}

    def value(v: object) -> object:
        return json.dumps(v) if as_text else v

    made = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)
    organisation = uuid.UUID("00000000-0000-0000-0000-00000000a001")
    row = {"version": 7, "weights": value(weights), "thresholds": value(thresholds),
           "reasoning": value(reasoning), "note": "proef", "created_by_label": "beheer",
           "created_at": made, "organisation_id": organisation}
    policy = policy_from_row(row)
    assert policy.version == 7 and policy.note == "proef" and policy.created_by == "beheer"
    assert policy.created_at == made and policy.organisation_id == organisation
    assert policy.weights == weights and policy.reasoning == reasoning
    assert policy.thresholds.max_travel_minutes == 45.0
    assert policy.thresholds == msgspec.structs.replace(DEFAULT, max_travel_minutes=45.0)
