"""Geodesic distance: geopy for single pairs, a vectorised numpy path for the ranking hot loop.

The vectorised path uses Lambert's formula for long lines on the WGS84 ellipsoid: it agrees with
geopy's Karney geodesic to well within 0.1% at Dutch distances (tests/unit/test_distance.py).
"""

from __future__ import annotations

import numpy as np
from geopy.distance import geodesic

_A = 6378.137  # WGS84 semi-major axis, km
_F = 1 / 298.257223563


def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return float(geodesic((lat1, lon1), (lat2, lon2)).km)


def geodesic_km_many(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Distance in km from one point to many points (arrays of degrees)."""
    beta1 = np.arctan((1 - _F) * np.tan(np.radians(lat)))
    beta2 = np.arctan((1 - _F) * np.tan(np.radians(lats)))
    dlon = np.radians(lons - lon)
    # Central angle by the haversine formula on reduced latitudes (stable for short lines).
    h = np.sin((beta2 - beta1) / 2) ** 2 + np.cos(beta1) * np.cos(beta2) * np.sin(dlon / 2) ** 2
    sigma = 2 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    p = (beta1 + beta2) / 2
    q = (beta2 - beta1) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (sigma - np.sin(sigma)) * (np.sin(p) ** 2 * np.cos(q) ** 2) / np.cos(sigma / 2) ** 2
        y = (sigma + np.sin(sigma)) * (np.cos(p) ** 2 * np.sin(q) ** 2) / np.sin(sigma / 2) ** 2
        d = _A * (sigma - _F / 2 * (x + y))
    return np.where(sigma > 0, d, 0.0)
