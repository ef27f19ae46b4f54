"""POST /api/v1/import: load a whole scenario document (functioneel beheer only)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, post

from placement.auth.access import allow
from placement.auth.principal import FUNCTIONEEL_BEHEER
from placement.core.providers import from_request
from placement.scenario.schemas import ImportSummary
from placement.scenario.service import ScenarioService

# A national scenario (20,000 carers and children) is some tens of megabytes of JSON.
MAX_SCENARIO_BYTES = 256 * 1024 * 1024


class ScenarioController(Controller):
    path = "/api/v1/import"
    tags = ["scenario"]
    dependencies = {"scenarios": from_request(ScenarioService)}

    @post("/", **allow(FUNCTIONEEL_BEHEER), request_max_body_size=MAX_SCENARIO_BYTES,
          summary="Import a scenario document (all or nothing)",
          description="The body is a scenario document (docs/scenario.md, "
                      "docs/scenario.schema.json). Every problem is reported at once as "
                      "`errors: [{path, reason}]`; on any problem nothing is written.")
    async def import_scenario(self, request: Request[Any, Any, Any],
                              scenarios: ScenarioService) -> Response[ImportSummary]:
        summary = await scenarios.import_document(await request.body())
        return Response(summary, status_code=201)
