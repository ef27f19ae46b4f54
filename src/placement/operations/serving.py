"""How `placement serve` runs uvicorn: one process, or PLACEMENT_WORKERS processes.

Worker processes are started by uvicorn and build their app from the environment (the parent
puts the resolved database URL there), each with its own pool and candidate index.
"""

from __future__ import annotations

import os
import signal
import tempfile
from typing import Any

from placement.core.server import uvicorn_options
from placement.settings import Settings


def app_from_env() -> Any:
    from placement.app import create_app
    from placement.cli_settings import load_settings
    from placement.operations.logs import configure_logging

    settings = load_settings()
    app = create_app(settings)
    configure_logging(settings)  # after Litestar set up its own default logging in create_app
    return app


def _exit_on_terminate(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def run(settings: Settings, log_config: dict[str, Any]) -> None:
    import uvicorn

    # uvicorn shuts down gracefully on SIGTERM and then raises the signal again for the handler
    # it found: Python's default ends the process on the spot, without its exit hooks, and the
    # embedded PostgreSQL (stopped by one of them) kept running after a process manager's
    # stop. As SystemExit, the exit hooks run, as they do after Ctrl-C.
    signal.signal(signal.SIGTERM, _exit_on_terminate)

    common: dict[str, Any] = {"host": settings.host, "port": settings.port,
                              "log_config": log_config, "access_log": False,
                              "timeout_graceful_shutdown": 10,
                              # The client address (login throttling, audit) is the peer's
                              # unless a configured proxy tells the real one.
                              **uvicorn_options(settings)}
    if settings.workers <= 1:
        from placement.app import create_app

        uvicorn.run(create_app(settings), **common)
        return
    assert settings.database_url, "resolve the database before starting workers"
    os.environ["PLACEMENT_DATABASE_URL"] = settings.database_url
    # Summed metrics across workers (prometheus-client's multiprocess mode).
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR",
                          tempfile.mkdtemp(prefix="placement-metrics-"))
    uvicorn.run("placement.operations.serving:app_from_env", factory=True,
                workers=settings.workers, **common)
