"""Export writes the import format back: import -> export -> same document -> imports again."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

import asyncpg
import msgspec

from placement.db.embedded import dsn_for_database
from placement.settings import Settings
from tests.scenario_helpers import canonical, service_for, utrecht


async def _fresh_database(server_dsn: str, template_dsn: str) -> str:
    name = "placement_test_" + uuid.uuid4().hex[:12]
    template = urlsplit(template_dsn).path.lstrip("/")
    admin = await asyncpg.connect(server_dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    finally:
        await admin.close()
    return name


async def test_round_trip_and_import_into_a_fresh_database(
        conn, settings: Settings, server_dsn: str, template_dsn: str) -> None:
    generated = utrecht(11)
    async with service_for(settings) as service:
        await service.import_document(generated)
        exported = msgspec.to_builtins(await service.export_document())
    assert canonical(exported) == canonical(generated)
    audit = await conn.fetchrow("SELECT * FROM audit_log WHERE action = 'scenario.export'")
    assert len(audit["child_ids"]) == len(generated["children"])

    name = await _fresh_database(server_dsn, template_dsn)
    other = settings.replace(database_url=dsn_for_database(server_dsn, name))
    try:
        async with service_for(other) as service:
            summary = await service.import_document(msgspec.json.encode(exported))
            again = msgspec.to_builtins(await service.export_document())
        assert summary.counts["children"] == len(generated["children"])
        assert canonical(again) == canonical(generated)
    finally:
        admin = await asyncpg.connect(server_dsn)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()
