"""The feature list is held to an explicit allow-list, and nothing that stands in for origin."""

from __future__ import annotations

import datetime as dt

from placement.stability.features import (
    FEATURES,
    LABELS_NL,
    CarerSide,
    ChildSide,
    MatchSide,
    breakdown_within_horizon,
    features,
    needs_fit_of,
)

ALLOWED = (
    "age_at_start", "needs_behaviour", "needs_trauma", "needs_development", "needs_care",
    "needs_emotional", "need_count", "previous_placements",
    "type_crisis", "type_short_term", "type_long_term", "type_part_time", "type_family_home",
    "carer_network", "carer_family_home", "carer_experience_years", "carer_past_placements",
    "carer_past_breakdowns", "needs_fit", "school_travel_minutes", "siblings_apart",
)
FORBIDDEN_PARTS = ("nation", "ethnic", "country", "birth_place", "origin", "language", "religio",
                   "name", "postcode", "pc4", "pc6", "wijk", "buurt", "latitude", "longitude",
                   "address", "gender", "sex")


def test_features_are_exactly_the_allow_list() -> None:
    assert FEATURES == ALLOWED


def test_no_feature_names_origin_or_a_proxy_for_it() -> None:
    for name in FEATURES:
        assert not any(part in name for part in FORBIDDEN_PARTS), name


def test_the_feature_function_gives_every_allowed_feature_and_nothing_else() -> None:
    row = features(ChildSide(age_at_start=9.5, need_codes=("gedrag", "trauma"),
                             previous_placements=2, placement_type="short_term"),
                   CarerSide(kind="general", experience_years=4.0, past_placements=5,
                             past_breakdowns=1),
                   MatchSide(needs_fit=0.5, school_travel_minutes=None, siblings_apart=True))
    assert tuple(row) == ALLOWED
    assert row["needs_behaviour"] == 1.0 and row["needs_trauma"] == 1.0
    assert row["needs_care"] == 0.0 and row["need_count"] == 2.0
    assert row["type_short_term"] == 1.0 and row["type_long_term"] == 0.0
    assert row["carer_network"] == 0.0 and row["carer_past_breakdowns"] == 1.0
    assert row["school_travel_minutes"] == 15.0  # unknown school: a typical trip
    assert row["siblings_apart"] == 1.0
    assert set(LABELS_NL) == set(FEATURES)


def test_needs_fit_counts_support_as_half() -> None:
    assert needs_fit_of(["gedrag", "trauma"], full=["gedrag"], with_support=["trauma"]) == 0.75
    assert needs_fit_of([], full=[]) == 1.0


def test_label_counts_only_unplanned_endings_within_a_year_and_leaves_out_the_last_year() -> None:
    until = dt.date(2025, 12, 31)
    start = dt.date(2023, 1, 1)
    assert breakdown_within_horizon(start, dt.date(2023, 6, 1), "breakdown_child", until) == 1
    assert breakdown_within_horizon(start, dt.date(2023, 6, 1), "breakdown_agency", until) == 1
    assert breakdown_within_horizon(start, dt.date(2024, 6, 1), "breakdown_carer", until) == 0
    assert breakdown_within_horizon(start, dt.date(2023, 2, 1), "return_home", until) == 0
    assert breakdown_within_horizon(start, None, None, until) == 0
    recent = dt.date(2025, 6, 1)
    assert breakdown_within_horizon(recent, dt.date(2025, 7, 1), "breakdown_child", until) is None
    assert breakdown_within_horizon(recent, None, None, until) is None
