"""The access log shows tampering: every entry is chained by hash to the one before, one chain
per organisation, written in the same transaction; `placement audit verify` names the first
broken link after a superuser changed or removed an entry; two organisations never wait on each
other's chain."""

from __future__ import annotations

import asyncio
import itertools

import asyncpg
import pytest
from click.testing import CliRunner

from placement.cli import main
from tests.factories import Actors


async def _write_some(client, actors: Actors) -> None:  # type: ignore[no-untyped-def]
    for side in (actors.a, actors.b):
        for n in range(3):
            response = await client.post("/api/v1/children", headers=side["plaatser"].headers,
                                         json={"case_reference": f"KET-{n}-{id(side)}",
                                               "given_name": "Kees", "birth_date": "2015-01-01",
                                               "gender": "m", "home_postcode": "3563"})
            assert response.status_code == 201, response.text


async def _verify(app_dsn: str):  # type: ignore[no-untyped-def]
    # The command runs its own event loop: give it a thread, as a terminal would a process.
    return await asyncio.to_thread(CliRunner().invoke, main, ["audit", "verify"],
                                   env={"DATABASE_URL": app_dsn})


async def test_each_organisation_has_an_unbroken_chain(client, actors: Actors, conn,
                                                       app_dsn: str) -> None:
    await _write_some(client, actors)
    rows = await conn.fetch("SELECT chain_id, chain_seq, prev_hash, entry_hash FROM audit_log "
                            "WHERE chain_id = $1 ORDER BY chain_seq", actors.org_a)
    assert [r["chain_seq"] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0]["prev_hash"] is None
    assert all(r["prev_hash"] == p["entry_hash"] for p, r in itertools.pairwise(rows))
    result = await _verify(app_dsn)
    print("\n--- placement audit verify, untouched ---\n" + result.output)
    assert result.exit_code == 0, result.output
    assert "OK: every entry matches its hash" in result.output


async def test_verify_names_the_entry_a_superuser_changed(client, actors: Actors, conn,
                                                          app_dsn: str) -> None:
    await _write_some(client, actors)
    victim = await conn.fetchrow("SELECT id, chain_seq FROM audit_log WHERE chain_id = $1 "
                                 "ORDER BY chain_seq OFFSET 1 LIMIT 1", actors.org_a)
    # What the app role cannot do (test_database_roles.py), a superuser can: switch off the
    # append-only triggers and rewrite an entry. The chain still shows it.
    await conn.execute("SET session_replication_role = replica")
    await conn.execute("UPDATE audit_log SET actor_label = 'iemand anders' WHERE id = $1",
                       victim["id"])
    await conn.execute("SET session_replication_role = origin")
    result = await _verify(app_dsn)
    print("\n--- placement audit verify, after a superuser changed one entry ---\n"
          + result.output)
    assert result.exit_code == 1
    assert (f"entry #{victim['chain_seq']} (id {victim['id']}): its content no longer matches"
            in result.output)
    assert "Pleegzorg Alfa (test)" in result.output


async def test_verify_notices_a_removed_entry(client, actors: Actors, conn,
                                              app_dsn: str) -> None:
    await _write_some(client, actors)
    victim = await conn.fetchrow("SELECT id, chain_seq FROM audit_log WHERE chain_id = $1 "
                                 "ORDER BY chain_seq OFFSET 1 LIMIT 1", actors.org_b)
    await conn.execute("SET session_replication_role = replica")
    await conn.execute("DELETE FROM audit_log WHERE id = $1", victim["id"])
    await conn.execute("SET session_replication_role = origin")
    result = await _verify(app_dsn)
    assert result.exit_code == 1
    assert f"entry #{victim['chain_seq'] + 1}" in result.output
    assert "missing" in result.output


async def test_forged_chain_columns_are_overwritten(conn, actors: Actors) -> None:
    await conn.execute(
        """INSERT INTO audit_log (actor_label, organisation_id, action, entity, chain_id,
               chain_seq, prev_hash, entry_hash)
           VALUES ('x', $1, 'child.read', 'child', $2, 99, '\\x00', '\\x00')""",
        actors.org_a, actors.org_b)
    row = await conn.fetchrow("SELECT chain_id, chain_seq, entry_hash FROM audit_log")
    assert (row["chain_id"], row["chain_seq"]) == (actors.org_a, 1)
    assert row["entry_hash"] != b"\x00"


async def test_organisations_do_not_wait_on_each_others_chain(app_dsn: str, actors: Actors,
                                                              conn) -> None:
    insert = ("INSERT INTO audit_log (actor_label, organisation_id, action, entity) "
              "VALUES ('t', $1, 'child.read', 'child')")
    first, second, third = [await asyncpg.connect(app_dsn) for _ in range(3)]
    try:
        holding = first.transaction()
        await holding.start()
        await first.execute(insert, actors.org_a)  # holds A's chain until it commits
        # B's chain is free: done at once.
        await asyncio.wait_for(second.execute(insert, actors.org_b), timeout=10)
        # A's chain waits for the first writer, then follows it.
        waiting = asyncio.ensure_future(third.execute(insert, actors.org_a))
        await asyncio.sleep(0.5)
        assert not waiting.done()
        await holding.commit()
        await asyncio.wait_for(waiting, timeout=10)
    finally:
        for connection in (first, second, third):
            await connection.close()
    seqs = await conn.fetch("SELECT chain_seq FROM audit_log WHERE chain_id = $1 "
                            "ORDER BY chain_seq", actors.org_a)
    assert [r["chain_seq"] for r in seqs] == [1, 2]


@pytest.mark.parametrize("isolation", ["repeatable_read", "serializable"])
async def test_a_stale_snapshot_cannot_fork_a_chain(app_dsn: str, actors: Actors,
                                                    isolation: str) -> None:
    """The app writes under READ COMMITTED. A transaction whose snapshot predates the chain's
    last entry cannot see it; its write is refused rather than forking the chain."""
    insert = ("INSERT INTO audit_log (actor_label, organisation_id, action, entity) "
              "VALUES ('t', $1, 'child.read', 'child')")
    first, second = await asyncpg.connect(app_dsn), await asyncpg.connect(app_dsn)
    try:
        tx = second.transaction(isolation=isolation)
        await tx.start()
        await second.fetchval("SELECT count(*) FROM audit_log")  # its snapshot is taken now
        await first.execute(insert, actors.org_a)
        with pytest.raises((asyncpg.UniqueViolationError, asyncpg.SerializationError)):
            await second.execute(insert, actors.org_a)
        await tx.rollback()
        rows = await first.fetch("SELECT chain_seq FROM audit_log WHERE chain_id = $1 "
                                 "ORDER BY chain_seq", actors.org_a)
    finally:
        await first.close()
        await second.close()
    assert [r["chain_seq"] for r in rows] == [1]
