"""No input ends in a 500, and a refused input writes nothing.

Every write route with a JSON body (the examples in tests/security/examples*.py give one valid
body per route) gets the payloads a probe found: a body nested 1,000 levels deep, bytes that are
not UTF-8, and, in each text field of the valid body in turn, a NUL byte, a right-to-left
override and a name made only of invisible characters. Then schemathesis' negative data over
every write operation. Each answer is checked: never 5xx, a refused body names the field it
refused, and the database is unchanged afterwards (the access log aside).
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase

from placement.auth.principal import ALL_ROLES
from tests.factories import make_actor
from tests.security.examples import EXAMPLES
from tests.security.routes import route_rows
from tests.security.world import World, build_world

NEGATIVE_EXAMPLES = int(os.environ.get("PLACEMENT_NEGATIVE_FUZZ_EXAMPLES", "6"))
# Tables that a refused request may still touch: the access log (refusals are recorded) and the
# sign-in bookkeeping (a failed login is counted); of tokens and sessions only what says they
# exist and whether they ended counts (every use notes its time).
_BOOKKEEPING = {"audit_log", "login_attempts", "alembic_version", "audit_breaker"}
_COLUMNS = {"api_tokens": "id, user_id, name, revoked_at",
            "sessions": "id_hash, user_id, ended_at, end_reason"}

DEEP_ARRAY = b"[" * 1000 + b"]" * 1000
DEEP_OBJECT = b'{"a":' * 1000 + b"1" + b"}" * 1000
NOT_UTF8 = b'{"name": "\xff\xfe\xc3\x28"}'
TEXT_PAYLOADS = {
    "nul": "Fenna\x00Jansen",
    "bidi": "Fenna\u202egnp.exe",
    "invisible": "\u200b\u2060\u3164 ",
}


async def database_fingerprint(conn) -> dict[str, str]:  # type: ignore[no-untyped-def]
    tables = [r["tablename"] for r in await conn.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        if r["tablename"] not in _BOOKKEEPING]
    query = " UNION ALL ".join(
        f"SELECT '{t}' AS t, md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS h "
        f'FROM (SELECT {_COLUMNS.get(t, "*")} FROM "{t}") x' for t in tables)
    return {r["t"]: r["h"] for r in await conn.fetch(query)}


def _text_paths(value: Any, path: str = "") -> list[tuple[str, list[Any]]]:
    """(field path, key path) of every string in a JSON body, e.g. ("needs[0].code", [...])."""
    found: list[tuple[str, list[Any]]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += [(p, [key, *k]) for p, k in _text_paths(item, f"{path}.{key}" if path else key)]
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += [(p, [index, *k]) for p, k in _text_paths(item, f"{path}[{index}]")]
    elif isinstance(value, str):
        found.append((path, []))
    return found


def _replaced(body: Any, keys: list[Any], text: str) -> Any:
    if not keys:
        return text
    copy = list(body) if isinstance(body, list) else dict(body)
    copy[keys[0]] = _replaced(body[keys[0]], keys[1:], text)
    return copy


def _dotted(field: str) -> str:
    """The scenario import names fields as JSON pointers (/children/0/given_name)."""
    if not field.startswith("/"):
        return field
    parts = field.strip("/").split("/")
    return "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in parts).lstrip(".")


class Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.failures: list[str] = []

    def note(self, label: str, response: Any) -> None:
        status = response.status_code
        self.counts["requests"] += 1
        self.counts[f"{status // 100}xx"] += 1
        if status >= 500:
            self.failures.append(f"{label}: {status} {response.text[:300]}")

    def summary(self) -> str:
        c = self.counts
        return (f"{c['requests']} requests, {c['4xx']} x 4xx, {c['5xx']} x 5xx, "
                f"{c['2xx']} x 2xx")


@pytest.fixture
async def everyone(conn, actors):  # type: ignore[no-untyped-def]
    return await make_actor(conn, actors.org_a, *sorted(ALL_ROLES), email="alles@alfa.test")


def _json_write_rows() -> list[Any]:
    return [r for r in route_rows() if r.is_write and r.path.startswith("/api/")
            and r.key in EXAMPLES]


async def _example_body(world: World, row: Any) -> tuple[dict[str, Any], Any]:
    call = await EXAMPLES[row.key](world, "beheerder")
    for name in row.params:
        if name not in call.params:
            await world.provide(name)
    return {**world.ids, **call.params}, call.json


async def test_hostile_bodies_never_end_in_a_500_and_name_the_field(
        client, conn, actors, everyone) -> None:
    world = await build_world(conn, actors, client)
    tally = Tally()
    misnamed: list[str] = []
    headers = {**everyone.headers, "Content-Type": "application/json"}
    for row in _json_write_rows():
        values, body = await _example_body(world, row)
        if body is None:  # the route reads no JSON body
            continue
        url = row.url(values)
        before = await database_fingerprint(conn)
        for label, raw in (("deep array", DEEP_ARRAY), ("deep object", DEEP_OBJECT),
                           ("not utf-8", NOT_UTF8)):
            for who, extra in (("signed in", everyone.headers), ("anonymous", {})):
                response = await client.request(row.method, url, content=raw, headers={
                    **extra, "Content-Type": "application/json"})
                tally.note(f"{row.key} {label} {who}", response)
        if isinstance(body, dict):
            for field, keys in _text_paths(body):
                for label, text in TEXT_PAYLOADS.items():
                    response = await client.request(row.method, url, headers=headers,
                                                    json=_replaced(body, keys, text))
                    tally.note(f"{row.key} {label} in {field}", response)
                    if response.status_code != 400:
                        # a free-text field may take spaces; control characters never
                        if label != "invisible" and response.status_code < 500:
                            misnamed.append(f"{row.key} {label} in {field}: "
                                            f"{response.status_code}")
                        continue
                    named = [_dotted(e.get("field") or "")
                             for e in response.json().get("errors", [])]
                    if not any(n == field or (n or "").startswith(field) for n in named):
                        misnamed.append(f"{row.key} {label} in {field}: named {named}")
        after = await database_fingerprint(conn)
        changed = sorted(t for t in after if after[t] != before.get(t))
        assert not changed, f"{row.key}: refused input changed {changed}"
    print(f"\nhostile payloads: {tally.summary()}")
    assert tally.counts["requests"] > 300
    assert not tally.failures, "\n".join(tally.failures)
    assert not misnamed, "\n".join(misnamed)


async def test_login_refuses_unreadable_bodies_without_a_500(client) -> None:
    for raw in (DEEP_ARRAY, DEEP_OBJECT, NOT_UTF8, b'{"email": "a\x00@b.nl", "password": "x"}'):
        response = await client.post("/api/v1/auth/login", content=raw,
                                     headers={"Content-Type": "application/json"})
        assert response.status_code == 400, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
    response = await client.post("/api/v1/auth/login",
                                 json={"email": "a\x00b@c.nl", "password": "geheim-genoeg-12"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "email"


@pytest.fixture
async def negative_world(conn, actors, everyone) -> tuple[World, str]:  # type: ignore[no-untyped-def]
    return await build_world(conn, actors), everyone.token


def test_schemathesis_negative_data_on_every_write_operation(settings, database_dsn,
                                                             negative_world) -> None:
    """Schemathesis' negative mode: bodies and parameters that break the schema on purpose,
    on every write operation, signed in with every role."""
    import asyncio

    import asyncpg
    from schemathesis.python.asgi import shutdown_lifespans

    from tests.apps import app_for

    world, token = negative_world
    path_values = {k: str(v) for k, v in world.ids.items()}

    async def fingerprint() -> dict[str, str]:
        connection = await asyncpg.connect(database_dsn)
        try:
            return await database_fingerprint(connection)
        finally:
            await connection.close()

    app = app_for(settings)
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    headers = {"Authorization": f"Bearer {token}"}
    tally, changed = Tally(), []
    try:
        for result in schema.get_all_operations():
            operation = result.ok()
            if operation.method.upper() not in {"POST", "PUT", "PATCH", "DELETE"}:
                continue
            params = {name: path_values[name] for name in
                      (p.name for p in operation.path_parameters) if name in path_values}
            before = asyncio.run(fingerprint())
            statuses: list[int] = []

            @hypothesis.given(case=operation.as_strategy(
                generation_mode=schemathesis.GenerationMode.NEGATIVE,
                path_parameters=params or None))
            @hypothesis.settings(max_examples=NEGATIVE_EXAMPLES, deadline=None, database=None,
                                 derandomize=True, phases=[Phase.generate],
                                 suppress_health_check=list(HealthCheck))
            def run(case) -> None:  # type: ignore[no-untyped-def]
                response = case.call(headers=headers)
                tally.note(operation.label, response)  # noqa: B023 - called in this iteration
                statuses.append(response.status_code)  # noqa: B023

            try:
                run()
            except hypothesis.errors.Unsatisfiable:
                continue
            if not any(200 <= s < 300 for s in statuses):
                after = asyncio.run(fingerprint())
                changed += [f"{operation.label}: {t}" for t in after if after[t] != before.get(t)]
    finally:
        shutdown_lifespans()
    print(f"\nschemathesis negative data on write operations: {tally.summary()}")
    assert tally.counts["requests"] >= 100
    assert not tally.failures, "\n".join(tally.failures)
    assert not changed, "refused requests changed: " + ", ".join(changed)
