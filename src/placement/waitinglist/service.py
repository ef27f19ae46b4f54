"""The waiting-list proposal with I/O: read the open requests, search each exactly as an officer
would (stored as ranking snapshots and audited), solve the joint problem off the event loop, and
store the proposal as immutable evidence. Officers still decide per request (decisions/)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import msgspec
import numpy as np

from placement.audit.service import record
from placement.auth.principal import BEHEERDER, PLAATSER, Principal
from placement.core.clock import local_today
from placement.core.database import Database
from placement.core.errors import Conflict, Forbidden, NotFound
from placement.decisions.schemas import DecisionCreate, DecisionOut
from placement.decisions.service import DecisionService
from placement.geo.service import GeoIndex
from placement.matching.core.index import OPEN_END as INDEX_OPEN_END
from placement.matching.core.index import CandidateIndex, day_number
from placement.matching.core.policy import Policy
from placement.matching.schemas import SearchIn, SearchOut
from placement.matching.service import IndexHolder, MatchingService
from placement.settings import Settings
from placement.waitinglist import queries
from placement.waitinglist.greedy import first_come_first_served
from placement.waitinglist.outcome import figures, lines, load_spread
from placement.waitinglist.problem import (
    OPEN_END,
    Problem,
    Terms,
    WaitingRequest,
    candidates_from_plans,
    candidates_from_ranking,
)
from placement.waitinglist.schemas import (
    Comparison,
    LineDecisionIn,
    ProposalIn,
    ProposalLine,
    ProposalOut,
    ProposalPage,
    ProposalSummary,
)
from placement.waitinglist.solve import Solution, solve

SOLVER = "HiGHS via scipy.optimize.milp"
_EPOCH = dt.date(1970, 1, 1)


def terms_of(policy: Policy) -> Terms:
    t = policy.thresholds
    return Terms(fairness_bound=t.waiting_fairness_bound, waiting_weight=t.waiting_days_weight)


def waiting_request(row: asyncpg.Record, out: SearchOut, index: CandidateIndex,
                    today: dt.date) -> WaitingRequest:
    start = day_number(row["desired_start"])
    days = row["expected_duration_days"]
    if out.ranking is not None:
        candidates = candidates_from_ranking(out.ranking, index.row_of)
        children = 1
    else:
        candidates = candidates_from_plans(out.plans, index.row_of)
        children = len(out.plans.child_ids)  # type: ignore[union-attr]
    melding = local_today(row["created_at"])  # the Dutch day it was reported, not UTC's
    return WaitingRequest(
        request_id=row["id"], melding=melding, urgency=row["urgency"],
        children=children, start_day=start, end_day=start + days if days else OPEN_END,
        days_waiting=max((today - melding).days, 0), candidates=candidates,
        case_references=tuple(row["case_references"]))


def free_on_day(index: CandidateIndex):  # type: ignore[no-untyped-def]
    def free(day: int) -> np.ndarray:
        if day >= INDEX_OPEN_END:
            return np.zeros(len(index), dtype=np.int64)
        date = _EPOCH + dt.timedelta(days=day)
        return index.free_places(date, date + dt.timedelta(days=1))
    return free


def assemble(problem: Problem, first: list[int | None], solution: Solution,
             snapshot_ids: list[UUID]) -> dict[str, Any]:
    """The parts of a proposal answer that come from the pure core."""
    before, after = figures(problem, first), figures(problem, solution.choice)
    rows = lines(problem, first, solution.choice, solution.exempted)
    proposal_lines = [ProposalLine(**msgspec.structs.asdict(line), snapshot_id=snapshot)
                      for line, snapshot in zip(rows, snapshot_ids)]
    return {
        "comparison": Comparison(
            first_come=before, proposal=after, worse_off=sum(1 for x in rows if x.worse_off),
            better_off=sum(1 for x in rows if x.difference > 1e-9
                           or (x.proposal is not None and x.first_come is None)),
            fairness_exempted=len(solution.exempted)),
        "load_spread": load_spread(problem),
        "lines": proposal_lines,
    }


class WaitingListService:
    def __init__(self, db: Database, geo: GeoIndex, principal: Principal, settings: Settings,
                 index_holder: IndexHolder) -> None:
        self.db, self.principal = db, principal
        self.matching = MatchingService(db, geo, principal, settings, index_holder)

    def _organisation(self) -> UUID:
        if self.principal.has(PLAATSER, BEHEERDER) and self.principal.organisation_id:
            return self.principal.organisation_id
        raise Forbidden("only a placement officer or administrator proposes for the waiting list")

    async def propose(self, body: ProposalIn) -> ProposalOut:
        organisation_id = self._organisation()
        today = local_today()
        async with self.db.transaction() as conn:
            rows = await queries.open_requests(conn, organisation_id)
            index, policy = await self.matching.holder.current(conn, self.db, organisation_id)
            search = SearchIn(limit=policy.thresholds.waiting_candidates)
            requests, snapshot_ids = [], []
            for row in rows:
                out, index = await self.matching.search_within(conn, row, search)
                requests.append(waiting_request(row, out, index, today))
                snapshot_ids.append(out.snapshot_id)
            terms = terms_of(policy)
            model_version = str(index.stability.version) if index.stability else None

            def work() -> tuple[Problem, list[int | None], Solution]:
                problem = Problem.build(requests, free_on_day(index), terms)
                first = first_come_first_served(problem)
                return problem, first, solve(problem, first, time_limit=body.time_limit_seconds)

            # HiGHS and the model building are CPU work: keep them off the event loop.
            problem, first, solution = await asyncio.to_thread(work)
            proposal = ProposalOut(
                id=uuid4(), organisation_id=organisation_id, created_at=dt.datetime.now(dt.UTC),
                created_by=self.principal.label, policy_version=policy.version,
                model_version=model_version,
                solver=SOLVER, solver_status=solution.status,
                solver_seconds=round(solution.seconds, 3),
                stopped_early=solution.status != "optimal",
                terms={"fairness_bound": terms.fairness_bound,
                       "waiting_weight": terms.waiting_weight,
                       "candidates_per_request": float(search.limit),
                       "time_limit_seconds": body.time_limit_seconds},
                requests=len(requests), **assemble(problem, first, solution, snapshot_ids))
            child_ids = await queries.children_of(conn, [r["id"] for r in rows])
            await queries.insert_proposal(
                conn, proposal_id=proposal.id, created_at=proposal.created_at,
                organisation_id=organisation_id, policy_version=policy.version,
                model_version=model_version, supply_counter=index.counter or 0,
                solver_status=solution.status, request_ids=[r["id"] for r in rows],
                child_ids=child_ids,
                inputs={"requests": [{"request_id": str(r.request_id), "melding":
                                      r.melding.isoformat(), "urgency": r.urgency,
                                      "children": r.children, "days_waiting": r.days_waiting}
                                     for r in requests],
                        "terms": proposal.terms, "carers_in_index": len(index)},
                result=proposal, created_by=self.principal.user_id,
                created_by_label=self.principal.label)
            await record(conn, self.principal, "waiting_list.propose", "waiting_list_proposal",
                         record_ids=[proposal.id], child_ids=child_ids,
                         detail={"requests": len(requests), "status": solution.status})
        return proposal

    async def get(self, proposal_id: UUID) -> bytes:
        organisation_id = self._organisation()
        async with self.db.transaction() as conn:
            row = await queries.get_proposal(conn, proposal_id)
            if row is None or row["organisation_id"] != organisation_id:
                raise NotFound("no such waiting-list proposal")
            await record(conn, self.principal, "waiting_list.read", "waiting_list_proposal",
                         record_ids=[proposal_id], child_ids=row["child_ids"])
        return row["result"].encode()  # type: ignore[no-any-return]

    async def decoded(self, proposal_id: UUID) -> ProposalOut:
        return msgspec.json.decode(await self.get(proposal_id), type=ProposalOut)

    async def take_over(self, proposal_id: UUID, request_id: UUID,
                        body: LineDecisionIn) -> DecisionOut:
        """Accept one line: the ordinary decision on the line's snapshot and option, recorded
        with source 'waiting_list'. The decision service checks scope, status and reasons."""
        proposal = await self.decoded(proposal_id)
        line = next((x for x in proposal.lines if x.request_id == request_id), None)
        if line is None:
            raise NotFound("this request is not part of the proposal")
        if line.proposal is None:
            raise Conflict("the proposal gives this request no option",
                           errors=[{"field": "request_id", "reason": "no option proposed"}])
        decision = DecisionCreate(
            snapshot_id=line.snapshot_id, option_rank=line.proposal.option_rank,
            reason_code=body.reason_code, motivation=body.motivation,
            split_reasons=body.split_reasons, replaces_decision_id=body.replaces_decision_id)
        return await DecisionService(self.db, self.principal).decide(
            request_id, decision, source="waiting_list")

    async def list(self, limit: int, offset: int) -> ProposalPage:
        organisation_id = self._organisation()
        async with self.db.transaction() as conn:
            rows, total = await queries.list_proposals(conn, organisation_id, limit=limit,
                                                       offset=offset)
        items = [ProposalSummary(id=r["id"], created_at=r["created_at"],
                                 created_by=r["created_by_label"],
                                 policy_version=r["policy_version"],
                                 solver_status=r["solver_status"], requests=r["requests"])
                 for r in rows]
        return ProposalPage(items=items, total=total, limit=limit, offset=offset)

