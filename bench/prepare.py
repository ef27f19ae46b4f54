"""Fill the benchmark database: `python -m bench.prepare DSN SEED` prints one JSON line with the
open requests (singles and sibling groups) and an API token per organisation.

Runs in its own process so that generating 20,000 carers does not count towards the ranking
process's peak memory. Uses the national demo scenario (placement.demo.generate and the scenario
importer) when they are available, else bench/dataset.py's bulk generator.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
import traceback

import asyncpg

from placement.auth import queries as auth_queries
from placement.auth.tokens import new_token, token_hash
from placement.db.pool import connect
from placement.settings import Settings


async def _demo_scenario(settings: Settings, seed: int) -> str:
    from placement.demo.generate import generate_scenario
    from placement.scenario.commands import import_geodata, import_scenario

    await import_geodata(settings, settings.national_pc4_path)
    document = generate_scenario("national", seed, settings.national_pc4_path)
    await import_scenario(settings, document, label="benchmark")
    return "national demo scenario (placement.demo.generate + scenario import)"


async def _bench_dataset(dsn: str, settings: Settings, seed: int) -> str:
    from bench.dataset import generate

    conn = await asyncpg.connect(dsn)
    try:
        async with conn.transaction():
            await generate(conn, settings.national_pc4_path, seed=seed)
    finally:
        await conn.close()
    return "bench/dataset.py bulk generator (demo scenario unavailable)"


async def _officers(conn: asyncpg.Connection) -> dict[str, str]:
    """One placement officer with an API token per organisation that has open requests."""
    tokens = {}
    orgs = await conn.fetch(
        """SELECT DISTINCT o.id FROM organisations o
           JOIN placement_requests r ON r.organisation_id = o.id AND r.status = 'open'""")
    for i, org in enumerate(orgs):
        user = await auth_queries.insert_user(
            conn, organisation_id=org["id"], email=f"bench-plaatser-{i}@bench.test",
            display_name=f"Bench plaatser {i}", password_hash=None, roles=["plaatser"])
        token = new_token()
        await auth_queries.insert_token(conn, user, "benchmark", token_hash(token))
        tokens[str(org["id"])] = token
    return tokens


async def prepare(dsn: str, seed: int) -> dict[str, object]:
    settings = Settings.from_env().replace(database_url=dsn)
    started = time.perf_counter()
    try:
        source = await _demo_scenario(settings, seed)
    except Exception:
        print("demo scenario failed, using bench/dataset.py:\n" + traceback.format_exc(limit=3),
              file=sys.stderr)
        conn = await asyncpg.connect(dsn)
        try:  # the import is all-or-nothing, but make sure nothing half-loaded remains
            if await conn.fetchval("SELECT count(*) FROM carers"):
                raise RuntimeError("database not empty after a failed import") from None
        finally:
            await conn.close()
        source = await _bench_dataset(dsn, settings, seed)
    conn = await connect(dsn)
    try:
        tokens = await _officers(conn)
        rows = await conn.fetch(
            """SELECT r.id, r.organisation_id, count(*) AS n FROM placement_requests r
               JOIN placement_request_children rc ON rc.request_id = r.id
               WHERE r.status = 'open' GROUP BY r.id ORDER BY r.id""")
        counts = {t: await conn.fetchval(f"SELECT count(*) FROM {t}")
                  for t in ("carers", "places", "children", "placement_requests", "occupancies")}
        # Settle the freshly loaded tables now, so autovacuum does not run during the timings.
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()
    return {
        "source": source, "seconds": round(time.perf_counter() - started, 1), "counts": counts,
        "tokens": tokens,
        "singles": [[str(r["id"]), str(r["organisation_id"])] for r in rows if r["n"] == 1],
        "groups": [[str(r["id"]), str(r["organisation_id"])] for r in rows if 2 <= r["n"] <= 5],
    }


def main() -> None:
    result = asyncio.run(prepare(sys.argv[1], int(sys.argv[2])))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
