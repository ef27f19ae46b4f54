"""Figures of an assignment and the comparison of two: pure, no I/O.

The proposal page, the API answer and the benchmark all print these, so "children placed",
"total score" and "worse off" mean one thing everywhere (docs/waitinglist.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from uuid import UUID

import msgspec
import numpy as np

from placement.waitinglist.problem import Problem

TOP = 5  # the load spread counts appearances in each request's top 5


class Figures(msgspec.Struct, kw_only=True):
    requests_placed: int
    children_placed: int
    total_score: float  # sum over placed children of their option's score
    sibling_groups: int
    sibling_groups_placed: int
    sibling_groups_together: int
    crisis_requests: int
    crisis_placed: int
    school_minutes_mean: float | None
    school_minutes_p90: float | None
    school_within_30_share: float | None


class Choice(msgspec.Struct, kw_only=True):
    option_rank: int
    score: float
    carer_ids: list[UUID]
    carer_names: list[str]
    all_together: bool


class Line(msgspec.Struct, kw_only=True):
    request_id: UUID
    case_references: list[str]
    urgency: str
    melding: str
    days_waiting: int
    children: int
    options: int  # how many options the request's search gave
    first_come: Choice | None
    proposal: Choice | None
    difference: float  # proposal score minus first-come score, per child (0 when both wait)
    worse_off: bool
    fairness_exempted: bool


class LoadSpread(msgspec.Struct, kw_only=True):
    top5_slots: int
    carers_in_top5: int
    max_appearances: int
    share_of_slots_top10_carers: float | None
    most_proposed: list[tuple[str, int]]  # (carer name, appearances), the ten most


def figures(problem: Problem, choice: Sequence[int | None]) -> Figures:
    placed = [(r, problem.requests[r].candidates[k]) for r, k in enumerate(choice)
              if k is not None]
    minutes = np.array([m for _, cand in placed for m in cand.school_minutes], dtype=float)
    groups = [r for r, req in enumerate(problem.requests) if req.is_group]
    return Figures(
        requests_placed=len(placed),
        children_placed=sum(c.children for _, c in placed),
        total_score=round(sum(c.value for _, c in placed), 4),
        sibling_groups=len(groups),
        sibling_groups_placed=sum(1 for r in groups if choice[r] is not None),
        sibling_groups_together=sum(1 for r, c in placed if problem.requests[r].is_group
                                    and c.all_together),
        crisis_requests=sum(1 for req in problem.requests if req.is_crisis),
        crisis_placed=sum(1 for r, _ in placed if problem.requests[r].is_crisis),
        school_minutes_mean=round(float(minutes.mean()), 1) if len(minutes) else None,
        school_minutes_p90=round(float(np.percentile(minutes, 90)), 1) if len(minutes) else None,
        school_within_30_share=(round(float((minutes <= 30).mean()), 3)
                                if len(minutes) else None),
    )


def _choice(problem: Problem, r: int, k: int | None) -> Choice | None:
    if k is None:
        return None
    cand = problem.requests[r].candidates[k]
    return Choice(option_rank=cand.option_rank, score=round(cand.score, 4),
                  carer_ids=list(cand.carer_ids), carer_names=list(cand.carer_names),
                  all_together=cand.all_together)


def is_worse_off(problem: Problem, r: int, first: int | None, proposal: int | None) -> bool:
    if first is None:
        return False
    if proposal is None:
        return True
    cands = problem.requests[r].candidates
    return cands[proposal].score < cands[first].score - 1e-9


def lines(problem: Problem, first: Sequence[int | None], proposal: Sequence[int | None],
          exempted: Sequence[int]) -> list[Line]:
    out = []
    for r, request in enumerate(problem.requests):
        f, p = first[r], proposal[r]
        cands = request.candidates
        difference = ((cands[p].score if p is not None else 0.0)
                      - (cands[f].score if f is not None else 0.0))
        out.append(Line(
            request_id=request.request_id, case_references=list(request.case_references),
            urgency=request.urgency, melding=request.melding.isoformat(),
            days_waiting=request.days_waiting, children=request.children, options=len(cands),
            first_come=_choice(problem, r, f), proposal=_choice(problem, r, p),
            difference=round(difference, 4), worse_off=is_worse_off(problem, r, f, p),
            fairness_exempted=r in exempted))
    return out


def load_spread(problem: Problem) -> LoadSpread:
    """How concentrated the carers in every request's top 5 are: when a few families appear in
    every child's top 5, they carry the whole list (and recruitment should know)."""
    appearances: Counter[UUID] = Counter()
    names: dict[UUID, str] = {}
    for request in problem.requests:
        top = sorted(request.candidates, key=lambda c: c.option_rank)[:TOP]
        seen = {pair for cand in top for pair in zip(cand.carer_ids, cand.carer_names)}
        for carer_id, name in seen:  # a family counts once per request
            appearances[carer_id] += 1
            names[carer_id] = name
    slots = sum(appearances.values())
    most = appearances.most_common(10)
    return LoadSpread(
        top5_slots=slots, carers_in_top5=len(appearances),
        max_appearances=most[0][1] if most else 0,
        share_of_slots_top10_carers=(round(sum(n for _, n in most) / slots, 3) if slots else None),
        most_proposed=[(names[c], n) for c, n in most])
