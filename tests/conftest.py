"""Test fixtures: one real PostgreSQL per test session (embedded unless DATABASE_URL is set),
a migrated template database, and a fresh copy of it for every test that touches the database.

The app under test connects as the least-privilege app role (placement.db.roles), as it does in
production; fixtures that stand up test data (`conn`) connect as the superuser."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from placement.db import migrate, roles
from placement.db.databases import create_database, database_name, drop_database
from placement.db.embedded import start_embedded
from placement.db.pool import connect
from placement.settings import PROJECT_ROOT, Settings
from tests.apps import app_for
from tests.factories import Actors, make_actors


@pytest.fixture(scope="session")
async def server_dsn() -> str:
    url = os.environ.get("DATABASE_URL") or start_embedded(PROJECT_ROOT / ".test-data",
                                                          fast_unsafe=True)
    admin = await asyncpg.connect(url)
    try:
        await roles.apply_roles(admin)
    finally:
        await admin.close()
    return url


@pytest.fixture(scope="session")
async def template_dsn(server_dsn: str) -> AsyncIterator[str]:
    """Migrated once per test session; every test database is a file copy of it."""
    dsn = await create_database(server_dsn, f"placement_template_{os.getpid()}")
    migrate.upgrade(dsn)
    admin = await asyncpg.connect(dsn)
    try:  # the tables' owner here is the server's superuser, who ran the migrations
        await roles.apply_grants(admin, database_name(dsn),
                                 owner_role=await admin.fetchval("SELECT current_user"))
    finally:
        await admin.close()
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
def app_dsn(database_dsn: str) -> str:
    """The test database as the app role: neither superuser nor owner."""
    return roles.dsn_as(database_dsn, roles.APP_ROLE)


@pytest.fixture
def settings(app_dsn: str) -> Settings:
    return Settings(database_url=app_dsn, pool_min_size=1, pool_max_size=4)


@pytest.fixture
def app(settings: Settings) -> Litestar:
    return app_for(settings)


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
