"""One search over HTTP, an earlier commit against the working tree, in one run: both apps
served side by side on one throwaway national database, one client, their searches alternated
one by one (the order flipped every other search), so that the machine's changes of speed
(a third from one half hour to the next on the shared 2-core machines) hit both alike.
Prints p50/p95 per side and each app's CPU per search, and a JSON line. The database is
migrated by the working tree: REV must read the same schema (a commit after the last
migration, or one whose migrations the working tree only extends compatibly).

    .venv/bin/python -m bench.ab_search [REV] [SEARCHES]     (REV default HEAD~1)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from uuid import UUID

import numpy as np

from bench.http_load import SEARCH_PATH, server_pids, serving
from bench.lean_client import LeanClient
from bench.matching import _prepare
from bench.throwaway import run_on_throwaway_database

ROOT = Path(__file__).resolve().parents[1]


def _cpu_seconds(pid: int) -> float:
    """CPU time of the server process and its workers, from /proc."""
    total = 0
    for p in server_pids(pid):
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


async def _alternate(apps: dict[str, tuple[str, subprocess.Popen[bytes]]],
                     clients: dict[str, LeanClient], jobs: list[tuple[UUID, str]],
                     ) -> tuple[dict[str, list[float]], dict[str, float]]:
    """Latencies per side and each app's CPU seconds over the measured searches."""
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
    latencies: dict[str, list[float]] = {side: [] for side in apps}
    for i, (request_id, token) in enumerate(jobs):
        for side in (list(apps) if i % 2 else list(apps)[::-1]):
            latencies[side].append(await search(side, request_id, token))
    return latencies, {side: _cpu_seconds(process.pid) - before[side]
                       for side, (_, process) in apps.items()}


async def compare(dsn: str, earlier: Path, rev: str, searches: int) -> None:
    data = _prepare(dsn)
    jobs = [(UUID(r), data["tokens"][o]) for r, o in data["singles"]][:searches]
    with ExitStack() as stack:
        apps = {rev: stack.enter_context(serving(dsn, earlier)),
                "working tree": stack.enter_context(serving(dsn))}
        clients = {side: LeanClient(base) for side, (base, _) in apps.items()}
        for client in clients.values():
            await client.__aenter__()
        try:
            latencies, cpu = await _alternate(apps, clients, jobs)
        finally:
            for client in clients.values():
                await client.__aexit__(None, None, None)
    figures = {}
    for side, values in latencies.items():
        ms = np.array(values)
        figures[side] = {"p50_ms": round(float(np.percentile(ms, 50)), 2),
                         "p95_ms": round(float(np.percentile(ms, 95)), 2),
                         "app_cpu_ms_per_search": round(cpu[side] / len(ms) * 1000, 2)}
        print(f"{side:>14}: {len(ms)} searches, p50 {figures[side]['p50_ms']} ms, p95 "
              f"{figures[side]['p95_ms']} ms, app CPU {figures[side]['app_cpu_ms_per_search']} "
              "ms per search")
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
