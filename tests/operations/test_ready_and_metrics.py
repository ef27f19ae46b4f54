"""Liveness, readiness and metrics as a load balancer and Prometheus see them."""

from __future__ import annotations

import io
import json
import logging

from litestar.testing import AsyncTestClient

from placement.app import create_app
from placement.db.databases import create_database, database_name, drop_database
from placement.operations.logs import JsonFormatter
from placement.settings import Settings
from tests.factories import Actors


async def test_ready_when_database_migrations_and_index_are_there(client) -> None:
    answer = await client.get("/ready")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ready", "database": True, "migrations_at_head": True,
                             "index_loaded": True}


async def test_not_ready_when_the_database_is_gone_while_alive_still_answers(
        server_dsn: str, template_dsn: str) -> None:
    dsn = await create_database(server_dsn, "placement_ready", template=database_name(template_dsn))
    app = create_app(Settings(database_url=dsn, pool_min_size=1, pool_max_size=2,
                              maintenance_interval_minutes=0))
    async with AsyncTestClient(app=app) as client:
        assert (await client.get("/ready")).status_code == 200
        await drop_database(server_dsn, dsn)  # WITH (FORCE): the pool's connections die
        answer = await client.get("/ready")
        assert answer.status_code == 503
        assert answer.json()["database"] is False and answer.json()["status"] == "not ready"


async def test_not_ready_when_the_schema_is_behind_the_code(client, conn) -> None:
    await conn.execute("UPDATE alembic_version SET version_num = '0009'")
    answer = await client.get("/ready")
    assert answer.status_code == 503 and answer.json()["migrations_at_head"] is False


async def test_metrics_refused_to_anonymous_and_other_roles(client, actors: Actors) -> None:
    assert (await client.get("/metrics")).status_code == 401
    for role in ("plaatser", "commissie", "werver"):
        assert (await client.get("/metrics", headers=actors.a[role].headers)).status_code == 403


async def test_metrics_count_requests_per_route_template(client, actors: Actors) -> None:
    officer = actors.a["plaatser"].headers
    for _ in range(3):
        assert (await client.get("/api/v1/children", headers=officer)).status_code == 200
    answer = await client.get("/metrics", headers=actors.a["beheerder"].headers)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    lines = [line for line in answer.text.splitlines()
             if line.startswith("placement_http_requests_total{")
             and 'route="/api/v1/children"' in line and 'method="GET"' in line
             and 'status="200"' in line]
    assert len(lines) == 1 and float(lines[0].rsplit(" ", 1)[1]) >= 3
    assert "placement_http_request_duration_seconds_bucket" in answer.text
    assert "placement_index_rebuilds_total" in answer.text


def test_json_log_lines_carry_fields_but_nothing_the_formatter_invents() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("placement.test.json")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("maintenance run took %d s", 3, extra={"rule": "sessions"})
    finally:
        logger.removeHandler(handler)
    entry = json.loads(stream.getvalue())
    assert entry["message"] == "maintenance run took 3 s" and entry["rule"] == "sessions"
    assert entry["level"] == "warning" and entry["logger"] == "placement.test.json"
    assert set(entry) == {"ts", "level", "logger", "message", "pid", "rule"}
