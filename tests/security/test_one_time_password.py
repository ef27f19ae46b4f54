"""A one-time password printed by `placement users create` must be replaced at the first
sign-in: the login leads to "Nieuw wachtwoord kiezen", nothing else is reachable until it is
done, and API tokens of the account are not affected."""

from __future__ import annotations

import re

import asyncpg

from placement.auth import queries as auth_queries
from placement.auth.tokens import new_token, token_hash
from tests.operations.test_accounts_cli import invoke
from tests.web.pages import csrf_of

NEW = "Zelf-Gekozen-Wachtzin-7"


async def _account_with_one_time_password(dsn: str, email: str) -> str:
    made = await invoke(dsn, "organisations", "create", "Pleegzorg Eem", "--kind", "provider")
    assert made.exit_code == 0, made.output
    user = await invoke(dsn, "users", "create", "--organisation", "Pleegzorg Eem",
                        "--role", "plaatser", "--email", email)
    assert user.exit_code == 0, user.output
    assert "must choose a new password" in user.output
    found = re.search(r"one-time password \(shown only now\): (\S+)", user.output)
    assert found
    return found.group(1)


async def _web_login(client, email: str, password: str):  # type: ignore[no-untyped-def]
    client.cookies.clear()
    token = csrf_of((await client.get("/login")).text)
    return await client.post("/auth/login", data={"email": email, "password": password,
                                                  "csrf_token": token})


async def test_first_sign_in_leads_to_choosing_a_new_password_and_nothing_else(
        database_dsn: str, client, conn: asyncpg.Connection) -> None:
    one_time = await _account_with_one_time_password(database_dsn, "eva@eem.test")
    assert await conn.fetchval(
        "SELECT must_change_password FROM users WHERE email = 'eva@eem.test'")

    page = await _web_login(client, "eva@eem.test", one_time)
    assert page.status_code == 200
    assert str(page.url).endswith("/wachtwoord-kiezen")
    assert "Nieuw wachtwoord kiezen" in page.text
    csrf = csrf_of(page.text)

    # Every other page leads back there; the API (with this session) and form posts refuse.
    for path in ("/", "/plaatsingen", "/jeugdigen/nieuw"):
        other = await client.get(path, follow_redirects=False)
        assert other.status_code == 303 and other.headers["location"] == "/wachtwoord-kiezen"
    api = await client.get("/api/v1/children", headers={"X-CSRF-Token": csrf})
    assert api.status_code == 403 and "one-time password" in api.json()["detail"]
    post = await client.post("/jeugdigen/nieuw", data={"csrf_token": csrf, "given_name": "Sem"},
                             follow_redirects=False)
    assert post.status_code == 403

    # Mistakes are shown on the page, in Dutch, and change nothing.
    differ = await client.post("/wachtwoord-kiezen", data={
        "csrf_token": csrf, "new_password": NEW, "new_password_repeat": NEW + "x"})
    assert differ.status_code == 400 and "is niet gelijk aan het nieuwe wachtwoord" in differ.text
    same = await client.post("/wachtwoord-kiezen", data={
        "csrf_token": csrf, "new_password": one_time, "new_password_repeat": one_time})
    assert same.status_code == 400 and "eenmalige wachtwoord" in same.text
    assert await conn.fetchval(
        "SELECT must_change_password FROM users WHERE email = 'eva@eem.test'")

    done = await client.post("/wachtwoord-kiezen", data={
        "csrf_token": csrf, "new_password": NEW, "new_password_repeat": NEW})
    assert done.status_code == 200 and "/wachtwoord-kiezen" not in str(done.url)
    assert (await client.get("/plaatsingen")).status_code == 200  # the same session goes on
    assert not await conn.fetchval(
        "SELECT must_change_password FROM users WHERE email = 'eva@eem.test'")
    assert await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'auth.password.first_change'") == 1

    assert (await _web_login(client, "eva@eem.test", one_time)).status_code == 401
    again = await _web_login(client, "eva@eem.test", NEW)
    assert again.status_code == 200 and "/wachtwoord-kiezen" not in str(again.url)


async def test_api_tokens_of_the_account_are_not_affected(
        database_dsn: str, client, conn: asyncpg.Connection) -> None:
    await _account_with_one_time_password(database_dsn, "tim@eem.test")
    user_id = await conn.fetchval("SELECT id FROM users WHERE email = 'tim@eem.test'")
    token = new_token()
    await auth_queries.insert_token(conn, user_id, "script", token_hash(token))
    client.cookies.clear()
    listed = await client.get("/api/v1/children", headers={"Authorization": f"Bearer {token}"})
    assert listed.status_code == 200, listed.text


async def test_a_password_given_on_stdin_need_not_be_changed(
        database_dsn: str, client, conn: asyncpg.Connection) -> None:
    await invoke(database_dsn, "organisations", "create", "Pleegzorg Vecht")
    user = await invoke(database_dsn, "users", "create", "--organisation", "Pleegzorg Vecht",
                        "--role", "plaatser", "--email", "ada@vecht.test", "--password-stdin",
                        stdin=NEW + "\n")
    assert user.exit_code == 0, user.output
    page = await _web_login(client, "ada@vecht.test", NEW)
    assert page.status_code == 200 and "/wachtwoord-kiezen" not in str(page.url)
    assert (await client.get("/wachtwoord-kiezen", follow_redirects=False)).status_code in (
        302, 303)
