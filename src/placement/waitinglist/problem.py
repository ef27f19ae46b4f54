"""The waiting list as one assignment problem: pure, no I/O.

    problem = Problem.build(requests, free_on_day, policy_terms)

Every open request brings the options a single search gives it (`candidates_from_ranking` for one
child, `candidates_from_plans` for a sibling group: exactly the constraints, factors, policy and
sibling plans of `rank_child` / `plan_group`, cut to the best `waiting_candidates` options). The
problem chooses at most one option per request so that no carer holds more children than it has
free places on any day where the chosen periods overlap, a sibling plan is taken whole or not at
all (one variable per plan), and `apart` ties are respected because plans never join an apart
pair. The model is written out as matrices for a MILP solver (solve.py); the first-come-first-
served baseline (greedy.py) and the brute-force check in the tests read the same structure.

Capacity is checked at the start day of every request that could use a carer: with periods as
intervals, the largest overlap of a set of intervals always occurs at one of their start days, so
these points are enough. Which of a carer's places a child gets is left to the decision, which
books a concrete place (and answers 409 if a place turns out to be taken meanwhile).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from uuid import UUID

import numpy as np

OPEN_END = 2**31 - 1


@dataclass(frozen=True)
class Candidate:
    """One option for one request: a carer (one child) or a plan (a sibling group)."""

    option_rank: int  # its rank in the request's own search (1 = the search's top option)
    score: float  # the search's score: a carer's score, or a plan's (mean over its children)
    carers: tuple[int, ...]  # candidate-index rows, one per part
    sizes: tuple[int, ...]  # children per part
    carer_ids: tuple[UUID, ...]
    carer_names: tuple[str, ...]
    all_together: bool  # a plan with one part (always true for one child)
    school_minutes: tuple[float, ...] = ()  # per child whose school is known

    @property
    def children(self) -> int:
        return sum(self.sizes)

    @property
    def value(self) -> float:
        """The option's worth in the total: the score counted once per child it places."""
        return self.score * self.children


@dataclass(frozen=True)
class WaitingRequest:
    request_id: UUID
    melding: dt.date  # the request's creation day: first come, first served
    urgency: str  # crisis, high, normal
    children: int
    start_day: int  # day number of the desired start
    end_day: int  # exclusive day number, OPEN_END when open-ended
    days_waiting: int
    candidates: tuple[Candidate, ...]
    case_references: tuple[str, ...] = ()

    @property
    def is_group(self) -> bool:
        return self.children > 1

    @property
    def is_crisis(self) -> bool:
        return self.urgency == "crisis"

    def covers(self, day: int) -> bool:
        return self.start_day <= day < self.end_day


@dataclass(frozen=True)
class Terms:
    """The policy values of the joint proposal (docs/waitinglist.md explains each)."""

    fairness_bound: float = 0.10  # max score a request may lose against first come first served
    waiting_weight: float = 0.20  # priority of one year of waiting, in score points per child
    waiting_cap_days: int = 365


@dataclass
class Problem:
    requests: list[WaitingRequest]
    terms: Terms
    # Each capacity point: (carer row, day, free places that day, [(variable, children)]).
    points: list[tuple[int, int, int, list[tuple[int, int]]]] = field(default_factory=list)
    variables: list[tuple[int, int]] = field(default_factory=list)  # (request pos, candidate pos)

    @classmethod
    def build(cls, requests: Sequence[WaitingRequest], free_on_day: Callable[[int], np.ndarray],
              terms: Terms) -> Problem:
        """free_on_day(day) -> free places per carer row on that day (the index answers it)."""
        problem = cls(list(requests), terms)
        uses: dict[int, list[tuple[int, int, int]]] = {}  # carer -> [(variable, request, size)]
        for r, request in enumerate(problem.requests):
            for k, cand in enumerate(request.candidates):
                var = len(problem.variables)
                problem.variables.append((r, k))
                for carer, size in zip(cand.carers, cand.sizes):
                    uses.setdefault(carer, []).append((var, r, size))
        free_cache: dict[int, np.ndarray] = {}
        for carer, used in sorted(uses.items()):
            days = sorted({problem.requests[r].start_day for _, r, _ in used})
            free_by_day = []
            for day in days:
                if day not in free_cache:
                    free_cache[day] = free_on_day(day)
                free_by_day.append(int(free_cache[day][carer]))
            # Never binding when every request that could use this carer fits at once.
            demand = sum(max(s for v, rr, s in used if rr == r) for r in {r for _, r, _ in used})
            if demand <= min(free_by_day):
                continue
            for day, free in zip(days, free_by_day):
                members = [(v, s) for v, r, s in used if problem.requests[r].covers(day)]
                if sum(s for _, s in members) > free:
                    problem.points.append((carer, day, free, members))
        return problem

    def priority(self, r: int) -> float:
        """What waiting adds per child placed: the waiting days are an explicit term."""
        request = self.requests[r]
        days = min(max(request.days_waiting, 0), self.terms.waiting_cap_days)
        return self.terms.waiting_weight * days / 365.0

    def base_values(self) -> np.ndarray:
        """Per variable: the option's value plus the waiting priority of the children it places."""
        return np.array([
            self.requests[r].candidates[k].value
            + self.priority(r) * self.requests[r].candidates[k].children
            for r, k in self.variables], dtype=np.float64)

    def fairness(self, fcfs: Sequence[int | None]) -> tuple[list[int], np.ndarray]:
        """The fairness bound against first come first served (`fcfs[r]`: the candidate position
        the baseline gave request r, or None). A request the baseline placed is to be placed by
        the proposal too, with an option at most `fairness_bound` worse; one the baseline left
        waiting may get anything. Returns those requests and, per variable, whether the option
        is within the bound (always true for requests without a baseline option)."""
        bounded = [r for r, k in enumerate(fcfs) if k is not None]
        within = np.ones(len(self.variables), dtype=bool)
        for var, (r, k) in enumerate(self.variables):
            base = fcfs[r]
            if base is not None:
                floor = self.requests[r].candidates[base].score - self.terms.fairness_bound
                within[var] = self.requests[r].candidates[k].score >= floor - 1e-12
        return bounded, within

    def weights(self, bounded: Sequence[int]) -> tuple[np.ndarray, float, float]:
        """The objective's three tiers, each larger than everything below it together:
        a crisis request placed, then a fairness exemption avoided, then the values. So the most
        crisis requests that can be placed are placed; the fairness bound gives way only where a
        crisis placement needs it (an exemption, reported per request); then the total counts."""
        base = self.base_values()
        penalty = float(np.abs(base).sum()) + 1.0
        crisis_bonus = penalty * (len(bounded) + 1) + 1.0
        return base, penalty, crisis_bonus

    def score(self, choice: Sequence[int | None], fcfs: Sequence[int | None]) -> float:
        """The full objective of a choice, as the solver counts it (for the brute-force check)."""
        bounded, within = self.fairness(fcfs)
        base, penalty, crisis_bonus = self.weights(bounded)
        total = 0.0
        for r, k in enumerate(choice):
            if k is not None:
                var = self._var(r, k)
                total += base[var] + (crisis_bonus if self.requests[r].is_crisis else 0.0)
        for r in bounded:
            k = choice[r]
            if k is None or not within[self._var(r, k)]:
                total -= penalty
        return total

    def is_feasible(self, choice: Sequence[int | None]) -> bool:
        """Whether a choice (candidate position or None per request) keeps every capacity."""
        chosen = {self._var(r, k) for r, k in enumerate(choice) if k is not None}
        return all(sum(s for v, s in members if v in chosen) <= free
                   for _, _, free, members in self.points)

    def _var(self, r: int, k: int) -> int:
        if not hasattr(self, "_var_of"):
            self._var_of = {rk: i for i, rk in enumerate(self.variables)}
        return self._var_of[(r, k)]

    def total(self, choice: Sequence[int | None]) -> float:
        """The objective of a choice (what the solver maximises), without the crisis bonus."""
        return sum(self.requests[r].candidates[k].value
                   + self.priority(r) * self.requests[r].candidates[k].children
                   for r, k in enumerate(choice) if k is not None)

    def crisis_placed(self, choice: Sequence[int | None]) -> int:
        return sum(1 for r, k in enumerate(choice) if k is not None and self.requests[r].is_crisis)


def school_minutes_of(options: Sequence[object]) -> tuple[float, ...]:
    """The school_travel factor's minutes of each explained option (children with a school)."""
    minutes = []
    for option in options:
        for factor in getattr(option, "factors", ()):
            if factor.key == "school_travel" and isinstance(factor.raw, (int, float)):
                minutes.append(float(factor.raw))
    return tuple(minutes)


def candidates_from_ranking(ranking: object, row_of: dict[UUID, int]) -> tuple[Candidate, ...]:
    """One child's search (a matching Ranking) as candidates."""
    return tuple(
        Candidate(option_rank=o.rank, score=float(o.score), carers=(row_of[o.carer_id],),
                  sizes=(1,), carer_ids=(o.carer_id,), carer_names=(o.carer_name,),
                  all_together=True, school_minutes=school_minutes_of([o]))
        for o in ranking.options)  # type: ignore[attr-defined]


def candidates_from_plans(plans: object, row_of: dict[UUID, int]) -> tuple[Candidate, ...]:
    """A sibling group's search (a matching PlanRanking) as candidates: one per plan."""
    return tuple(
        Candidate(option_rank=p.rank, score=float(p.score),
                  carers=tuple(row_of[part.carer_id] for part in p.parts),
                  sizes=tuple(len(part.child_ids) for part in p.parts),
                  carer_ids=tuple(part.carer_id for part in p.parts),
                  carer_names=tuple(part.carer_name for part in p.parts),
                  all_together=p.all_together,
                  school_minutes=school_minutes_of([m for part in p.parts for m in part.members]))
        for p in plans.plans)  # type: ignore[attr-defined]
