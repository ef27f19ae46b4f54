"""HTTP handlers for stability model versions and their activation: thin. Training runs on
the command line (`placement model train`), not over HTTP."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.params import Parameter

from placement.auth.access import allow, signed_in
from placement.auth.principal import BEHEERDER
from placement.core.providers import from_request
from placement.core.schemas import Limit, Offset
from placement.stability.schemas import (
    ActiveModelOut,
    ModelCardOut,
    ModelVersionOut,
    ModelVersionPage,
)
from placement.stability.service import ModelService


class ModelController(Controller):
    path = "/api/v1/models/stability"
    tags = ["stability"]
    dependencies = {"models": from_request(ModelService)}

    @get("/", **allow(BEHEERDER), summary="Every trained stability model version, newest first")
    async def list_versions(
        self, models: ModelService,
        limit: Annotated[Limit, Parameter(ge=1, le=500)] = 50,
        offset: Annotated[Offset, Parameter(ge=0)] = 0,
    ) -> ModelVersionPage:
        return await models.list(limit, offset)

    @get("/active", **signed_in(), summary="The active model version (null: no stability factor)")
    async def active(self, models: ModelService) -> ActiveModelOut:
        return await models.active()

    @get("/{version:int}", **allow(BEHEERDER), summary="One model version with its test figures")
    async def read(self, version: int, models: ModelService) -> ModelVersionOut:
        return await models.get(version)

    @get("/{version:int}/card", **signed_in(), summary="The model card (markdown) and its "
                                                       "calibration curve (SVG)")
    async def card(self, version: int, models: ModelService) -> ModelCardOut:
        return await models.card(version)

    @post("/{version:int}/activate", **allow(BEHEERDER), status_code=200,
          summary="Use this version in the ranking (audited; the previous one stops)")
    async def activate(self, version: int, models: ModelService) -> ModelVersionOut:
        return await models.activate(version)

    @post("/deactivate", **allow(BEHEERDER), status_code=200,
          summary="Stop using any model: the ranking runs without the stability factor")
    async def deactivate(self, models: ModelService) -> ActiveModelOut:
        return await models.deactivate()
