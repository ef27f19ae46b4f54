"""One record of each kind, owned by organisation A, so that every route has real path
parameters: the authorization matrix, the audit completeness test and schemathesis use it.

Beside A stand two more organisations: B and C each have a child with a request, and B has
shared its case with C (a case share). Nothing of B's or C's may reach a caller of A; their
ids and case references are in `foreign`, which the matrix looks for in every answer.

Records are inserted with SQL in the foundation's columns (other domains' services are not
needed to stand them up); `ids` maps a path parameter name to the record it should name.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import asyncpg

from placement.core.clock import local_today
from tests.factories import Actor, Actors, make_actor, make_club, make_organisation, make_school

# Path parameters whose records are made only when a route needs them (examples_domains.py).
PROVIDERS: dict[str, Callable[[World], Awaitable[Any]]] = {}


def provider(name: str) -> Callable[[Callable[[World], Awaitable[Any]]],
                                    Callable[[World], Awaitable[Any]]]:
    def register(fn: Callable[[World], Awaitable[Any]]) -> Callable[[World], Awaitable[Any]]:
        PROVIDERS[name] = fn
        return fn
    return register


@dataclass
class World:
    conn: asyncpg.Connection
    actors: Actors
    client: Any = None  # the test client, for records made through the API
    ids: dict[str, Any] = field(default_factory=dict)
    counter: int = 0
    org_c: UUID | None = None
    c: dict[str, Actor] = field(default_factory=dict)  # role -> actor in organisation C
    foreign: set[str] = field(default_factory=set)  # B's and C's record ids, case references

    async def provide(self, name: str) -> Any:
        if name not in self.ids and name in PROVIDERS:
            self.ids[name] = await PROVIDERS[name](self)
        return self.ids.get(name)

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}-{self.counter}-{uuid.uuid4().hex[:6]}"

    async def new_child(self, organisation_id: UUID | None = None, *, referred: bool = True,
                        given_name: str = "Testkind") -> UUID:
        org = organisation_id or self.actors.org_a
        child_id = await self.conn.fetchval(
            """INSERT INTO children (organisation_id, case_reference, given_name, birth_date,
                   gender, home_postcode, home_latitude, home_longitude, home_wijk_code,
                   home_address, school_id)
               VALUES ($1, $2, $3, $4, 'f', '3522', 52.0740, 5.1260, 'zuid', 'Teststraat 1', $5)
               RETURNING id""",
            org, self.fresh("UTR-W").upper(), given_name, dt.date(2015, 5, 1),
            self.ids.get("school_id"))
        await self.conn.execute(
            "INSERT INTO child_needs (child_id, need_code, level) VALUES ($1, 'trauma', 'must')",
            child_id)
        request_id = await self.new_request(org, [child_id], referred=referred)
        self.ids.setdefault("request_id", request_id)
        return child_id

    async def new_request(self, organisation_id: UUID, child_ids: list[UUID], *,
                          referred: bool = True) -> UUID:
        request_id = await self.conn.fetchval(
            """INSERT INTO placement_requests (organisation_id, placement_type, desired_start,
                   referred_to_commission)
               VALUES ($1, 'long_term', $2, $3) RETURNING id""",
            organisation_id, local_today() + dt.timedelta(days=14), referred)
        await self.conn.executemany(
            "INSERT INTO placement_request_children (request_id, child_id) VALUES ($1, $2)",
            [(request_id, c) for c in child_ids])
        return request_id

    async def new_carer(self, organisation_id: UUID | None = None) -> UUID:
        carer_id = await self.conn.fetchval(
            """INSERT INTO carers (organisation_id, name, kind, foster_kind, postcode, latitude,
                   longitude, wijk_code, address, placement_types, age_min, age_max,
                   availability_confirmed_at)
               VALUES ($1, $2, 'foster_family', 'general', '3523', 52.0700, 5.1300, 'zuid',
                       'Pleegstraat 2', ARRAY['long_term', 'short_term', 'crisis'], 0, 18, now())
               RETURNING id""",
            organisation_id or self.actors.org_a, self.fresh("Gezin"))
        await self.conn.execute(
            """INSERT INTO carer_competences (carer_id, need_code, level)
               VALUES ($1, 'trauma', 'full')""", carer_id)
        await self.conn.execute(
            "INSERT INTO places (carer_id, label) VALUES ($1, 'kamer 1'), ($1, 'kamer 2')",
            carer_id)
        return carer_id

    def actor(self, role: str) -> Actor:
        return self.actors.a[role]


async def build_world(conn: asyncpg.Connection, actors: Actors, client: Any = None) -> World:
    world = World(conn, actors, client)
    world.ids["school_id"] = await make_school(conn)
    world.ids["club_id"] = await make_club(conn)
    world.ids["organisation_id"] = actors.org_a
    world.ids["carer_id"] = await world.new_carer()
    world.ids["place_id"] = await conn.fetchval(
        "SELECT id FROM places WHERE carer_id = $1 ORDER BY label LIMIT 1", world.ids["carer_id"])
    world.ids["child_id"] = await world.new_child()
    # A second child of A, for routes that link two children (sibling ties).
    world.ids["other_child_id"] = await world.new_child()
    world.ids["user_id"] = actors.a["werver"].user_id
    if "functioneel_beheer" not in actors.a:
        actors.a["functioneel_beheer"] = await make_actor(
            conn, actors.org_a, "functioneel_beheer", email="functioneel_beheer@alfa.test")
    await _other_organisations(world)
    return world


async def _other_organisations(world: World) -> None:
    conn, actors = world.conn, world.actors
    world.org_c = await make_organisation(conn, "Pleegzorg Gamma (test)")
    for role in ("plaatser", "commissie", "beheerder"):
        world.c[role] = await make_actor(conn, world.org_c, role, email=f"{role}@gamma.test")
    shared_request = None
    for org in (actors.org_b, world.org_c):
        child_id = await conn.fetchval(
            """INSERT INTO children (organisation_id, case_reference, given_name, birth_date,
                   gender, home_postcode, home_latitude, home_longitude, home_wijk_code)
               VALUES ($1, $2, 'Anderkind', '2013-03-03', 'm', '3522', 52.07, 5.12, 'zuid')
               RETURNING id""", org, world.fresh("ELDERS").upper())
        # Not referred to the commission: the commission (regional) sees referred cases of
        # every organisation by design, and nothing else of theirs.
        request_id = await world.new_request(org, [child_id], referred=False)
        reference = await conn.fetchval("SELECT case_reference FROM children WHERE id = $1",
                                        child_id)
        world.foreign |= {str(child_id), str(request_id), reference}
        if org == actors.org_b:
            shared_request = request_id
    await conn.execute("INSERT INTO case_shares (request_id, organisation_id) VALUES ($1, $2)",
                       shared_request, world.org_c)
    world.ids["shared_request_b_to_c"] = shared_request
