"""Schemathesis over every operation of the OpenAPI document, signed in as a user holding every
role (the platform role too): no 5xx, and every documented response matches its schema.
Negative data (bodies that break the schema on purpose): test_hostile_input.py."""

from __future__ import annotations

import os

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.factories import make_actor
from tests.security.world import build_world

MAX_EXAMPLES = int(os.environ.get("PLACEMENT_FUZZ_EXAMPLES", "12"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
async def superuser(conn, actors) -> str:
    await build_world(conn, actors)  # some real records, so lists and reads have content
    everyone = await make_actor(conn, actors.org_a, "plaatser", "commissie", "werver",
                                "beheerder", "functioneel_beheer", email="alles@alfa.test")
    return everyone.token


def test_openapi_fuzz_no_5xx_and_schema_conformance(settings, superuser: str) -> None:
    from schemathesis.python.asgi import shutdown_lifespans

    from tests.apps import app_for

    app = app_for(settings)
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    headers = {"Authorization": f"Bearer {superuser}"}
    operations, cases, failures = 0, 0, []
    try:
        for result in schema.get_all_operations():
            operation = result.ok()
            operations += 1
            ran = [0]

            @hypothesis.given(case=operation.as_strategy())
            @hypothesis.settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
                                 derandomize=True, phases=[Phase.explicit, Phase.generate],
                                 suppress_health_check=list(HealthCheck))
            def run(case) -> None:  # type: ignore[no-untyped-def]
                ran[0] += 1  # noqa: B023 - run() is called in this same iteration
                response = case.call(headers=headers)
                case.validate_response(response, checks=CHECKS, headers=headers)

            try:
                run()
            except (Exception, BaseExceptionGroup) as exc:
                failures.append(f"{operation.label}: {type(exc).__name__}: {str(exc)[:600]}")
            cases += ran[0]
    finally:
        shutdown_lifespans()
    print(f"\nschemathesis: {operations} operations, {cases} cases, {len(failures)} failing")
    assert operations >= 20
    assert not failures, "\n\n".join(failures)
