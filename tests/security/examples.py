"""Example calls per route: valid bodies for writes, and path parameters a route needs fresh.

A write route without an entry here fails the authorization matrix: whoever adds a route adds
an example, so that the matrix can show the allowed roles really get a 2xx.

Each example is `async def (world, role) -> Call`; role is None for an anonymous caller. It may
create fresh records (a user to disable, a token to revoke) so that every allowed caller gets
its own target.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from placement.auth.passwords import hash_password
from tests.security.helpers import PASSWORD, make_login_user
from tests.security.world import World


@dataclass
class Call:
    params: dict[str, Any] = field(default_factory=dict)
    json: Any = None
    form: dict[str, str] | None = None
    cookies: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None


Example = Callable[[World, "str | None"], Awaitable[Call]]
EXAMPLES: dict[str, Example] = {}


def example(*keys: str) -> Callable[[Example], Example]:
    def register(fn: Example) -> Example:
        for key in keys:
            EXAMPLES[key] = fn
        return fn
    return register


async def _version(world: World, table: str, record_id: Any) -> int:
    return int(await world.conn.fetchval(f"SELECT version FROM {table} WHERE id = $1", record_id))


# --- children ----------------------------------------------------------------------------

@example("POST /api/v1/children")
async def _create_child(world: World, role: str | None) -> Call:
    return Call(json={"case_reference": world.fresh("UTR-NEW").upper(), "given_name": "Fenna",
                      "birth_date": "2014-09-02", "gender": "f", "home_postcode": "3563",
                      "needs": [{"code": "trauma", "level": "must"}]})


@example("PATCH /api/v1/children/{child_id:uuid}")
async def _update_child(world: World, role: str | None) -> Call:
    version = await _version(world, "children", world.ids["child_id"])
    return Call(json={"version": version, "wishes": {"language": "Nederlands"}})


# --- carers (carers package) -------------------------------------------------------------

@example("POST /api/v1/carers")
async def _create_carer(world: World, role: str | None) -> Call:
    return Call(json={"name": world.fresh("Familie"), "kind": "foster_family",
                      "foster_kind": "general", "postcode": "3524",
                      "placement_types": ["long_term"], "places": 1})


@example("PATCH /api/v1/carers/{carer_id:uuid}")
async def _update_carer(world: World, role: str | None) -> Call:
    version = await _version(world, "carers", world.ids["carer_id"])
    return Call(json={"version": version, "age_max": 17})


@example("POST /api/v1/carers/{carer_id:uuid}/places")
async def _add_place(world: World, role: str | None) -> Call:
    return Call(json={"label": world.fresh("kamer")})


@example("POST /api/v1/carers/{carer_id:uuid}/places/{place_id:uuid}/deactivate")
async def _deactivate_place(world: World, role: str | None) -> Call:
    place = await world.conn.fetchval(
        "INSERT INTO places (carer_id, label) VALUES ($1, $2) RETURNING id",
        world.ids["carer_id"], world.fresh("kamer"))
    return Call(params={"place_id": place})


# --- sign-in, tokens, users --------------------------------------------------------------

@example("POST /api/v1/auth/login")
async def _api_login(world: World, role: str | None) -> Call:
    email = world.fresh("login") + "@alfa.test"
    await make_login_user(world.conn, world.actors.org_a, "werver", email=email)
    return Call(json={"email": email, "password": PASSWORD})


@example("POST /auth/login")
async def _form_login(world: World, role: str | None) -> Call:
    email = world.fresh("form") + "@alfa.test"
    await make_login_user(world.conn, world.actors.org_a, "werver", email=email)
    return Call(form={"email": email, "password": PASSWORD, "csrf_token": "same-on-both"},
                cookies={"placement_login_csrf": "same-on-both"})


@example("POST /api/v1/auth/logout", "POST /auth/logout")
async def _logout(world: World, role: str | None) -> Call:
    return Call()


@example("POST /api/v1/auth/password")
async def _change_password(world: World, role: str | None) -> Call:
    if role is not None:
        await world.conn.execute("UPDATE users SET password_hash = $2 WHERE id = $1",
                                 world.actor(role).user_id, hash_password(PASSWORD))
    return Call(json={"current_password": PASSWORD,
                      "new_password": "Nieuwe-Sleutel-" + world.fresh("pw")})


@example("POST /api/v1/auth/tokens")
async def _create_token(world: World, role: str | None) -> Call:
    return Call(json={"name": world.fresh("token")})


@example("DELETE /api/v1/auth/tokens/{token_id:uuid}")
async def _revoke_token(world: World, role: str | None) -> Call:
    owner = world.actor(role or "werver").user_id
    token_id = await world.conn.fetchval(
        "INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, 'x', $2) RETURNING id",
        owner, world.fresh("hash"))
    return Call(params={"token_id": token_id})


@example("POST /api/v1/users")
async def _create_user(world: World, role: str | None) -> Call:
    return Call(json={"email": world.fresh("new") + "@alfa.test", "display_name": "Nieuw",
                      "roles": ["werver"]})


async def _fresh_user(world: World) -> Any:
    return await make_login_user(world.conn, world.actors.org_a, "werver",
                                 email=world.fresh("target") + "@alfa.test")


@example("PATCH /api/v1/users/{user_id:uuid}")
async def _update_user(world: World, role: str | None) -> Call:
    user = await _fresh_user(world)
    return Call(params={"user_id": user}, json={"version": 1, "display_name": "Andere naam"})


@example("POST /api/v1/users/{user_id:uuid}/disable", "POST /api/v1/users/{user_id:uuid}/enable")
async def _toggle_user(world: World, role: str | None) -> Call:
    return Call(params={"user_id": await _fresh_user(world)})


@example("POST /api/v1/users/{user_id:uuid}/tokens")
async def _token_for_user(world: World, role: str | None) -> Call:
    return Call(json={"name": world.fresh("script")})


# --- static ------------------------------------------------------------------------------

@example("GET /static/{file_path:path}")
async def _static(world: World, role: str | None) -> Call:
    return Call(params={"file_path": "placement.css"})


@example("GET /schema-ui/{file_path:path}")
async def _swagger_assets(world: World, role: str | None) -> Call:
    return Call(params={"file_path": "swagger-ui.css"})


# The domain routes' examples register themselves on import.
import tests.security.examples_accounts  # noqa: E402
import tests.security.examples_admin  # noqa: E402
import tests.security.examples_commission  # noqa: E402
import tests.security.examples_decisions  # noqa: E402
import tests.security.examples_domains  # noqa: E402
import tests.security.examples_indicators  # noqa: E402
import tests.security.examples_matching  # noqa: E402
import tests.security.examples_pages  # noqa: E402
import tests.security.examples_recruitment_pages  # noqa: E402
import tests.security.examples_shares  # noqa: E402
import tests.security.examples_stability  # noqa: E402
import tests.security.examples_waitinglist  # noqa: E402
import tests.security.examples_web  # noqa: E402, F401
