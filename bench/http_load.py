"""Rank over HTTP: the app in its own uvicorn process, 8 concurrent clients in this one."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import UUID

import httpx

from bench.lean_client import LeanClient

CONCURRENT_CLIENTS = 8
# One app worker by default: on a 2-core machine PostgreSQL and the 8 clients share the cores
# with the app, and a second worker only adds contention (measured here: p95 42-45 ms with one
# worker, 44-55 ms with two). With the database on its own machine, run one worker per core.
APP_WORKERS = int(os.environ.get("BENCH_APP_WORKERS", "1"))
SEARCH_PATH = "/api/v1/requests/{request_id}/search"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(dsn: str, tree: Path | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Start `python -m bench.serve` and wait until /health answers. `tree`: serve the code of
    another checkout of the project (its src/ first on the path; bench/ab_search.py)."""
    port = free_port()
    root = tree or Path(__file__).resolve().parents[1]
    path = f"{root / 'src'}{os.pathsep}{root}" if tree else str(root)
    env = dict(os.environ, PYTHONPATH=path, PLACEMENT_ROUTER_URL="")
    process = subprocess.Popen([sys.executable, "-m", "bench.serve", str(port), dsn,
                                str(APP_WORKERS)], cwd=root, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/health", timeout=1, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the app did not start (see its output above)")
            time.sleep(0.2)
        yield base, process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def server_pids(pid: int) -> list[int]:
    """The server process and its uvicorn workers."""
    try:
        return [pid, *map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]
    except OSError:
        return [pid]


def worker_peak_mb(pid: int) -> float:
    """Largest peak resident memory (VmHWM) among the server process and its workers."""
    peaks = []
    for p in server_pids(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    return max(peaks, default=float("nan"))


async def run_searches(base: str, jobs: list[tuple[UUID, str]], *, limit: int = 10,
                       clients: int = CONCURRENT_CLIENTS) -> tuple[list[float], list[str]]:
    """Each job is (request id, bearer token). Returns latencies in ms and any failures."""
    queue: asyncio.Queue[tuple[UUID, str]] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    latencies: list[float] = []
    failures: list[str] = []

    async def client() -> None:
        async with LeanClient(base) as http:
            while not queue.empty():
                request_id, token = queue.get_nowait()
                started = time.perf_counter()
                answer = await http.post(SEARCH_PATH.format(request_id=request_id),
                                         json_body={"limit": limit},
                                         headers={"Authorization": f"Bearer {token}"})
                elapsed = (time.perf_counter() - started) * 1000
                if answer.status_code in (200, 201):
                    latencies.append(elapsed)
                else:
                    failures.append(f"{answer.status_code} {answer.text[:200]}")

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, failures
