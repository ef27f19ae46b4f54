"""`make bench`: the matching engine at national scale, against a naive and a SQL baseline.

1. Start a throwaway embedded PostgreSQL in a temp dir, migrate, load the national scenario
   (bench.prepare, in its own process).
2. Rank 200 random single children and 50 sibling groups in-process (the engine's entry points:
   load_index, rank_child, plan_group) and over HTTP (the app under uvicorn in its own process,
   8 concurrent clients, a placement officer's API token).
3. On the same single requests: the naive baseline (on a subset: it is slow) and the SQL
   baseline (bench/baselines.py).
4. Print a table, and as the very last line one JSON object with the figures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from uuid import UUID

import numpy as np

from bench import baselines, loading
from bench.http_load import (
    APP_WORKERS,
    CONCURRENT_CLIENTS,
    run_searches,
    serving,
    worker_peak_mb,
)
from bench.stats import Timing, peak_rss_mb, table, time_async, time_sync
from bench.throwaway import run_on_throwaway_database
from placement.db.pool import connect
from placement.matching.core.engine import rank_child
from placement.matching.core.policy import DEFAULT_POLICY, policy_from_row
from placement.matching.core.profiles import Filters
from placement.matching.core.siblings import plan_group

SEED = int(os.environ.get("BENCH_SEED", "7"))
SINGLES = 200
GROUPS = 50
NAIVE_SUBSET = 20
LIMIT = 10
ROOT = Path(__file__).resolve().parents[1]


def _prepare(dsn: str) -> dict:  # type: ignore[type-arg]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-m", "bench.prepare", dsn, str(SEED)], cwd=ROOT,
                         env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


async def bench(dsn: str) -> None:
    started = time.perf_counter()
    print(f"preparing the national scenario (seed {SEED})…", flush=True)
    data = _prepare(dsn)
    print(f"  {data['source']}: {data['counts']} in {data['seconds']} s", flush=True)
    rng = np.random.default_rng(SEED)
    singles = [data["singles"][i] for i in
               rng.choice(len(data["singles"]), size=min(SINGLES, len(data["singles"])),
                          replace=False)]
    groups = [data["groups"][i] for i in
              rng.choice(len(data["groups"]), size=min(GROUPS, len(data["groups"])),
                         replace=False)]
    single_ids = [UUID(r) for r, _ in singles]
    group_ids = [UUID(r) for r, _ in groups]

    conn = await connect(dsn)
    try:
        t0 = time.perf_counter()
        index = await loading.load_index(conn)
        index_ms = (time.perf_counter() - t0) * 1000
        profiles = await loading.load_requests(conn, single_ids + group_ids)
        try:
            from placement.matching import queries
            policy = policy_from_row(await queries.current_policy(conn))
        except Exception:
            policy = DEFAULT_POLICY
        filters = Filters(limit=LIMIT)
        print(f"index: {len(index)} carers built in {index_ms:.0f} ms; policy v{policy.version}",
              flush=True)

        def single(rid: UUID):  # type: ignore[no-untyped-def]
            p = profiles[rid]
            return lambda: rank_child(index, p.children[0], p, policy, filters)

        def group(rid: UUID):  # type: ignore[no-untyped-def]
            return lambda: plan_group(index, profiles[rid], policy, filters)

        for rid in single_ids[:10]:  # warm-up: first calls pay for imports and caches
            single(rid)()
        for rid in group_ids[:3]:
            group(rid)()
        rows: list[Timing] = [
            time_sync("in-process single child (rank_child)", [single(r) for r in single_ids]),
            time_sync("in-process sibling group (plan_group)", [group(r) for r in group_ids],
                      "groups of 2-5"),
        ]
        from bench.stability import with_and_without
        model_rows, model_figures = await with_and_without(conn, dsn, index, single, group,
                                                           single_ids, group_ids)
        rows += model_rows
        sizes = [len(profiles[r].children) for r in group_ids]
        eligible = [rank_child(index, profiles[r].children[0], profiles[r], policy,
                               filters).exclusion_summary for r in single_ids[:1]]

        print("HTTP…", flush=True)
        tokens = data["tokens"]
        with serving(dsn) as (base, server):
            # Warm-up: each worker builds its own index on its first search; repeat until a
            # round shows no index build (or give up after a few rounds and measure anyway).
            warm = [(UUID(r), tokens[o]) for r, o in singles[-16:]]
            for _ in range(6):
                warm_ms, _ = await run_searches(base, warm)
                if warm_ms and max(warm_ms) < 500:
                    break
            wall = time.perf_counter()
            lat, failed = await run_searches(base, [(UUID(r), tokens[o]) for r, o in singles])
            wall_s = time.perf_counter() - wall
            glat, gfailed = await run_searches(base, [(UUID(r), tokens[o]) for r, o in groups])
            # One client alone: the latency of a search without queueing behind others.
            one_lat, one_failed = await run_searches(
                base, [(UUID(r), tokens[o]) for r, o in singles[:200]], clients=1)
            server_mb = worker_peak_mb(server.pid)
        rows.append(Timing(f"HTTP single child, {CONCURRENT_CLIENTS} clients, "
                           f"{APP_WORKERS} workers", lat,
                           f"{len(lat) / wall_s:.0f} req/s" + (f", {len(failed)} failed"
                                                                if failed else "")))
        rows.append(Timing(f"HTTP sibling group, {CONCURRENT_CLIENTS} clients, "
                           f"{APP_WORKERS} workers", glat,
                           f"{len(gfailed)} failed" if gfailed else ""))
        rows.append(Timing(f"HTTP single child, 1 client, {APP_WORKERS} workers", one_lat,
                           f"{len(one_failed)} failed" if one_failed else ""))
        failed += one_failed
        for message in (failed + gfailed)[:3]:
            print("  HTTP failure:", message)

        print("baselines…", flush=True)
        await baselines.prepare_sql(conn)
        naive_ids = single_ids[:NAIVE_SUBSET]
        await baselines.naive_rank(conn, naive_ids[0])
        naive = await time_async(
            "naive baseline (Python loop + geopy)",
            [lambda r=r: baselines.naive_rank(conn, r) for r in naive_ids],
            f"first {len(naive_ids)} requests only: it is slow")
        await baselines.sql_rank(conn, single_ids[0])
        sql = await time_async("SQL baseline (earthdistance)",
                               [lambda r=r: baselines.sql_rank(conn, r) for r in single_ids])
        rows += [naive, sql]
        agree = sum([[c for c, _ in await baselines.naive_rank(conn, r)] ==
                     [c for c, _ in await baselines.sql_rank(conn, r)] for r in naive_ids[:5]])
    finally:
        await conn.close()

    own_mb, _ = peak_rss_mb()
    def row(prefix: str) -> Timing:  # by name: the stability and one-client rows sit between
        return next(r for r in rows if r.name.startswith(prefix))

    single_t, group_t = row("in-process single"), row("in-process sibling")
    http_t = row(f"HTTP single child, {CONCURRENT_CLIENTS} clients")
    one_t = row("HTTP single child, 1 client")
    print()
    print(table(rows))
    print(f"\ncarers: {len(index)}; index build {index_ms:.0f} ms; group sizes "
          f"{dict(zip(*np.unique(sizes, return_counts=True), strict=True))}; "
          f"naive and SQL baselines give the same top {baselines.TOP_N} on {agree}/5 checked; "
          f"example exclusion summary: {eligible[0]}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine load average (1, 5, 15 min) at the end: {load} on {os.cpu_count()} cores")
    print(f"peak RSS: bench process {own_mb:.0f} MB, app server {server_mb:.0f} MB per worker; "
          f"total run {time.perf_counter() - started:.0f} s")
    result = {
        "carers": len(index), "single_n": len(single_t.samples_ms),
        "single_p50_ms": round(single_t.p50, 2), "single_p95_ms": round(single_t.p95, 2),
        "group_p50_ms": round(group_t.p50, 2), "group_p95_ms": round(group_t.p95, 2),
        "http_single_p50_ms": round(http_t.p50, 2), "http_single_p95_ms": round(http_t.p95, 2),
        "http_one_client_p50_ms": round(one_t.p50, 2),
        "http_one_client_p95_ms": round(one_t.p95, 2),
        "http_failures": len(failed) + len(gfailed),
        "naive_single_p50_ms": round(naive.p50, 1), "naive_n": len(naive.samples_ms),
        "sql_single_p50_ms": round(sql.p50, 2),
        "speedup_vs_naive": round(naive.p50 / single_t.p50, 1),
        "speedup_vs_sql": round(sql.p50 / single_t.p50, 1),
        "rss_mb": round(own_mb, 1), "server_rss_mb": round(server_mb, 1),
        "app_workers": APP_WORKERS, "http_clients": CONCURRENT_CLIENTS,
        "index_build_ms": round(index_ms), **model_figures, "load_avg_1m": round(os.getloadavg()[0], 1), "data_source": data["source"],
    }
    print(json.dumps(result))


def main() -> None:
    run_on_throwaway_database(bench)


if __name__ == "__main__":
    main()
