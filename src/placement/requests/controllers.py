"""HTTP handlers for /api/v1/requests (plaatsingsverzoeken)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get, patch, post
from litestar.params import Parameter

from placement.auth.access import allow
from placement.auth.principal import COMMISSIE, PLAATSER
from placement.core.concurrency import IfMatch, etag
from placement.core.providers import from_request
from placement.core.schemas import Limit, Offset, PlacementType
from placement.requests.schemas import (
    RequestCreate,
    RequestOut,
    RequestPage,
    RequestStatus,
    RequestUpdate,
    Urgency,
)
from placement.requests.service import RequestService


class RequestController(Controller):
    path = "/api/v1/requests"
    tags = ["placement requests"]
    dependencies = {"request_service": from_request(RequestService)}

    @post("/", **allow(PLAATSER, child_data=True), summary="Register a placement request (melding)")
    async def create(self, data: RequestCreate,
                     request_service: RequestService) -> Response[RequestOut]:
        created = await request_service.create(data)
        return Response(created, status_code=201, headers={"ETag": etag(created.version)})

    @get("/", **allow(PLAATSER, COMMISSIE, child_data=True),
         summary="List placement requests (commission: referred ones only)")
    async def list_requests(
        self, request_service: RequestService,
        status: RequestStatus | None = None, placement_type: PlacementType | None = None,
        urgency: Urgency | None = None, referred: bool | None = None,
        child_id: UUID | None = None,
        limit: Annotated[Limit, Parameter(ge=1, le=500)] = 50,
        offset: Annotated[Offset, Parameter(ge=0)] = 0,
    ) -> RequestPage:
        return await request_service.list(
            status=status, placement_type=placement_type, urgency=urgency, referred=referred,
            child_id=child_id, limit=limit, offset=offset)

    @get("/{request_id:uuid}", **allow(PLAATSER, COMMISSIE, child_data=True), summary="Read a placement request")
    async def read(self, request_id: UUID,
                   request_service: RequestService) -> Response[RequestOut]:
        found = await request_service.get(request_id)
        return Response(found, headers={"ETag": etag(found.version)})

    @patch("/{request_id:uuid}", **allow(PLAATSER, child_data=True), summary="Change a placement request")
    async def update(
        self, request_id: UUID, data: RequestUpdate, request_service: RequestService,
        if_match: IfMatch = None,
    ) -> Response[RequestOut]:
        changed = await request_service.update(request_id, data, if_match)
        return Response(changed, headers={"ETag": etag(changed.version)})
