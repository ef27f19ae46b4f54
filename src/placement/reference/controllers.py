"""HTTP handlers for reference data: schools, clubs, need codes, wijken and postcode lookup."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get, patch, post
from litestar.params import Parameter

from placement.auth.access import allow, signed_in
from placement.auth.principal import BEHEERDER, PLAATSER
from placement.core.concurrency import IfMatch, etag
from placement.core.database import Database
from placement.core.providers import from_request
from placement.core.schemas import Limit, Offset
from placement.geo.schemas import PostcodeOut, WijkAt, WijkOut
from placement.geo.service import GeoIndex
from placement.reference import service
from placement.reference.schemas import (
    ClubCreate,
    ClubOut,
    ClubPage,
    ClubUpdate,
    NeedCodeOut,
    SchoolCreate,
    SchoolKind,
    SchoolOut,
    SchoolPage,
    SchoolUpdate,
)
from placement.reference.service import ClubService, SchoolService

NameFilter = Annotated[str | None, Parameter(max_length=120)]
LimitParam = Annotated[Limit, Parameter(ge=1, le=500)]
OffsetParam = Annotated[Offset, Parameter(ge=0)]


class SchoolController(Controller):
    path = "/api/v1/schools"
    tags = ["reference"]
    dependencies = {"school_service": from_request(SchoolService)}

    @post("/", **allow(PLAATSER, BEHEERDER), summary="Register a school")
    async def create(self, data: SchoolCreate,
                     school_service: SchoolService) -> Response[SchoolOut]:
        school = await school_service.create(data)
        return Response(school, status_code=201, headers={"ETag": etag(school.version)})

    @get("/", **signed_in(), summary="List schools")
    async def list_schools(self, school_service: SchoolService, kind: SchoolKind | None = None,
                           wijk: str | None = None, name: NameFilter = None,
                           limit: LimitParam = 50, offset: OffsetParam = 0) -> SchoolPage:
        return await school_service.list(detail=kind, wijk_code=wijk, name=name, limit=limit,
                                         offset=offset)

    @get("/{school_id:uuid}", **signed_in(), summary="Read a school")
    async def read(self, school_id: UUID, school_service: SchoolService) -> Response[SchoolOut]:
        school = await school_service.get(school_id)
        return Response(school, headers={"ETag": etag(school.version)})

    @patch("/{school_id:uuid}", **allow(PLAATSER, BEHEERDER), summary="Change a school")
    async def update(self, school_id: UUID, data: SchoolUpdate, school_service: SchoolService,
                     if_match: IfMatch = None) -> Response[SchoolOut]:
        school = await school_service.update(school_id, data, if_match)
        return Response(school, headers={"ETag": etag(school.version)})


class ClubController(Controller):
    path = "/api/v1/clubs"
    tags = ["reference"]
    dependencies = {"club_service": from_request(ClubService)}

    @post("/", **allow(PLAATSER, BEHEERDER), summary="Register a sports club or activity")
    async def create(self, data: ClubCreate, club_service: ClubService) -> Response[ClubOut]:
        club = await club_service.create(data)
        return Response(club, status_code=201, headers={"ETag": etag(club.version)})

    @get("/", **signed_in(), summary="List clubs")
    async def list_clubs(self, club_service: ClubService,
                         activity: Annotated[str | None, Parameter(max_length=60)] = None,
                         wijk: str | None = None, name: NameFilter = None,
                         limit: LimitParam = 50, offset: OffsetParam = 0) -> ClubPage:
        return await club_service.list(detail=activity, wijk_code=wijk, name=name, limit=limit,
                                       offset=offset)

    @get("/{club_id:uuid}", **signed_in(), summary="Read a club")
    async def read(self, club_id: UUID, club_service: ClubService) -> Response[ClubOut]:
        club = await club_service.get(club_id)
        return Response(club, headers={"ETag": etag(club.version)})

    @patch("/{club_id:uuid}", **allow(PLAATSER, BEHEERDER), summary="Change a club")
    async def update(self, club_id: UUID, data: ClubUpdate, club_service: ClubService,
                     if_match: IfMatch = None) -> Response[ClubOut]:
        club = await club_service.update(club_id, data, if_match)
        return Response(club, headers={"ETag": etag(club.version)})


class ReferenceController(Controller):
    path = "/api/v1"
    tags = ["reference"]

    @get("/need-codes", **signed_in(), summary="The catalogue of need codes (Dutch labels)")
    async def need_codes(self, db: Database) -> list[NeedCodeOut]:
        return await service.need_codes(db)

    @get("/wijken", **signed_in(), summary="Utrecht's wijken with their PC4 areas and centres")
    async def wijken(self, geo: GeoIndex) -> list[WijkOut]:
        return service.wijken(geo)

    @get("/geo/wijk", **signed_in(), summary="The Utrecht wijk at a coordinate (null outside)")
    async def wijk_at(
        self, geo: GeoIndex,
        latitude: Annotated[float, Parameter(ge=50.5, le=53.8)],
        longitude: Annotated[float, Parameter(ge=3.2, le=7.3)],
    ) -> WijkAt:
        return service.wijk_at(geo, latitude, longitude)

    @get("/geo/postcodes/{postcode:str}", **signed_in(),
         summary="Locate a postcode (PC4 or PC6): coordinate, wijk, place")
    async def postcode(self, postcode: str, geo: GeoIndex) -> PostcodeOut:
        return service.lookup_postcode(geo, postcode)
