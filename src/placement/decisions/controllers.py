"""HTTP handlers of the decision spine (docs/decisions.md lists the routes): thin."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, post

from placement.auth.access import allow
from placement.auth.principal import COMMISSIE, PLAATSER
from placement.core.providers import from_request
from placement.decisions.schemas import (
    AnswerCreate,
    DecisionCreate,
    DecisionOut,
    FamilyOut,
    FollowUpCreate,
    IntroductionCreate,
    PlacementCreate,
    TimelineEvent,
)
from placement.decisions.service import DecisionService
from placement.requests.schemas import RequestOut


class DecisionController(Controller):
    path = "/api/v1"
    tags = ["decisions"]
    dependencies = {"decisions": from_request(DecisionService)}

    @post("/requests/{request_id:uuid}/decisions", **allow(PLAATSER, child_data=True),
          status_code=201, summary="Choose an option of a stored ranking and reserve its places")
    async def decide(self, request_id: UUID, data: DecisionCreate,
                     decisions: DecisionService) -> DecisionOut:
        return await decisions.decide(request_id, data)

    @get("/requests/{request_id:uuid}/decisions", **allow(PLAATSER, COMMISSIE, child_data=True),
         summary="Every decision on a request, oldest first")
    async def list_decisions(self, request_id: UUID,
                             decisions: DecisionService) -> list[DecisionOut]:
        return await decisions.of_request(request_id)

    @get("/decisions/{decision_id:uuid}", **allow(PLAATSER, COMMISSIE, child_data=True),
         summary="Read a decision with its reservations, answers and introductions")
    async def read(self, decision_id: UUID, decisions: DecisionService) -> DecisionOut:
        return await decisions.get(decision_id)

    @post("/decisions/{decision_id:uuid}/answers", **allow(PLAATSER, child_data=True),
          status_code=201, summary="Record a family's answer (a decline frees the places)")
    async def answer(self, decision_id: UUID, data: AnswerCreate,
                     decisions: DecisionService) -> DecisionOut:
        return await decisions.answer(decision_id, data)

    @post("/decisions/{decision_id:uuid}/introductions", **allow(PLAATSER, child_data=True),
          status_code=201, summary="Record how the introduction went (a stop frees the places)")
    async def introduce(self, decision_id: UUID, data: IntroductionCreate,
                        decisions: DecisionService) -> DecisionOut:
        return await decisions.introduce(decision_id, data)

    @post("/decisions/{decision_id:uuid}/placement", **allow(PLAATSER, child_data=True),
          status_code=201, summary="Turn the decision's reservations into placements")
    async def place(self, decision_id: UUID, data: PlacementCreate,
                    decisions: DecisionService) -> DecisionOut:
        return await decisions.place(decision_id, data)

    @get("/requests/{request_id:uuid}/families", **allow(PLAATSER, COMMISSIE, child_data=True),
         summary="Every family approached for a request, with answers and introductions")
    async def families(self, request_id: UUID, decisions: DecisionService) -> list[FamilyOut]:
        return await decisions.families(request_id)

    @get("/requests/{request_id:uuid}/timeline", **allow(PLAATSER, COMMISSIE, child_data=True),
         summary="A request's steps in time order: melding, searches, decisions, answers, "
                 "introductions, placement, end")
    async def timeline(self, request_id: UUID,
                       decisions: DecisionService) -> list[TimelineEvent]:
        return await decisions.timeline(request_id)

    @post("/requests/{request_id:uuid}/follow-up", **allow(PLAATSER, child_data=True),
          status_code=201, summary="After an unplanned ending: a new request for the same "
                                   "children, linked to this one")
    async def follow_up(self, request_id: UUID, data: FollowUpCreate,
                        decisions: DecisionService) -> RequestOut:
        return await decisions.follow_up(request_id, data)
