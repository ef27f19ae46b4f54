"""What runs beside the requests in each serving process: the maintenance job, and a LISTEN on
'placement_supply_changed' that tells the candidate index when carers, places, occupancy or the
matching policy changed, so a search need not ask the database each time.

If the listening connection is lost, the index holder asks per search until the listener has
reconnected (operations/supply_listener.py); nothing is served stale.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator

from litestar import Litestar

from placement.operations import maintenance
from placement.operations.supply_listener import supply_listener
from placement.settings import Settings


@contextlib.asynccontextmanager
async def operations_lifespan(app: Litestar) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    async with supply_listener(app), maintenance.running(
            app.state.db, settings, worker=f"worker pid {os.getpid()}"):
        yield
