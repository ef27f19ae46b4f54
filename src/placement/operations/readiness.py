"""Readiness: may a load balancer send this process traffic? Database reachable, schema at the
newest migration this code knows, candidate index in memory."""

from __future__ import annotations

import asyncio
from functools import lru_cache
from typing import Any

from placement.core.database import Database
from placement.operations.schemas import Readiness

DATABASE_TIMEOUT_S = 2.0


@lru_cache(maxsize=1)
def code_head() -> str | None:
    """The newest migration revision shipped with this code (read from the scripts once)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from placement.db.migrate import migrations_dir

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return ScriptDirectory.from_config(config).get_current_head()


async def _database_revision(db: Database) -> str | None:
    async with db.connection() as conn:
        return await conn.fetchval("SELECT version_num FROM alembic_version")


async def check(db: Database | None, state: Any) -> Readiness:
    from placement.matching.service import holder_in

    revision, reachable = None, False
    if db is not None:
        try:
            revision = await asyncio.wait_for(_database_revision(db), DATABASE_TIMEOUT_S)
            reachable = True
        except Exception:  # unreachable, timed out, no schema: any failure means not ready
            reachable = False
    at_head = reachable and revision == code_head()
    index_loaded = holder_in(state).index is not None
    ready = reachable and at_head and index_loaded
    return Readiness(status="ready" if ready else "not ready", database=reachable,
                     migrations_at_head=at_head, index_loaded=index_loaded)
