"""Sessions and passwords: a changed password ends the user's other sessions and revokes their
API tokens, the old password no longer signs in; secure cookies carry the __Host- prefix; the
common-password list is the large one from the zxcvbn package; argon2 runs off the event loop."""

from __future__ import annotations

import asyncio

from httpx import AsyncClient

from placement.auth.passwords import common_passwords, policy_problems
from tests.factories import Actors
from tests.security.helpers import PASSWORD, login, make_login_user, session_id_of

NEW_PASSWORD = "Oranje-Zebra-Danst-Vrolijk"


async def test_a_changed_password_ends_other_sessions_and_tokens(client, actors: Actors,
                                                                 conn) -> None:
    await make_login_user(conn, actors.org_a, "plaatser", email="wissel@alfa.test")
    # Another browser signed in with the same account: its session cookie, kept aside.
    elsewhere = session_id_of(await login(client, "wissel@alfa.test"))
    client.cookies.clear()
    here = await login(client, "wissel@alfa.test")
    mine = session_id_of(here)
    headers = {"X-CSRF-Token": here.json()["csrf_token"]}
    token = (await client.post("/api/v1/auth/tokens", json={"name": "script"},
                               headers=headers)).json()["token"]
    changed = await client.post("/api/v1/auth/password", headers=headers, json={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert changed.status_code == 204, changed.text
    assert (await client.get("/api/v1/auth/me")).status_code == 200  # this session stays
    client.cookies.clear()
    client.cookies.set("placement_session", elsewhere)
    assert (await client.get("/api/v1/auth/me")).status_code == 401
    client.cookies.clear()
    bearer = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/v1/auth/me", headers=bearer)).status_code == 401
    assert (await login(client, "wissel@alfa.test", PASSWORD)).status_code == 401
    assert (await login(client, "wissel@alfa.test", NEW_PASSWORD)).status_code == 200
    assert mine != elsewhere
    entry = await conn.fetchrow(
        "SELECT detail FROM audit_log WHERE action = 'auth.password.change'")
    assert entry["detail"] == {"sessions_ended": 1, "tokens_revoked": 1}


async def test_secure_cookies_use_the_host_prefix(settings, actors: Actors, conn) -> None:
    from litestar.testing import AsyncTestClient

    from tests.apps import app_for

    await make_login_user(conn, actors.org_a, "plaatser", email="host@alfa.test")
    app = app_for(settings.replace(secure_cookies=True))
    async with AsyncTestClient(app=app, base_url="https://testserver.local") as secure:
        response = await login(secure, "host@alfa.test")
        cookie = response.headers["set-cookie"]
        assert cookie.startswith("__Host-placement_session=")
        assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie
        assert (await secure.get("/api/v1/auth/me")).status_code == 200
        secure.cookies.clear()
        form = await secure.get("/login")
        assert "__Host-placement_login_csrf=" in form.headers["set-cookie"]


def test_the_common_password_list_is_large_and_catches_padding() -> None:
    assert len(common_passwords()) >= 30_000
    for weak in ("welkom123456", "password2024!", "!!!dragon!!!1234", "qwertyqwertyqwerty",
                 "wachtwoord12345", "Voetbal123456"):
        assert any("common" in p["reason"] for p in policy_problems(weak)), weak
    assert policy_problems("Groene-Kikker-Fietst-42") == []


async def test_password_hashing_runs_off_the_event_loop(client, actors: Actors, conn,
                                                       monkeypatch) -> None:
    """argon2 spends CPU on purpose; on the event loop's thread it would stall every other
    request meanwhile. Sign-in and account creation hash and verify in worker threads."""
    from placement.auth import passwords

    on_loop: list[bool] = []
    real = passwords._hasher

    class Watching:
        def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
            attribute = getattr(real, name)
            if name in {"hash", "verify"}:
                def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
                    try:  # an event loop runs in this thread: the caller is on the loop
                        asyncio.get_running_loop()
                        on_loop.append(True)
                    except RuntimeError:
                        on_loop.append(False)
                    return attribute(*args, **kwargs)
                return watched
            return attribute

    await make_login_user(conn, actors.org_a, "beheerder", email="draad@alfa.test")
    monkeypatch.setattr(passwords, "_hasher", Watching())
    here = await login(client, "draad@alfa.test")
    assert here.status_code == 200
    assert (await login(client, "niemand@alfa.test")).status_code == 401
    created = await client.post("/api/v1/users", headers={"X-CSRF-Token": here.json()[
        "csrf_token"]}, json={"email": "nieuw@alfa.test", "display_name": "Nieuw",
                             "roles": ["werver"], "password": NEW_PASSWORD})
    assert created.status_code == 201, created.text
    assert len(on_loop) >= 3 and not any(on_loop)


async def test_login_route_still_signs_in(client: AsyncClient, actors: Actors, conn) -> None:
    await make_login_user(conn, actors.org_a, "werver", email="thread@alfa.test")
    assert (await login(client, "thread@alfa.test")).status_code == 200
