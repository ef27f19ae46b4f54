"""Where the time of one search over HTTP goes: the national scenario on a throwaway database,
the app under uvicorn with cProfile on (bench/serve.py, BENCH_PROFILE), one client sending
searches one at a time. Prints the client's latencies, the app's CPU per search, database round
trips per search (asyncpg protocol calls), and the heaviest functions.

    .venv/bin/python -m bench.search_profile [SEARCHES]
"""

from __future__ import annotations

import asyncio
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path
from uuid import UUID

from bench.http_load import run_searches, serving
from bench.matching import _prepare
from bench.stats import Timing, table
from bench.throwaway import run_on_throwaway_database


async def bench(dsn: str) -> None:
    searches = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    data = _prepare(dsn)
    singles = [(UUID(r), data["tokens"][o]) for r, o in data["singles"][:searches]]
    profile = Path(tempfile.mkdtemp(prefix="placement-profile-")) / "serve.prof"
    os.environ["BENCH_PROFILE"] = str(profile)
    with serving(dsn) as (base, _server):
        for _ in range(3):  # the index build and first-call caches are not what we measure
            await run_searches(base, singles[:20], clients=1)
        os.kill(_server.pid, 10)  # SIGUSR1: start counting from here
        await asyncio.sleep(0.2)
        t0 = time.process_time()
        wall = time.perf_counter()
        lat, failed = await run_searches(base, singles, clients=1)
        wall_s = time.perf_counter() - wall
        client_cpu = time.process_time() - t0
    stats = pstats.Stats(str(profile))
    n = len(lat)
    trips = json.loads(Path(str(profile) + ".trips.json").read_text())
    trips.pop("counting")
    print(table([Timing("HTTP single child, 1 client (profiled)", lat,
                        f"{len(failed)} failed" if failed else "")]))
    total_cpu = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    print(f"client CPU per search {client_cpu / max(n, 1) * 1000:.2f} ms; wall {wall_s:.1f} s")
    print(f"app CPU per search (profiled process, cProfile's own overhead included): "
          f"{total_cpu / max(n, 1) * 1000:.2f} ms")
    for name in ("_search", "_rank", "search_context", "insert_snapshot_and_audit",
                 "authenticate_request", "resolve_dependencies", "_guard", "encode"):
        found = [v[3] for (_, _, func), v in stats.stats.items()  # type: ignore[attr-defined]
                 if func == name]
        if found:
            print(f"  {name:<28} {sum(found) / n * 1000:6.2f} ms CPU per search (cumulative)")
    print("round trips per search:", {k: round(v / n, 2) for k, v in trips.items() if v})
    stats.sort_stats("tottime").print_stats(20)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average {load}")
    print(json.dumps({"bench": "search_profile", "searches": n, "failed": len(failed),
                      "p50_ms": round(sorted(lat)[n // 2], 2) if n else None,
                      "round_trips": round(sum(trips.values()) / max(n, 1), 2),
                      "load": os.getloadavg()[0]}))


if __name__ == "__main__":
    run_on_throwaway_database(bench, prefix="placement-profile-")
