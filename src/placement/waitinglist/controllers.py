"""HTTP handlers for /api/v1/waiting-list: thin."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, MediaType, Response, get, post
from litestar.datastructures import State
from litestar.di import Provide
from litestar.params import Parameter

from placement.auth.access import allow
from placement.auth.principal import BEHEERDER, PLAATSER, Principal
from placement.core.database import Database
from placement.core.schemas import Limit, Offset, Page
from placement.decisions.schemas import DecisionOut
from placement.geo.service import GeoIndex
from placement.matching.service import holder_in
from placement.settings import Settings
from placement.waitinglist.schemas import (
    LineDecisionIn,
    ProposalIn,
    ProposalOut,
    ProposalSummary,
)
from placement.waitinglist.service import WaitingListService


async def provide_waiting_list(db: Database, geo: GeoIndex, principal: Principal,
                               settings: Settings, state: State) -> WaitingListService:
    return WaitingListService(db, geo, principal, settings, holder_in(state))


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
    ) -> Page[ProposalSummary]:
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
