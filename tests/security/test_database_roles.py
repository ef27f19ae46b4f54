"""The app does not connect as a superuser or as the owner of the tables: connected as the app
role, nothing can change or remove audit_log rows, switch off its triggers or replication-role
them away; the embedded default creates both roles; `placement db roles` prints the SQL."""

from __future__ import annotations

import asyncpg
import pytest
from click.testing import CliRunner

from placement.cli import main
from placement.db import roles

ATTACKS = [
    "UPDATE audit_log SET action = 'nothing.happened'",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
    "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete",
    "ALTER TABLE audit_log DISABLE TRIGGER ALL",
    "DROP TABLE audit_log",
    "SET session_replication_role = replica",
    "CREATE TABLE shadow (id int)",
    "UPDATE alembic_version SET version_num = '0001'",
]


@pytest.fixture
async def as_app(app_dsn: str, conn):  # type: ignore[no-untyped-def]
    await conn.execute("INSERT INTO audit_log (actor_label, action, entity) "
                       "VALUES ('test', 'child.read', 'child')")
    app = await asyncpg.connect(app_dsn)
    try:
        yield app
    finally:
        await app.close()


async def test_the_app_role_is_neither_superuser_nor_owner(as_app) -> None:
    row = await as_app.fetchrow(
        """SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
                  pg_has_role(current_user, t.tableowner, 'MEMBER') AS owns_tables
           FROM pg_roles r, pg_tables t
           WHERE r.rolname = current_user AND t.tablename = 'audit_log'""")
    assert dict(row) == {"rolsuper": False, "rolcreaterole": False, "rolcreatedb": False,
                         "rolbypassrls": False, "owns_tables": False}


@pytest.mark.parametrize("statement", ATTACKS)
async def test_the_app_role_cannot_rewrite_history(as_app, conn, statement: str) -> None:
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await as_app.execute(statement)
    assert await conn.fetchval("SELECT count(*) FROM audit_log WHERE action = 'child.read'") == 1


async def test_the_app_role_adds_and_reads_entries(as_app) -> None:
    await as_app.execute("INSERT INTO audit_log (actor_label, action, entity) "
                         "VALUES ('app', 'child.list', 'child')")
    assert await as_app.fetchval("SELECT count(*) FROM audit_log") == 2


async def test_the_app_under_test_runs_as_the_app_role(client, actors, conn) -> None:
    response = await client.get("/api/v1/children", headers=actors["plaatser"].headers)
    assert response.status_code == 200
    # The app's pool keeps its connections open: see who they are from the server's side.
    users = await conn.fetch(
        """SELECT DISTINCT a.usename, r.rolsuper FROM pg_stat_activity a
           JOIN pg_roles r ON r.rolname = a.usename
           WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()""")
    assert [(u["usename"], u["rolsuper"]) for u in users] == [(roles.APP_ROLE, False)]


async def test_a_table_added_later_is_granted_by_default_privileges(server_dsn, database_dsn,
                                                                     app_dsn, conn) -> None:
    # As a later migration would: the owner creates a table, and grants nothing itself.
    await conn.execute("CREATE TABLE later_domain (id int PRIMARY KEY, note text)")
    app = await asyncpg.connect(app_dsn)
    try:
        await app.execute("INSERT INTO later_domain VALUES (1, 'zichtbaar')")
        assert await app.fetchval("SELECT note FROM later_domain") == "zichtbaar"
    finally:
        await app.close()


def test_db_roles_prints_the_sql(database_dsn: str) -> None:
    result = CliRunner().invoke(main, ["db", "roles"], env={"DATABASE_URL": database_dsn})
    assert result.exit_code == 0, result.output
    sql = result.output
    assert "CREATE ROLE placement_app LOGIN NOSUPERUSER" in sql
    assert "ALTER DEFAULT PRIVILEGES FOR ROLE placement_owner" in sql
    assert "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE audit_log" in sql
    assert "log_error_verbosity = 'terse'" in sql


def test_role_names_must_be_plain_identifiers() -> None:
    with pytest.raises(ValueError):
        roles.grants_sql("placement", app_role="app; DROP TABLE audit_log")


async def test_the_embedded_default_creates_both_roles(tmp_path) -> None:
    from placement.db.embedded import prepared_app_dsn

    app_dsn = prepared_app_dsn(tmp_path / "embedded")
    conn = await asyncpg.connect(app_dsn)
    try:
        user, superuser = await conn.fetchrow(
            "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        owner = await conn.fetchval("SELECT tableowner FROM pg_tables WHERE tablename = 'users'")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("DELETE FROM audit_log")
    finally:
        await conn.close()
    assert (user, superuser, owner) == (roles.APP_ROLE, False, roles.OWNER_ROLE)
