"""The database handle that handlers receive: a pool plus an explicit transaction helper.

Services open the transaction themselves (`async with db.transaction() as conn`) so that a write,
its audit entry and any check all commit together, before the response is sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg


class Database:
    def __init__(self, pool: asyncpg.Pool, by_key_pool: asyncpg.Pool | None = None) -> None:
        self.pool = pool
        self.by_key_pool = by_key_pool or pool

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[asyncpg.Connection]:
        async with self.pool.acquire() as conn, conn.transaction():
            yield conn

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[asyncpg.Connection]:
        """A connection without a transaction: for statements that each stand alone, such as
        reads that end with exactly one write, their audit entry (no BEGIN and COMMIT).

        Under READ COMMITTED every statement sees its own snapshot inside a transaction too, so
        reads are as consistent without one; the audit entry is a single statement that commits
        by itself, before the answer is sent, and if it fails the answer is not sent. That saves
        two of a read's five round trips (issue 14: less CPU per request). Anything that writes
        twice, or locks, uses `transaction()`."""
        async with self.pool.acquire() as conn:
            yield conn

    @asynccontextmanager
    async def by_key(self) -> AsyncIterator[asyncpg.Connection]:
        """`connection()` on a connection whose prepared statements always run their generic
        plan: for statements that find their rows by key (ids), such as a search's context
        query and its snapshot insert, whose plan is the same for every key. PostgreSQL's own
        choice replanned the context query on every search (its cost estimate of the generic
        plan is a third above the custom one's): 0.9 ms of planning for 0.4 ms of work. Never
        for a statement that filters a large table by an optional parameter
        (`$1 IS NULL OR ...`): its generic plan cannot use the filter's index."""
        async with self.by_key_pool.acquire() as conn:
            yield conn
