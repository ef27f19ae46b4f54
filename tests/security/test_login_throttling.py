"""Lockout per account, throttling per address, and one answer whether or not the account exists."""

from __future__ import annotations

import time

from placement.auth.login import ACCOUNT_MAX_FAILURES, ADDRESS_MAX_FAILURES
from tests.factories import Actors
from tests.security.helpers import PASSWORD, login, make_login_user


def _shape(response):  # type: ignore[no-untyped-def]
    body = response.json()
    return response.status_code, body["title"], body["detail"]


async def test_unknown_account_gets_the_same_answer_in_similar_time(client, actors: Actors,
                                                                   conn) -> None:
    await make_login_user(conn, actors.org_a, "plaatser", email="known@alfa.test")
    started = time.perf_counter()
    known = await login(client, "known@alfa.test", "Verkeerd-Wachtwoord-1")
    known_time = time.perf_counter() - started
    started = time.perf_counter()
    unknown = await login(client, "nobody@alfa.test", "Verkeerd-Wachtwoord-1")
    unknown_time = time.perf_counter() - started
    assert _shape(known) == _shape(unknown)
    assert known.status_code == 401
    # Both do one argon2 verification; without the dummy hash the unknown one would be ~100x faster.
    assert unknown_time > known_time / 4
    rows = await conn.fetch("SELECT action FROM audit_log WHERE action LIKE 'auth.login%'")
    assert [r["action"] for r in rows] == ["auth.login.failed", "auth.login.failed"]


async def test_account_lockout_after_repeated_failures(client, actors: Actors, conn) -> None:
    await make_login_user(conn, actors.org_a, "plaatser", email="lock@alfa.test")
    for _ in range(ACCOUNT_MAX_FAILURES):
        assert (await login(client, "lock@alfa.test", "Niet-Het-Goede-1")).status_code == 401
    # Now even the right password is refused, for a while.
    locked = await login(client, "lock@alfa.test", PASSWORD)
    assert locked.status_code == 429
    assert "placement_session" not in locked.headers.get("set-cookie", "")
    # The same happens for an account that does not exist: lockout does not reveal accounts.
    for _ in range(ACCOUNT_MAX_FAILURES):
        await login(client, "ghost@alfa.test", "Niet-Het-Goede-1")
    assert _shape(await login(client, "ghost@alfa.test", PASSWORD)) == _shape(locked)
    # Another account from the same address is not affected yet.
    await make_login_user(conn, actors.org_a, "plaatser", email="other@alfa.test")
    assert (await login(client, "other@alfa.test")).status_code == 200
    # After the window the account opens again.
    await conn.execute("UPDATE login_attempts SET occurred_at = occurred_at - interval '16 minutes'")
    assert (await login(client, "lock@alfa.test")).status_code == 200
    assert await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'auth.login.locked'") == 2


async def test_throttling_per_source_address(client, actors: Actors, conn) -> None:
    await make_login_user(conn, actors.org_a, "plaatser", email="victim@alfa.test")
    # Spraying many accounts from one address, each below the per-account limit.
    for i in range(ADDRESS_MAX_FAILURES):
        response = await login(client, f"spray{i}@alfa.test", "Niet-Het-Goede-1")
        assert response.status_code == 401
    throttled = await login(client, "victim@alfa.test")
    assert throttled.status_code == 429
    # Another address is not throttled.
    await conn.execute("UPDATE login_attempts SET source_address = '192.0.2.1'")
    assert (await login(client, "victim@alfa.test")).status_code == 200


async def test_success_resets_the_account_count(client, actors: Actors, conn) -> None:
    await make_login_user(conn, actors.org_a, "plaatser", email="reset@alfa.test")
    for _ in range(ACCOUNT_MAX_FAILURES - 1):
        await login(client, "reset@alfa.test", "Niet-Het-Goede-1")
    assert (await login(client, "reset@alfa.test")).status_code == 200
    await login(client, "reset@alfa.test", "Niet-Het-Goede-1")
    assert (await login(client, "reset@alfa.test")).status_code == 200
