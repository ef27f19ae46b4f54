"""Readiness and metrics endpoints (thin; the checks live in readiness.py and metrics.py)."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.datastructures import State

from placement.auth.access import allow, public
from placement.auth.principal import BEHEERDER
from placement.operations import metrics, readiness
from placement.operations.schemas import Readiness


class OperationsController(Controller):
    tags = ["meta"]

    @get("/ready", **public(), summary="Readiness: database reachable, migrations at head, "
         "candidate index loaded (503 when not)")
    async def ready(self, state: State) -> Response[Readiness]:
        result = await readiness.check(state.get("db"), state)
        return Response(result, status_code=200 if result.status == "ready" else 503)

    @get("/metrics", **allow(BEHEERDER), summary="Prometheus metrics (administrators and their "
         "API tokens only)", include_in_schema=False)
    async def metrics(self) -> Response[bytes]:
        body, content_type = metrics.exposition()
        return Response(body, media_type=content_type)
