"""The authorization matrix, generated from the app's route table: every route, every role (the
platform role functioneel_beheer too) and the anonymous caller, each cell exercised against real
data (allowed -> 2xx, refused -> 401, 403 or 404), and no allowed answer holding a record of
the two other organisations of the test world."""

from __future__ import annotations

from typing import Any

import pytest

from placement.auth.access import AUTHENTICATED, PUBLIC, may_call, public
from tests.factories import Actors
from tests.security.examples import EXAMPLES, Call
from tests.security.routes import CALLERS, ROLES, RouteRow, route_rows
from tests.security.world import World, build_world

ROWS = route_rows()


def test_every_route_has_an_explicit_rule_for_every_caller() -> None:
    cells = 0
    for row in ROWS:
        rule = row.rule
        assert rule == PUBLIC or rule == AUTHENTICATED or (
            isinstance(rule, frozenset) and rule and rule <= set(ROLES)), row.key
        cells += len(CALLERS)
    print(f"\nauthorization matrix: {len(ROWS)} routes x {len(CALLERS)} callers "
          f"(anonymous + {len(ROLES)} roles) = {cells} cells")
    assert len(ROWS) >= 20


def test_a_route_without_a_rule_refuses_to_start(monkeypatch) -> None:
    from litestar import get

    import placement.app as app_module
    from placement.settings import Settings

    @get("/api/v1/forgotten")
    async def forgotten() -> str:
        return "oops"

    @get("/api/v1/remembered", **public())
    async def remembered() -> str:
        return "fine"

    original = app_module.route_handlers
    monkeypatch.setattr(app_module, "route_handlers", lambda: [*original(), remembered])
    app_module.create_app(Settings(database_url="postgresql://unused/unused"))
    monkeypatch.setattr(app_module, "route_handlers", lambda: [*original(), forgotten])
    with pytest.raises(RuntimeError, match="/api/v1/forgotten"):
        app_module.create_app(Settings(database_url="postgresql://unused/unused"))


def test_every_write_route_has_an_example() -> None:
    missing = [row.key for row in ROWS if row.is_write and row.key not in EXAMPLES]
    assert not missing, f"add example calls to tests/security/examples.py for: {missing}"


def _expected(row: RouteRow, caller: str | None) -> bool:
    return may_call(row.rule, None if caller is None else frozenset({caller}))


async def call_route(client: Any, world: World, row: RouteRow, caller: str | None) -> Any:
    call = await prepare_call(world, row, caller)
    return await send_call(client, world, row, caller, call)


async def prepare_call(world: World, row: RouteRow, caller: str | None) -> Call:
    """The example call for this route and caller, with every record it names in place."""
    example = EXAMPLES.get(row.key)
    call = await example(world, caller) if example else Call()
    for name in row.params:
        if name not in call.params:
            await world.provide(name)
    return call


async def send_call(client: Any, world: World, row: RouteRow, caller: str | None,
                    call: Call) -> Any:
    values = {**world.ids, **call.params}
    missing = [p for p in row.params if p not in values]
    assert not missing, (f"{row.key}: no value for path parameters {missing}; add them to "
                         "tests/security/world.py or an example")
    headers = dict(call.headers)
    if caller is not None:
        headers.update(world.actor(caller).headers)
    client.cookies.clear()
    for name, value in call.cookies.items():
        client.cookies.set(name, value)
    kwargs: dict[str, Any] = {"headers": headers, "params": call.query}
    if call.json is not None:
        kwargs["json"] = call.json
    if call.form is not None:
        kwargs["data"] = call.form
    if call.content is not None:
        kwargs["content"] = call.content
    response = await client.request(row.method, row.url(values), **kwargs)
    client.cookies.clear()
    return response


@pytest.mark.parametrize("row", ROWS, ids=[r.key for r in ROWS])
async def test_matrix_cell(row: RouteRow, client, actors: Actors, conn) -> None:
    if row.is_write and row.key not in EXAMPLES:
        pytest.fail(f"{row.key} has no example call in tests/security/examples.py")
    world = await build_world(conn, actors, client)
    # Refused callers first: they must change nothing, so allowed callers see the same data.
    order = sorted(CALLERS, key=lambda c: _expected(row, c))
    problems = []
    for caller in order:
        allowed = _expected(row, caller)
        response = await call_route(client, world, row, caller)
        status = response.status_code
        if allowed:
            ok = 200 <= status < 300 or (not row.path.startswith("/api/") and status in (302, 303))
        elif caller is None:
            ok = status == 401
        else:
            ok = status in (403, 404)
        if not ok:
            problems.append(f"{caller or 'anonymous'}: expected "
                            f"{'2xx' if allowed else 'refusal'}, got {status} {response.text[:400]}")
        elif allowed and caller is not None:
            # What an allowed caller of organisation A receives holds nothing of B or C.
            leaked = sorted(marker for marker in world.foreign if marker in response.text)
            if leaked:
                problems.append(f"{caller}: answer holds other organisations' records {leaked}")
    assert not problems, f"{row.key}:\n" + "\n".join(problems)
