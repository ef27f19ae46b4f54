"""HTTP handlers for /api/v1/children: thin; the rules live in ChildService."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get, patch, post
from litestar.params import Parameter

from placement.auth.access import allow
from placement.auth.principal import COMMISSIE, PLAATSER
from placement.children.schemas import ChildCreate, ChildOut, ChildPage, ChildUpdate, Gender
from placement.children.service import ChildService
from placement.core.concurrency import IfMatch, etag
from placement.core.providers import from_request
from placement.core.schemas import Limit, Offset


class ChildController(Controller):
    path = "/api/v1/children"
    tags = ["children"]
    dependencies = {"children": from_request(ChildService)}

    @post("/", **allow(PLAATSER, child_data=True), summary="Register a child")
    async def create(self, data: ChildCreate, children: ChildService) -> Response[ChildOut]:
        child = await children.create(data)
        return Response(child, status_code=201, headers={"ETag": etag(child.version)})

    @get("/", **allow(PLAATSER, COMMISSIE, child_data=True), summary="List children in your caseload")
    async def list_children(
        self, children: ChildService,
        organisation_id: UUID | None = None, wijk: str | None = None,
        need: str | None = None, gender: Gender | None = None,
        min_age: Annotated[int | None, Parameter(ge=0, le=23)] = None,
        max_age: Annotated[int | None, Parameter(ge=0, le=23)] = None,
        case_reference: Annotated[str | None, Parameter(max_length=40)] = None,
        limit: Annotated[Limit, Parameter(ge=1, le=500)] = 50,
        offset: Annotated[Offset, Parameter(ge=0)] = 0,
    ) -> ChildPage:
        return await children.list(
            organisation_id=organisation_id, wijk_code=wijk, need_code=need, gender=gender,
            min_age=min_age, max_age=max_age, case_reference=case_reference, limit=limit,
            offset=offset,
        )

    @get("/{child_id:uuid}", **allow(PLAATSER, COMMISSIE, child_data=True), summary="Read a child's file")
    async def read(self, child_id: UUID, children: ChildService) -> Response[ChildOut]:
        child = await children.get(child_id)
        return Response(child, headers={"ETag": etag(child.version)})

    @patch("/{child_id:uuid}", **allow(PLAATSER, child_data=True), summary="Change a child's file")
    async def update(
        self, child_id: UUID, data: ChildUpdate, children: ChildService,
        if_match: IfMatch = None,
    ) -> Response[ChildOut]:
        child = await children.update(child_id, data, if_match)
        return Response(child, headers={"ETag": etag(child.version)})
