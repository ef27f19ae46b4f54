"""What runs beside the requests in each serving process: the maintenance job, and a LISTEN on
'placement_supply_changed' that tells the candidate index when carers, places, occupancy or the
matching policy changed, so a search need not ask the database each time.

If the listening connection is lost, the index holder falls back to asking per search (as it
did before) until the process restarts; nothing is served stale.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator
from typing import Any

from litestar import Litestar

from placement.operations import maintenance
from placement.settings import Settings

log = logging.getLogger(__name__)
CHANNEL = "placement_supply_changed"


@contextlib.asynccontextmanager
async def supply_listener(app: Litestar) -> AsyncIterator[None]:
    from placement.db.pool import connect
    from placement.matching.service import holder_in

    holder = holder_in(app.state)
    try:
        conn = await connect(app.state.dsn)
    except Exception:
        log.warning("could not LISTEN for supply changes; the index checks per search")
        yield
        return

    def changed(*_: Any) -> None:
        holder.mark_stale()

    def lost(*_: Any) -> None:
        holder.stop_listening()
        log.warning("supply change listener lost its connection; the index checks per search")

    conn.add_termination_listener(lost)
    await conn.add_listener(CHANNEL, changed)
    holder.start_listening()  # from here on, a change cannot be missed
    try:
        yield
    finally:
        holder.stop_listening()
        conn.remove_termination_listener(lost)
        with contextlib.suppress(Exception):
            await conn.close()


@contextlib.asynccontextmanager
async def operations_lifespan(app: Litestar) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    async with supply_listener(app), maintenance.running(
            app.state.db, settings, worker=f"worker pid {os.getpid()}"):
        yield
