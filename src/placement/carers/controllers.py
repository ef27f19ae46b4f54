"""HTTP handlers for /api/v1/carers and a carer's places: thin; the rules live in the services."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get, patch, post
from litestar.params import Parameter

from placement.auth.access import allow
from placement.auth.principal import BEHEERDER, PLAATSER
from placement.carers.places import PlaceService
from placement.carers.schemas import (
    CarerCreate,
    CarerKind,
    CarerOut,
    CarerPage,
    CarerStatus,
    CarerUpdate,
    FosterKind,
    PlaceCreate,
    PlaceOut,
)
from placement.carers.service import CarerService
from placement.core.concurrency import IfMatch, etag
from placement.core.providers import from_request
from placement.core.schemas import Limit, Offset, PlacementType


class CarerController(Controller):
    path = "/api/v1/carers"
    tags = ["carers"]
    # Dependency names must not equal a body field name: Litestar would report a bad value of
    # that field as a failed dependency (500) instead of a 400.
    dependencies = {
        "carer_service": from_request(CarerService),
        "place_service": from_request(PlaceService),
    }

    @post("/", **allow(PLAATSER, BEHEERDER), summary="Register a foster family or family home")
    async def create(self, data: CarerCreate, carer_service: CarerService) -> Response[CarerOut]:
        carer = await carer_service.create(data)
        return Response(carer, status_code=201, headers={"ETag": etag(carer.version)})

    @get("/", **allow(PLAATSER, BEHEERDER), summary="List carers")
    async def list_carers(
        self, carer_service: CarerService,
        organisation_id: UUID | None = None, kind: CarerKind | None = None,
        foster_kind: FosterKind | None = None, status: CarerStatus | None = None,
        wijk: str | None = None, placement_type: PlacementType | None = None,
        competence: str | None = None,
        accepts_age: Annotated[int | None, Parameter(ge=0, le=23)] = None,
        name: Annotated[str | None, Parameter(max_length=120)] = None,
        limit: Annotated[Limit, Parameter(ge=1, le=500)] = 50,
        offset: Annotated[Offset, Parameter(ge=0)] = 0,
    ) -> CarerPage:
        return await carer_service.list(
            organisation_id=organisation_id, kind=kind, foster_kind=foster_kind, status=status,
            wijk_code=wijk, placement_type=placement_type, competence=competence,
            accepts_age=accepts_age, name=name, limit=limit, offset=offset,
        )

    @get("/{carer_id:uuid}", **allow(PLAATSER, BEHEERDER), summary="Read a carer")
    async def read(self, carer_id: UUID, carer_service: CarerService) -> Response[CarerOut]:
        carer = await carer_service.get(carer_id)
        return Response(carer, headers={"ETag": etag(carer.version)})

    @patch("/{carer_id:uuid}", **allow(PLAATSER, BEHEERDER), summary="Change a carer")
    async def update(
        self, carer_id: UUID, data: CarerUpdate, carer_service: CarerService,
        if_match: IfMatch = None,
    ) -> Response[CarerOut]:
        carer = await carer_service.update(carer_id, data, if_match)
        return Response(carer, headers={"ETag": etag(carer.version)})

    @get("/{carer_id:uuid}/places", **allow(PLAATSER, BEHEERDER),
         summary="A carer's places with their current and next occupancy")
    async def list_places(self, carer_id: UUID, place_service: PlaceService) -> list[PlaceOut]:
        return await place_service.list_places(carer_id)

    @post("/{carer_id:uuid}/places", **allow(PLAATSER, BEHEERDER), summary="Add a place")
    async def add_place(self, carer_id: UUID, data: PlaceCreate,
                        place_service: PlaceService) -> Response[PlaceOut]:
        return Response(await place_service.add_place(carer_id, data), status_code=201)

    @post("/{carer_id:uuid}/places/{place_id:uuid}/deactivate", **allow(PLAATSER, BEHEERDER),
          summary="Deactivate a place (it takes no new placements)", status_code=200)
    async def deactivate_place(self, carer_id: UUID, place_id: UUID,
                               place_service: PlaceService) -> PlaceOut:
        return await place_service.deactivate(carer_id, place_id)
