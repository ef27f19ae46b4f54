"""Every child-data route leaves an audit entry naming the actor and the child; the database
refuses to change or delete audit entries."""

from __future__ import annotations

import asyncpg
import pytest

from placement.auth.access import may_call
from tests.factories import Actors
from tests.security.routes import ROLES, RouteRow, route_rows
from tests.security.test_authorization_matrix import call_route
from tests.security.world import build_world

CHILD_ROUTES = [row for row in route_rows() if row.child_data]


def test_child_data_routes_are_marked() -> None:
    keys = {row.key for row in CHILD_ROUTES}
    assert {"GET /api/v1/children", "GET /api/v1/children/{child_id:uuid}",
            "POST /api/v1/children", "PATCH /api/v1/children/{child_id:uuid}"} <= keys


def _caller(row: RouteRow) -> str:
    allowed = [r for r in ROLES if may_call(row.rule, frozenset({r}))]
    assert allowed, row.key
    return "plaatser" if "plaatser" in allowed else allowed[0]


@pytest.mark.parametrize("row", CHILD_ROUTES, ids=[r.key for r in CHILD_ROUTES])
async def test_child_data_route_is_audited(row: RouteRow, client, actors: Actors, conn) -> None:
    world = await build_world(conn, actors, client)
    for linked in ("tie_id", "network_tie_id", "occupancy_id"):  # so lists have something
        await world.provide(linked)
    role = _caller(row)
    before = await conn.fetchval("SELECT COALESCE(max(id), 0) FROM audit_log")
    response = await call_route(client, world, row, role)
    assert 200 <= response.status_code < 300, response.text
    rows = await conn.fetch(
        "SELECT action, actor_user_id, role, child_ids, record_ids FROM audit_log WHERE id > $1",
        before)
    mine = [r for r in rows if r["actor_user_id"] == world.actor(role).user_id and r["child_ids"]]
    assert mine, f"{row.key}: no audit entry naming a child by {role}; got {[dict(r) for r in rows]}"
    assert all(r["role"] == role for r in mine)
    named = world.ids["child_id"] if "child_id" in row.params else None
    if named is not None:
        assert any(named in r["child_ids"] for r in mine), row.key
    elif row.method == "POST" and row.path.endswith("/children"):
        created = response.json()["id"]
        assert any(str(c) == created for r in mine for c in r["child_ids"])


async def test_audit_rows_cannot_be_changed_or_deleted(client, actors: Actors, conn) -> None:
    world = await build_world(conn, actors)
    await client.get(f"/api/v1/children/{world.ids['child_id']}",
                     headers=actors.a["plaatser"].headers)
    entry = await conn.fetchval("SELECT max(id) FROM audit_log WHERE action = 'child.read'")
    assert entry is not None
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await conn.execute("UPDATE audit_log SET actor_label = 'iemand anders' WHERE id = $1",
                           entry)
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await conn.execute("DELETE FROM audit_log WHERE id = $1", entry)
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await conn.execute("TRUNCATE audit_log")
    assert await conn.fetchval("SELECT actor_user_id FROM audit_log WHERE id = $1",
                               entry) == actors.a["plaatser"].user_id


async def test_child_access_history_for_the_administrator(client, actors: Actors, conn) -> None:
    world = await build_world(conn, actors)
    child = world.ids["child_id"]
    await client.get(f"/api/v1/children/{child}", headers=actors.a["plaatser"].headers)
    await client.get("/api/v1/children", headers=actors.b["commissie"].headers)
    await client.get(f"/api/v1/children/{child}", headers=actors.b["plaatser"].headers)  # refused
    history = await client.get(f"/api/v1/audit/children/{child}",
                               headers=actors.a["beheerder"].headers)
    assert history.status_code == 200
    entries = history.json()["items"]
    seen = [(e["actor_label"], e["action"], e["role"]) for e in entries]
    assert ("plaatser@alfa.test", "child.read", "plaatser") in seen
    assert ("commissie@beta.test", "child.list", "commissie") in seen
    assert ("plaatser@beta.test", "access.refused", "plaatser") in seen
    assert all(e["occurred_at"] for e in entries)
    filtered = await client.get("/api/v1/audit", params={"action": "child.read"},
                                headers=actors.a["beheerder"].headers)
    assert {e["action"] for e in filtered.json()["items"]} == {"child.read"}


async def test_reading_the_access_log_is_a_read_of_the_children_it_names(
        client, actors: Actors, conn) -> None:
    """The log shows each entry's dossier numbers: the administrator's listing is logged
    naming those children, so a child's own history shows who saw its number there."""
    world = await build_world(conn, actors)
    child = world.ids["child_id"]
    await client.get(f"/api/v1/children/{child}", headers=actors.a["plaatser"].headers)
    listing = await client.get("/api/v1/audit", params={"action": "child.read"},
                               headers=actors.a["beheerder"].headers)
    references = {r for e in listing.json()["items"] for r in e["case_references"]}
    shown = {str(r["id"]) for r in await conn.fetch(
        "SELECT id FROM children WHERE case_reference = ANY($1::text[])", list(references))}
    assert str(child) in shown
    logged = await conn.fetchval(
        """SELECT child_ids FROM audit_log WHERE action = 'audit.list'
           ORDER BY id DESC LIMIT 1""")
    assert {str(c) for c in logged} == shown
    history = await client.get(f"/api/v1/audit/children/{child}",
                               headers=actors.a["beheerder"].headers)
    assert ("beheerder@alfa.test", "audit.list") in {
        (e["actor_label"], e["action"]) for e in history.json()["items"]}
