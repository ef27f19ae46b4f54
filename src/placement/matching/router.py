"""An OSRM-compatible router as a travel-time estimator (matching/core/travel.py's interface).

Enabled only when `settings.router_url` is set (`estimator_for`, below); the app keeps one
router (in the IndexHolder) so its cache serves every search.

The engine is synchronous and pure, so the router never answers it over the network. A search
runs in three steps (MatchingService.search):
1. the engine runs once with a `TripRecorder`, which answers with the offline estimate and notes
   every (origin, destinations, mode) trip the ranking needs;
2. `await router.prefetch(trips, policy)`: per mode, ONE batched `table` call with every origin
   as a source and every destination not yet cached (split only beyond the server's table
   size), asynchronous, with a timeout; answers go into a cache keyed by coordinates rounded
   to 4 decimals (about 10 m);
3. the engine runs again; `minutes()` reads the cache and falls back to the offline estimate for
   anything not there (router down, timeout, no route, a mode the router has no profile for),
   and `basis()` says which it was.
Each mode uses its own profile (walk: foot, bike: bike, car: driving); public transport has no
OSRM profile and always uses the estimate, so a car profile never answers for a cycling child.

URL: `{base_url}/table/v1/{profile}/{lon,lat;...}?sources=0;..;k-1&destinations=k;..`
`&annotations=duration`.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from placement.matching.core.policy import MODE_LABELS_NL, Policy
from placement.matching.core.travel import OfflineEstimator, TravelTimeEstimator, nl

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

# OSRM's own default --max-table-size is 100; a server may be configured higher.
DEFAULT_MAX_POINTS = 100
DEFAULT_TIMEOUT_S = 2.0
DEFAULT_PROFILES = {"walk": "foot", "bike": "bike", "car": "driving"}
CACHE_LIMIT = 500_000  # entries; about 60 MB at most, cleared whole when full
ROUND = 4  # decimals of a degree in the cache key: about 10 m


class RouterError(Exception):
    """The router gave no usable answer; the caller falls back to the offline estimate."""


@dataclass
class Trip:
    """One origin to many destinations by one mode, as the engine asked for it."""

    origin: tuple[float, float]  # lat, lon
    lats: np.ndarray
    lons: np.ndarray
    mode: str


class TripRecorder:
    """Answers the engine with the offline estimate and notes what it asked (step 1)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.trips: list[Trip] = []
        self._offline = OfflineEstimator()

    def minutes(self, origin_lat: float, origin_lon: float, lats: np.ndarray, lons: np.ndarray,
                km: np.ndarray, mode: str, policy: Policy) -> np.ndarray:
        self.trips.append(Trip((origin_lat, origin_lon), np.asarray(lats, dtype=float),
                               np.asarray(lons, dtype=float), mode))
        return self._offline.minutes(origin_lat, origin_lon, lats, lons, km, mode, policy)

    def basis(self, km: float, minutes: float, mode: str, policy: Policy) -> str:
        return self._offline.basis(km, minutes, mode, policy)


def _key(lat: float, lon: float) -> tuple[float, float]:
    return (round(float(lat), ROUND), round(float(lon), ROUND))


class OsrmRouter:
    """Client for an OSRM-compatible `table` service, one profile per travel mode."""

    name = "osrm"

    def __init__(self, base_url: str, profiles: Mapping[str, str] | None = None, *,
                 timeout_s: float = DEFAULT_TIMEOUT_S,
                 max_points: int = DEFAULT_MAX_POINTS) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"router url must start with http:// or https://: {base_url!r}")
        if max_points < 2:
            raise ValueError("max_points must be at least 2")
        self.base_url = base_url.rstrip("/")
        self.profiles = dict(DEFAULT_PROFILES if profiles is None else profiles)
        self.max_points = max_points
        self.offline = OfflineEstimator()
        self.last_failure: str | None = None  # why the most recent prefetch fell short
        self.calls = 0
        self._timeout_s = timeout_s
        # (profile, origin key, destination key) -> seconds; NaN: the router found no route.
        self._cache: dict[tuple[str, tuple[float, float], tuple[float, float]], float] = {}

    def serves(self, mode: str) -> bool:
        return mode in self.profiles

    # -- step 2: asynchronous, batched, cached ---------------------------------------------

    async def prefetch(self, trips: list[Trip]) -> None:
        """Fetch every trip not cached yet: one table call per mode (more only beyond the
        server's table size). Failures are logged and leave the cache as it was."""
        by_mode: dict[str, tuple[dict, dict]] = {}  # type: ignore[type-arg]
        for trip in trips:
            if not self.serves(trip.mode) or len(trip.lats) == 0:
                continue
            profile = self.profiles[trip.mode]
            origins, destinations = by_mode.setdefault(profile, ({}, {}))
            origin = _key(*trip.origin)
            for lat, lon in zip(trip.lats, trip.lons, strict=True):
                dest = _key(lat, lon)
                if (profile, origin, dest) not in self._cache:
                    origins[origin] = None
                    destinations[dest] = None
        calls = []
        for profile, (origins, destinations) in by_mode.items():
            if not destinations:
                continue
            sources = list(origins)
            step = max(1, self.max_points - len(sources))
            dests = list(destinations)
            calls.extend((profile, sources, dests[i:i + step]) for i in range(0, len(dests), step))
        if not calls:
            return
        if len(self._cache) > CACHE_LIMIT:
            self._cache.clear()
        import httpx  # only with a router configured: with its CLI extras, 0.4 s of start-up

        try:
            # trust_env=False: the router is a configured server, never reached via a proxy.
            async with httpx.AsyncClient(timeout=httpx.Timeout(self._timeout_s),
                                         trust_env=False) as client:
                bodies = await asyncio.gather(*(self._get(client, self.table_url(p, s, d))
                                                for p, s, d in calls))
            self.calls += len(calls)
            for (profile, sources, dests), body in zip(calls, bodies, strict=True):
                for origin, row in zip(sources, _parse(body, len(sources), len(dests)),
                                       strict=True):
                    for dest, seconds in zip(dests, row, strict=True):
                        self._cache[(profile, origin, dest)] = seconds
            self.last_failure = None
        except RouterError as exc:
            self.last_failure = str(exc)
            log.warning("router %s failed, using the offline estimate: %s", self.base_url, exc)

    def table_url(self, profile: str, sources: list[tuple[float, float]],
                  destinations: list[tuple[float, float]]) -> str:
        points = [*sources, *destinations]
        coords = ";".join(f"{_coord(lon)},{_coord(lat)}" for lat, lon in points)
        k = len(sources)
        return (f"{self.base_url}/table/v1/{profile}/{coords}"
                f"?sources={';'.join(str(i) for i in range(k))}"
                f"&destinations={';'.join(str(i) for i in range(k, len(points)))}"
                "&annotations=duration")

    async def _get(self, client: httpx.AsyncClient, url: str) -> object:
        import httpx

        try:
            return _body(await client.get(url))
        except httpx.TimeoutException:
            raise RouterError("geen antwoord binnen de tijdslimiet") from None
        except httpx.HTTPError as exc:
            raise RouterError(f"verbinding mislukt: {type(exc).__name__}") from None

    # -- step 3: the estimator interface, from the cache -------------------------------------

    def minutes(self, origin_lat: float, origin_lon: float, lats: np.ndarray, lons: np.ndarray,
                km: np.ndarray, mode: str, policy: Policy) -> np.ndarray:
        estimate = self.offline.minutes(origin_lat, origin_lon, lats, lons, km, mode, policy)
        if not self.serves(mode) or len(lats) == 0:
            return estimate
        profile, origin = self.profiles[mode], _key(origin_lat, origin_lon)
        seconds = np.array([self._cache.get((profile, origin, _key(lat, lon)), math.nan)
                            for lat, lon in zip(lats, lons, strict=True)], dtype=float)
        # Not cached or no route: the offline estimate.
        return np.where(np.isnan(seconds), estimate, seconds / 60.0)

    def basis(self, km: float, minutes: float, mode: str, policy: Policy) -> str:
        estimate = km * policy.thresholds.detour_factor / policy.speed(mode) * 60.0
        if not self.serves(mode) or math.isclose(minutes, estimate, rel_tol=1e-9, abs_tol=1e-9):
            why = ("geen routeprofiel voor deze reiswijze" if not self.serves(mode)
                   else "routeplanner niet gebruikt")
            return self.offline.basis(km, minutes, mode, policy) + f"; {why}"
        return (f"ca. {max(1, round(minutes))} min {MODE_LABELS_NL.get(mode, mode)} volgens "
                f"routeplanner (OSRM, profiel {self.profiles[mode]}; {nl(km)} km hemelsbreed)")


def _body(response: httpx.Response) -> object:
    if response.status_code != 200:
        raise RouterError(f"HTTP {response.status_code}")
    try:
        return response.json()
    except ValueError:
        raise RouterError("antwoord is geen JSON") from None


def _parse(body: object, sources: int, destinations: int) -> list[list[float]]:
    """Durations (s) per source row, in destination order; null becomes NaN."""
    if not isinstance(body, dict):
        raise RouterError("antwoord is geen object")
    if body.get("code") != "Ok":
        raise RouterError(f"router meldt {body.get('code')!r}")
    matrix = body.get("durations")
    if not (isinstance(matrix, list) and len(matrix) == sources
            and all(isinstance(r, list) for r in matrix)):
        raise RouterError(f"durations heeft niet {sources} rij(en)")
    rows = []
    for row in matrix:
        if len(row) != destinations:
            raise RouterError(f"durations heeft {len(row)} waarden, verwacht {destinations}")
        values = []
        for value in row:
            if value is None:
                values.append(math.nan)
            elif isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
                values.append(float(value))
            else:
                raise RouterError("durations bevat een ongeldige waarde")
        rows.append(values)
    return rows


def _coord(value: float) -> str:
    # Six decimals is about 10 cm: more precision only lengthens the URL.
    return f"{float(value):.6f}"


def estimator_for(router_url: str | None) -> TravelTimeEstimator:
    """The offline estimate unless a router is configured."""
    if not router_url:
        return OfflineEstimator()
    return OsrmRouter(router_url)  # type: ignore[return-value]
