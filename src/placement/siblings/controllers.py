"""HTTP handlers for /api/v1/sibling-ties and a child's sibling group."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get, patch, post
from litestar.params import Parameter

from placement.auth.access import allow
from placement.auth.principal import PLAATSER
from placement.core.concurrency import IfMatch, etag
from placement.core.providers import from_request
from placement.core.schemas import Limit, Offset
from placement.siblings.schemas import (
    Intent,
    SiblingGroupOut,
    SiblingTieCreate,
    SiblingTieOut,
    SiblingTiePage,
    SiblingTieUpdate,
)
from placement.siblings.service import SiblingService


class SiblingController(Controller):
    path = "/api/v1"
    tags = ["siblings"]
    dependencies = {"sibling_service": from_request(SiblingService)}

    @post("/sibling-ties", **allow(PLAATSER, child_data=True), summary="Record a sibling tie")
    async def create(self, data: SiblingTieCreate,
                     sibling_service: SiblingService) -> Response[SiblingTieOut]:
        tie = await sibling_service.create(data)
        return Response(tie, status_code=201, headers={"ETag": etag(tie.version)})

    @get("/sibling-ties", **allow(PLAATSER, child_data=True), summary="List sibling ties")
    async def list_ties(
        self, sibling_service: SiblingService, child_id: UUID | None = None,
        intent: Intent | None = None,
        limit: Annotated[Limit, Parameter(ge=1, le=500)] = 50,
        offset: Annotated[Offset, Parameter(ge=0)] = 0,
    ) -> SiblingTiePage:
        return await sibling_service.list(child_id=child_id, intent=intent, limit=limit,
                                          offset=offset)

    @get("/sibling-ties/{tie_id:uuid}", **allow(PLAATSER, child_data=True), summary="Read a sibling tie")
    async def read(self, tie_id: UUID,
                   sibling_service: SiblingService) -> Response[SiblingTieOut]:
        tie = await sibling_service.get(tie_id)
        return Response(tie, headers={"ETag": etag(tie.version)})

    @patch("/sibling-ties/{tie_id:uuid}", **allow(PLAATSER, child_data=True), summary="Change a sibling tie")
    async def update(
        self, tie_id: UUID, data: SiblingTieUpdate, sibling_service: SiblingService,
        if_match: IfMatch = None,
    ) -> Response[SiblingTieOut]:
        tie = await sibling_service.update(tie_id, data, if_match)
        return Response(tie, headers={"ETag": etag(tie.version)})

    @get("/children/{child_id:uuid}/siblings", **allow(PLAATSER, child_data=True),
         summary="A child's sibling ties and whole sibling group")
    async def group(self, child_id: UUID, sibling_service: SiblingService) -> SiblingGroupOut:
        return await sibling_service.group(child_id)
