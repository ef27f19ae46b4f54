"""The two database roles: an owner that runs migrations, and the app's own role, which is
neither superuser nor owner and holds only what the app needs.

    placement_owner  owns the database and every table (alembic runs as this role)
    placement_app    SELECT, INSERT, UPDATE, DELETE on the tables; on audit_log only INSERT
                     and SELECT; no DDL, so it can neither ALTER nor disable audit_log's
                     triggers, nor SET session_replication_role (superuser only)

The owner's ALTER DEFAULT PRIVILEGES grants every table a later migration creates to the app
role at creation, so no migration has to grant anything itself. A migration that adds a table
whose rows must never change (like audit_log) revokes UPDATE, DELETE and TRUNCATE from the app
role itself, with `revoke_changes_sql` below. See docs/security.md.

The embedded server (no DATABASE_URL) creates both roles and the `placement` database on first
start (placement.db.embedded); with DATABASE_URL, `placement db roles` prints this SQL or, with
--apply, runs it.
"""

from __future__ import annotations

import re

APP_ROLE = "placement_app"
OWNER_ROLE = "placement_owner"
DATABASE = "placement"
# Tables whose rows the app may add and read but never change or remove.
APPEND_ONLY_TABLES = ("audit_log",)

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _check(*names: str) -> None:
    for name in names:
        if not _IDENTIFIER.match(name):
            raise ValueError(f"not a plain PostgreSQL identifier: {name!r}")


def roles_sql(app_role: str = APP_ROLE, owner_role: str = OWNER_ROLE) -> str:
    """Create both roles (idempotent). Needs a superuser, or CREATEROLE for all but the log
    settings, which keep personal data out of the server log (ALTER ROLE ... SET of a
    superuser-only setting needs a superuser)."""
    _check(app_role, owner_role)
    return f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{owner_role}') THEN
        CREATE ROLE {owner_role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{app_role}') THEN
        CREATE ROLE {app_role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
    END IF;
END
$$;
{log_settings_sql(app_role)}"""


def log_settings_sql(app_role: str = APP_ROLE) -> str:
    """Errors of the app's sessions reach the server log without DETAIL (a unique-key
    violation's DETAIL quotes the value: an e-mail address, a case reference) and without the
    statement. Superuser-only settings: run by a superuser."""
    _check(app_role)
    return f"""ALTER ROLE {app_role} SET log_error_verbosity = 'terse';
ALTER ROLE {app_role} SET log_min_error_statement = 'panic';
ALTER ROLE {app_role} SET log_parameter_max_length_on_error = 0;
"""


def grants_sql(database: str, app_role: str = APP_ROLE, owner_role: str = OWNER_ROLE) -> str:
    """The app role's privileges in one database: run as the owner role (or a superuser), after
    the migrations; running it again changes nothing."""
    _check(database, app_role, owner_role)
    return f"""GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO {app_role};
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO {app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app_role};
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {app_role};
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {app_role};
ALTER DEFAULT PRIVILEGES FOR ROLE {owner_role} IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app_role};
ALTER DEFAULT PRIVILEGES FOR ROLE {owner_role} IN SCHEMA public
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {app_role};
REVOKE ALL ON TABLE alembic_version FROM {app_role};
GRANT SELECT ON TABLE alembic_version TO {app_role};
{revoke_changes_sql(*APPEND_ONLY_TABLES, app_role=app_role)}"""


def revoke_changes_sql(*tables: str, app_role: str = APP_ROLE) -> str:
    """For a migration adding an append-only table: the app may INSERT and SELECT only."""
    _check(app_role, *tables)
    return "".join(f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE {t} "
                   f"FROM {app_role};\n" for t in tables)


def database_sql(database: str = DATABASE, owner_role: str = OWNER_ROLE) -> str:
    _check(database, owner_role)
    return f'CREATE DATABASE "{database}" OWNER {owner_role};'


def all_sql(database: str, app_role: str = APP_ROLE, owner_role: str = OWNER_ROLE) -> str:
    """What `placement db roles` prints: roles (as a superuser), then grants (in the database,
    as its owner, after `placement db upgrade`)."""
    return (f"-- 1. As a superuser, once per server:\n{roles_sql(app_role, owner_role)}\n"
            f"-- 2. As a superuser, if the database does not exist yet (then migrate as "
            f"{owner_role}):\n-- {database_sql(database, owner_role)}\n\n"
            f"-- 3. In database {database}, as {owner_role} (or a superuser), after the "
            f"migrations:\n{grants_sql(database, app_role, owner_role)}")


async def apply_roles(conn: object, app_role: str = APP_ROLE,
                      owner_role: str = OWNER_ROLE) -> None:
    await conn.execute(roles_sql(app_role, owner_role))  # type: ignore[attr-defined]


async def apply_grants(conn: object, database: str, app_role: str = APP_ROLE,
                       owner_role: str = OWNER_ROLE) -> None:
    await conn.execute(grants_sql(database, app_role, owner_role))  # type: ignore[attr-defined]


def dsn_as(dsn: str, role: str, database: str | None = None) -> str:
    """The same server (and database, unless given) as another role, no password: for the
    embedded server, which trusts local socket connections."""
    from urllib.parse import quote, urlsplit, urlunsplit

    parts = urlsplit(dsn)
    host = parts.netloc.rsplit("@", 1)[-1]
    path = "/" + quote(database) if database is not None else parts.path
    return urlunsplit((parts.scheme, f"{quote(role)}@{host}", path, parts.query, ""))
