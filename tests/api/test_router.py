"""The OSRM client against a small fake OSRM server on loopback (no internet).

The fake answers /table and /route with numbers computed from the coordinates it was sent, so a
test can tell whether the client put the coordinates in OSRM's lon,lat order and read the rows
back in source and destination order. Issue 12, points 5 and 6: a profile per mode, one batched
asynchronous call per search and mode, a cache, a timeout, and /health stays fast meanwhile.
"""

from __future__ import annotations

import asyncio
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
from placement.matching.router import OsrmRouter, TripRecorder, estimator_for
from tests.factories import Actors, make_school
from tests.factories_matching import make_carer, make_child, make_request

FAKE_SPEED_KMH = 30.0  # the fake "road network": straight line x 1.5 at 30 km/h
FAKE_DETOUR = 1.5

UTRECHT_SCHOOL = (52.0907, 5.1214)
CARERS_LAT = np.array([52.1146, 52.0986, 52.3731, 51.9851])
CARERS_LON = np.array([5.1085, 5.0560, 4.8926, 5.8987])


@dataclass
class FakeOsrm:
    """Behaviour switches and a log of what the client asked."""

    paths: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # "router answered", in time order
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
                fake.events.append("router answered")
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
CLUB = (52.10, 5.13)


def _expected_minutes(origin: tuple[float, float] = UTRECHT_SCHOOL) -> np.ndarray:
    km = geodesic_km_many(*origin, np.round(CARERS_LAT, 4), np.round(CARERS_LON, 4))
    return km * FAKE_DETOUR / FAKE_SPEED_KMH * 60


def _offline_minutes(mode: str, policy: Policy = POLICY) -> np.ndarray:
    return OfflineEstimator().minutes(*UTRECHT_SCHOOL, CARERS_LAT, CARERS_LON, STRAIGHT_KM, mode,
                                      policy)


def _trips(*modes: str, origin: tuple[float, float] = UTRECHT_SCHOOL) -> list:  # type: ignore[type-arg]
    recorder = TripRecorder("osrm")
    for mode in modes:
        recorder.minutes(*origin, CARERS_LAT, CARERS_LON, STRAIGHT_KM, mode, POLICY)
    return recorder.trips


def _ask(router: OsrmRouter, mode: str = "car", policy: Policy = POLICY) -> np.ndarray:
    return router.minutes(*UTRECHT_SCHOOL, CARERS_LAT, CARERS_LON, STRAIGHT_KM, mode, policy)


async def test_table_url_has_osrm_format(fake_osrm: FakeOsrm) -> None:
    router = OsrmRouter(fake_osrm.url + "/")
    recorder = TripRecorder("osrm")
    recorder.minutes(*UTRECHT_SCHOOL, CARERS_LAT[:2], CARERS_LON[:2], STRAIGHT_KM[:2], "bike",
                     POLICY)
    await router.prefetch(recorder.trips)
    assert fake_osrm.paths == [(
        "/table/v1/bike/5.121400,52.090700;5.108500,52.114600;5.056000,52.098600"
        "?sources=0&destinations=1;2&annotations=duration"
    )]


async def test_prefetched_durations_are_read_in_destination_order(fake_osrm: FakeOsrm) -> None:
    router = OsrmRouter(fake_osrm.url)
    await router.prefetch(_trips("car"))
    minutes = _ask(router)
    np.testing.assert_allclose(minutes, _expected_minutes(), rtol=1e-3)
    assert len(fake_osrm.paths) == 1
    basis = router.basis(float(STRAIGHT_KM[2]), float(minutes[2]), "car", POLICY)
    assert "volgens routeplanner" in basis and "profiel driving" in basis


async def test_one_call_per_mode_with_every_origin_then_the_cache(fake_osrm: FakeOsrm) -> None:
    router = OsrmRouter(fake_osrm.url)
    trips = _trips("bike") + _trips("bike", origin=CLUB) + _trips("walk")
    await router.prefetch(trips)
    assert sorted(p.split("/")[3] for p in fake_osrm.paths) == ["bike", "foot"]
    bike = next(p for p in fake_osrm.paths if p.split("/")[3] == "bike")
    assert "sources=0;1&destinations=2;3;4;5" in bike  # school and club in one table
    club = router.minutes(*CLUB, CARERS_LAT, CARERS_LON, STRAIGHT_KM, "bike", POLICY)
    np.testing.assert_allclose(club, _expected_minutes(CLUB), rtol=1e-3)
    await router.prefetch(trips)
    assert len(fake_osrm.paths) == 2  # all cached: no call at all


async def test_many_destinations_are_split_into_table_sized_calls(fake_osrm: FakeOsrm) -> None:
    router = OsrmRouter(fake_osrm.url, max_points=3)
    await router.prefetch(_trips("car"))
    assert len(fake_osrm.paths) == 2  # 1 source + 2 destinations per call: 4 in two calls
    np.testing.assert_allclose(_ask(router), _expected_minutes(), rtol=1e-3)


@pytest.mark.parametrize("mode", ["http_500", "not_json", "no_route_code", "wrong_length"])
async def test_bad_router_answer_falls_back_to_offline_estimate(fake_osrm: FakeOsrm,
                                                                mode: str) -> None:
    fake_osrm.mode = mode
    policy = Policy(version=2, thresholds=Thresholds(detour_factor=1.4))
    router = OsrmRouter(fake_osrm.url)
    await router.prefetch(_trips("bike"))
    minutes = _ask(router, "bike", policy)
    np.testing.assert_allclose(minutes, _offline_minutes("bike", policy))
    assert router.last_failure
    basis = router.basis(float(STRAIGHT_KM[0]), float(minutes[0]), "bike", policy)
    assert "schatting" in basis and "1,4" in basis and "routeplanner niet gebruikt" in basis


async def test_slow_router_times_out_and_falls_back(fake_osrm: FakeOsrm) -> None:
    fake_osrm.mode = "slow"
    router = OsrmRouter(fake_osrm.url, timeout_s=0.2)
    await router.prefetch(_trips("bike"))
    np.testing.assert_allclose(_ask(router, "bike"), _offline_minutes("bike"))
    assert "tijdslimiet" in (router.last_failure or "")


async def test_unreachable_router_falls_back() -> None:
    # Port 9 (discard) on loopback: nothing listens there, the connection is refused at once.
    router = OsrmRouter("http://127.0.0.1:9", timeout_s=0.5)
    await router.prefetch(_trips("bike"))
    np.testing.assert_allclose(_ask(router, "bike"), _offline_minutes("bike"))
    assert "verbinding mislukt" in (router.last_failure or "")


async def test_unroutable_destination_keeps_offline_estimate(fake_osrm: FakeOsrm) -> None:
    fake_osrm.mode = "null_last"
    router = OsrmRouter(fake_osrm.url)
    await router.prefetch(_trips("car"))
    minutes = _ask(router)
    np.testing.assert_allclose(minutes[:-1], _expected_minutes()[:-1], rtol=1e-3)
    assert minutes[-1] == pytest.approx(_offline_minutes("car")[-1])
    assert "schatting" in router.basis(float(STRAIGHT_KM[-1]), float(minutes[-1]), "car", POLICY)


async def test_each_mode_uses_its_own_profile_and_transit_none(fake_osrm: FakeOsrm) -> None:
    router = OsrmRouter(fake_osrm.url)
    await router.prefetch(_trips("walk", "bike", "car", "transit"))
    assert sorted(p.split("/")[3] for p in fake_osrm.paths) == ["bike", "driving", "foot"]
    np.testing.assert_allclose(_ask(router, "transit"), _offline_minutes("transit"))
    basis = router.basis(float(STRAIGHT_KM[0]), float(_offline_minutes("transit")[0]), "transit",
                         POLICY)
    assert basis.endswith("geen routeprofiel voor deze reiswijze")


def test_fake_server_route_service_agrees_with_table(fake_osrm: FakeOsrm) -> None:
    lat, lon = CARERS_LAT[0], CARERS_LON[0]
    answer = httpx.get(f"{fake_osrm.url}/route/v1/driving/"
                       f"{UTRECHT_SCHOOL[1]},{UTRECHT_SCHOOL[0]};{lon},{lat}", trust_env=False)
    minutes = answer.json()["routes"][0]["duration"] / 60
    km = geodesic_km_many(*UTRECHT_SCHOOL, CARERS_LAT[:1], CARERS_LON[:1])[0]
    assert minutes == pytest.approx(km * FAKE_DETOUR / FAKE_SPEED_KMH * 60, rel=1e-3)


def test_router_only_when_configured(fake_osrm: FakeOsrm) -> None:
    offline = estimator_for(None)
    assert isinstance(offline, OfflineEstimator)
    offline.minutes(*UTRECHT_SCHOOL, CARERS_LAT, CARERS_LON, STRAIGHT_KM, "walk", POLICY)
    assert fake_osrm.paths == []  # the default makes no network call at all
    configured = estimator_for(fake_osrm.url)
    assert isinstance(configured, OsrmRouter)
    configured.minutes(*UTRECHT_SCHOOL, CARERS_LAT, CARERS_LON, STRAIGHT_KM, "bike", POLICY)
    assert fake_osrm.paths == []  # the engine's calls read the cache, never the network
    _: TravelTimeEstimator = configured  # satisfies the engine's estimator interface


def test_bad_router_url_is_refused() -> None:
    with pytest.raises(ValueError):
        OsrmRouter("127.0.0.1:5000")


async def test_health_answers_while_a_search_waits_for_a_slow_router(
        fake_osrm: FakeOsrm, settings, actors: Actors, conn) -> None:  # type: ignore[no-untyped-def]
    """A real server (uvicorn on loopback, in this event loop): a search that waits a second
    for the router must not hold up /health. The test client would run requests one by one."""
    import socket

    import uvicorn

    from tests.apps import app_for

    fake_osrm.mode = "slow"  # each table call takes a second
    await make_carer(conn, actors.org_a, "Om de hoek", east=0.3)
    child = await make_child(conn, actors.org_a, "UTR-R-1", school_id=await make_school(conn))
    request_id = await make_request(conn, actors.org_a, child)
    app = app_for(settings.replace(router_url=fake_osrm.url))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    finished = fake_osrm.events  # the fake notes when it answers, the clients when they finish
    try:
        while not server.started:
            await asyncio.sleep(0.02)
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        async with httpx.AsyncClient(base_url=base, trust_env=False, timeout=10) as client:
            async def search() -> httpx.Response:
                response = await client.post(f"/api/v1/requests/{request_id}/search", json={},
                                             headers=actors.a["plaatser"].headers)
                finished.append("search")
                return response

            async def health() -> httpx.Response:
                await asyncio.sleep(0.3)  # the search is waiting for the router by now
                response = await client.get("/health")
                finished.append("health")
                return response

            searched, healthy = await asyncio.gather(search(), health())
    finally:
        server.should_exit = True
        await serving
    assert healthy.status_code == 200 and searched.status_code == 201, searched.text
    # /health was answered while the router was still working on the search's table call.
    assert finished == ["health", "router answered", "search"]
    assert fake_osrm.paths  # the router was asked
    (option,) = searched.json()["ranking"]["options"]
    school = next(f for f in option["factors"] if f["key"] == "school_travel")
    assert "volgens routeplanner (OSRM, profiel" in school["explanation"]
