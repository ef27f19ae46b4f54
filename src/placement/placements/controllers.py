"""HTTP handlers for /api/v1/occupancies: placements and reservations of places."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get, patch, post
from litestar.params import Parameter

from placement.auth.access import allow
from placement.auth.principal import PLAATSER
from placement.core.concurrency import IfMatch, etag
from placement.core.providers import from_request
from placement.core.schemas import Limit, Offset
from placement.placements.schemas import (
    OccupancyCreate,
    OccupancyKind,
    OccupancyOut,
    OccupancyPage,
    OccupancyStatus,
    OccupancyUpdate,
)
from placement.placements.service import OccupancyService


class OccupancyController(Controller):
    path = "/api/v1/occupancies"
    tags = ["placements"]
    dependencies = {"occupancy_service": from_request(OccupancyService)}

    @post("/", **allow(PLAATSER, child_data=True),
          summary="Reserve a place (introduction) or record a placement; overlap is a 409")
    async def create(self, data: OccupancyCreate,
                     occupancy_service: OccupancyService) -> Response[OccupancyOut]:
        created = await occupancy_service.create(data)
        return Response(created, status_code=201, headers={"ETag": etag(created.version)})

    @get("/", **allow(PLAATSER, child_data=True), summary="List placements and reservations")
    async def list_occupancies(
        self, occupancy_service: OccupancyService, place_id: UUID | None = None,
        carer_id: UUID | None = None, child_id: UUID | None = None,
        request_id: UUID | None = None, kind: OccupancyKind | None = None,
        status: OccupancyStatus | None = None, on: dt.date | None = None,
        limit: Annotated[Limit, Parameter(ge=1, le=500)] = 50,
        offset: Annotated[Offset, Parameter(ge=0)] = 0,
    ) -> OccupancyPage:
        return await occupancy_service.list(
            place_id=place_id, carer_id=carer_id, child_id=child_id, request_id=request_id,
            kind=kind, status=status, on=on, limit=limit, offset=offset)

    @get("/{occupancy_id:uuid}", **allow(PLAATSER, child_data=True), summary="Read a placement or reservation")
    async def read(self, occupancy_id: UUID,
                   occupancy_service: OccupancyService) -> Response[OccupancyOut]:
        found = await occupancy_service.get(occupancy_id)
        return Response(found, headers={"ETag": etag(found.version)})

    @patch("/{occupancy_id:uuid}", **allow(PLAATSER, child_data=True),
           summary="End, cancel, re-date, or turn a reservation into a placement")
    async def update(
        self, occupancy_id: UUID, data: OccupancyUpdate, occupancy_service: OccupancyService,
        if_match: IfMatch = None,
    ) -> Response[OccupancyOut]:
        changed = await occupancy_service.update(occupancy_id, data, if_match)
        return Response(changed, headers={"ETag": etag(changed.version)})
