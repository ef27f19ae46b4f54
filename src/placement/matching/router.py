"""Travel time from one origin (a school, a club, the parents' home) to many carers.

Two estimators share one interface, `TravelTimeEstimator`:

- `OfflineEstimator` (the default): geodesic distance x detour factor / speed of the mode. No
  network, deterministic, and its basis says it is an estimate and how it was made.
- `OsrmRouter`: an OSRM-compatible server's `table` service, one call per origin for up to
  `max_destinations` carers. Enabled only when `settings.router_url` is set. When the router fails
  (connection refused, timeout, error answer, malformed JSON) the offline estimate is used instead
  and the basis says so, so a ranking never fails because a router is down.

Nothing else in the application calls the network while ranking.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

import httpx
import numpy as np

from placement.geo.distance import geodesic_km_many

log = logging.getLogger(__name__)

Mode = Literal["walk", "bike", "car", "transit"]

# Defaults that mirror the matching policy's documented defaults; the policy passes its own.
DEFAULT_DETOUR_FACTOR = 1.3
DEFAULT_SPEEDS_KMH: Mapping[str, float] = {"walk": 4.5, "bike": 15.0, "car": 40.0, "transit": 25.0}
_MODE_NL = {"walk": "lopen", "bike": "fietsen", "car": "auto", "transit": "openbaar vervoer"}

# OSRM's own default --max-table-size is 100; a server may be configured higher.
DEFAULT_MAX_DESTINATIONS = 100
DEFAULT_TIMEOUT_S = 2.0


@dataclass(frozen=True)
class TravelTimes:
    """Minutes and km from one origin to each destination, in the order given.

    `basis` is the one-line Dutch explanation of how the numbers were made (shown to officers);
    `source` says which estimator produced them.
    """

    minutes: np.ndarray
    km: np.ndarray
    basis: str
    source: Literal["offline", "router", "router_fallback"]


@runtime_checkable
class TravelTimeEstimator(Protocol):
    async def from_origin(self, latitude: float, longitude: float, lats: np.ndarray,
                          lons: np.ndarray, mode: str) -> TravelTimes:
        """Travel from (latitude, longitude) to every (lats[i], lons[i]) by `mode`."""
        ...

    async def aclose(self) -> None: ...


class OfflineEstimator:
    """Geodesic distance x detour factor at the mode's speed: an estimate, not a route."""

    def __init__(self, detour_factor: float = DEFAULT_DETOUR_FACTOR,
                 speeds_kmh: Mapping[str, float] | None = None) -> None:
        if detour_factor < 1:
            raise ValueError("detour factor below 1 would make routes shorter than a straight line")
        self.detour_factor = detour_factor
        self.speeds_kmh = dict(DEFAULT_SPEEDS_KMH if speeds_kmh is None else speeds_kmh)

    def estimate(self, latitude: float, longitude: float, lats: np.ndarray, lons: np.ndarray,
                 mode: str) -> TravelTimes:
        """The synchronous core, usable from the numpy hot loop without an event loop."""
        speed = self._speed(mode)
        km = geodesic_km_many(latitude, longitude, np.asarray(lats, dtype=float),
                              np.asarray(lons, dtype=float)) * self.detour_factor
        return TravelTimes(minutes=km / speed * 60.0, km=km, basis=self.basis(mode),
                           source="offline")

    async def from_origin(self, latitude: float, longitude: float, lats: np.ndarray,
                          lons: np.ndarray, mode: str) -> TravelTimes:
        return self.estimate(latitude, longitude, lats, lons, mode)

    def basis(self, mode: str) -> str:
        factor = f"{self.detour_factor:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        speed = f"{self._speed(mode):g}".replace(".", ",")
        return (f"schatting: hemelsbrede afstand x omrijfactor {factor}, "
                f"{_MODE_NL.get(mode, mode)} {speed} km/u")

    def _speed(self, mode: str) -> float:
        try:
            return self.speeds_kmh[mode]
        except KeyError:
            raise ValueError(f"no speed configured for travel mode {mode!r}") from None

    async def aclose(self) -> None:
        return None


class RouterError(Exception):
    """The router gave no usable answer; the caller falls back to the offline estimate."""


class OsrmRouter:
    """Client for an OSRM-compatible `table` service.

    One GET per origin and chunk of destinations:
    `{base_url}/table/v1/{profile}/{lon,lat;lon,lat;...}?sources=0&destinations=1;2;..`
    `&annotations=duration,distance`. OSRM serves whatever profile the server was built with; the
    profile in the path names it. The `mode` asked for is recorded in the basis only.
    """

    def __init__(self, base_url: str, profile: str = "driving", *,
                 fallback: OfflineEstimator | None = None,
                 timeout_s: float = DEFAULT_TIMEOUT_S,
                 max_destinations: int = DEFAULT_MAX_DESTINATIONS,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"router url must start with http:// or https://: {base_url!r}")
        if max_destinations < 1:
            raise ValueError("max_destinations must be at least 1")
        self.base_url = base_url.rstrip("/")
        self.profile = profile
        self.fallback = fallback or OfflineEstimator()
        self.max_destinations = max_destinations
        # trust_env=False: the router is a configured server, never reached via proxy settings.
        self._client = httpx.AsyncClient(timeout=httpx.Timeout(timeout_s), transport=transport,
                                         trust_env=False)

    def table_url(self, latitude: float, longitude: float, lats: np.ndarray,
                  lons: np.ndarray) -> str:
        """The table request for one origin (index 0) and these destinations (1..n)."""
        points = [(longitude, latitude), *zip(lons, lats, strict=True)]
        coords = ";".join(f"{_coord(lon)},{_coord(lat)}" for lon, lat in points)
        destinations = ";".join(str(i) for i in range(1, len(points)))
        return (f"{self.base_url}/table/v1/{self.profile}/{coords}"
                f"?sources=0&destinations={destinations}&annotations=duration,distance")

    async def from_origin(self, latitude: float, longitude: float, lats: np.ndarray,
                          lons: np.ndarray, mode: str) -> TravelTimes:
        lats = np.asarray(lats, dtype=float)
        lons = np.asarray(lons, dtype=float)
        offline = self.fallback.estimate(latitude, longitude, lats, lons, mode)
        if len(lats) == 0:
            return offline
        chunks = [slice(i, i + self.max_destinations)
                  for i in range(0, len(lats), self.max_destinations)]
        try:
            answers = await asyncio.gather(*(
                self._table(latitude, longitude, lats[chunk], lons[chunk]) for chunk in chunks
            ))
        except RouterError as exc:
            log.warning("router %s failed, using the offline estimate: %s", self.base_url, exc)
            return TravelTimes(
                minutes=offline.minutes, km=offline.km, source="router_fallback",
                basis=f"router niet beschikbaar ({exc}); {offline.basis}",
            )
        seconds = np.concatenate([a[0] for a in answers])
        metres = np.concatenate([a[1] for a in answers])
        # A destination the router cannot reach (null) keeps the offline estimate, and says so.
        unroutable = np.isnan(seconds)
        minutes = np.where(unroutable, offline.minutes, seconds / 60.0)
        km = np.where(np.isnan(metres), offline.km, metres / 1000.0)
        basis = f"route volgens router ({self.profile})"
        if unroutable.any():
            basis += f"; {int(unroutable.sum())} zonder route: {offline.basis}"
        return TravelTimes(minutes=minutes, km=km, basis=basis, source="router")

    async def _table(self, latitude: float, longitude: float, lats: np.ndarray,
                     lons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        url = self.table_url(latitude, longitude, lats, lons)
        try:
            response = await self._client.get(url)
        except httpx.TimeoutException:
            raise RouterError("geen antwoord binnen de tijdslimiet") from None
        except httpx.HTTPError as exc:
            raise RouterError(f"verbinding mislukt: {type(exc).__name__}") from None
        if response.status_code != 200:
            raise RouterError(f"HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError:
            raise RouterError("antwoord is geen JSON") from None
        return _parse_table(body, len(lats))

    async def aclose(self) -> None:
        await self._client.aclose()


def _parse_table(body: object, expected: int) -> tuple[np.ndarray, np.ndarray]:
    """Durations (s) and distances (m) of the single source row; null becomes NaN."""
    if not isinstance(body, dict):
        raise RouterError("antwoord is geen object")
    if body.get("code") != "Ok":
        raise RouterError(f"router meldt {body.get('code')!r}")
    durations = _single_row(body.get("durations"), expected, "durations")
    distances = (_single_row(body["distances"], expected, "distances")
                 if body.get("distances") is not None else np.full(expected, np.nan))
    return durations, distances


def _single_row(matrix: object, expected: int, name: str) -> np.ndarray:
    if not (isinstance(matrix, list) and len(matrix) == 1 and isinstance(matrix[0], list)):
        raise RouterError(f"{name} heeft niet precies één rij")
    row = matrix[0]
    if len(row) != expected:
        raise RouterError(f"{name} heeft {len(row)} waarden, verwacht {expected}")
    values = []
    for value in row:
        if value is None:
            values.append(math.nan)
        elif isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            values.append(float(value))
        else:
            raise RouterError(f"{name} bevat een ongeldige waarde")
    return np.array(values, dtype=float)


def _coord(value: float) -> str:
    # Six decimals is about 10 cm: more precision only lengthens the URL.
    return f"{float(value):.6f}"


def estimator_for(router_url: str | None, offline: OfflineEstimator | None = None, *,
                  profile: str = "driving", timeout_s: float = DEFAULT_TIMEOUT_S,
                  ) -> TravelTimeEstimator:
    """The router when one is configured (settings.router_url), else the offline estimate."""
    offline = offline or OfflineEstimator()
    if not router_url:
        return offline
    return OsrmRouter(router_url, profile, fallback=offline, timeout_s=timeout_s)
