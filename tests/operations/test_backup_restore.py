"""Backup and restore: the demo database comes back whole, and a restore never overwrites."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from placement.cli import main
from placement.db.databases import create_database, drop_database
from placement.db.pool import connect
from placement.operations import queries
from placement.operations.backup import backup, restore
from placement.settings import Settings
from placement.startup import prepare_demo


@pytest.fixture
async def empty_dsn(server_dsn: str) -> AsyncIterator[str]:
    """A database with nothing in it, not even the migrations (as on a new server)."""
    dsn = await create_database(server_dsn, "placement_restore")
    yield dsn
    await drop_database(server_dsn, dsn)


async def _snapshot(dsn: str) -> tuple[dict[str, int], tuple[int, str | None]]:
    conn = await connect(dsn)
    try:
        return await queries.row_counts(conn), await queries.audit_digest(conn)
    finally:
        await conn.close()


async def test_demo_round_trip_keeps_every_row_and_the_audit_log(
        settings: Settings, database_dsn: str, empty_dsn: str, tmp_path: Path) -> None:
    await prepare_demo(settings.replace(demo_password="lange-demo-wachtzin"))
    file = tmp_path / "demo.dump"
    made = await backup(settings, database_dsn, file)
    counts, audit = await _snapshot(database_dsn)
    assert made.audit_entries == audit[0] and file.stat().st_size == made.bytes
    assert counts["public.children"] > 0 and counts["public.recruitment_leads"] > 0
    assert counts["public.users"] > 0 and audit[0] > 0

    restored = await restore(settings, empty_dsn, file)
    after, _ = await _snapshot(empty_dsn)
    # The restore adds exactly one entry of its own, after the restored ones.
    assert restored == after
    assert {t: n for t, n in after.items() if t != "public.audit_log"} == \
        {t: n for t, n in counts.items() if t != "public.audit_log"}
    assert after["public.audit_log"] == counts["public.audit_log"] + 1
    conn = await connect(empty_dsn)
    try:
        first_entries = await conn.fetchval(
            """SELECT md5(string_agg(a::text, '|' ORDER BY a.id)) FROM audit_log a
               WHERE a.id <= (SELECT max(id) FROM audit_log) - 1""")
        last = await conn.fetchrow("SELECT action, actor_label FROM audit_log ORDER BY id DESC")
        # The immutability rules came back with the data.
        with pytest.raises(Exception, match="append-only"):
            await conn.execute("DELETE FROM audit_log")
    finally:
        await conn.close()
    assert first_entries == audit[1]
    assert dict(last) == {"action": "database.restore", "actor_label": "placement restore"}


async def test_restore_refuses_a_database_that_holds_anything(
        settings: Settings, database_dsn: str, tmp_path: Path) -> None:
    file = tmp_path / "x.dump"
    await backup(settings, database_dsn, file)
    before, before_audit = await _snapshot(database_dsn)
    result = await asyncio.to_thread(CliRunner().invoke, main, ["restore", str(file)],
                                     env={"DATABASE_URL": database_dsn})
    assert result.exit_code == 1
    assert "not empty" in result.output and "Traceback" not in result.output
    assert await _snapshot(database_dsn) == (before, before_audit)


async def test_backup_command_names_the_file_and_what_is_in_it(
        database_dsn: str, tmp_path: Path) -> None:
    out = tmp_path / "nightly" / "placement.dump"
    result = await asyncio.to_thread(CliRunner().invoke, main, ["backup", "--out", str(out)],
                                     env={"DATABASE_URL": database_dsn})
    assert result.exit_code == 0, result.output
    assert f"backup written to {out}" in result.output and out.is_file()
    assert not out.with_name("placement.dump.partial").exists()


async def test_backup_and_restore_commands_between_two_embedded_installations(
        tmp_path: Path) -> None:
    """With no DATABASE_URL, `placement backup` reads this data directory's embedded server and
    `placement restore` fills the embedded server of a new one. (Restore used to connect as the
    app, whose preparation migrates first, and then refused its own, no longer empty, database.)
    Each command runs in its own process, as typed: its embedded server stops when it ends.
    Without XDG_RUNTIME_DIR, as under cron or in a container, no command warns about it."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "PLACEMENT_DATABASE_URL", "PLACEMENT_OWNER_DATABASE_URL",
                        "XDG_RUNTIME_DIR")}

    def placement(data_dir: str, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "placement.cli", *args],
                              env={**env, "PLACEMENT_DATA_DIR": str(tmp_path / data_dir)},
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "XDG_RUNTIME_DIR" not in done.stderr, done.stderr
        return done.stdout

    file = tmp_path / "nightly.dump"
    await asyncio.to_thread(placement, "old", "organisations", "create", "Pleegzorg Herstel")
    await asyncio.to_thread(placement, "old", "backup", "--out", str(file))
    restored = await asyncio.to_thread(placement, "new", "restore", str(file))
    counts = dict(line.split() for line in restored.splitlines()[1:])
    assert counts["public.organisations"] == "1" and counts["public.alembic_version"] == "1"
    assert int(counts["public.audit_log"]) >= 3  # the creation, the backup, the restore
