"""Simultaneous bookings of one place never end in a 500: exactly one wins (201), every other
attempt gets a 409, through the app with a pool large enough for real contention."""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import time

import pytest

from placement.core.clock import local_today
from placement.settings import Settings
from tests.api.decisions.helpers import search
from tests.factories import Actors
from tests.factories_matching import make_carer, make_child, make_request

ATTEMPTS = 200


@pytest.fixture
def settings(database_dsn: str) -> Settings:
    return Settings(database_url=database_dsn, pool_min_size=4, pool_max_size=40)


async def test_200_simultaneous_reservations_of_one_place_one_201_rest_409(
        client, actors: Actors, conn) -> None:
    headers = actors.a["plaatser"].headers
    carer = await make_carer(conn, actors.org_a, "Familie Druk")
    place = await conn.fetchval("SELECT id FROM places WHERE carer_id = $1", carer)
    children = [await make_child(conn, actors.org_a, f"UTR-C-{i:03d}") for i in range(ATTEMPTS)]
    start = local_today() + dt.timedelta(days=7)

    async def attempt(i: int, child) -> int:  # type: ignore[no-untyped-def]
        response = await client.post("/api/v1/occupancies", headers=headers, json={
            "place_id": str(place), "child_id": str(child), "kind": "reservation",
            # every period overlaps every other one
            "start": (start + dt.timedelta(days=i % 5)).isoformat(),
            "end": (start + dt.timedelta(days=30 + i % 7)).isoformat(),
            "placement_type": "long_term"})
        return response.status_code

    began = time.perf_counter()
    codes = await asyncio.gather(*(attempt(i, c) for i, c in enumerate(children)))
    seconds = time.perf_counter() - began
    tally = collections.Counter(codes)
    print(f"\n{ATTEMPTS} simultaneous reservations of one place: {dict(tally)} "
          f"in {seconds:.2f} s")
    assert tally[201] == 1 and tally[409] == ATTEMPTS - 1, tally
    assert await conn.fetchval("SELECT count(*) FROM occupancies") == 1


async def test_simultaneous_decisions_for_one_family_one_wins(client, actors: Actors,
                                                              conn) -> None:
    """Twenty requests, each ranked with the same one-place family on top, decided at once."""
    headers = actors.a["plaatser"].headers
    await make_carer(conn, actors.org_a, "Familie Gewild")
    requests = []
    for i in range(20):
        child = await make_child(conn, actors.org_a, f"UTR-Q-{i:02d}")
        requests.append(await make_request(conn, actors.org_a, child))
    snapshots = [(await search(client, headers, r))["snapshot_id"] for r in requests]
    codes = await asyncio.gather(*(
        client.post(f"/api/v1/requests/{r}/decisions", headers=headers,
                    json={"snapshot_id": s, "option_rank": 1})
        for r, s in zip(requests, snapshots, strict=True)))
    tally = collections.Counter(c.status_code for c in codes)
    print(f"\n20 simultaneous decisions on one family: {dict(tally)}")
    assert tally == {201: 1, 409: 19}, tally
    assert await conn.fetchval("SELECT count(*) FROM decisions") == 1
    statuses = collections.Counter(await conn.fetch(
        "SELECT status FROM placement_requests")).most_common()
    assert sorted((r["status"], n) for r, n in statuses) == [("open", 19), ("proposed", 1)]
