"""The database handle that handlers receive: a pool plus an explicit transaction helper.

Services open the transaction themselves (`async with db.transaction() as conn`) so that a write,
its audit entry and any check all commit together, before the response is sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg


class Database:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[asyncpg.Connection]:
        async with self.pool.acquire() as conn, conn.transaction():
            yield conn

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[asyncpg.Connection]:
        """A connection without a transaction: for one self-contained statement only."""
        async with self.pool.acquire() as conn:
            yield conn
