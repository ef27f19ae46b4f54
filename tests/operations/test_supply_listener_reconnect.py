"""The supply change listener survives losing its connection: after its backend is terminated
it reconnects, rebuilds the candidate index (notifications sent meanwhile are lost) and listens
again, so a search sees every change made before, during and after the gap."""

from __future__ import annotations

import asyncio

import asyncpg

from placement.matching.service import holder_in
from tests.factories import Actors
from tests.factories_matching import make_carer, make_child, make_request


async def _names(client, request_id, headers) -> list[str]:  # type: ignore[no-untyped-def]
    answer = await client.post(f"/api/v1/requests/{request_id}/search", json={"limit": 10},
                               headers=headers)
    assert answer.status_code == 201, answer.text
    return sorted(o["carer_name"] for o in answer.json()["ranking"]["options"])


async def _until(condition, seconds: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await asyncio.sleep(0.05)
    return False


async def _listener_pids(conn: asyncpg.Connection) -> list[int]:
    return [r["pid"] for r in await conn.fetch(
        """SELECT pid FROM pg_stat_activity
           WHERE datname = current_database() AND query LIKE 'LISTEN %'""")]


async def _terminate_listener(conn: asyncpg.Connection) -> None:
    pids = await _listener_pids(conn)
    assert len(pids) == 1, pids
    assert await conn.fetchval("SELECT pg_terminate_backend($1)", pids[0])


async def test_after_its_backend_is_terminated_the_listener_reconnects_and_rebuilds(
        client, app, actors: Actors, conn: asyncpg.Connection) -> None:
    officer = actors.a["plaatser"].headers
    await make_carer(conn, actors.org_a, "Familie Eerst", east=1)
    child = await make_child(conn, actors.org_a, "UTR-R-1")
    request_id = await make_request(conn, actors.org_a, child)
    listener = app.state["supply_listener"]
    holder = holder_in(app.state)
    assert await _names(client, request_id, officer) == ["Familie Eerst"]
    rebuilds = holder.rebuilds

    await _terminate_listener(conn)
    # A change the listener cannot hear about: triggers off, so neither a notification nor the
    # supply counter tells anyone. Only the rebuild on reconnecting can pick it up.
    async with conn.transaction():
        await conn.execute("SET LOCAL session_replication_role = replica")
        await make_carer(conn, actors.org_a, "Familie Onderweg", east=0.5)
    assert await _until(lambda: listener.connects == 2 and listener.listening.is_set())
    assert holder.rebuilds == rebuilds + 1  # rebuilt on reconnecting, before any search
    assert len(await _listener_pids(conn)) == 1
    assert await _names(client, request_id, officer) == ["Familie Eerst", "Familie Onderweg"]

    # Listening again: the next change is notified and the search after it sees it.
    assert not holder._stale
    await make_carer(conn, actors.org_a, "Familie Daarna", east=0.7)
    assert await _until(lambda: holder._stale)
    assert await _names(client, request_id, officer) == [
        "Familie Daarna", "Familie Eerst", "Familie Onderweg"]


async def test_a_change_while_the_listener_is_down_is_seen_by_the_next_search(
        client, app, actors: Actors, conn: asyncpg.Connection) -> None:
    officer = actors.a["plaatser"].headers
    child = await make_child(conn, actors.org_a, "UTR-R-2")
    request_id = await make_request(conn, actors.org_a, child)
    await make_carer(conn, actors.org_a, "Familie Eerst", east=1)
    listener = app.state["supply_listener"]
    assert await _names(client, request_id, officer) == ["Familie Eerst"]

    await _terminate_listener(conn)
    await make_carer(conn, actors.org_a, "Familie Tussendoor", east=0.5)
    # Whether or not the listener is back yet, the search must not be stale.
    assert await _names(client, request_id, officer) == ["Familie Eerst", "Familie Tussendoor"]
    assert await _until(lambda: listener.connects == 2 and listener.listening.is_set())
