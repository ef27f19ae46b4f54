"""The engine's shortcuts give the answers of the long way round: distances with the carers'
part precomputed, the cheap lower bound that skips measuring far carers, geopy's solver asked
directly. A shortcut that changed one figure would change a ranking an officer sees."""

from __future__ import annotations

import datetime as dt
import uuid

import msgspec
import numpy as np
from geopy.distance import geodesic

from placement.geo.distance import geodesic_km, geodesic_km_many
from placement.matching.core.engine import rank_child
from placement.matching.core.policy import DEFAULT_POLICY
from placement.matching.core.profiles import Filters, SiblingTie
from placement.matching.core.siblings import plan_group
from placement.matching.core.travel import OfflineEstimator
from tests.unit.matching_helpers import TODAY, carer, child, index_of, need, request


class MeasureEverything(OfflineEstimator):
    """The offline estimate, but not recognised as it: the engine then measures every carer."""


def spread_index(n: int = 400, seed: int = 5):  # type: ignore[no-untyped-def]
    """Carers from next door to 150 km away, so the travel limits and the relaxation steps
    fall among them; a few places, ages and needs so that some children have few options."""
    rng = np.random.default_rng(seed)
    rows, competences = [], []
    for i in range(n):
        km = float(rng.uniform(0.2, 150.0) if i % 3 else rng.uniform(0.2, 60.0))
        angle = float(rng.uniform(0, 2 * np.pi))
        row = carer(f"c{i}", east=km * np.cos(angle), north=km * np.sin(angle),
                    places=int(rng.integers(1, 4)), age_min=int(rng.integers(0, 8)),
                    own_children_birth_years=[int(y) for y in rng.integers(2005, 2024, 2)][
                        : int(rng.integers(0, 3))],
                    availability_confirmed_at=TODAY - dt.timedelta(days=int(rng.integers(0, 200))))
        rows.append(row)
        if rng.random() < 0.5:
            competences.append(need(row, "trauma", "full" if rng.random() < 0.7 else
                                    "with_support"))
    return index_of(rows, competences=competences)


def same(a: object, b: object) -> bool:
    return msgspec.to_builtins(a) == msgspec.to_builtins(b)  # type: ignore[no-any-return]


def test_distances_with_the_carers_part_precomputed_are_the_same_to_the_last_bit() -> None:
    index = spread_index()
    rows = np.arange(0, len(index), 3)
    for lat, lon in ((52.09, 5.12), (53.2, 6.56), (50.85, 5.69)):
        assert np.array_equal(index.distances_km(lat, lon, rows),
                              geodesic_km_many(lat, lon, index.latitude[rows],
                                               index.longitude[rows]))


def test_the_cheap_bound_never_calls_a_carer_within_reach_far() -> None:
    rng = np.random.default_rng(11)
    carers = [carer(f"c{i}") | {"latitude": float(rng.uniform(50.7, 53.6)),
                                "longitude": float(rng.uniform(3.3, 7.2))} for i in range(3000)]
    index = index_of(carers)
    rows = np.arange(len(index))
    for _ in range(40):
        lat, lon = float(rng.uniform(50.7, 53.6)), float(rng.uniform(3.3, 7.2))
        km = geodesic_km_many(lat, lon, index.latitude, index.longitude)
        for reach in (5.0, 20.0, 46.0, 90.0):
            far = index.certainly_beyond_km(lat, lon, rows, reach)
            assert not np.any(far & (km <= reach))
            # and it is worth having: most carers well beyond reach are recognised
            assert np.mean(far[km > 1.5 * reach]) > 0.9 if np.any(km > 1.5 * reach) else True


def test_geodesic_km_is_geopys_figure() -> None:
    rng = np.random.default_rng(3)
    for _ in range(300):
        lat1, lat2 = rng.uniform(50.7, 53.6, 2)
        lon1, lon2 = rng.uniform(3.3, 7.2, 2)
        assert geodesic_km(lat1, lon1, lat2, lon2) == geodesic((lat1, lon1), (lat2, lon2)).km
    assert geodesic_km(52.0, 5.0, 52.0, 5.0) == 0.0


def test_skipping_far_carers_changes_no_ranking_summary_or_hint() -> None:
    index = spread_index()
    checked_hints = 0
    for i, age in enumerate((3, 8, 12, 15, 17)):
        kid = child(f"k{i}", age=age, school_east=float(i * 7),
                    must_needs=("trauma",) if i % 2 else ())
        for filters in (Filters(today=TODAY), Filters(today=TODAY, max_travel_minutes=10),
                        Filters(today=TODAY, max_travel_minutes=25, limit=3,
                                include_exclusions=True)):
            quick = rank_child(index, kid, request(kid), DEFAULT_POLICY, filters)
            full = rank_child(index, kid, request(kid), DEFAULT_POLICY, filters,
                              MeasureEverything())
            assert same(quick, full)
            checked_hints += bool(quick.relaxations)
    assert checked_hints  # the tight limits leave some child with fewer than three options


def test_skipping_far_carers_changes_no_sibling_plan() -> None:
    index = spread_index(seed=8)
    kids = [child(f"s{i}", age=6 + 3 * i, school_east=2.0) for i in range(3)]
    ties = (SiblingTie(child_a=kids[0].child_id, child_b=kids[1].child_id, kind="full",
                       intent="together"),
            SiblingTie(child_a=kids[1].child_id, child_b=kids[2].child_id, kind="full",
                       intent="together"))
    req = request(*kids, ties=ties)
    for filters in (Filters(today=TODAY), Filters(today=TODAY, max_travel_minutes=15)):
        quick = plan_group(index, req, DEFAULT_POLICY, filters)
        full = plan_group(index, req, DEFAULT_POLICY, filters, MeasureEverything())
        assert quick.plans and same(quick, full)


def test_a_repeated_search_gives_the_same_answer() -> None:
    """What the index keeps between searches (reason bits per type, gender and age; the
    youngest own child; the reduced latitudes) does not leak one search into the next."""
    index = spread_index(seed=9)
    kid = child("herhaald", age=9, must_needs=("trauma",))
    other = child("ander", age=15, gender="m")
    first = rank_child(index, kid, request(kid), DEFAULT_POLICY, Filters(today=TODAY))
    rank_child(index, other, request(other, placement_type="crisis"), DEFAULT_POLICY,
               Filters(today=TODAY, organisation_id=uuid.uuid4()))
    again = rank_child(index, kid, request(kid), DEFAULT_POLICY, Filters(today=TODAY))
    assert first.options and same(first, again)


def test_the_quick_pair_checks_give_geopys_answer() -> None:
    """The sibling plans decide minimum and closeness distances between homes with a sphere's
    figure or Lambert's where these cannot be wrong; every answer must be geopy's."""
    from placement.matching.core.siblings import _PairKm

    rng = np.random.default_rng(4)
    spots = [carer(f"p{i}") | {"latitude": float(rng.uniform(50.7, 53.6)),
                               "longitude": float(rng.uniform(3.3, 7.2))} for i in range(60)]
    spots += [carer(f"w{i}") | {"latitude": float(rng.uniform(-80, 80)),
                                "longitude": float(rng.uniform(-179, 179))} for i in range(20)]
    index = index_of(spots)
    quick, exact = _PairKm(index), _PairKm(index)
    for a in range(len(index)):
        for b in range(len(index)):
            km = exact(a, b)
            for limit in (5.0, 10.0, 50.0):
                assert quick.beyond(a, b, limit) == (km > limit)
                assert quick.within(a, b, limit) == (km < limit)
            # Within a Lambert error of the limit: only geopy can tell (a new checker for
            # each question, so that no figure measured for an earlier one answers it).
            for limit in (km * 0.995, km * 1.005, km - 0.0004, km + 0.0004):
                assert _PairKm(index).beyond(a, b, limit) == (km > limit)
                assert _PairKm(index).within(a, b, limit) == (km < limit)
    assert len(quick.known) < len(index) ** 2 / 4  # most pairs never needed geopy
    far = [(a, b) for a in range(len(index)) for b in range(len(index))
           if exact(a, b) > _PairKm.LAMBERT_UP_TO_KM]
    assert far and all(_PairKm(index).near(a, b) == exact(a, b) for a, b in far)


def test_a_plans_sibling_share_counts_the_kept_ties_of_each_child() -> None:
    """Three children tied together in pairs, the third split off: the first two keep one of
    their two ties each, the third none of its two."""
    from placement.matching.core.siblings import _Child, _Ties

    ties = _Ties({frozenset((0, 1)), frozenset((0, 2)), frozenset((1, 2))}, 3)
    split = ((0, 1), (2,))
    assert ties.broken(split) == 2 and ties.broken(((0, 1, 2),)) == 0
    children = [_Child(None, (np.zeros(0), np.zeros(0)), True, w)  # type: ignore[arg-type]
                for w in (0.3, 0.6, 0.9)]
    assert ties.sibling_share(split, children, 3) == (0.3 * 1 / 2 + 0.6 * 1 / 2) / 3


def test_closeness_and_distances_shown_in_plans_are_geopys() -> None:
    """A plan shows geopy's figure to ten metres, and scores closeness on a figure within a
    metre of it."""
    from placement.matching.core.siblings import _PairKm

    rng = np.random.default_rng(6)
    spots = [carer(f"r{i}") | {"latitude": float(rng.uniform(50.7, 53.6)),
                               "longitude": float(rng.uniform(3.3, 7.2))} for i in range(50)]
    index = index_of(spots)
    lambert = geodesic_km_many(index.latitude[0], index.longitude[0], index.latitude,
                               index.longitude)
    geopy_km = np.array([geodesic((index.latitude[0], index.longitude[0]),
                                  (index.latitude[j], index.longitude[j])).km
                         for j in range(len(index))])
    assert np.max(np.abs(lambert - geopy_km)) < 0.0005  # the margin _PairKm relies on
    pairs = [(a, b) for a in range(len(index)) for b in range(len(index)) if a != b]
    quick = _PairKm(index)
    for a, b in pairs:
        km = geodesic((index.latitude[a], index.longitude[a]),
                      (index.latitude[b], index.longitude[b])).km
        assert quick.rounded(a, b) == round(km, 2)
        assert abs(quick.near(a, b) - km) < 0.0005
    assert len(quick.known) < len(pairs) / 2  # most never needed geopy


def test_safety_zones_exclude_exactly_the_carers_within_their_distance() -> None:
    from placement.matching.core.profiles import SafetyZone

    rng = np.random.default_rng(12)
    rows = [carer(f"z{i}", east=float(rng.uniform(-40, 40)), north=float(rng.uniform(-40, 40)))
            for i in range(300)]
    index = index_of(rows)
    zones = (SafetyZone(latitude=52.0, longitude=5.0, min_distance_km=12.0),
             SafetyZone(latitude=52.2, longitude=5.3, min_distance_km=5.0))
    kid = child("veilig", age=9, safety_zones=zones)
    ranking = rank_child(index, kid, request(kid), DEFAULT_POLICY,
                         Filters(today=TODAY, include_exclusions=True, max_travel_minutes=600))
    flagged = {e.carer_name for e in ranking.exclusions or []
               if any(r.code == "safety_distance" for r in e.reasons)}
    near = np.zeros(len(index), dtype=bool)
    for z in zones:
        near |= geodesic_km_many(z.latitude, z.longitude, index.latitude,
                                 index.longitude) < z.min_distance_km
    assert flagged == {index.names[i] for i in np.flatnonzero(near)}
    assert 0 < len(flagged) < len(index)


def test_membership_by_binary_search_is_np_isins_answer() -> None:
    """The tie and sibling factors mark carers with `among` (a binary search per wanted row);
    a wrong mark would give a carer the network or sibling score of another."""
    from placement.matching.core.factors import among

    rng = np.random.default_rng(11)
    for _ in range(300):
        rows = np.sort(rng.choice(2000, size=int(rng.integers(0, 60)), replace=False))
        wanted = [int(w) for w in rng.integers(0, 2100, size=int(rng.integers(0, 6)))]
        if len(rows) and rng.random() < 0.5:
            wanted.append(int(rows[-1]))  # the last row, where the search ends
        marks = among(rows, wanted)
        assert marks.dtype == np.bool_  # the stability factor negates it: ~marks
        assert np.array_equal(marks, np.isin(rows, wanted))


def test_free_places_are_counted_as_a_plain_loop_counts_them() -> None:
    """Free places per carer in a period, against a loop over every place: a place booked
    several times in the period (one stay ending, the next starting) is one busy place, an
    occupancy touching the period only at its edge leaves the place free."""
    from placement.matching.core.index import CandidateIndex

    rng = np.random.default_rng(3)
    carers = [carer(f"c{i}") for i in range(40)]
    places = [{"id": uuid.uuid4(), "carer_id": c["id"]}
              for c in carers for _ in range(int(rng.integers(0, 4)))]
    base = dt.date(2026, 1, 1)
    stays = []
    for _ in range(150):
        start = base + dt.timedelta(days=int(rng.integers(0, 300)))
        end = None if rng.random() < 0.3 else start + dt.timedelta(days=int(rng.integers(1, 90)))
        stays.append({"place_id": places[int(rng.integers(len(places)))]["id"],
                      "period_start": start, "period_end": end})
    index = CandidateIndex.from_rows(carers, (), places, stays)
    assert len({s["place_id"] for s in stays}) < len(stays)  # places booked more than once
    for _ in range(60):
        start = base + dt.timedelta(days=int(rng.integers(0, 360)))
        end = None if rng.random() < 0.2 else start + dt.timedelta(days=int(rng.integers(1, 120)))
        expected = []
        for c in carers:
            mine = [p["id"] for p in places if p["carer_id"] == c["id"]]
            busy = {s["place_id"] for s in stays if s["place_id"] in mine
                    and (end is None or s["period_start"] < end)
                    and (s["period_end"] is None or s["period_end"] > start)}
            expected.append(len(mine) - len(busy))
        assert index.free_places(start, end).tolist() == expected
