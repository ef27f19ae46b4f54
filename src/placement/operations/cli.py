"""`placement organisations|users|backup|restore|maintenance` commands; registered in placement/cli.py."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import click

from placement.auth.principal import ALL_ROLES
from placement.cli_settings import load_settings
from placement.core.errors import DomainError
from placement.settings import Settings

T = TypeVar("T")
ORGANISATION_KINDS = ("provider", "municipality", "buurtteam", "recruitment")


def _with_db(settings: Settings, work: Callable[..., Awaitable[T]]) -> T:
    """Migrate, open a small pool, run work(db), close. Domain errors become one-line messages."""
    from placement.core.database import Database
    from placement.db import migrate
    from placement.db.pool import create_pool, resolve_dsn

    dsn = resolve_dsn(settings)
    migrate.upgrade(dsn)

    async def run() -> T:
        pool = await create_pool(dsn, min_size=1, max_size=2)
        try:
            return await work(Database(pool))
        finally:
            await pool.close()

    try:
        return asyncio.run(run())
    except DomainError as exc:
        raise click.ClickException(exc.detail) from None


@click.group("organisations")
def organisations() -> None:
    """Organisations of this installation."""


@organisations.command("create")
@click.argument("name")
@click.option("--kind", type=click.Choice(ORGANISATION_KINDS), default="provider",
              show_default=True, help="What kind of organisation this is.")
def organisation_create(name: str, kind: str) -> None:
    """Create the organisation NAME."""
    from placement.operations.accounts import create_organisation

    created = _with_db(load_settings(), lambda db: create_organisation(db, name, kind))
    click.echo(f"organisation {created.name!r} ({created.kind}) created: {created.id}")


@click.group("users")
def users() -> None:
    """Accounts of this installation."""


@users.command("create")
@click.option("--organisation", required=True, help="Name of an existing organisation.")
@click.option("--role", "roles", required=True, multiple=True, type=click.Choice(sorted(ALL_ROLES)),
              help="Role; repeat for more than one.")
@click.option("--email", required=True, help="E-mail address, the login name.")
@click.option("--name", "display_name", default=None, help="Name shown in the app.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input (the first line) instead of "
                   "generating a one-time password.")
def user_create(organisation: str, roles: tuple[str, ...], email: str, display_name: str | None,
                password_stdin: bool) -> None:
    """Create an account. Without --password-stdin a password is generated and printed once:
    hand it over safely; at the first sign-in the user must choose a new one before anything
    else is reachable (API tokens made for the account are not affected)."""
    from placement.operations.accounts import create_user

    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.UsageError("no password on standard input")
    created = _with_db(load_settings(), lambda db: create_user(
        db, organisation=organisation, email=email, roles=list(roles),
        display_name=display_name, password=password))
    click.echo(f"account {created.email} ({', '.join(created.roles)}) created: {created.user_id}")
    if created.generated_password:
        # Printed to the operator's terminal once, on purpose; never logged or stored in clear.
        click.echo(f"one-time password (shown only now): {created.generated_password}")
        click.echo("at the first sign-in the user must choose a new password")


@click.command("backup")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: placement-YYYYMMDD-HHMMSS.dump here).")
def backup_command(out: Path | None) -> None:
    """Write the whole database (users, audit log, snapshots, leads, everything) with pg_dump."""
    from placement.db.pool import resolve_dsn
    from placement.operations.backup import backup, default_backup_name

    settings = load_settings()
    target = (out or default_backup_name()).expanduser()
    try:
        result = asyncio.run(backup(settings, resolve_dsn(settings), target))
    except DomainError as exc:
        raise click.ClickException(exc.detail) from None
    click.echo(f"backup written to {result.path}: {result.bytes} bytes, {result.tables} tables, "
               f"{result.audit_entries} audit entries")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def restore_command(file: Path) -> None:
    """Restore FILE (made by `placement backup`) into an empty database; refuses any other."""
    from placement.db.pool import resolve_owner_dsn
    from placement.operations.backup import restore

    settings = load_settings()
    try:
        # As the owner role, which owns the schema (migrations run as it). The app's connection
        # would not do on the embedded server: preparing it migrates, and the restore would
        # then find a database that is not empty.
        counts = asyncio.run(restore(settings, resolve_owner_dsn(settings), file.expanduser()))
    except DomainError as exc:
        raise click.ClickException(exc.detail) from None
    click.echo(f"restored {file} : {len(counts)} tables, {sum(counts.values())} rows")
    for table, rows in sorted(counts.items()):
        click.echo(f"  {table:<45} {rows:>8}")


@click.command("maintenance")
@click.option("--dry-run", is_flag=True, help="Show what each retention rule would erase.")
def maintenance_command(dry_run: bool) -> None:
    """Run the retention rules now (the serving app also runs them by itself, every
    PLACEMENT_MAINTENANCE_INTERVAL_MINUTES). Each run is audited."""
    from placement.operations.maintenance import report_lines, run_once

    report = _with_db(load_settings(), lambda db: run_once(
        db, load_settings(), dry_run=dry_run, started_by="placement maintenance",
        respect_interval=False))
    for line in report_lines(report):
        click.echo(line)


def register(main: click.Group) -> None:
    for command in (organisations, users, backup_command, restore_command, maintenance_command):
        main.add_command(command)
