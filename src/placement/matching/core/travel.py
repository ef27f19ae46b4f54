"""Travel time estimates. The default is offline: geodesic distance x detour factor / speed of the
mode the policy gives the child's age and the distance. A real router (the shell's
placement/matching/router.py, OSRM-compatible) implements the same protocol and is chosen there
by configuration (settings.router_url); this module knows nothing of it."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from placement.matching.core.policy import MODE_LABELS_NL, Policy


class TravelTimeEstimator(Protocol):
    """Minutes of travel from one origin to many destinations by one mode.

    `km` is the geodesic distance already computed by the engine (the offline estimate needs
    nothing else; a router may ignore it). Called once per fixed point (school, club) per
    ranking, on the carers that passed the other hard constraints only."""

    name: str

    def minutes(self, origin_lat: float, origin_lon: float, lats: np.ndarray, lons: np.ndarray,
                km: np.ndarray, mode: str, policy: Policy) -> np.ndarray: ...

    def basis(self, km: float, minutes: float, mode: str, policy: Policy) -> str:
        """One Dutch line saying how the estimate was made."""


class OfflineEstimator:
    name = "offline"

    def minutes(self, origin_lat: float, origin_lon: float, lats: np.ndarray, lons: np.ndarray,
                km: np.ndarray, mode: str, policy: Policy) -> np.ndarray:
        return self.minutes_by_mode(km, policy.speed(mode), policy)

    @staticmethod
    def minutes_by_mode(km: np.ndarray, speed: float | np.ndarray, policy: Policy) -> np.ndarray:
        """`speed`: one mode's, or each trip's own mode's (km/h per trip): the same figure
        either way, so the engine asks once for trips of mixed modes, without splitting them
        by mode or gathering their coordinates (which only a router needs)."""
        return km * policy.thresholds.detour_factor / speed * 60.0

    def basis(self, km: float, minutes: float, mode: str, policy: Policy) -> str:
        detour = policy.thresholds.detour_factor
        return (f"{about_minutes(minutes)} {MODE_LABELS_NL[mode]} (schatting: {nl(km)} km "
                f"hemelsbreed x {nl(detour)} omweg, {speed_nl(policy.speed(mode))} km/u)")


def about_minutes(minutes: float) -> str:
    """"ca. 8 min"; a trip of a few hundred metres reads as "ca. 1 min", never "ca. 0 min"."""
    return f"ca. {max(1, round(minutes))} min"


def speed_nl(kmh: float) -> str:
    return nl(kmh, 0) if float(kmh).is_integer() else nl(kmh, 1)


def nl(value: float, digits: int = 1) -> str:
    """A number the Dutch way: decimal comma."""
    return f"{value:.{digits}f}".replace(".", ",")
