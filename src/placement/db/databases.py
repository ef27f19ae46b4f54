"""Creating and dropping whole databases on a server (tests, benchmarks)."""

from __future__ import annotations

import uuid
from urllib.parse import unquote, urlsplit

import asyncpg

from placement.db.embedded import dsn_for_database


async def create_database(server_dsn: str, prefix: str, *, template: str | None = None) -> str:
    """A new empty database (or a copy of `template`) with a unique name; returns its DSN."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
    admin = await asyncpg.connect(server_dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"{copy}')
    finally:
        await admin.close()
    return dsn_for_database(server_dsn, name)


def database_name(dsn: str) -> str:
    # The embedded server's DSN names its socket folder in the query (?host=/path): use the path.
    return unquote(urlsplit(dsn).path.lstrip("/"))


async def drop_database(server_dsn: str, dsn: str) -> None:
    name = database_name(dsn)
    admin = await asyncpg.connect(server_dsn)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
