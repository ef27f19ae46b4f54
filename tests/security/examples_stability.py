"""Example calls for the stability model routes: each caller gets a freshly stored model
version (one small model trained once per run), so no call depends on another's leftovers."""

from __future__ import annotations

import datetime as dt
import functools

import msgspec

from placement.stability import queries, store
from placement.stability.card import calibration_svg, model_card
from placement.stability.history import generate_history
from placement.stability.train import Trained, train
from tests.security.examples import Call, example
from tests.security.world import World

_LAST = dt.date(2025, 12, 31)


@functools.cache
def _model() -> tuple[Trained, bytes]:
    trained = train(generate_history(1200, seed=3, last_day=_LAST), observed_until=_LAST, seed=3)
    return trained, store.dumps(trained.model)


async def _stored_version(world: World) -> int:
    trained, data = _model()
    report = trained.report
    now = dt.datetime.now(dt.UTC)
    async with world.conn.transaction():
        version = await queries.next_version(world.conn)
        await queries.insert_version(world.conn, {
            "version": version, "trained_at": now, "trained_by": "test",
            "source": report.source, "algorithm": report.algorithm,
            "data_from": report.data_from, "data_to": report.data_to,
            "n_train": report.n_train, "n_test": report.n_test, "features": report.features,
            "report": msgspec.json.encode(report).decode(),
            "card": model_card(report, version=version, trained_at=now),
            "calibration_svg": calibration_svg(report), "artifact": data,
            "artifact_sha256": store.sha256(data)})
    return version


@example("GET /api/v1/models/stability/{version:int}",
         "GET /api/v1/models/stability/{version:int}/card",
         "POST /api/v1/models/stability/{version:int}/activate")
async def _model_version(world: World, role: str | None) -> Call:
    return Call(params={"version": await _stored_version(world)})


@example("POST /api/v1/models/stability/deactivate")
async def _deactivate(world: World, role: str | None) -> Call:
    return Call()
