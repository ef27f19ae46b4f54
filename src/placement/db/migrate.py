"""Run alembic migrations programmatically against a DSN."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config

from placement.settings import PROJECT_ROOT


def sqlalchemy_url(dsn: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if dsn.startswith(prefix):
            return "postgresql+asyncpg://" + dsn[len(prefix) :]
    return dsn


def _config(dsn: str) -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    cfg.attributes["dsn"] = dsn
    return cfg


def _in_thread(fn, *args) -> None:  # type: ignore[no-untyped-def]
    # env.py calls asyncio.run(); when we are already inside an event loop, run it in a thread.
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        fn(*args)
        return
    errors: list[BaseException] = []

    def target() -> None:
        try:
            fn(*args)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def upgrade(dsn: str, revision: str = "head") -> None:
    _in_thread(command.upgrade, _config(dsn), revision)


def downgrade(dsn: str, revision: str = "base") -> None:
    _in_thread(command.downgrade, _config(dsn), revision)


def migrations_dir() -> Path:
    return PROJECT_ROOT / "migrations"


def run_script(sql: str) -> None:
    """Execute a multi-statement SQL script inside the running migration's transaction.

    Used from migrations instead of op.execute: asyncpg prepares single statements, but its
    plain execute() without arguments runs a whole script.
    """
    from alembic import op
    from sqlalchemy.util.concurrency import await_

    adapted = op.get_bind().connection.dbapi_connection
    await_(adapted.driver_connection.execute(sql))  # type: ignore[union-attr]
