"""Browser sessions: fixation, idle and absolute timeout, logout, disabling, CSRF."""

from __future__ import annotations

from placement.auth.sessions import session_hash
from tests.factories import Actors
from tests.security.helpers import PASSWORD, login, make_login_user


async def test_login_sets_a_hardened_cookie_and_gives_access(client, actors: Actors, conn) -> None:
    await make_login_user(conn, actors.org_a, "plaatser", email="pim@alfa.test")
    response = await login(client, "pim@alfa.test")
    assert response.status_code == 200, response.text
    cookie = response.headers["set-cookie"]
    assert "placement_session=" in cookie
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    assert "Secure" not in cookie  # settings.secure_cookies is off in tests
    me = await client.get("/api/v1/auth/me")
    assert me.status_code == 200
    assert me.json()["email"] == "pim@alfa.test" and me.json()["via"] == "session"
    assert (await client.get("/api/v1/children")).status_code == 200


async def test_secure_flag_when_configured(settings, actors: Actors, conn) -> None:
    from litestar.testing import AsyncTestClient

    from tests.apps import app_for

    await make_login_user(conn, actors.org_a, "plaatser", email="sec@alfa.test")
    app = app_for(settings.replace(secure_cookies=True))
    async with AsyncTestClient(app=app) as secure_client:
        response = await login(secure_client, "sec@alfa.test")
        assert "Secure" in response.headers["set-cookie"]
        assert "strict-transport-security" in response.headers


async def test_new_session_id_at_login_and_the_old_one_is_dead(client, actors: Actors,
                                                              conn) -> None:
    await make_login_user(conn, actors.org_a, "plaatser", email="fix@alfa.test")
    first = (await login(client, "fix@alfa.test")).cookies["placement_session"]
    second = (await login(client, "fix@alfa.test")).cookies["placement_session"]
    assert first != second
    # An attacker who planted (or kept) the first id gets nothing from it.
    client.cookies.clear()
    client.cookies.set("placement_session", first)
    assert (await client.get("/api/v1/auth/me")).status_code == 401
    planted = "attacker-chosen-session-id"
    client.cookies.set("placement_session", planted)
    after = await login(client, "fix@alfa.test")
    assert after.cookies["placement_session"] != planted
    assert await conn.fetchval("SELECT count(*) FROM sessions WHERE id_hash = $1",
                               session_hash(planted)) == 0


async def test_idle_timeout(client, actors: Actors, conn) -> None:
    await make_login_user(conn, actors.org_a, "plaatser", email="idle@alfa.test")
    sid = (await login(client, "idle@alfa.test")).cookies["placement_session"]
    await conn.execute("UPDATE sessions SET last_seen_at = now() - interval '29 minutes'")
    assert (await client.get("/api/v1/auth/me")).status_code == 200  # activity renews it
    await conn.execute("UPDATE sessions SET last_seen_at = now() - interval '31 minutes'")
    assert (await client.get("/api/v1/auth/me")).status_code == 401
    row = await conn.fetchrow("SELECT ended_at, end_reason FROM sessions WHERE id_hash = $1",
                              session_hash(sid))
    assert row["end_reason"] == "idle" and row["ended_at"] is not None


async def test_absolute_timeout_even_when_active(client, actors: Actors, conn) -> None:
    await make_login_user(conn, actors.org_a, "plaatser", email="abs@alfa.test")
    await login(client, "abs@alfa.test")
    await conn.execute("UPDATE sessions SET created_at = now() - interval '9 hours 59 minutes'")
    assert (await client.get("/api/v1/auth/me")).status_code == 200
    await conn.execute("UPDATE sessions SET created_at = now() - interval '10 hours 1 minute'")
    assert (await client.get("/api/v1/auth/me")).status_code == 401
    assert await conn.fetchval("SELECT end_reason FROM sessions") == "absolute"


async def test_logout_ends_the_session_at_once(client, actors: Actors, conn) -> None:
    await make_login_user(conn, actors.org_a, "plaatser", email="out@alfa.test")
    response = await login(client, "out@alfa.test")
    sid, csrf = response.cookies["placement_session"], response.json()["csrf_token"]
    assert (await client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})).json() == {"session_ended": True}
    client.cookies.set("placement_session", sid)  # a copy of the cookie kept elsewhere
    assert (await client.get("/api/v1/auth/me")).status_code == 401
    actions = [r["action"] for r in await conn.fetch("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-2:] == ["auth.login", "auth.logout"]


async def test_disabling_a_user_ends_their_sessions_and_tokens(client, actors: Actors,
                                                               conn) -> None:
    user_id = await make_login_user(conn, actors.org_a, "plaatser", email="dis@alfa.test")
    await login(client, "dis@alfa.test")
    assert (await client.get("/api/v1/auth/me")).status_code == 200
    admin = actors.a["beheerder"].headers
    token = (await client.post(f"/api/v1/users/{user_id}/tokens", json={"name": "script"},
                               headers=admin)).json()["token"]
    assert (await client.get("/api/v1/auth/me",
                             headers={"Authorization": f"Bearer {token}"})).status_code == 200
    disabled = await client.post(f"/api/v1/users/{user_id}/disable", headers=admin)
    assert disabled.status_code == 200 and disabled.json()["is_active"] is False
    assert (await client.get("/api/v1/auth/me")).status_code == 401
    assert (await client.get("/api/v1/auth/me",
                             headers={"Authorization": f"Bearer {token}"})).status_code == 401
    assert (await login(client, "dis@alfa.test")).status_code == 401


async def test_cookie_session_writes_need_the_csrf_header(client, actors: Actors, conn) -> None:
    await make_login_user(conn, actors.org_a, "beheerder", email="csrf@alfa.test")
    csrf = (await login(client, "csrf@alfa.test")).json()["csrf_token"]
    body = {"name": "laptop"}
    missing = await client.post("/api/v1/auth/tokens", json=body)
    assert missing.status_code == 403
    wrong = await client.post("/api/v1/auth/tokens", json=body, headers={"X-CSRF-Token": "x"})
    assert wrong.status_code == 403
    assert await conn.fetchval("SELECT count(*) FROM api_tokens WHERE name = 'laptop'") == 0
    ok = await client.post("/api/v1/auth/tokens", json=body, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 201, ok.text
    assert (await client.get("/api/v1/auth/me")).json()["csrf_token"] == csrf


async def test_bearer_calls_need_no_csrf_token(client, actors: Actors) -> None:
    response = await client.post("/api/v1/auth/tokens", json={"name": "ci"},
                                 headers=actors.a["plaatser"].headers)
    assert response.status_code == 201


async def test_password_is_checked_not_just_the_account(client, actors: Actors, conn) -> None:
    await make_login_user(conn, actors.org_a, "plaatser", email="pw@alfa.test")
    wrong = await login(client, "pw@alfa.test", PASSWORD + "x")
    assert wrong.status_code == 401
    assert "placement_session" not in wrong.headers.get("set-cookie", "")
    assert (await client.get("/api/v1/auth/me")).status_code == 401
