"""Password policy, user administration and API tokens."""

from __future__ import annotations

from placement.auth.passwords import hash_password, policy_problems, verify_password
from tests.factories import Actors
from tests.security.helpers import login


def test_password_policy_and_argon2id() -> None:
    assert policy_problems("kort") != []
    assert any("common" in p["reason"] for p in policy_problems("Wachtwoord123"))
    assert any("common" in p["reason"] for p in policy_problems("welkom123456"))
    assert policy_problems("Zeven-Blauwe-Tulpen") == []
    stored = hash_password("Zeven-Blauwe-Tulpen")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "Zeven-Blauwe-Tulpen")
    assert not verify_password(stored, "zeven-blauwe-tulpen")
    assert not verify_password(None, "Zeven-Blauwe-Tulpen")


async def test_administrator_creates_an_account_that_can_sign_in(client, actors: Actors) -> None:
    admin = actors.a["beheerder"].headers
    weak = await client.post("/api/v1/users", headers=admin, json={
        "email": "nieuw@alfa.test", "display_name": "Nieuw", "roles": ["plaatser"],
        "password": "password1234"})
    assert weak.status_code == 400
    assert weak.json()["errors"][0]["field"] == "password"
    created = await client.post("/api/v1/users", headers=admin, json={
        "email": "Nieuw@alfa.test", "display_name": "Nieuw", "roles": ["plaatser"],
        "password": "Paarse-Olifant-Zwemt"})
    assert created.status_code == 201, created.text
    assert created.json()["email"] == "nieuw@alfa.test"
    assert created.json()["organisation_id"] == str(actors.org_a)
    assert (await login(client, "nieuw@alfa.test", "Paarse-Olifant-Zwemt")).status_code == 200
    duplicate = await client.post("/api/v1/users", headers=admin, json={
        "email": "nieuw@alfa.test", "display_name": "Twee", "roles": ["werver"]})
    assert duplicate.status_code == 409
    listed = (await client.get("/api/v1/users", headers=admin)).json()
    assert "nieuw@alfa.test" in [u["email"] for u in listed["items"]]
    assert all(u["organisation_id"] == str(actors.org_a) for u in listed["items"])


async def test_administrator_manages_only_their_own_organisation(client, actors: Actors) -> None:
    admin_b = actors.b["beheerder"].headers
    other = actors.a["plaatser"].user_id
    assert (await client.get(f"/api/v1/users/{other}", headers=admin_b)).status_code == 404
    assert (await client.post(f"/api/v1/users/{other}/disable",
                              headers=admin_b)).status_code == 404
    into_a = await client.post("/api/v1/users", headers=admin_b, json={
        "email": "x@beta.test", "display_name": "X", "roles": ["plaatser"],
        "organisation_id": str(actors.org_a)})
    assert into_a.status_code == 403
    assert (await client.get("/api/v1/users", headers=actors.a["plaatser"].headers)).status_code == 403


async def test_role_change_needs_the_version(client, actors: Actors) -> None:
    admin = actors.a["beheerder"].headers
    target = actors.a["werver"].user_id
    missing = await client.patch(f"/api/v1/users/{target}", headers=admin,
                                 json={"roles": ["werver", "plaatser"]})
    assert missing.status_code == 400
    ok = await client.patch(f"/api/v1/users/{target}", headers=admin,
                            json={"version": 1, "roles": ["werver", "plaatser"]})
    assert ok.status_code == 200 and ok.json()["roles"] == ["plaatser", "werver"]
    stale = await client.patch(f"/api/v1/users/{target}", headers=admin,
                               json={"version": 1, "roles": ["werver"]})
    assert stale.status_code == 409


async def test_token_is_shown_once_stored_hashed_and_revocable(client, actors: Actors,
                                                              conn) -> None:
    me = actors.a["werver"].headers
    created = await client.post("/api/v1/auth/tokens", json={"name": "rapportage"}, headers=me)
    assert created.status_code == 201
    token = created.json()["token"]
    stored = await conn.fetchval("SELECT token_hash FROM api_tokens WHERE id = $1::uuid",
                                 created.json()["id"])
    assert token not in stored and len(stored) == 64
    listed = (await client.get("/api/v1/auth/tokens", headers=me)).json()
    assert "token" not in listed[0]
    bearer = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/v1/auth/me", headers=bearer)).status_code == 200
    # Someone else cannot revoke it; its owner can.
    other = actors.b["werver"].headers
    token_id = created.json()["id"]
    assert (await client.delete(f"/api/v1/auth/tokens/{token_id}", headers=other)).status_code == 404
    assert (await client.delete(f"/api/v1/auth/tokens/{token_id}", headers=me)).status_code == 204
    assert (await client.get("/api/v1/auth/me", headers=bearer)).status_code == 401
    assert await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'auth.token.create'") == 1


async def test_change_own_password(client, actors: Actors, conn) -> None:
    from tests.security.helpers import PASSWORD, make_login_user

    await make_login_user(conn, actors.org_a, "werver", email="wissel@alfa.test")
    csrf = (await login(client, "wissel@alfa.test")).json()["csrf_token"]
    headers = {"X-CSRF-Token": csrf}
    wrong = await client.post("/api/v1/auth/password", headers=headers, json={
        "current_password": "Niet-Het-Goede-1", "new_password": "Oranje-Zebra-Danst"})
    assert wrong.status_code == 400
    ok = await client.post("/api/v1/auth/password", headers=headers, json={
        "current_password": PASSWORD, "new_password": "Oranje-Zebra-Danst"})
    assert ok.status_code == 204
    assert (await login(client, "wissel@alfa.test", "Oranje-Zebra-Danst")).status_code == 200
