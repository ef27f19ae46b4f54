"""Geodesic distance: geopy for single pairs, a vectorised numpy path for the ranking hot loop.

The vectorised path uses Lambert's formula for long lines on the WGS84 ellipsoid: it agrees with
geopy's Karney geodesic to well within 0.1% at Dutch distances (tests/unit/test_distance.py).
"""

from __future__ import annotations

import math

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


def lambert_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """`geodesic_km_many`'s formula for one pair in plain floats: a couple of microseconds,
    where geopy's solver takes about a hundred and a numpy call on one pair some thirty. For
    the sibling plans' distances between homes, asked pair by pair in a branch and bound."""
    beta1 = math.atan((1 - _F) * math.tan(math.radians(lat1)))
    beta2 = math.atan((1 - _F) * math.tan(math.radians(lat2)))
    sin_q = math.sin((beta2 - beta1) / 2)
    sin2_q = sin_q * sin_q
    half_dlon = math.sin(math.radians(lon2 - lon1) / 2)
    h = min(sin2_q + math.cos(beta1) * math.cos(beta2) * half_dlon * half_dlon, 1.0)
    sigma = 2 * math.asin(math.sqrt(h))
    if not sigma > 0:
        return 0.0
    sin_sigma = math.sin(sigma)
    sin2_half = math.sin(sigma / 2) ** 2
    sin2_p = math.sin((beta1 + beta2) / 2) ** 2
    x = (sigma - sin_sigma) * sin2_p * (1 - sin2_q) / (1 - sin2_half)
    y = (sigma + sin_sigma) * (1 - sin2_p) * sin2_q / sin2_half
    return _A * (sigma - _F / 2 * (x + y))


def reduced_latitude(lats: np.ndarray) -> np.ndarray:
    """The many points' own part of `geodesic_km_many`: the matching index keeps it (and its
    cosine) per carer, so a search skips the slow tan/arctan over thousands of carers."""
    return np.arctan((1 - _F) * np.tan(np.radians(lats)))


def geodesic_km_reduced(lat: float, lon: float, beta2: np.ndarray, cos_beta2: np.ndarray,
                        lons: np.ndarray) -> np.ndarray:
    """`geodesic_km_many` with the reduced latitudes of the many points (and their cosines)
    given: the same arithmetic, so the same distances to the last bit.

    Each term is computed once and the arrays are reused in place: a search calls this a few
    times on a few hundred carers, where numpy's cost per operation weighs as much as the
    arithmetic itself."""
    beta1 = np.arctan((1 - _F) * np.tan(np.radians(lat)))
    q = beta2 - beta1
    q /= 2
    # Central angle by the haversine formula on reduced latitudes (stable for short lines):
    # h = sin^2(q) + cos(beta1) cos(beta2) sin^2(dlon / 2).
    half_dlon = lons - lon
    np.radians(half_dlon, out=half_dlon)
    half_dlon /= 2
    np.sin(half_dlon, out=half_dlon)
    half_dlon *= half_dlon
    h = np.cos(beta1) * cos_beta2
    h *= half_dlon
    sin2_q = np.sin(q)
    sin2_q *= sin2_q
    h = np.add(sin2_q, h, out=h)
    np.minimum(h, 1.0, out=h)  # never below 0: squares times cosines of latitudes
    sigma = np.sqrt(h, out=h)
    np.arcsin(sigma, out=sigma)
    sigma *= 2
    # Lambert's correction for the flattening: d = a (sigma - f/2 (x + y)). Each cos^2 is
    # 1 - sin^2 of the same angle: three cosines fewer per carer, a few ulp from the cosine's
    # own figure (the accuracy against geopy is what tests/unit/test_distance.py holds).
    p = beta1 + beta2
    p /= 2
    sin_sigma = np.sin(sigma)
    sin2_half = sigma / 2
    np.sin(sin2_half, out=sin2_half)
    sin2_half *= sin2_half
    cos2_half = 1.0 - sin2_half
    sin2_p = np.sin(p, out=p)
    sin2_p *= sin2_p
    cos2_p = 1.0 - sin2_p
    cos2_q = 1.0 - sin2_q
    x = sigma - sin_sigma  # (sigma - sin sigma) sin^2 p cos^2 q / cos^2(sigma/2)
    sin2_p *= cos2_q
    x *= sin2_p
    x /= cos2_half
    y = np.add(sigma, sin_sigma, out=sin_sigma)  # (sigma + sin sigma) cos^2 p sin^2 q ...
    cos2_p *= sin2_q
    y *= cos2_p
    with np.errstate(divide="ignore", invalid="ignore"):
        y /= sin2_half  # ... / sin^2(sigma/2); 0/0 where a carer sits on the point: 0 below
    x += y
    x *= _F / 2
    d = np.subtract(sigma, x, out=x)
    d *= _A
    d[~(sigma > 0)] = 0.0
    return d
