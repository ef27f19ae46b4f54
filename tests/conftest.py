"""Test fixtures: one real PostgreSQL per test session (embedded unless DATABASE_URL is set),
a migrated template database, and a fresh copy of it for every test that touches the database."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from placement.db import migrate
from placement.db.databases import create_database, database_name, drop_database
from placement.db.embedded import start_embedded
from placement.db.pool import connect
from placement.settings import PROJECT_ROOT, Settings
from tests.factories import Actors, make_actors


@pytest.fixture(scope="session")
def server_dsn() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return start_embedded(PROJECT_ROOT / ".test-data", fast_unsafe=True)


@pytest.fixture(scope="session")
async def template_dsn(server_dsn: str) -> AsyncIterator[str]:
    """Migrated once per test session; every test database is a file copy of it."""
    dsn = await create_database(server_dsn, f"placement_template_{os.getpid()}")
    migrate.upgrade(dsn)
    yield dsn
    await drop_database(server_dsn, dsn)


@pytest.fixture
async def database_dsn(server_dsn: str, template_dsn: str) -> AsyncIterator[str]:
    """A fresh, migrated, empty database for one test."""
    dsn = await create_database(server_dsn, "placement_test", template=database_name(template_dsn))
    yield dsn
    await drop_database(server_dsn, dsn)


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
