"""The OSRM client against a small fake OSRM server on loopback (no internet).

The fake answers /table and /route with numbers computed from the coordinates it was sent, so a
test can tell whether the client put the coordinates in OSRM's lon,lat order and read the single
source row back in destination order.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import httpx
import numpy as np
import pytest

from placement.geo.distance import geodesic_km_many
from placement.matching.core.policy import DEFAULT_POLICY, Policy, Thresholds
from placement.matching.core.travel import OfflineEstimator, TravelTimeEstimator
from placement.matching.router import OsrmRouter, estimator_for

FAKE_SPEED_KMH = 30.0  # the fake "road network": straight line x 1.5 at 30 km/h
FAKE_DETOUR = 1.5

UTRECHT_SCHOOL = (52.0907, 5.1214)
CARERS_LAT = np.array([52.1146, 52.0986, 52.3731, 51.9851])
CARERS_LON = np.array([5.1085, 5.0560, 4.8926, 5.8987])


@dataclass
class FakeOsrm:
    """Behaviour switches and a log of what the client asked."""

    paths: list[str] = field(default_factory=list)
    mode: str = "ok"  # ok | http_500 | slow | not_json | no_route_code | wrong_length | null_last
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _answer(fake: FakeOsrm, path: str) -> tuple[int, bytes]:
    parts = urlsplit(path)
    segments = parts.path.split("/")  # ['', service, 'v1', profile, coords]
    if len(segments) != 5 or segments[2] != "v1" or segments[1] not in ("table", "route"):
        return 400, json.dumps({"code": "InvalidUrl"}).encode()
    points = [tuple(float(x) for x in p.split(",")) for p in segments[4].split(";")]
    lons = np.array([p[0] for p in points])
    lats = np.array([p[1] for p in points])
    if segments[1] == "route":
        km = float(geodesic_km_many(lats[0], lons[0], lats[1:2], lons[1:2])[0]) * FAKE_DETOUR
        return 200, json.dumps({"code": "Ok", "routes": [
            {"distance": km * 1000, "duration": km / FAKE_SPEED_KMH * 3600}]}).encode()
    query = parse_qs(parts.query)
    sources = [int(i) for i in query["sources"][0].split(";")]
    destinations = [int(i) for i in query["destinations"][0].split(";")]
    rows_s, rows_m = [], []
    for s in sources:
        km = geodesic_km_many(lats[s], lons[s], lats[destinations], lons[destinations]) * FAKE_DETOUR
        rows_m.append([round(v * 1000, 1) for v in km])
        rows_s.append([round(v / FAKE_SPEED_KMH * 3600, 1) for v in km])
    if fake.mode == "null_last":
        rows_s[0][-1] = None
        rows_m[0][-1] = None
    if fake.mode == "wrong_length":
        rows_s[0] = rows_s[0][:-1]
    body = {"code": "NoRoute" if fake.mode == "no_route_code" else "Ok",
            "durations": rows_s, "distances": rows_m}
    return 200, json.dumps(body).encode()


@pytest.fixture
def fake_osrm() -> Iterator[FakeOsrm]:
    fake = FakeOsrm()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fake.paths.append(self.path)
            if fake.mode == "slow":
                time.sleep(1.0)
            if fake.mode == "http_500":
                status, body = 500, b"internal error"
            elif fake.mode == "not_json":
                status, body = 200, b"<html>proxy error</html>"
            else:
                status, body = _answer(fake, self.path)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


POLICY = DEFAULT_POLICY
STRAIGHT_KM = geodesic_km_many(*UTRECHT_SCHOOL, CARERS_LAT, CARERS_LON)


def _expected_minutes() -> np.ndarray:
    return STRAIGHT_KM * FAKE_DETOUR / FAKE_SPEED_KMH * 60


def _offline_minutes(mode: str, policy: Policy = POLICY) -> np.ndarray:
    return OfflineEstimator().minutes(*UTRECHT_SCHOOL, CARERS_LAT, CARERS_LON, STRAIGHT_KM, mode,
                                      policy)


def _ask(router: OsrmRouter, mode: str = "car", policy: Policy = POLICY) -> np.ndarray:
    return router.minutes(*UTRECHT_SCHOOL, CARERS_LAT, CARERS_LON, STRAIGHT_KM, mode, policy)


def test_table_url_has_osrm_format(fake_osrm: FakeOsrm) -> None:
    router = OsrmRouter(fake_osrm.url + "/", "bike")
    router.minutes(*UTRECHT_SCHOOL, CARERS_LAT[:2], CARERS_LON[:2], STRAIGHT_KM[:2], "bike",
                   POLICY)
    assert fake_osrm.paths == [(
        "/table/v1/bike/5.121400,52.090700;5.108500,52.114600;5.056000,52.098600"
        "?sources=0&destinations=1;2&annotations=duration,distance"
    )]


def test_router_durations_are_parsed_in_destination_order(fake_osrm: FakeOsrm) -> None:
    router = OsrmRouter(fake_osrm.url, "driving")
    minutes = _ask(router)
    np.testing.assert_allclose(minutes, _expected_minutes(), rtol=1e-3)
    assert len(fake_osrm.paths) == 1  # one origin to many destinations in one call
    basis = router.basis(float(STRAIGHT_KM[2]), float(minutes[2]), "car", POLICY)
    assert "volgens routeplanner" in basis and "driving" in basis


async def test_async_path_gives_the_same_answer(fake_osrm: FakeOsrm) -> None:
    router = OsrmRouter(fake_osrm.url, "driving", max_destinations=3)
    minutes = await router.minutes_async(*UTRECHT_SCHOOL, CARERS_LAT, CARERS_LON, STRAIGHT_KM,
                                         "car", POLICY)
    np.testing.assert_allclose(minutes, _expected_minutes(), rtol=1e-3)
    assert len(fake_osrm.paths) == 2


def test_many_destinations_are_split_into_table_sized_calls(fake_osrm: FakeOsrm) -> None:
    router = OsrmRouter(fake_osrm.url, "driving", max_destinations=3)
    lats, lons, km = (np.repeat(a, 2) for a in (CARERS_LAT, CARERS_LON, STRAIGHT_KM))
    minutes = router.minutes(*UTRECHT_SCHOOL, lats, lons, km, "car", POLICY)
    assert len(fake_osrm.paths) == 3  # 8 destinations in chunks of 3, 3, 2
    np.testing.assert_allclose(minutes, np.repeat(_expected_minutes(), 2), rtol=1e-3)


@pytest.mark.parametrize("mode", ["http_500", "not_json", "no_route_code", "wrong_length"])
def test_bad_router_answer_falls_back_to_offline_estimate(fake_osrm: FakeOsrm, mode: str) -> None:
    fake_osrm.mode = mode
    policy = Policy(version=2, thresholds=Thresholds(detour_factor=1.4))
    router = OsrmRouter(fake_osrm.url, "bike")
    minutes = _ask(router, "bike", policy)
    np.testing.assert_allclose(minutes, _offline_minutes("bike", policy))
    assert router.last_failure
    basis = router.basis(float(STRAIGHT_KM[0]), float(minutes[0]), "bike", policy)
    assert "schatting" in basis and "1,4" in basis and "routeplanner niet gebruikt" in basis


async def test_async_bad_answer_falls_back_too(fake_osrm: FakeOsrm) -> None:
    fake_osrm.mode = "http_500"
    router = OsrmRouter(fake_osrm.url, "bike")
    minutes = await router.minutes_async(*UTRECHT_SCHOOL, CARERS_LAT, CARERS_LON, STRAIGHT_KM,
                                         "bike", POLICY)
    np.testing.assert_allclose(minutes, _offline_minutes("bike"))
    assert router.last_failure == "HTTP 500"


def test_slow_router_times_out_and_falls_back(fake_osrm: FakeOsrm) -> None:
    fake_osrm.mode = "slow"
    router = OsrmRouter(fake_osrm.url, "bike", timeout_s=0.2)
    started = time.perf_counter()
    minutes = _ask(router, "bike")
    assert time.perf_counter() - started < 0.9  # did not wait for the slow answer
    np.testing.assert_allclose(minutes, _offline_minutes("bike"))
    assert "tijdslimiet" in (router.last_failure or "")


def test_unreachable_router_falls_back() -> None:
    # Port 9 (discard) on loopback: nothing listens there, the connection is refused at once.
    router = OsrmRouter("http://127.0.0.1:9", "bike", timeout_s=0.5)
    np.testing.assert_allclose(_ask(router, "bike"), _offline_minutes("bike"))
    assert "verbinding mislukt" in (router.last_failure or "")


def test_unroutable_destination_keeps_offline_estimate(fake_osrm: FakeOsrm) -> None:
    fake_osrm.mode = "null_last"
    router = OsrmRouter(fake_osrm.url, "driving")
    minutes = _ask(router)
    np.testing.assert_allclose(minutes[:-1], _expected_minutes()[:-1], rtol=1e-3)
    assert minutes[-1] == pytest.approx(_offline_minutes("car")[-1])
    assert "schatting" in router.basis(float(STRAIGHT_KM[-1]), float(minutes[-1]), "car", POLICY)


def test_modes_the_profile_does_not_serve_use_the_estimate(fake_osrm: FakeOsrm) -> None:
    router = OsrmRouter(fake_osrm.url, "bike", modes={"bike"})
    np.testing.assert_allclose(_ask(router, "walk"), _offline_minutes("walk"))
    assert fake_osrm.paths == []  # a bike router is not asked about walking


def test_fake_server_route_service_agrees_with_table(fake_osrm: FakeOsrm) -> None:
    # The fake also answers /route, so a client for single routes can be checked the same way.
    lat, lon = CARERS_LAT[0], CARERS_LON[0]
    answer = httpx.get(f"{fake_osrm.url}/route/v1/driving/"
                       f"{UTRECHT_SCHOOL[1]},{UTRECHT_SCHOOL[0]};{lon},{lat}", trust_env=False)
    minutes = answer.json()["routes"][0]["duration"] / 60
    assert minutes == pytest.approx(_expected_minutes()[0], rel=1e-3)


def test_router_only_when_configured(fake_osrm: FakeOsrm) -> None:
    offline = estimator_for(None)
    assert isinstance(offline, OfflineEstimator)
    offline.minutes(*UTRECHT_SCHOOL, CARERS_LAT, CARERS_LON, STRAIGHT_KM, "walk", POLICY)
    assert fake_osrm.paths == []  # the default makes no network call at all
    configured = estimator_for(fake_osrm.url)
    assert isinstance(configured, OsrmRouter)
    assert isinstance(configured.name, str) and callable(configured.basis)
    _: TravelTimeEstimator = configured  # satisfies the engine's estimator interface


def test_bad_router_url_is_refused() -> None:
    with pytest.raises(ValueError):
        OsrmRouter("127.0.0.1:5000")
