"""Generated test people and reference data, inserted straight into the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

import asyncpg

from placement.auth import queries as auth_queries
from placement.auth.tokens import new_token, token_hash

ROLES = ("plaatser", "commissie", "werver", "beheerder")


@dataclass
class Actor:
    user_id: UUID
    organisation_id: UUID
    roles: tuple[str, ...]
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Actors:
    org_a: UUID
    org_b: UUID
    a: dict[str, Actor] = field(default_factory=dict)  # role -> actor in organisation A
    b: dict[str, Actor] = field(default_factory=dict)  # role -> actor in organisation B

    def __getitem__(self, role: str) -> Actor:
        return self.a[role]


async def make_organisation(conn: asyncpg.Connection, name: str, kind: str = "provider") -> UUID:
    return await conn.fetchval(
        "INSERT INTO organisations (name, kind) VALUES ($1, $2) RETURNING id", name, kind
    )


async def make_actor(conn: asyncpg.Connection, organisation_id: UUID, *roles: str,
                     email: str) -> Actor:
    user_id = await auth_queries.insert_user(
        conn, organisation_id=organisation_id, email=email, display_name=email.split("@")[0],
        password_hash=None, roles=list(roles),
    )
    token = new_token()
    await auth_queries.insert_token(conn, user_id, "test", token_hash(token))
    return Actor(user_id, organisation_id, tuple(roles), token)


async def make_actors(conn: asyncpg.Connection) -> Actors:
    org_a = await make_organisation(conn, "Pleegzorg Alfa (test)")
    org_b = await make_organisation(conn, "Pleegzorg Beta (test)")
    actors = Actors(org_a, org_b)
    for role in ROLES:
        actors.a[role] = await make_actor(conn, org_a, role, email=f"{role}@alfa.test")
        actors.b[role] = await make_actor(conn, org_b, role, email=f"{role}@beta.test")
    return actors


async def make_school(conn: asyncpg.Connection, name: str = "De Regenboog", kind: str = "primary",
                      postcode: str = "3511", lat: float = 52.0925, lon: float = 5.1130,
                      wijk: str | None = "binnenstad") -> UUID:
    return await conn.fetchval(
        """INSERT INTO schools (name, kind, postcode, latitude, longitude, wijk_code)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""",
        name, kind, postcode, lat, lon, wijk,
    )


async def make_club(conn: asyncpg.Connection, name: str = "VV Hoograven", activity: str = "voetbal",
                    postcode: str = "3522", lat: float = 52.0740, lon: float = 5.1260,
                    wijk: str | None = "zuid") -> UUID:
    return await conn.fetchval(
        """INSERT INTO clubs (name, activity, postcode, latitude, longitude, wijk_code)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""",
        name, activity, postcode, lat, lon, wijk,
    )
