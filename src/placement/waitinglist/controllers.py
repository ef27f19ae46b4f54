"""HTTP handlers for /api/v1/waiting-list: thin."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, MediaType, Request, Response, get, post
from litestar.di import Provide
from litestar.params import Parameter

from placement.auth.access import allow, principal_of
from placement.auth.principal import BEHEERDER, PLAATSER
from placement.core.schemas import Limit, Offset
from placement.decisions.schemas import DecisionOut
from placement.matching.service import holder_in
from placement.waitinglist.schemas import (
    LineDecisionIn,
    ProposalIn,
    ProposalOut,
    ProposalPage,
)
from placement.waitinglist.service import WaitingListService


async def provide_waiting_list(request: Request[Any, Any, Any]) -> WaitingListService:
    """Built straight from the app state, as provide_matching: one provider, not five that
    Litestar would resolve in a task group on every request."""
    state = request.app.state
    return WaitingListService(state.db, state.geo, principal_of(request), state.settings,
                              holder_in(state))


class WaitingListController(Controller):
    path = "/api/v1/waiting-list/proposals"
    tags = ["waiting list"]
    dependencies = {"waiting_list": Provide(provide_waiting_list)}

    @post("/", **allow(PLAATSER, BEHEERDER, child_data=True), status_code=201,
          summary="Propose one joint assignment of the organisation's open requests, beside "
                  "first come first served; stored, immutable")
    async def propose(self, data: ProposalIn, waiting_list: WaitingListService) -> ProposalOut:
        return await waiting_list.propose(data)

    @get("/", **allow(PLAATSER, BEHEERDER), summary="The organisation's proposals, newest first")
    async def list_proposals(
        self, waiting_list: WaitingListService,
        limit: Annotated[Limit, Parameter(ge=1, le=100)] = 20,
        offset: Annotated[Offset, Parameter(ge=0)] = 0,
    ) -> ProposalPage:
        return await waiting_list.list(limit, offset)

    @get("/{proposal_id:uuid}", **allow(PLAATSER, BEHEERDER, child_data=True),
         summary="A stored proposal, exactly as it was made")
    async def read(self, proposal_id: UUID, waiting_list: WaitingListService) -> Response[Any]:
        return Response(content=await waiting_list.get(proposal_id), media_type=MediaType.JSON)

    @post("/{proposal_id:uuid}/lines/{request_id:uuid}/decision",
          **allow(PLAATSER, child_data=True), status_code=201,
          summary="Take over one line of a proposal as an ordinary decision (reason rules apply)")
    async def take_over(self, proposal_id: UUID, request_id: UUID, data: LineDecisionIn,
                        waiting_list: WaitingListService) -> DecisionOut:
        return await waiting_list.take_over(proposal_id, request_id, data)
