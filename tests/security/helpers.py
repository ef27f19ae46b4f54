"""Accounts with passwords, and signing in through the API, for the security tests."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from placement.auth import queries as auth_queries
from placement.auth.passwords import hash_password

PASSWORD = "Groene-Kikker-Fietst-42"


async def make_login_user(conn: asyncpg.Connection, organisation_id: UUID, *roles: str,
                          email: str, password: str = PASSWORD) -> UUID:
    return await auth_queries.insert_user(
        conn, organisation_id=organisation_id, email=email, display_name=email.split("@")[0],
        password_hash=hash_password(password), roles=list(roles))


async def login(client, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return await client.post("/api/v1/auth/login", json={"email": email, "password": password})


def session_id_of(response) -> str:  # type: ignore[no-untyped-def]
    return response.cookies.get("placement_session")
