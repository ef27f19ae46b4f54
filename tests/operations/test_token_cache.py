"""An API call's caller is known without asking the database again for a minute (auth/tokens
.TokenCache), and never one moment longer than its token or authority stands: a revocation, a
disabled account or a changed role, made through the app or by anyone else on the database,
is refused or applied on the very next call that can hear of it."""

from __future__ import annotations

import asyncpg

from placement.auth.tokens import TOKEN_CACHE_KEY, token_hash
from tests.factories import Actors
from tests.operations.test_supply_listener_reconnect import _terminate_listener, _until


async def _me(client, actor) -> int:  # type: ignore[no-untyped-def]
    return (await client.get("/api/v1/auth/me", headers=actor.headers)).status_code


async def _listening(app) -> None:  # type: ignore[no-untyped-def]
    listener = app.state["supply_listener"]
    assert await _until(lambda: listener.listening.is_set())


async def test_a_token_is_looked_up_once_then_known(client, app, actors: Actors) -> None:
    await _listening(app)
    cache = app.state[TOKEN_CACHE_KEY]
    officer = actors.a["plaatser"]
    assert await _me(client, officer) == 200
    hits = cache.hits
    for _ in range(3):
        assert await _me(client, officer) == 200
    assert cache.hits == hits + 3


async def test_a_revocation_by_someone_else_refuses_the_next_call(
        client, app, actors: Actors, conn: asyncpg.Connection) -> None:
    """Another process (the CLI, another app worker, an administrator's SQL) revokes: the
    database notifies, and the cache forgets before the next call."""
    await _listening(app)
    cache = app.state[TOKEN_CACHE_KEY]
    officer, colleague = actors.a["plaatser"], actors.a["commissie"]
    assert await _me(client, officer) == 200 and await _me(client, colleague) == 200
    await conn.execute("UPDATE api_tokens SET revoked_at = now() WHERE token_hash = $1",
                       token_hash(officer.token))
    assert await _until(lambda: not cache._kept)  # everything kept is forgotten
    assert await _me(client, officer) == 401
    assert await _me(client, colleague) == 200  # looked up again, still valid


async def test_a_disabled_account_or_a_changed_role_counts_at_once(
        client, app, actors: Actors, conn: asyncpg.Connection) -> None:
    await _listening(app)
    cache = app.state[TOKEN_CACHE_KEY]
    officer = actors.a["plaatser"]
    answer = await client.get("/api/v1/auth/me", headers=officer.headers)
    assert answer.json()["roles"] == ["plaatser"]
    await conn.execute("UPDATE users SET roles = '{commissie}' WHERE id = $1", officer.user_id)
    assert await _until(lambda: not cache._kept)
    answer = await client.get("/api/v1/auth/me", headers=officer.headers)
    assert answer.json()["roles"] == ["commissie"]
    await conn.execute("UPDATE users SET is_active = false WHERE id = $1", officer.user_id)
    assert await _until(lambda: not cache._kept)
    assert await _me(client, officer) == 401


async def test_revoking_through_the_app_refuses_the_very_next_call(
        client, app, actors: Actors, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """In the process that made the change there is no waiting for the notification: the
    service forgets every cache of the process once the change is committed."""
    from placement.auth import users

    await _listening(app)
    cache = app.state[TOKEN_CACHE_KEY]
    admin = actors.a["beheerder"]
    made = await client.post("/api/v1/auth/tokens", json={"name": "script"},
                             headers=admin.headers)
    assert made.status_code == 201, made.text
    script = {"Authorization": f"Bearer {made.json()['token']}"}
    for _ in range(2):
        assert (await client.get("/api/v1/auth/me", headers=script)).status_code == 200
    forgotten = []
    monkeypatch.setattr(users, "forget_everywhere", lambda: forgotten.append(cache.forget()))
    revoked = await client.delete(f"/api/v1/auth/tokens/{made.json()['id']}",
                                  headers=admin.headers)
    assert revoked.status_code == 204, revoked.text
    assert len(forgotten) == 1  # (the notification may have been heard already as well)
    assert (await client.get("/api/v1/auth/me", headers=script)).status_code == 401


def test_forgetting_everywhere_empties_every_cache_of_the_process() -> None:
    from placement.auth.tokens import TokenCache, forget_everywhere

    first, second = TokenCache(), TokenCache()
    for cache in (first, second):
        cache.start()
        cache.put("a", {"user_id": 1}, now=0.0)
    assert first.get("a", 1.0) == {"user_id": 1}
    assert first.get("a", TokenCache.TTL_SECONDS) is None  # a minute on: asked again
    forget_everywhere()
    assert second.get("a", 1.0) is None
    second.stop()
    second.put("b", {"user_id": 2}, now=0.0)
    assert second.get("b", 0.0) is None  # not listening: nothing is kept


async def test_what_was_kept_is_forgotten_when_the_listener_is_back(
        client, app, actors: Actors, conn: asyncpg.Connection) -> None:
    """A notification lost with the listening connection (here: a revocation with the
    triggers off, so none is sent) is covered by forgetting everything on reconnecting.
    (Until the loss is noticed, such a change waits for the minute's expiry: what a lost
    notification can cost, docs/deployment.md.)"""
    await _listening(app)
    cache = app.state[TOKEN_CACHE_KEY]
    listener = app.state["supply_listener"]
    officer = actors.a["plaatser"]
    assert await _me(client, officer) == 200
    async with conn.transaction():
        await conn.execute("SET LOCAL session_replication_role = replica")
        await conn.execute("UPDATE api_tokens SET revoked_at = now() WHERE token_hash = $1",
                           token_hash(officer.token))
    assert await _me(client, officer) == 200  # kept: nobody said otherwise
    connects = listener.connects
    await _terminate_listener(conn)
    assert await _until(lambda: listener.connects == connects + 1 and cache.active)
    assert await _me(client, officer) == 401
