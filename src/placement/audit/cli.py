"""`placement audit ...` commands; registered on `placement` in placement/cli.py."""

from __future__ import annotations

import asyncio
import sys

import click

from placement.cli_settings import load_settings


@click.group("audit")
def audit() -> None:
    """The access log (NEN 7513)."""


@audit.command("verify")
def verify_command() -> None:
    """Check every hash chain of the access log; name the first broken link of each.
    Exit status 1 when a chain is broken."""
    from placement.audit.verify import Verification, verify
    from placement.db.pool import connect, resolve_dsn

    async def run() -> Verification:
        conn = await connect(resolve_dsn(load_settings()))
        try:  # one snapshot: entries written meanwhile do not look like a broken chain
            async with conn.transaction(isolation="repeatable_read", readonly=True):
                return await verify(conn)
        finally:
            await conn.close()

    result = asyncio.run(run())
    for line in result.lines():
        click.echo(line)
    if not result.ok:
        sys.exit(1)


def register(main: click.Group) -> None:
    main.add_command(audit)
