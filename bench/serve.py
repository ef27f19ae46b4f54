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
    import signal

    profiler = cProfile.Profile()
    signal.signal(signal.SIGUSR1, lambda *_: profiler.enable())

    async def dump() -> None:
        profiler.disable()
        profiler.dump_stats(path)

    app.on_shutdown.append(dump)


def main() -> None:
    port, dsn, workers = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    os.environ[_DSN_ENV] = dsn
    uvicorn.run("bench.serve:app", factory=True, host="127.0.0.1", port=port, workers=workers,
                log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
