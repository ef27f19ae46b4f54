"""The app under test for the HTTP benchmark: `python -m bench.serve PORT DSN WORKERS` serves
create_app on 127.0.0.1 with uvicorn. The API is stateless (the product brief: more users means
more API workers in front of one PostgreSQL); BENCH_APP_WORKERS sets how many (default 1, see
bench/http_load.py)."""

from __future__ import annotations

import os
import sys

import uvicorn
from litestar import Litestar

from placement.app import create_app
from placement.settings import Settings

_DSN_ENV = "BENCH_APP_DSN"


def app() -> Litestar:
    """uvicorn's factory: each worker process builds its own app (and its own index)."""
    settings = Settings.from_env().replace(database_url=os.environ[_DSN_ENV], pool_max_size=10)
    built = create_app(settings)
    if os.environ.get("BENCH_PROFILE"):
        _profile_on_signal(built, os.environ["BENCH_PROFILE"])
    return built


def _profile_on_signal(app: Litestar, path: str) -> None:
    """bench/search_profile.py: SIGUSR1 starts cProfile (after the warm-up), the app's shutdown
    writes the profile to `path`."""
    import cProfile
    import json
    import signal
    import time

    import asyncpg

    # CPU time, not wall time: other processes on a busy machine would otherwise be charged to
    # whatever function was running when the app was preempted.
    profiler = cProfile.Profile(time.process_time)
    trips = {"extended": 0, "simple": 0, "counting": 0}
    signal.signal(signal.SIGUSR1, lambda *_: (trips.update(counting=1), profiler.enable()))

    # Round trips to PostgreSQL: each statement with arguments (fetch*, execute with args)
    # is one; each without (BEGIN, COMMIT) one simple query.
    do_execute, execute = asyncpg.Connection._do_execute, asyncpg.Connection.execute

    def counted_do_execute(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        trips["extended"] += trips["counting"]
        return do_execute(self, *args, **kwargs)

    def counted_execute(self, query, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not args:
            trips["simple"] += trips["counting"]
        return execute(self, query, *args, **kwargs)

    asyncpg.Connection._do_execute = counted_do_execute  # type: ignore[method-assign]
    asyncpg.Connection.execute = counted_execute  # type: ignore[method-assign]

    async def dump() -> None:
        profiler.disable()
        profiler.dump_stats(path)
        with open(path + ".trips.json", "w") as out:
            json.dump(trips, out)

    app.on_shutdown.append(dump)


def main() -> None:
    port, dsn, workers = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    os.environ[_DSN_ENV] = dsn
    uvicorn.run("bench.serve:app", factory=True, host="127.0.0.1", port=port, workers=workers,
                log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
