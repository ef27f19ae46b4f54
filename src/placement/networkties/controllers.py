"""HTTP handlers for /api/v1/network-ties."""

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
from placement.networkties.schemas import (
    NetworkTieCreate,
    NetworkTieOut,
    NetworkTiePage,
    NetworkTieUpdate,
    Relation,
)
from placement.networkties.service import NetworkTieService


class NetworkTieController(Controller):
    path = "/api/v1/network-ties"
    tags = ["network ties"]
    dependencies = {"network_tie_service": from_request(NetworkTieService)}

    @post("/", **allow(PLAATSER, child_data=True), summary="Record that a child knows a carer")
    async def create(self, data: NetworkTieCreate,
                     network_tie_service: NetworkTieService) -> Response[NetworkTieOut]:
        tie = await network_tie_service.create(data)
        return Response(tie, status_code=201, headers={"ETag": etag(tie.version)})

    @get("/", **allow(PLAATSER, child_data=True), summary="List network ties")
    async def list_ties(
        self, network_tie_service: NetworkTieService, child_id: UUID | None = None,
        carer_id: UUID | None = None, relation: Relation | None = None,
        limit: Annotated[Limit, Parameter(ge=1, le=500)] = 50,
        offset: Annotated[Offset, Parameter(ge=0)] = 0,
    ) -> NetworkTiePage:
        return await network_tie_service.list(child_id=child_id, carer_id=carer_id,
                                              relation=relation, limit=limit, offset=offset)

    @get("/{tie_id:uuid}", **allow(PLAATSER, child_data=True), summary="Read a network tie")
    async def read(self, tie_id: UUID,
                   network_tie_service: NetworkTieService) -> Response[NetworkTieOut]:
        tie = await network_tie_service.get(tie_id)
        return Response(tie, headers={"ETag": etag(tie.version)})

    @patch("/{tie_id:uuid}", **allow(PLAATSER, child_data=True), summary="Change a network tie")
    async def update(
        self, tie_id: UUID, data: NetworkTieUpdate, network_tie_service: NetworkTieService,
        if_match: IfMatch = None,
    ) -> Response[NetworkTieOut]:
        tie = await network_tie_service.update(tie_id, data, if_match)
        return Response(tie, headers={"ETag": etag(tie.version)})
