"""One search over HTTP, an earlier commit against the working tree, in one run: both apps
served side by side on one throwaway national database, one client, their searches alternated
one by one (the order flipped every other search), so that the machine's changes of speed
(a third from one half hour to the next on the shared 2-core machines) hit both alike.
Prints p50/p95 per side and each app's CPU per search, and a JSON line. The database is
migrated by the working tree; when REV's migrations end earlier, REV gets a copy of it taken
down to REV's last migration by the working tree's own downgrades (so both sides search the
same data, each in the schema its code reads).

    .venv/bin/python -m bench.ab_search [REV] [SEARCHES]     (REV default HEAD~1)
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from uuid import UUID

import asyncpg
import numpy as np

from bench.http_load import SEARCH_PATH, server_pids, serving
from bench.lean_client import LeanClient
from bench.matching import _prepare
from bench.throwaway import run_on_throwaway_database
from placement.db import migrate
from placement.db.databases import create_database, database_name
from placement.db.embedded import dsn_for_database

ROOT = Path(__file__).resolve().parents[1]


def _process_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def _cpu_seconds(pid: int) -> float:
    """CPU time of the server process and its workers, from /proc."""
    return sum(_process_cpu(p) for p in server_pids(pid))


async def _database_cpu(dsn: str, databases: dict[str, str]) -> dict[str, float]:
    """CPU time of the PostgreSQL sessions serving each side's database (the embedded server
    runs on this machine): only told apart when the sides have databases of their own."""
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch("SELECT pid, datname FROM pg_stat_activity "
                                "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")
    finally:
        await conn.close()
    return {side: sum(_process_cpu(r["pid"]) for r in rows if r["datname"] == name)
            for side, name in databases.items()}


async def _alternate(apps: dict[str, tuple[str, subprocess.Popen[bytes]]],
                     clients: dict[str, LeanClient], jobs: list[tuple[UUID, str]],
                     databases: dict[str, str], dsn: str,
                     ) -> tuple[dict[str, list[float]], dict[str, float], dict[str, float]]:
    """Latencies per side, each app's CPU seconds and its database sessions' CPU seconds over
    the measured searches."""
    async def search(side: str, request_id: UUID, token: str) -> float:
        started = time.perf_counter()
        answer = await clients[side].post(SEARCH_PATH.format(request_id=request_id),
                                          json_body={"limit": 10},
                                          headers={"Authorization": f"Bearer {token}"})
        if answer.status_code not in (200, 201):
            raise RuntimeError(f"{side}: {answer.status_code} {answer.text[:200]}")
        return (time.perf_counter() - started) * 1000

    for request_id, token in jobs[:40]:  # each app builds its index on its first search
        for side in apps:
            await search(side, request_id, token)
    before = {side: _cpu_seconds(process.pid) for side, (_, process) in apps.items()}
    database_before = await _database_cpu(dsn, databases)
    latencies: dict[str, list[float]] = {side: [] for side in apps}
    for i, (request_id, token) in enumerate(jobs):
        for side in (list(apps) if i % 2 else list(apps)[::-1]):
            latencies[side].append(await search(side, request_id, token))
    database_after = await _database_cpu(dsn, databases)
    return (latencies, {side: _cpu_seconds(process.pid) - before[side]
                        for side, (_, process) in apps.items()},
            {side: database_after[side] - database_before[side] for side in databases})


def _last_migration(tree: Path) -> str:
    revisions = (re.search(r'^revision = "(\w+)"', path.read_text(), re.M)
                 for path in (tree / "migrations" / "versions").glob("*.py"))
    return max(found.group(1) for found in revisions if found)


async def _database_for(dsn: str, earlier: Path) -> str:
    """The database REV serves from: the same one, or a copy downgraded to REV's schema."""
    theirs = _last_migration(earlier)
    if theirs == _last_migration(ROOT):
        return dsn
    server_dsn = dsn_for_database(dsn, "template1")
    copy = await create_database(server_dsn, "placement_ab_earlier",
                                 template=database_name(dsn))
    migrate.downgrade(copy, theirs)
    print(f"REV reads migration {theirs}: serving it a copy taken down to that", flush=True)
    return copy


async def compare(dsn: str, earlier: Path, rev: str, searches: int) -> None:
    data = _prepare(dsn)
    jobs = [(UUID(r), data["tokens"][o]) for r, o in data["singles"]][:searches]
    earlier_dsn = await _database_for(dsn, earlier)
    with ExitStack() as stack:
        apps = {rev: stack.enter_context(serving(earlier_dsn, earlier)),
                "working tree": stack.enter_context(serving(dsn))}
        clients = {side: LeanClient(base) for side, (base, _) in apps.items()}
        for client in clients.values():
            await client.__aenter__()
        try:
            databases = ({rev: database_name(earlier_dsn), "working tree": database_name(dsn)}
                         if earlier_dsn != dsn else {})
            latencies, cpu, database_cpu = await _alternate(apps, clients, jobs, databases, dsn)
        finally:
            for client in clients.values():
                await client.__aexit__(None, None, None)
    figures = {}
    for side, values in latencies.items():
        ms = np.array(values)
        figures[side] = {"p50_ms": round(float(np.percentile(ms, 50)), 2),
                         "p95_ms": round(float(np.percentile(ms, 95)), 2),
                         "app_cpu_ms_per_search": round(cpu[side] / len(ms) * 1000, 2)}
        if side in database_cpu:
            figures[side]["database_cpu_ms_per_search"] = round(
                database_cpu[side] / len(ms) * 1000, 2)
        print(f"{side:>14}: {len(ms)} searches, p50 {figures[side]['p50_ms']} ms, p95 "
              f"{figures[side]['p95_ms']} ms, app CPU {figures[side]['app_cpu_ms_per_search']} "
              "ms per search" + (f", PostgreSQL's {database_cpu[side] / len(ms) * 1000:.2f} ms"
                                 if side in database_cpu else ""))
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(json.dumps({"bench": "ab_search", "earlier": rev, **figures,
                      "load": round(os.getloadavg()[0], 1)}))


def main() -> None:
    rev = sys.argv[1] if len(sys.argv) > 1 else "HEAD~1"
    searches = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    with tempfile.TemporaryDirectory(prefix="placement-ab-") as tmp:
        earlier = Path(tmp) / "earlier"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(earlier), rev],
                       cwd=ROOT, check=True)
        try:
            run_on_throwaway_database(lambda dsn: compare(dsn, earlier, rev, searches),
                                      prefix="placement-ab-")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(earlier)], cwd=ROOT,
                           check=False)


if __name__ == "__main__":
    main()
