"""Travel as the officer reads it (found by the mutation run): each carer's trip timed by the
mode its distance gives the child, from whatever estimator is configured; trips of a few hundred
metres; how scores fall off between the good and the worst value; and the age-order lines."""

from __future__ import annotations

import msgspec
import numpy as np
import pytest

from placement.matching.core.engine import rank_child
from placement.matching.core.policy import DEFAULT_POLICY, Policy
from placement.matching.core.profiles import Filters, Spot
from tests.unit.matching_helpers import START, TODAY, at, carer, child, index_of, request

FILTERS = Filters(limit=10, today=TODAY, include_exclusions=True)


class MinutesPerKm:
    """A stand-in router: a fixed number of minutes per km for each mode, calls recorded."""

    name = "proef"

    def __init__(self, per_km: dict[str, float]) -> None:
        self.per_km = per_km
        self.calls: list[tuple[str, int]] = []
        self.origins: set[tuple[float, float]] = set()

    def minutes(self, origin_lat, origin_lon, lats, lons, km, mode, policy):  # type: ignore[no-untyped-def]
        assert len(lats) == len(lons) == len(km)
        self.calls.append((mode, len(km)))
        self.origins.add((origin_lat, origin_lon))
        return np.asarray(km) * self.per_km[mode]

    def basis(self, km: float, minutes: float, mode: str, policy: Policy) -> str:
        return f"{minutes:.1f} min {mode}"


def school_factor(option):  # type: ignore[no-untyped-def]
    return next(f for f in option.factors if f.key == "school_travel")


def test_each_carer_gets_the_minutes_of_its_own_mode_from_the_estimator() -> None:
    # A 9-year-old walks up to 1.5 km and is driven further.
    carers = [carer("Loop1", east=0.5), carer("Auto1", east=3), carer("Loop2", east=1),
              carer("Auto2", east=6)]
    router = MinutesPerKm({"walk": 10.0, "car": 2.0})
    kid = child(age=9)
    ranking = rank_child(index_of(carers), kid, request(kid), DEFAULT_POLICY, FILTERS, router)
    assert ranking.travel_basis == "proef"
    lines = {o.carer_name: school_factor(o).explanation for o in ranking.options}
    assert lines == {"Loop1": "Naar school (school): 5.0 min walk",
                     "Loop2": "Naar school (school): 10.0 min walk",
                     "Auto1": "Naar school (school): 6.0 min car",
                     "Auto2": "Naar school (school): 12.0 min car"}
    # One call per mode in use for the school trip, each with that mode's carers only, and
    # every trip measured from the school (here at the child's home).
    assert sorted(router.calls[:2]) == [("car", 2), ("walk", 2)]
    assert router.origins == {at(0)}
    # Past the limit by the router's minutes, not the offline estimate.
    slow = MinutesPerKm({"walk": 10.0, "car": 15.0})  # 3 km by car: 45 min, 6 km: 90
    ranking = rank_child(index_of(carers), kid, request(kid), DEFAULT_POLICY, FILTERS, slow)
    assert sorted(o.carer_name for o in ranking.options) == ["Auto1", "Loop1", "Loop2"]
    assert {e.carer_name: [r.code for r in e.reasons] for e in ranking.exclusions or []} == {
        "Auto2": ["beyond_max_travel_time"]}


def test_a_single_mode_trip_is_asked_once_for_all_carers() -> None:
    carers = [carer(f"Fiets{k}", east=2 + k) for k in range(3)]
    router = MinutesPerKm({"bike": 4.0})
    kid = child(age=12)
    ranking = rank_child(index_of(carers), kid, request(kid), DEFAULT_POLICY, FILTERS, router)
    assert router.calls[0] == ("bike", 3)
    assert router.origins == {at(0)}
    assert [school_factor(o).raw for o in ranking.options] == pytest.approx([8.0, 12.0, 16.0],
                                                                           abs=0.05)


def test_a_trip_of_a_few_hundred_metres_reads_as_one_minute() -> None:
    kid = child(age=9)
    (option,) = rank_child(index_of([carer("Buren", east=0.02)]), kid, request(kid),
                           DEFAULT_POLICY, FILTERS).options
    assert school_factor(option).explanation == (
        "Naar school (school): ca. 1 min lopen (schatting: 0,0 km hemelsbreed x 1,3 omweg, "
        "4,5 km/u)")


def test_the_school_score_falls_off_straight_from_good_to_worst() -> None:
    # A 12-year-old cycles: 5.2 min per km (15 km/u, detour 1.3).
    per_km = 1.3 / 15 * 60
    carers = [carer(f"Op{km}", east=km) for km in (2.0, 15 / per_km, 6.0, 9.0, 11.0)]
    kid = child(age=12)
    ranking = rank_child(index_of(carers), kid, request(kid), DEFAULT_POLICY, FILTERS)
    for option in ranking.options:
        f = school_factor(option)
        expected = min(1.0, max(0.0, 1 - (f.raw - 15) / 45))
        assert f.score == pytest.approx(expected, abs=2e-3), option.carer_name
    scores = [school_factor(o).score for o in sorted(ranking.options,
                                                     key=lambda o: school_factor(o).raw)]
    assert scores[0] == 1.0 and scores[1] == pytest.approx(1.0, abs=2e-3)
    assert 0 < scores[-1] < scores[-2] < scores[-3] < 1


def test_a_club_without_a_name_is_called_club_and_clubs_average() -> None:
    lat, lon = at(2)
    kid = child(age=12, clubs=(Spot(latitude=lat, longitude=lon),
                               Spot(latitude=lat, longitude=lon, name="zwemles")))
    (option,) = rank_child(index_of([carer("Thuis")]), kid, request(kid), DEFAULT_POLICY,
                           FILTERS).options
    club = next(f for f in option.factors if f.key == "club_travel")
    assert club.explanation.startswith("Naar sport/club: club ca. 10 min fietsen")
    assert "; zwemles ca. 10 min fietsen" in club.explanation
    assert club.raw == pytest.approx(2 * 1.3 / 15 * 60, abs=0.05) and club.score == 1.0


def test_age_order_lines_for_younger_same_age_and_older_own_children() -> None:
    year = START.year - 8
    rows = [carer("Jonger4", own_children_birth_years=[year - 4]),
            carer("Jonger1", own_children_birth_years=[year - 6, year - 1]),
            carer("Gelijk", own_children_birth_years=[year - 3, year]),
            carer("Ouder", own_children_birth_years=[year + 2])]
    kid = child(age=8)
    ranking = rank_child(index_of(rows), kid, request(kid), DEFAULT_POLICY, FILTERS)
    order = {o.carer_name: next(f for f in o.factors if f.key == "age_order")
             for o in ranking.options}
    assert {k: (f.explanation, f.score, f.raw) for k, f in order.items()} == {
        "Jonger4": ("Kind is 4 jaar jonger dan het jongste eigen kind", 1.0, 4.0),
        "Jonger1": ("Kind is 1 jaar jonger dan het jongste eigen kind", 1.0, 1.0),
        "Gelijk": ("Een eigen kind is even oud: liever niet", 0.0, 0.0),
        "Ouder": ("Kind is ouder dan een eigen kind: liever jonger", 0.4, -2.0),
    }


class FixedMinutes(MinutesPerKm):
    """A stand-in router that says the same number of minutes for every trip."""

    def __init__(self, minutes: float) -> None:
        super().__init__({})
        self.fixed = minutes

    def minutes(self, origin_lat, origin_lon, lats, lons, km, mode, policy):  # type: ignore[no-untyped-def]
        return np.full(len(km), self.fixed)


def test_a_trip_of_exactly_the_maximum_is_allowed_and_a_step_counts_its_own_edge() -> None:
    kid = child(age=12)
    index = index_of([carer("Rand", east=3)])
    at_limit = rank_child(index, kid, request(kid), DEFAULT_POLICY, FILTERS, FixedMinutes(60.0))
    assert [o.carer_name for o in at_limit.options] == ["Rand"]
    summary = at_limit.exclusion_summary
    assert (summary.eligible, summary.excluded, summary.by_reason) == (1, 0, [])
    over = rank_child(index, kid, request(kid), DEFAULT_POLICY, FILTERS, FixedMinutes(60.5))
    assert over.options == []
    # Exactly 15 minutes over: the first step (75 min) adds it.
    step = rank_child(index, kid, request(kid), DEFAULT_POLICY, FILTERS, FixedMinutes(75.0))
    assert [h.text for h in step.relaxations] == ["met 75 min maximale reistijd: 1 extra"]
    # A step may reach 600 minutes, never beyond.
    top = rank_child(index, kid, request(kid), DEFAULT_POLICY,
                     msgspec.structs.replace(FILTERS, max_travel_minutes=585.0),
                     FixedMinutes(600.0))
    assert [h.text for h in top.relaxations] == ["met 600 min maximale reistijd: 1 extra"]
    beyond = rank_child(index, kid, request(kid), DEFAULT_POLICY,
                        msgspec.structs.replace(FILTERS, max_travel_minutes=586.0),
                        FixedMinutes(601.0))
    assert beyond.relaxations == []
    # A carer too old for this child at exactly the maximum trip is one the age rule keeps out.
    too_old = index_of([carer("Rand", east=3), carer("TeOud", east=3, age_max=10)])
    hints = rank_child(too_old, kid, request(kid), DEFAULT_POLICY, FILTERS, FixedMinutes(60.0))
    assert [(h.code, h.extra) for h in hints.relaxations] == [("age_outside_range", 1)]


def test_a_narrow_band_between_good_and_worst_still_falls_off_straight() -> None:
    narrow = msgspec.structs.replace(DEFAULT_POLICY, thresholds=msgspec.structs.replace(
        DEFAULT_POLICY.thresholds, good_travel_minutes=59.5))
    kid = child(age=12)
    (option,) = rank_child(index_of([carer("Half")]), kid, request(kid), narrow, FILTERS,
                           FixedMinutes(59.75)).options
    assert school_factor(option).score == pytest.approx(0.5)


def test_a_school_without_a_name_and_a_wijk_no_carer_lies_in() -> None:
    lat, lon = at(1)
    kid = child(age=12, school_east=None, school=Spot(latitude=lat, longitude=lon),
                home_wijk_code="lunetten")
    carers = [carer(f"In{w}", wijk_code=w) for w in ("binnenstad", "noordoost", "oost", "west")]
    ranking = rank_child(index_of(carers), kid, request(kid), DEFAULT_POLICY, FILTERS)
    assert len(ranking.options) == 4
    for option in ranking.options:
        assert school_factor(option).explanation.startswith("Naar school: ca. 5 min fietsen")
        wijk = next(f for f in option.factors if f.key == "own_wijk")
        assert wijk.score == 0.0 and wijk.explanation.startswith("Buiten de eigen wijk (lunetten)")
