"""The stability factor's cost: the same searches ranked without and with an active model, in
one run, on the same national index. Called by `make bench` (bench/matching.py) and runnable on
its own: `python -m bench.stability` (in-process timings only, no HTTP, no baselines).

The model is trained on a small synthetic history, stored and activated through ModelService,
and its carer-side arrays are built for the index by prepare_carer_stability, exactly as the app
does after an activation.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable
from typing import Any
from uuid import UUID

import asyncpg

from bench.stats import Timing, time_sync
from bench.throwaway import run_on_throwaway_database

TRAINING_PLACEMENTS = 3000


async def activate_synthetic_model(conn: asyncpg.Connection, dsn: str) -> int:
    from placement.auth.principal import system_principal
    from placement.core.database import Database
    from placement.db.pool import create_pool
    from placement.stability.history import generate_history
    from placement.stability.service import ModelService
    from placement.stability.train import train

    today = dt.date.today()
    trained = train(generate_history(TRAINING_PLACEMENTS, seed=3, last_day=today),
                    observed_until=today, seed=3)
    pool = await create_pool(dsn, min_size=1, max_size=2)
    try:
        service = ModelService(Database(pool), system_principal("bench: stability"))
        version = await service.store(trained)
        await service.activate(version)
    finally:
        await pool.close()
    return version


async def with_and_without(conn: asyncpg.Connection, dsn: str, index: Any,
                           single: Callable[[UUID], Callable[[], object]],
                           group: Callable[[UUID], Callable[[], object]],
                           single_ids: list[UUID], group_ids: list[UUID]) -> tuple[list[Timing], dict[str, Any]]:
    from placement.stability import queries as stability_queries
    from placement.stability.service import prepare_carer_stability

    index.stability = None
    rows = [time_sync("single child, no model", [single(r) for r in single_ids]),
            time_sync("sibling group, no model", [group(r) for r in group_ids])]
    version = await activate_synthetic_model(conn, dsn)
    started = time.perf_counter()
    index.stability = await prepare_carer_stability(conn, index)
    prepare_ms = (time.perf_counter() - started) * 1000
    for rid in single_ids[:5]:
        single(rid)()
    rows += [time_sync(f"single child, stability model v{version}", [single(r) for r in single_ids]),
             time_sync(f"sibling group, stability model v{version}", [group(r) for r in group_ids])]
    index.stability = None
    await stability_queries.deactivate(conn)  # the HTTP figures after this stay comparable
    figures = {
        "single_p95_ms_no_model": round(rows[0].p95, 2), "group_p95_ms_no_model": round(rows[1].p95, 2),
        "single_p95_ms_model": round(rows[2].p95, 2), "group_p95_ms_model": round(rows[3].p95, 2),
        "single_p50_ms_no_model": round(rows[0].p50, 2), "single_p50_ms_model": round(rows[2].p50, 2),
        "model_carer_arrays_ms": round(prepare_ms, 1), "model_version": version,
    }
    return rows, figures


async def bench(dsn: str) -> None:
    import numpy as np

    from bench import loading
    from bench.matching import GROUPS, LIMIT, SEED, SINGLES, _prepare
    from bench.stats import table
    from placement.db.pool import connect
    from placement.matching.core.engine import rank_child
    from placement.matching.core.policy import DEFAULT_POLICY
    from placement.matching.core.profiles import Filters
    from placement.matching.core.siblings import plan_group

    data = _prepare(dsn)
    rng = np.random.default_rng(SEED)
    singles = [data["singles"][i] for i in rng.choice(len(data["singles"]),
                                                      size=min(SINGLES, len(data["singles"])),
                                                      replace=False)]
    groups = [data["groups"][i] for i in rng.choice(len(data["groups"]),
                                                    size=min(GROUPS, len(data["groups"])),
                                                    replace=False)]
    single_ids = [UUID(r) for r, _ in singles]
    group_ids = [UUID(r) for r, _ in groups]
    conn = await connect(dsn)
    try:
        index = await loading.load_index(conn)
        profiles = await loading.load_requests(conn, single_ids + group_ids)
        filters = Filters(limit=LIMIT)

        def single(rid: UUID) -> Callable[[], object]:
            p = profiles[rid]
            return lambda: rank_child(index, p.children[0], p, DEFAULT_POLICY, filters)

        def group(rid: UUID) -> Callable[[], object]:
            return lambda: plan_group(index, profiles[rid], DEFAULT_POLICY, filters)

        for rid in single_ids[:10]:
            single(rid)()
        for rid in group_ids[:3]:
            group(rid)()
        rows, figures = await with_and_without(conn, dsn, index, single, group, single_ids,
                                               group_ids)
    finally:
        await conn.close()
    print(table(rows))
    load = os.getloadavg()
    print(f"machine load average (1, 5, 15 min) at the end: "
          f"{', '.join(f'{x:.1f}' for x in load)} on {os.cpu_count()} cores")
    print(json.dumps({"carers": len(index), **figures, "load_avg_1m": round(load[0], 1)}))


def main() -> None:
    run_on_throwaway_database(bench, "placement-bench-stability-")


if __name__ == "__main__":
    main()
