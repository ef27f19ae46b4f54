"""HTTP handlers for /api/v1/organisations."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get, patch, post
from litestar.params import Parameter

from placement.auth.access import allow, signed_in
from placement.auth.principal import BEHEERDER, FUNCTIONEEL_BEHEER
from placement.core.concurrency import IfMatch, etag
from placement.core.providers import from_request
from placement.core.schemas import Limit, Offset
from placement.organisations.schemas import (
    OrganisationCreate,
    OrganisationKind,
    OrganisationOut,
    OrganisationPage,
    OrganisationUpdate,
)
from placement.organisations.service import OrganisationService


class OrganisationController(Controller):
    path = "/api/v1/organisations"
    tags = ["organisations"]
    dependencies = {"organisation_service": from_request(OrganisationService)}

    @post("/", **allow(FUNCTIONEEL_BEHEER), summary="Register an organisation (functioneel beheer)")
    async def create(self, data: OrganisationCreate,
                     organisation_service: OrganisationService) -> Response[OrganisationOut]:
        organisation = await organisation_service.create(data)
        return Response(organisation, status_code=201,
                        headers={"ETag": etag(organisation.version)})

    @get("/", **signed_in(), summary="List organisations")
    async def list_organisations(
        self, organisation_service: OrganisationService,
        kind: OrganisationKind | None = None,
        name: Annotated[str | None, Parameter(max_length=120)] = None,
        limit: Annotated[Limit, Parameter(ge=1, le=500)] = 50,
        offset: Annotated[Offset, Parameter(ge=0)] = 0,
    ) -> OrganisationPage:
        return await organisation_service.list(kind=kind, name=name, limit=limit, offset=offset)

    @get("/{organisation_id:uuid}", **signed_in(), summary="Read an organisation")
    async def read(self, organisation_id: UUID,
                   organisation_service: OrganisationService) -> Response[OrganisationOut]:
        organisation = await organisation_service.get(organisation_id)
        return Response(organisation, headers={"ETag": etag(organisation.version)})

    @patch("/{organisation_id:uuid}", **allow(BEHEERDER, FUNCTIONEEL_BEHEER),
           summary="Change an organisation (its own beheerder, or functioneel beheer)")
    async def update(
        self, organisation_id: UUID, data: OrganisationUpdate,
        organisation_service: OrganisationService,
        if_match: IfMatch = None,
    ) -> Response[OrganisationOut]:
        organisation = await organisation_service.update(organisation_id, data, if_match)
        return Response(organisation, headers={"ETag": etag(organisation.version)})
