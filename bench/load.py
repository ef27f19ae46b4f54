"""200 users at once on the Utrecht demo: `python -m bench.load [--users N] [--seconds S]`.

A bounded load generator of its own (asyncio, one lean keep-alive connection per simulated
user: bench/lean_client.py, so the generator takes little of the 2 cores it shares) against the app under
uvicorn in its own process (bench/serve.py; BENCH_APP_WORKERS workers, default 1). Each
simulated user signs in with its role's API token and repeats, with an exponential think time
(mean --think seconds), one act from a realistic mix:

    officer (plaatser)   list open requests 25 %, open a child's file 25 %,
                         search for a request 15 %, read a ranking 15 %
    recruiter (werver)   list the organisation's leads 20 %

Prints a table per act and one JSON line. Goal (issue 14): 0 errors, p99 <= 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pstats
import random
import signal
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.http_load import APP_WORKERS, serving
from bench.lean_client import LeanClient
from bench.stats import Timing
from bench.throwaway import run_on_throwaway_database


def percentile(values: list[float], q: float) -> float:
    return Timing("", values).pct(q)


ACTS = (("list requests", 0.25), ("open child", 0.25), ("search", 0.15),
        ("read ranking", 0.15), ("recruitment leads", 0.20))


async def _prepare(dsn: str) -> dict[str, Any]:
    """Demo data and accounts, an API token per demo officer and recruiter, the ids to use."""
    from placement.auth import queries as auth_queries
    from placement.auth.tokens import new_token, token_hash
    from placement.db.pool import connect
    from placement.settings import Settings
    from placement.startup import prepare_demo

    await prepare_demo(Settings(database_url=dsn, demo_password="bench-load-wachtzin-42"))
    conn = await connect(dsn)
    try:
        orgs: dict[str, Any] = {}
        for user in await conn.fetch(
                """SELECT id, organisation_id, roles[1] AS role FROM users
                   WHERE roles && ARRAY['plaatser', 'werver'] AND email LIKE '%demo.placement.test'"""):
            token = new_token()
            await auth_queries.insert_token(conn, user["id"], "bench load", token_hash(token))
            org = orgs.setdefault(str(user["organisation_id"]), {})
            org[user["role"]] = token
        for org_id, org in orgs.items():
            org["requests"] = [str(r["id"]) for r in await conn.fetch(
                """SELECT id FROM placement_requests r WHERE organisation_id = $1
                   AND status = 'open' AND (SELECT count(*) FROM placement_request_children c
                                            WHERE c.request_id = r.id) = 1""", org_id)]
            org["children"] = [str(r["id"]) for r in await conn.fetch(
                "SELECT id FROM children WHERE organisation_id = $1", org_id)]
        return {k: v for k, v in orgs.items() if v.get("plaatser") and v["requests"]}
    finally:
        await conn.close()


class Load:
    def __init__(self, base: str, orgs: dict[str, Any], think: float, seed: int) -> None:
        self.base, self.orgs, self.think = base, list(orgs.values()), think
        self.random = random.Random(seed)
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.rankings: dict[int, list[str]] = defaultdict(list)

    async def act(self, http: LeanClient, org_no: int, name: str) -> None:
        org = self.orgs[org_no]
        officer = {"Authorization": f"Bearer {org['plaatser']}"}
        if name == "list requests":
            call = http.get("/api/v1/requests", params={"status": "open", "limit": 20},
                            headers=officer)
        elif name == "open child":
            call = http.get(f"/api/v1/children/{self.random.choice(org['children'])}",
                            headers=officer)
        elif name == "search":
            call = http.post(f"/api/v1/requests/{self.random.choice(org['requests'])}/search",
                             json_body={"limit": 10}, headers=officer)
        elif name == "read ranking" and self.rankings[org_no]:
            call = http.get(f"/api/v1/rankings/{self.random.choice(self.rankings[org_no])}",
                            headers=officer)
        elif name == "recruitment leads" and org.get("werver"):
            call = http.get("/api/v1/recruitment/leads", params={"limit": 20},
                            headers={"Authorization": f"Bearer {org['werver']}"})
        else:
            return
        started = time.perf_counter()
        try:
            answer = await call
        except (OSError, TimeoutError) as exc:
            self.errors[name].append(type(exc).__name__)
            return
        elapsed = (time.perf_counter() - started) * 1000
        if answer.status_code >= 400:
            self.errors[name].append(f"{answer.status_code} {answer.text[:120]}")
            return
        self.latency[name].append(elapsed)
        if name == "search":
            self.rankings[org_no].append(answer.json()["snapshot_id"])

    async def user(self, number: int, deadline: float, ramp: float) -> None:
        org_no = number % len(self.orgs)
        names, weights = zip(*ACTS, strict=True)
        await asyncio.sleep(ramp * number)
        async with LeanClient(self.base) as http:  # a browser keeps its connection open too
            while time.monotonic() < deadline:
                await self.act(http, org_no, self.random.choices(names, weights)[0])
                await asyncio.sleep(self.random.expovariate(1 / self.think))


async def run(dsn: str, users: int, seconds: float, think: float,
              profile: Path | None = None) -> dict[str, Any]:
    orgs = await _prepare(dsn)
    if profile is not None:  # bench/serve.py: cProfile from SIGUSR1 on, written at shutdown
        os.environ["BENCH_PROFILE"] = str(profile)
    with serving(dsn) as (base, server):
        async with LeanClient(base) as http:
            load = Load(base, orgs, think, seed=14)
            for org_no in range(len(load.orgs)):  # a ranking to read for every org
                await load.act(http, org_no, "search")
            load.latency.clear()
            if profile is not None:
                os.kill(server.pid, signal.SIGUSR1)
            ramp_s = min(10.0, seconds / 10)
            started = time.monotonic()
            deadline = started + seconds
            await asyncio.gather(*(load.user(k, deadline, ramp_s / users)
                                   for k in range(users)))
            wall = time.monotonic() - started
    everything = [ms for values in load.latency.values() for ms in values]
    errors = sum(len(v) for v in load.errors.values())
    print(f"{users} users, {seconds:.0f} s, think time mean {think} s, {APP_WORKERS} app worker(s)")
    print(f"{'act':<20} {'n':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, _ in ACTS:
        values = load.latency.get(name, [])
        if values:
            print(f"{name:<20} {len(values):>7} {percentile(values, 50):>8.1f} "
                  f"{percentile(values, 95):>8.1f} {percentile(values, 99):>8.1f} "
                  f"{len(load.errors.get(name, [])):>7}")
    for name, messages in load.errors.items():
        for message in messages[:2]:
            print(f"  {name} failed: {message}")
    summary = {
        "bench": "load", "users": users, "seconds": seconds, "think_s": think,
        "app_workers": APP_WORKERS, "requests": len(everything), "errors": errors,
        "req_per_s": round(len(everything) / wall, 1),
        "p50_ms": round(percentile(everything, 50), 1),
        "p95_ms": round(percentile(everything, 95), 1),
        "p99_ms": round(percentile(everything, 99), 1),
    }
    print(json.dumps(summary))
    if profile is not None:
        stats = pstats.Stats(str(profile))
        print(f"app CPU per request (profiled, cProfile's overhead included): "
              f"{sum(v[2] for v in stats.stats.values()) / len(everything) * 1000:.2f} ms")  # type: ignore[attr-defined]
        stats.sort_stats("cumulative").print_stats(r"placement|litestar|asyncpg", 30)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--think", type=float, default=1.0, help="mean think time, seconds")
    parser.add_argument("--profile", action="store_true",
                        help="profile the app (cProfile, one worker) and print where its CPU went")
    args = parser.parse_args()
    profile = (Path(tempfile.mkdtemp(prefix="placement-load-profile-")) / "serve.prof"
               if args.profile else None)
    run_on_throwaway_database(
        lambda dsn: run(dsn, args.users, args.seconds, args.think, profile), "placement-load-")


if __name__ == "__main__":
    main()
