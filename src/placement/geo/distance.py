"""Geodesic distance: geopy for single pairs, a vectorised numpy path for the ranking hot loop.

The vectorised path uses Lambert's formula for long lines on the WGS84 ellipsoid: it agrees with
geopy's Karney geodesic to well within 0.1% at Dutch distances (tests/unit/test_distance.py).
"""

from __future__ import annotations

import numpy as np
from geographiclib.geodesic import Geodesic

_A = 6378.137  # WGS84 semi-major axis, km
_F = 1 / 298.257223563


# geopy's own solver (geographiclib) for geopy's default ellipsoid, WGS-84, in km. geopy itself
# is imported only for odd coordinates: its package imports its geocoders and `requests`, a
# third of a second of every start-up (tests/unit/test_distance.py checks these are geopy's
# axes and figures).
_GEOD = Geodesic(_A, _F)


def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """geopy's `geodesic((lat1, lon1), (lat2, lon2)).km` to the last bit: the same solver
    asked directly, without geopy's parsing of the points (most of its time per pair)."""
    lat1, lon1, lat2, lon2 = float(lat1), float(lon1), float(lat2), float(lon2)
    if -90 <= lat1 <= 90 and -90 <= lat2 <= 90 and -180 <= lon1 <= 180 and -180 <= lon2 <= 180:
        return float(_GEOD.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"])
    from geopy.distance import geodesic  # geopy normalises odd coordinates

    return float(geodesic((lat1, lon1), (lat2, lon2)).km)


def geodesic_km_many(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Distance in km from one point to many points (arrays of degrees)."""
    beta2 = reduced_latitude(lats)
    return geodesic_km_reduced(lat, lon, beta2, np.cos(beta2), lons)


def reduced_latitude(lats: np.ndarray) -> np.ndarray:
    """The many points' own part of `geodesic_km_many`: the matching index keeps it (and its
    cosine) per carer, so a search skips the slow tan/arctan over thousands of carers."""
    return np.arctan((1 - _F) * np.tan(np.radians(lats)))


def geodesic_km_reduced(lat: float, lon: float, beta2: np.ndarray, cos_beta2: np.ndarray,
                        lons: np.ndarray) -> np.ndarray:
    """`geodesic_km_many` with the reduced latitudes of the many points (and their cosines)
    given: the same arithmetic, so the same distances to the last bit."""
    beta1 = np.arctan((1 - _F) * np.tan(np.radians(lat)))
    dlon = np.radians(lons - lon)
    # Central angle by the haversine formula on reduced latitudes (stable for short lines).
    h = np.sin((beta2 - beta1) / 2) ** 2 + np.cos(beta1) * cos_beta2 * np.sin(dlon / 2) ** 2
    sigma = 2 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    p = (beta1 + beta2) / 2
    q = (beta2 - beta1) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (sigma - np.sin(sigma)) * (np.sin(p) ** 2 * np.cos(q) ** 2) / np.cos(sigma / 2) ** 2
        y = (sigma + np.sin(sigma)) * (np.cos(p) ** 2 * np.sin(q) ** 2) / np.sin(sigma / 2) ** 2
        d = _A * (sigma - _F / 2 * (x + y))
    return np.where(sigma > 0, d, 0.0)
