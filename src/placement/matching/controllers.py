"""HTTP handlers for searching (ranking snapshots) and the matching policy: thin."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, MediaType, Request, Response, get, post
from litestar.di import Provide
from litestar.params import Parameter

from placement.auth.access import allow, principal_of, signed_in
from placement.auth.principal import BEHEERDER, COMMISSIE, PLAATSER
from placement.core.providers import from_request
from placement.core.schemas import Limit, Offset
from placement.matching.policy_service import PolicyService
from placement.matching.schemas import (
    PolicyIn,
    PolicyOut,
    PolicyPage,
    PolicyPreviewOut,
    SearchIn,
    SearchOut,
)
from placement.matching.service import MatchingService, holder_in


async def provide_matching(request: Request[Any, Any, Any]) -> MatchingService:
    """Built straight from the app state: one provider instead of four (db, geo, principal,
    settings), which Litestar would resolve concurrently in a task group on every search."""
    state = request.app.state
    return MatchingService(state.db, state.geo, principal_of(request), state.settings,
                           holder_in(state))


class MatchingController(Controller):
    path = "/api/v1"
    tags = ["matching"]
    dependencies = {"matching": Provide(provide_matching)}

    @post("/requests/{request_id:uuid}/search", **allow(PLAATSER, child_data=True), status_code=201,
          summary="Rank carers (one child) or placement plans (a sibling group); stored as a "
                  "ranking snapshot")
    async def search(self, request_id: UUID, data: SearchIn,
                     matching: MatchingService) -> Response[SearchOut]:
        # The bytes stored in the snapshot, as they are: the answer is not encoded twice.
        return Response(content=await matching.search_json(request_id, data),  # type: ignore[arg-type]
                        media_type=MediaType.JSON, status_code=201)

    @get("/rankings/{snapshot_id:uuid}", **allow(PLAATSER, COMMISSIE, child_data=True),
         summary="A stored ranking snapshot, exactly as it was shown")
    async def snapshot(self, snapshot_id: UUID, matching: MatchingService) -> Response[Any]:
        body = await matching.snapshot_json(snapshot_id)
        return Response(content=body, media_type=MediaType.JSON)


class PolicyController(Controller):
    path = "/api/v1/matching/policies"
    tags = ["matching"]
    dependencies = {"policies": from_request(PolicyService),
                    "matching": Provide(provide_matching)}

    @get("/", **signed_in(), summary="Every version of the matching policy, newest first")
    async def list_versions(
        self, policies: PolicyService,
        limit: Annotated[Limit, Parameter(ge=1, le=500)] = 50,
        offset: Annotated[Offset, Parameter(ge=0)] = 0,
    ) -> PolicyPage:
        return await policies.list(limit, offset)

    @get("/current", **signed_in(), summary="The matching policy in force")
    async def current(self, policies: PolicyService) -> PolicyOut:
        return await policies.current()

    @get("/{version:int}", **signed_in(), summary="One version of the matching policy")
    async def read(self, version: int, policies: PolicyService) -> PolicyOut:
        return await policies.get(version)

    @post("/", **allow(BEHEERDER),
          summary="Change the matching policy of your organisation (a new version)")
    async def create(self, data: PolicyIn, policies: PolicyService) -> Response[PolicyOut]:
        return Response(await policies.create(data), status_code=201)

    @post("/preview", **allow(BEHEERDER, child_data=True), status_code=200,
          summary="Which top-3s of your organisation's last 20 searches a proposed policy "
                  "would change (nothing is stored)")
    async def preview(self, data: PolicyIn, policies: PolicyService,
                      matching: MatchingService) -> PolicyPreviewOut:
        return await matching.preview_policy(policies.proposed(data))
