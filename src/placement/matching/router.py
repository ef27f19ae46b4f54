"""An OSRM-compatible router as a travel-time estimator (matching/core/travel.py's interface).

Enabled only when `settings.router_url` is set (estimator_for, below). One origin (a school, a
club) to many carers costs one `table` call per `max_destinations` carers:
`{base_url}/table/v1/{profile}/{lon,lat;lon,lat;...}?sources=0&destinations=1;2;..`
`&annotations=duration,distance`.

When the router fails (refused, timeout, an error answer, malformed JSON) the offline estimate is
used for that call, and the explanation says so: a ranking never fails because a router is down.
A destination the router cannot reach (null in the table) keeps its offline estimate as well.

The engine calls `minutes()` synchronously inside a ranking, so that path uses a blocking client
with a short timeout; `minutes_async()` is the same call for async callers that fetch travel
times before ranking. Nothing else in the application calls the network.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Collection

import httpx
import numpy as np

from placement.matching.core.policy import MODE_LABELS_NL, Policy
from placement.matching.core.travel import OfflineEstimator, TravelTimeEstimator, nl

log = logging.getLogger(__name__)

# OSRM's own default --max-table-size is 100; a server may be configured higher.
DEFAULT_MAX_DESTINATIONS = 100
DEFAULT_TIMEOUT_S = 2.0


class RouterError(Exception):
    """The router gave no usable answer; the caller falls back to the offline estimate."""


class OsrmRouter:
    """Client for an OSRM-compatible `table` service.

    OSRM answers with whatever profile its server was built with; `profile` names it in the URL.
    `modes` are the travel modes this profile stands for (None: every mode); for other modes the
    offline estimate is used, so a car router never answers for a walking child by accident.
    """

    name = "osrm"

    def __init__(self, base_url: str, profile: str = "driving", *,
                 modes: Collection[str] | None = None, timeout_s: float = DEFAULT_TIMEOUT_S,
                 max_destinations: int = DEFAULT_MAX_DESTINATIONS) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"router url must start with http:// or https://: {base_url!r}")
        if max_destinations < 1:
            raise ValueError("max_destinations must be at least 1")
        self.base_url = base_url.rstrip("/")
        self.profile = profile
        self.modes = None if modes is None else frozenset(modes)
        self.max_destinations = max_destinations
        self.offline = OfflineEstimator()
        self.last_failure: str | None = None  # why the most recent call fell back, for the log
        self._timeout = httpx.Timeout(timeout_s)

    # -- the estimator interface -------------------------------------------------------------

    def minutes(self, origin_lat: float, origin_lon: float, lats: np.ndarray, lons: np.ndarray,
                km: np.ndarray, mode: str, policy: Policy) -> np.ndarray:
        estimate = self.offline.minutes(origin_lat, origin_lon, lats, lons, km, mode, policy)
        if len(lats) == 0 or not self.serves(mode):
            return estimate
        # trust_env=False: the router is a configured server, never reached via proxy settings.
        try:
            with httpx.Client(timeout=self._timeout, trust_env=False) as client:
                answers = [_parse(self._get(client, url), n)
                           for url, n in self._urls(origin_lat, origin_lon, lats, lons)]
        except RouterError as exc:
            return self._fell_back(exc, estimate)
        return self._merge(answers, estimate)

    async def minutes_async(self, origin_lat: float, origin_lon: float, lats: np.ndarray,
                            lons: np.ndarray, km: np.ndarray, mode: str,
                            policy: Policy) -> np.ndarray:
        estimate = self.offline.minutes(origin_lat, origin_lon, lats, lons, km, mode, policy)
        if len(lats) == 0 or not self.serves(mode):
            return estimate
        requests = self._urls(origin_lat, origin_lon, lats, lons)
        try:
            async with httpx.AsyncClient(timeout=self._timeout, trust_env=False) as client:
                bodies = await asyncio.gather(*(self._get_async(client, url)
                                                for url, _ in requests))
            answers = [_parse(body, n) for body, (_, n) in zip(bodies, requests, strict=True)]
        except RouterError as exc:
            return self._fell_back(exc, estimate)
        return self._merge(answers, estimate)

    def basis(self, km: float, minutes: float, mode: str, policy: Policy) -> str:
        estimate = km * policy.thresholds.detour_factor / policy.speed(mode) * 60.0
        if not self.serves(mode) or math.isclose(minutes, estimate, rel_tol=1e-9, abs_tol=1e-9):
            # This value is the offline estimate (router down, no route, or mode not served).
            return self.offline.basis(km, minutes, mode, policy) + "; routeplanner niet gebruikt"
        return (f"ca. {minutes:.0f} min {MODE_LABELS_NL.get(mode, mode)} volgens routeplanner "
                f"(OSRM, profiel {self.profile}; {nl(km)} km hemelsbreed)")

    def serves(self, mode: str) -> bool:
        return self.modes is None or mode in self.modes

    # -- the OSRM table call -----------------------------------------------------------------

    def table_url(self, origin_lat: float, origin_lon: float, lats: np.ndarray,
                  lons: np.ndarray) -> str:
        """The table request for one origin (index 0) and these destinations (1..n)."""
        points = [(origin_lon, origin_lat), *zip(lons, lats, strict=True)]
        coords = ";".join(f"{_coord(lon)},{_coord(lat)}" for lon, lat in points)
        destinations = ";".join(str(i) for i in range(1, len(points)))
        return (f"{self.base_url}/table/v1/{self.profile}/{coords}"
                f"?sources=0&destinations={destinations}&annotations=duration,distance")

    def _urls(self, origin_lat: float, origin_lon: float, lats: np.ndarray,
              lons: np.ndarray) -> list[tuple[str, int]]:
        lats, lons = np.asarray(lats, dtype=float), np.asarray(lons, dtype=float)
        step = self.max_destinations
        return [(self.table_url(origin_lat, origin_lon, lats[i:i + step], lons[i:i + step]),
                 len(lats[i:i + step])) for i in range(0, len(lats), step)]

    def _get(self, client: httpx.Client, url: str) -> object:
        try:
            return _body(client.get(url))
        except httpx.TimeoutException:
            raise RouterError("geen antwoord binnen de tijdslimiet") from None
        except httpx.HTTPError as exc:
            raise RouterError(f"verbinding mislukt: {type(exc).__name__}") from None

    async def _get_async(self, client: httpx.AsyncClient, url: str) -> object:
        try:
            return _body(await client.get(url))
        except httpx.TimeoutException:
            raise RouterError("geen antwoord binnen de tijdslimiet") from None
        except httpx.HTTPError as exc:
            raise RouterError(f"verbinding mislukt: {type(exc).__name__}") from None

    def _fell_back(self, exc: RouterError, estimate: np.ndarray) -> np.ndarray:
        self.last_failure = str(exc)
        log.warning("router %s failed, using the offline estimate: %s", self.base_url, exc)
        return estimate

    def _merge(self, answers: list[np.ndarray], estimate: np.ndarray) -> np.ndarray:
        seconds = np.concatenate(answers)
        self.last_failure = None
        # A destination the router cannot reach (null) keeps the offline estimate.
        return np.where(np.isnan(seconds), estimate, seconds / 60.0)


def _body(response: httpx.Response) -> object:
    if response.status_code != 200:
        raise RouterError(f"HTTP {response.status_code}")
    try:
        return response.json()
    except ValueError:
        raise RouterError("antwoord is geen JSON") from None


def _parse(body: object, expected: int) -> np.ndarray:
    """Durations (s) of the single source row, in destination order; null becomes NaN."""
    if not isinstance(body, dict):
        raise RouterError("antwoord is geen object")
    if body.get("code") != "Ok":
        raise RouterError(f"router meldt {body.get('code')!r}")
    matrix = body.get("durations")
    if not (isinstance(matrix, list) and len(matrix) == 1 and isinstance(matrix[0], list)):
        raise RouterError("durations heeft niet precies één rij")
    row = matrix[0]
    if len(row) != expected:
        raise RouterError(f"durations heeft {len(row)} waarden, verwacht {expected}")
    values = []
    for value in row:
        if value is None:
            values.append(math.nan)
        elif isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            values.append(float(value))
        else:
            raise RouterError("durations bevat een ongeldige waarde")
    return np.array(values, dtype=float)


def _coord(value: float) -> str:
    # Six decimals is about 10 cm: more precision only lengthens the URL.
    return f"{float(value):.6f}"


def estimator_for(router_url: str | None) -> TravelTimeEstimator:
    """The offline estimate unless a router is configured."""
    if not router_url:
        return OfflineEstimator()
    return OsrmRouter(router_url)  # type: ignore[return-value]
