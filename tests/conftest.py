"""Test fixtures: one real PostgreSQL per test session (embedded unless DATABASE_URL is set),
a migrated template database, and a fresh copy of it for every test that touches the database."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from placement.db import migrate
from placement.db.embedded import dsn_for_database, start_embedded
from placement.db.pool import connect
from placement.settings import PROJECT_ROOT, Settings
from tests.factories import Actors, make_actors

# One template per pytest process, so that parallel runs on one server do not collide.
TEMPLATE = f"placement_template_{os.getpid()}"


@pytest.fixture(scope="session")
def server_dsn() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return start_embedded(PROJECT_ROOT / ".test-data", fast_unsafe=True)


@pytest.fixture(scope="session")
async def template_dsn(server_dsn: str) -> AsyncIterator[str]:
    admin = await asyncpg.connect(server_dsn)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{TEMPLATE}"')
    finally:
        await admin.close()
    dsn = dsn_for_database(server_dsn, TEMPLATE)
    migrate.upgrade(dsn)
    yield dsn
    admin = await asyncpg.connect(server_dsn)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture
async def database_dsn(server_dsn: str, template_dsn: str) -> AsyncIterator[str]:
    """A fresh, migrated, empty database for one test."""
    name = "placement_test_" + uuid.uuid4().hex[:12]
    admin = await asyncpg.connect(server_dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}" STRATEGY FILE_COPY')
    finally:
        await admin.close()
    yield dsn_for_database(server_dsn, name)
    admin = await asyncpg.connect(server_dsn)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture
async def conn(database_dsn: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await connect(database_dsn)
    try:
        yield connection
    finally:
        await connection.close()


@pytest.fixture
def settings(database_dsn: str) -> Settings:
    return Settings(database_url=database_dsn, pool_min_size=1, pool_max_size=4)


@pytest.fixture
def app(settings: Settings) -> Litestar:
    from placement.app import create_app

    return create_app(settings)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


@pytest.fixture
async def actors(conn: asyncpg.Connection) -> Actors:
    """Two organisations, each with one user per role, and API tokens for them."""
    return await make_actors(conn)


@pytest.fixture
def national_pc4() -> Iterator[Path]:
    path = PROJECT_ROOT.parent / "shared" / "geodata" / "nl-pc4" / "4pp.csv"
    if not path.exists():
        pytest.skip(f"national postcode table not found at {path}")
    yield path
