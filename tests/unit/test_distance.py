"""The vectorised distance used in the ranking hot loop must agree with geopy's geodesic.

The issue allows the numpy path only if it stays within 0.1% of geopy over 10,000 Dutch pairs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from geopy.distance import geodesic

from placement.geo.distance import geodesic_km, geodesic_km_many, lambert_km
from placement.geo.tables import read_national

RELATIVE_TOLERANCE = 0.001  # 0.1%

# Hand-picked places across the country (approximate town centres), so the check always runs.
DUTCH_PLACES = {
    "Utrecht Domtoren": (52.0907, 5.1214),
    "Utrecht Overvecht": (52.1146, 5.1085),
    "Utrecht Leidsche Rijn": (52.0986, 5.0560),
    "Amsterdam Dam": (52.3731, 4.8926),
    "Groningen": (53.2194, 6.5665),
    "Maastricht": (50.8514, 5.6910),
    "Vlissingen": (51.4426, 3.5736),
    "Den Helder": (52.9563, 4.7601),
    "Enschede": (52.2215, 6.8937),
    "Eemshaven": (53.4386, 6.8352),
    "Cadzand": (51.3706, 3.3990),
    "Vaals": (50.7704, 6.0190),
}


def _assert_agrees(origin: tuple[float, float], lats: np.ndarray, lons: np.ndarray) -> float:
    """Check one origin against many points; return the worst relative error seen."""
    fast = geodesic_km_many(origin[0], origin[1], lats, lons)
    exact = np.array([geodesic(origin, (la, lo)).km for la, lo in zip(lats, lons, strict=True)])
    # Identical points: both must say 0 (a relative error is meaningless there).
    assert np.all(np.abs(fast - exact) <= RELATIVE_TOLERANCE * exact + 1e-9), (
        f"from {origin}: worst {np.max(np.abs(fast - exact) - RELATIVE_TOLERANCE * exact)} km"
    )
    nonzero = exact > 0
    return float(np.max(np.abs(fast[nonzero] - exact[nonzero]) / exact[nonzero], initial=0.0))


def test_hand_picked_dutch_places_agree_with_geopy() -> None:
    points = np.array(list(DUTCH_PLACES.values()))
    for origin in DUTCH_PLACES.values():
        _assert_agrees(origin, points[:, 0], points[:, 1])


def test_short_distances_within_a_city_agree_with_geopy() -> None:
    # School runs are often a few hundred metres: the formula must not degrade there.
    origin = DUTCH_PLACES["Utrecht Domtoren"]
    offsets = np.array([0.0005, 0.001, 0.003, 0.01, 0.03])  # degrees, ~50 m to ~3 km
    lats = np.concatenate([origin[0] + offsets, np.full(5, origin[0])])
    lons = np.concatenate([np.full(5, origin[1]), origin[1] + offsets])
    _assert_agrees(origin, lats, lons)


def test_same_point_is_zero_km() -> None:
    lat, lon = DUTCH_PLACES["Groningen"]
    assert geodesic_km_many(lat, lon, np.array([lat]), np.array([lon]))[0] == 0.0
    assert geodesic_km(lat, lon, lat, lon) == 0.0


def test_known_distance_utrecht_amsterdam() -> None:
    # Dom tower to Dam square is about 35 km as the crow flies.
    (la1, lo1), (la2, lo2) = DUTCH_PLACES["Utrecht Domtoren"], DUTCH_PLACES["Amsterdam Dam"]
    km = geodesic_km_many(la1, lo1, np.array([la2]), np.array([lo2]))[0]
    assert 33 < km < 37


@pytest.mark.slow
def test_ten_thousand_random_dutch_pc4_pairs_agree_within_a_tenth_percent(
    national_pc4: Path,
) -> None:
    rows, _, _ = read_national(national_pc4)
    coords = np.array([(r.latitude, r.longitude) for r in rows])
    rng = np.random.default_rng(20240601)
    # 100 origins x 100 destinations = 10,000 random pairs, evaluated one origin at a time as
    # the ranking does (one child against many carers).
    origins = coords[rng.integers(0, len(coords), size=100)]
    worst = 0.0
    for origin in origins:
        destinations = coords[rng.integers(0, len(coords), size=100)]
        worst = max(worst, _assert_agrees(tuple(origin), destinations[:, 0], destinations[:, 1]))
    assert worst < RELATIVE_TOLERANCE


def test_the_single_pair_distance_is_geopys_to_the_last_bit() -> None:
    """geodesic_km asks geopy's solver directly, with geopy's WGS-84 axes written out (so that
    start-up does not import geopy): the figures must be geopy's exactly, odd coordinates
    (geopy's normalisation) included."""
    from geopy.distance import ELLIPSOIDS

    from placement.geo import distance

    assert (distance._A, distance._F) == (ELLIPSOIDS["WGS-84"][0], ELLIPSOIDS["WGS-84"][2])
    places = list(DUTCH_PLACES.values())
    for a in places:
        for b in places:
            assert geodesic_km(*a, *b) == geodesic(a, b).km
    assert geodesic_km(52.09, 365.12, 52.37, 4.89) == geodesic((52.09, 365.12), (52.37, 4.89)).km


def test_the_one_pair_lambert_figure_is_the_vectorised_one() -> None:
    """The sibling plans score the closeness of two homes with `lambert_km`, pair by pair; it
    must be the ranking's own formula (within a few ulps) and so within half a metre of geopy
    across the country, the margin the plans' exact checks rely on."""
    rng = np.random.default_rng(31)
    lats, lons = rng.uniform(50.7, 53.6, 400), rng.uniform(3.3, 7.2, 400)
    for origin in list(DUTCH_PLACES.values()) + [(52.0907, 5.1214 + 1e-7)]:
        many = geodesic_km_many(origin[0], origin[1], lats, lons)
        one = np.array([lambert_km(origin[0], origin[1], la, lo) for la, lo in zip(lats, lons)])
        np.testing.assert_allclose(one, many, rtol=1e-12, atol=1e-12)
        exact = np.array([geodesic(origin, (la, lo)).km for la, lo in zip(lats, lons)])
        assert np.max(np.abs(one - exact)) < 0.0005
        assert lambert_km(*origin, *origin) == 0.0
