"""The first accounts of a real installation, made with `placement organisations|users create`."""

from __future__ import annotations

import asyncio
import re

from click.testing import CliRunner, Result

from placement.cli import main
from tests.security.helpers import login


async def invoke(dsn: str, *args: str, stdin: str | None = None) -> Result:
    # The command runs its own event loop: give it a thread of its own.
    return await asyncio.to_thread(CliRunner().invoke, main, list(args), input=stdin,
                                   env={"DATABASE_URL": dsn})


async def test_organisation_then_user_with_password_from_stdin_can_sign_in(
        database_dsn: str, client, conn) -> None:
    made = await invoke(database_dsn, "organisations", "create", "Pleegzorg Gooi",
                        "--kind", "provider")
    assert made.exit_code == 0, made.output
    user = await invoke(database_dsn, "users", "create", "--organisation", "Pleegzorg Gooi",
                        "--role", "beheerder", "--role", "plaatser", "--email",
                        "Anna@pleegzorg-gooi.test", "--password-stdin",
                        stdin="lange-wachtzin-voor-de-eerste-keer\n")
    assert user.exit_code == 0, user.output
    assert "one-time password" not in user.output

    signed_in = await login(client, "anna@pleegzorg-gooi.test", "lange-wachtzin-voor-de-eerste-keer")
    assert signed_in.status_code in (200, 201), signed_in.text
    me = await client.get("/api/v1/auth/me")
    assert sorted(me.json()["roles"]) == ["beheerder", "plaatser"]

    actions = [r["action"] for r in await conn.fetch(
        "SELECT action FROM audit_log WHERE actor_label = 'placement command line' ORDER BY id")]
    assert actions == ["organisation.create", "user.create"]


async def test_generated_password_is_printed_once_and_works(database_dsn: str, client) -> None:
    await invoke(database_dsn, "organisations", "create", "Gemeente Zeist", "--kind",
                 "municipality")
    user = await invoke(database_dsn, "users", "create", "--organisation", "Gemeente Zeist",
                        "--role", "commissie", "--email", "bert@zeist.test")
    assert user.exit_code == 0, user.output
    found = re.search(r"one-time password \(shown only now\): (\S+)", user.output)
    assert found
    signed_in = await login(client, "bert@zeist.test", found.group(1))
    assert signed_in.status_code in (200, 201), signed_in.text


async def test_refusals_are_one_line_messages_and_change_nothing(database_dsn: str, conn) -> None:
    unknown = await invoke(database_dsn, "users", "create", "--organisation", "Bestaat Niet",
                           "--role", "plaatser", "--email", "c@x.test")
    assert unknown.exit_code != 0
    assert "no organisation named 'Bestaat Niet'" in unknown.output

    await invoke(database_dsn, "organisations", "create", "Dubbel")
    again = await invoke(database_dsn, "organisations", "create", "Dubbel")
    assert again.exit_code != 0 and "exists already" in again.output

    weak = await invoke(database_dsn, "users", "create", "--organisation", "Dubbel", "--role",
                        "plaatser", "--email", "d@x.test", "--password-stdin", stdin="kort\n")
    assert weak.exit_code != 0 and "password" in weak.output
    bad_mail = await invoke(database_dsn, "users", "create", "--organisation", "Dubbel",
                            "--role", "plaatser", "--email", "geen-adres")
    assert bad_mail.exit_code != 0 and "email" in bad_mail.output
    assert await conn.fetchval("SELECT count(*) FROM users") == 0
    assert "Traceback" not in weak.output + bad_mail.output + unknown.output
