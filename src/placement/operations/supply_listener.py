"""The LISTEN on 'placement_supply_changed' that keeps each process's candidate index fresh
without a query per search, and that survives losing its connection. The same connection listens
on 'placement_principals_changed', which empties the process's cache of API token owners
(auth/tokens.TokenCache); that cache keeps nothing while the connection is down.

A database restart, a failover or `pg_terminate_backend` ends the listening connection. While it
is down the index holder checks the supply counter on every search (as it does without a
listener), so nothing is served stale; this task reconnects with exponential backoff and, once
listening again, rebuilds the index, because notifications sent while it was away are lost.
A quiet connection is probed now and then, so a silently dropped one is noticed too.

Relies on: placement.db.pool.connect, the IndexHolder of placement.matching.service
(start_listening / stop_listening / mark_stale / forget / current).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from placement.operations import metrics

log = logging.getLogger(__name__)
CHANNEL = "placement_supply_changed"
PRINCIPALS_CHANNEL = "placement_principals_changed"


class SupplyListener:
    def __init__(self, state: Any, *, first_delay: float = 0.5, max_delay: float = 30.0,
                 probe_seconds: float = 30.0) -> None:
        from placement.auth.tokens import TOKEN_CACHE_KEY, TokenCache
        from placement.matching.service import holder_in

        self.state = state
        self.holder = holder_in(state)
        self.tokens = state[TOKEN_CACHE_KEY] = TokenCache()
        self.first_delay, self.max_delay, self.probe_seconds = first_delay, max_delay, probe_seconds
        self.connects = 0  # how many times a LISTEN was set up (1 + reconnections)
        self.listening = asyncio.Event()
        self._lost = asyncio.Event()

    async def run(self) -> None:
        delay = self.first_delay
        while True:
            try:
                await self._listen_until_lost()
                delay = self.first_delay  # it had worked: start the backoff afresh
                log.warning("supply listener lost its connection; the index checks per search "
                            "until it is back")
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the server is down or refuses us: try again later
                log.warning("supply listener: %s; retrying in %.1f s",
                            type(error).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.max_delay)

    async def _listen_until_lost(self) -> None:
        """Returns when the connection was lost; raises when it could not be set up, or when
        a probe of a quiet connection failed."""
        from placement.db.pool import connect

        conn = await connect(self.state.dsn)
        self._lost.clear()

        def changed(*_: Any) -> None:
            self.holder.mark_stale()

        def lost(*_: Any) -> None:
            self.holder.stop_listening()
            self.tokens.stop()
            self._lost.set()

        try:
            conn.add_termination_listener(lost)
            await conn.add_listener(CHANNEL, changed)
            await conn.add_listener(PRINCIPALS_CHANNEL, self.tokens.forget)
            reconnected = self.connects > 0
            self.connects += 1
            self.holder.start_listening()  # from here on, a change cannot be missed
            self.tokens.start()
            if reconnected:
                # Changes made while we were away were not notified: build the index afresh
                # now, so the next search neither misses them nor waits for the rebuild.
                log.warning("supply listener reconnected; rebuilding the candidate index")
                self.holder.forget()
                metrics.LISTENER_RECONNECTS.inc()
                async with self.state.db.connection() as own:
                    await self.holder.current(own, self.state.db)
            self.listening.set()
            while not self._lost.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._lost.wait(), self.probe_seconds)
                    break
                await conn.fetchval("SELECT 1", timeout=10)  # raises on a dead connection
        finally:
            self.listening.clear()
            self.holder.stop_listening()
            self.tokens.stop()
            with contextlib.suppress(Exception):
                conn.remove_termination_listener(lost)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.close(), 5)


@contextlib.asynccontextmanager
async def supply_listener(app: Any) -> AsyncIterator[SupplyListener]:
    """Run the listener for the app's lifespan; the first LISTEN is awaited (briefly) so a
    freshly started app is listening before it serves."""
    listener = SupplyListener(app.state)
    app.state["supply_listener"] = listener
    task = asyncio.create_task(listener.run(), name="placement-supply-listener")
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(listener.listening.wait(), 5)
    try:
        yield listener
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
