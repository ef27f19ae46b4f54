"""Migrations: upgrade to head, downgrade to base (nothing of ours left), upgrade again.

Runs on its own fresh database, never on the shared template."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from uuid import uuid4

import asyncpg
import pytest

from placement.db import migrate
from placement.db import pool as db_pool
from placement.db.databases import create_database, drop_database
from placement.matching import queries as matching_queries

_OBJECTS = """
    SELECT 'table ' || table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_name <> 'alembic_version'
    UNION ALL
    SELECT 'function ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND NOT EXISTS (
        SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    UNION ALL
    SELECT 'type ' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd') AND NOT EXISTS (
        SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
    UNION ALL
    SELECT 'sequence ' || sequence_name FROM information_schema.sequences
    WHERE sequence_schema = 'public'
"""


@pytest.fixture
async def fresh_dsn(server_dsn: str) -> AsyncIterator[str]:
    dsn = await create_database(server_dsn, "placement_migrations")
    yield dsn
    await drop_database(server_dsn, dsn)


async def objects(dsn: str) -> set[str]:
    conn = await asyncpg.connect(dsn)
    try:
        return {r["name"] for r in await conn.fetch(_OBJECTS)}
    finally:
        await conn.close()


async def test_upgrade_downgrade_upgrade(fresh_dsn: str) -> None:
    migrate.upgrade(fresh_dsn)
    at_head = await objects(fresh_dsn)
    assert {"table organisations", "table children", "table carers", "table occupancies",
            "table sibling_ties", "table placement_requests", "table audit_log"} <= at_head

    migrate.downgrade(fresh_dsn, "base")
    assert await objects(fresh_dsn) == set()

    migrate.upgrade(fresh_dsn)
    assert await objects(fresh_dsn) == at_head
    conn = await asyncpg.connect(fresh_dsn)
    try:
        assert await conn.fetchval("SELECT count(*) FROM need_codes") > 10
        assert await conn.fetchval("SELECT count(*) FROM wijken") == 10
    finally:
        await conn.close()


async def test_snapshots_stored_before_0013_stay_readable_and_keep_their_top_carers(
        fresh_dsn: str) -> None:
    """A ranking stored as jsonb before answers were kept as compressed bytes reads back as the
    same JSON after the upgrade, its top-5 carers are filled in for the KPIs, and a downgrade
    turns both kinds of row (old text, new zstd) back into jsonb."""
    migrate.upgrade(fresh_dsn, "0012")
    carers = [uuid4() for _ in range(7)]
    old_result = {"kind": "single", "ranking": {"options": [
        {"rank": rank, "carer_id": str(carer)} for rank, carer in enumerate(carers, start=1)]}}
    conn = await asyncpg.connect(fresh_dsn)
    try:
        org = await conn.fetchval(
            "INSERT INTO organisations (name, kind) VALUES ('Oud', 'provider') RETURNING id")
        request = await conn.fetchval(
            """INSERT INTO placement_requests (organisation_id, placement_type, desired_start)
               VALUES ($1, 'long_term', current_date) RETURNING id""", org)
        policy = await conn.fetchval("SELECT min(version) FROM matching_policies")
        old_id = await conn.fetchval(
            """INSERT INTO ranking_snapshots (request_id, organisation_id, kind, child_ids,
                   inputs, result, exclusion_summary, policy_version, asked_by_label)
               VALUES ($1, $2, 'single', '{}', '{}', $3::jsonb, '{}', $4, 'test')
               RETURNING id""", request, org, json.dumps(old_result), policy)
    finally:
        await conn.close()

    migrate.upgrade(fresh_dsn)
    conn = await db_pool.connect(fresh_dsn)  # with the app's JSON codecs
    try:
        old = await matching_queries.get_snapshot(conn, old_id)
        assert old is not None and json.loads(old["result"]) == old_result
        assert set(await conn.fetchval(
            "SELECT top_carers FROM ranking_snapshots WHERE id = $1", old_id)) == set(carers[:5])

        new_result = {"kind": "single", "ranking": {"options": []}, "note": "nieuw " * 200}
        new_id = uuid4()
        await matching_queries.insert_snapshot(
            conn, snapshot_id=new_id, created_at=dt.datetime.now(dt.UTC), request_id=request,
            organisation_id=org, kind="single", child_ids=[], inputs={},
            result_json=json.dumps(new_result).encode(), top_carers=[], exclusion_summary={},
            policy_version=policy, model_version=None, asked_by=None, asked_by_label="test")
        stored = await conn.fetchval("SELECT result FROM ranking_snapshots WHERE id = $1", new_id)
        assert stored.startswith(b"\x28\xb5\x2f\xfd")  # a zstd frame
        assert len(stored) < len(json.dumps(new_result)) / 5
        new = await matching_queries.get_snapshot(conn, new_id)
        assert new is not None and json.loads(new["result"]) == new_result

        with pytest.raises(asyncpg.CheckViolationError, match="result_format"):
            await conn.execute(
                """INSERT INTO ranking_snapshots (request_id, organisation_id, kind, child_ids,
                       inputs, result, top_carers, exclusion_summary, policy_version,
                       asked_by_label)
                   VALUES ($1, $2, 'single', '{}', '{}', '\\x0001'::bytea, '{}', '{}', $3,
                           'test')""", request, org, policy)
    finally:
        await conn.close()

    migrate.downgrade(fresh_dsn, "0012")
    conn = await asyncpg.connect(fresh_dsn)
    try:
        back = {r["id"]: json.loads(r["result"]) for r in await conn.fetch(
            "SELECT id, result FROM ranking_snapshots")}
        assert back == {old_id: old_result, new_id: new_result}
    finally:
        await conn.close()
