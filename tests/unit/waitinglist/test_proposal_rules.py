"""The joint proposal against first come first served, on hand-made waiting lists where the
answer can be worked out on paper."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from uuid import NAMESPACE_OID, UUID, uuid5

import numpy as np
import pytest

from placement.waitinglist.greedy import first_come_first_served
from placement.waitinglist.outcome import figures, lines, load_spread
from placement.waitinglist.problem import OPEN_END, Candidate, Problem, Terms, WaitingRequest
from placement.waitinglist.solve import solve

DAY0 = 20000  # a day number; all requests start then unless said otherwise


def carer_id(row: int) -> UUID:
    return uuid5(NAMESPACE_OID, f"carer-{row}")


def option(rank: int, score: float, *parts: tuple[int, int]) -> Candidate:
    """parts: (carer row, children)."""
    return Candidate(option_rank=rank, score=score, carers=tuple(p[0] for p in parts),
                     sizes=tuple(p[1] for p in parts),
                     carer_ids=tuple(carer_id(p[0]) for p in parts),
                     carer_names=tuple(f"Gezin {p[0]}" for p in parts),
                     all_together=len(parts) == 1, school_minutes=(10.0,) * sum(p[1] for p in parts))


def request(name: str, melding_day: int, *candidates: Candidate, urgency: str = "normal",
            start: int = DAY0, end: int = OPEN_END) -> WaitingRequest:
    children = max((c.children for c in candidates), default=1)
    ordered = tuple(sorted(candidates, key=lambda c: c.option_rank))
    return WaitingRequest(request_id=uuid5(NAMESPACE_OID, name),
                          melding=dt.date(2026, 1, 1) + dt.timedelta(days=melding_day),
                          urgency=urgency, children=children, start_day=start, end_day=end,
                          days_waiting=0, candidates=ordered, case_references=(name,))


def build(requests: list[WaitingRequest], free: dict[int, int], terms: Terms | None = None,
          free_by_day: dict[int, dict[int, int]] | None = None) -> Problem:
    size = max([*free, *(c for req in requests for cand in req.candidates for c in cand.carers)]) + 1

    def free_on_day(day: int) -> np.ndarray:
        values = dict(free)
        values.update((free_by_day or {}).get(day, {}))
        out = np.zeros(size, dtype=int)
        for row, n in values.items():
            out[row] = n
        return out

    return Problem.build(requests, free_on_day, terms or Terms())


def run(problem: Problem, time_limit: float = 10.0):  # type: ignore[no-untyped-def]
    first = first_come_first_served(problem)
    return first, solve(problem, first, time_limit=time_limit)


def test_crossed_preferences_first_come_takes_the_family_the_next_child_needs() -> None:
    problem = build([request("A", 0, option(1, 0.90, (0, 1)), option(2, 0.85, (1, 1))),
                     request("B", 1, option(1, 0.80, (0, 1)), option(2, 0.30, (1, 1)))],
                    free={0: 1, 1: 1})
    first, joint = run(problem)
    assert first == [0, 1]  # A takes family 0, B is left with family 1 (0.30)
    assert joint.choice == [1, 0] and joint.status == "optimal"
    before, after = figures(problem, first), figures(problem, joint.choice)
    assert before.total_score == pytest.approx(1.20)
    assert after.total_score == pytest.approx(1.65)
    assert [line.worse_off for line in lines(problem, first, joint.choice, [])] == [True, False]


def test_a_single_child_does_not_take_the_only_home_that_keeps_a_sibling_group_together() -> None:
    problem = build([request("enkel", 0, option(1, 0.80, (0, 1)), option(2, 0.75, (1, 1))),
                     request("groep", 1, option(1, 0.70, (0, 2)))],
                    free={0: 2, 1: 1})
    first, joint = run(problem)
    assert first == [0, None]  # the single child uses one of the two places: the group waits
    assert joint.choice == [1, 0]
    after = figures(problem, joint.choice)
    assert after.children_placed == 3 and after.sibling_groups_together == 1
    assert figures(problem, first).sibling_groups_together == 0


def test_a_crisis_request_with_a_feasible_option_is_never_left_waiting() -> None:
    problem = build([request("eerder", 0, option(1, 0.95, (0, 1))),
                     request("crisis", 5, option(1, 0.40, (0, 1)), urgency="crisis")],
                    free={0: 1})
    first, joint = run(problem)
    assert first == [0, None]
    assert joint.choice == [None, 0]
    assert joint.exempted == [0]  # the fairness bound gave way, and the answer says for whom
    assert figures(problem, joint.choice).crisis_placed == 1


def test_a_sibling_plan_is_all_or_nothing() -> None:
    # The plan needs families 0 and 1; family 0 goes to the single child first come first served.
    problem = build([request("enkel", 0, option(1, 0.90, (0, 1))),
                     request("groep", 1, option(1, 0.60, (0, 1), (1, 1)))],
                    free={0: 1, 1: 1})
    _first, joint = run(problem)
    assert joint.choice == [0, None]
    assert figures(problem, joint.choice).children_placed == 1  # never one sibling of the plan


@pytest.mark.parametrize(("bound", "expected"), [(0.10, [0, None]), (0.50, [1, 0])])
def test_the_fairness_bound_limits_what_an_earlier_request_may_lose(
        bound: float, expected: list[int | None]) -> None:
    problem = build([request("A", 0, option(1, 0.90, (0, 1)), option(2, 0.50, (1, 1))),
                     request("B", 1, option(1, 0.85, (0, 1)))],
                    free={0: 1, 1: 1}, terms=Terms(fairness_bound=bound))
    first, joint = run(problem)
    assert first == [0, None]
    assert joint.choice == expected


@pytest.mark.parametrize(("weight", "gets_family"), [(0.20, "lang"), (0.0, "kort")])
def test_waiting_longer_is_an_explicit_priority(weight: float, gets_family: str) -> None:
    # Family 0 frees up when the first child moves to family 1; of the two children who waited
    # under first come first served, the one waiting a year longer gets it, unless the policy
    # gives waiting no weight (then the slightly better match wins).
    first = request("eerste", 0, option(1, 0.90, (0, 1)), option(2, 0.85, (1, 1)))
    long = request("lang", 1, option(1, 0.80, (0, 1)))
    short = request("kort", 2, option(1, 0.81, (0, 1)))
    long = WaitingRequest(**{**long.__dict__, "days_waiting": 400})
    short = WaitingRequest(**{**short.__dict__, "days_waiting": 35})
    problem = build([first, long, short], free={0: 1, 1: 1},
                    terms=Terms(fairness_bound=0.1, waiting_weight=weight))
    before, joint = run(problem)
    assert before == [0, None, None]
    placed = [problem.requests[r].case_references[0] for r, k in enumerate(joint.choice)
              if k is not None]
    assert placed == ["eerste", gets_family]


def test_periods_that_do_not_overlap_can_use_the_same_place() -> None:
    problem = build([request("eerst", 0, option(1, 0.8, (0, 1)), start=DAY0, end=DAY0 + 30),
                     request("daarna", 1, option(1, 0.8, (0, 1)), start=DAY0 + 30)],
                    free={0: 1})
    first, joint = run(problem)
    assert first == [0, 0] and joint.choice == [0, 0]


def test_no_carer_gets_more_children_than_free_places() -> None:
    reqs = [request(f"k{i}", i, option(1, 0.9 - i / 100, (0, 1)), option(2, 0.5, (1, 1)))
            for i in range(5)]
    problem = build(reqs, free={0: 2, 1: 1})
    _, joint = run(problem)
    at = [problem.requests[r].candidates[k].carers[0] for r, k in enumerate(joint.choice)
          if k is not None]
    assert at.count(0) == 2 and at.count(1) == 1


def random_problem(seed: int) -> Problem:
    rng = random.Random(seed)
    carers = rng.randint(2, 4)
    free = {c: rng.randint(0, 2) for c in range(carers)}
    reqs = []
    for i in range(rng.randint(2, 5)):
        group = rng.random() < 0.3
        cands = []
        for rank in range(1, rng.randint(1, 3) + 1):
            if group and rng.random() < 0.5 and carers > 1:
                a, b = rng.sample(range(carers), 2)
                parts: tuple[tuple[int, int], ...] = ((a, 1), (b, 1))
            else:
                parts = ((rng.randrange(carers), 2 if group else 1),)
            cands.append(option(rank, round(rng.uniform(0.2, 1.0), 2), *parts))
        start = DAY0 + rng.choice([0, 0, 10])
        reqs.append(request(f"r{seed}-{i}", rng.randint(0, 9), *cands,
                            urgency="crisis" if rng.random() < 0.2 else "normal", start=start,
                            end=rng.choice([OPEN_END, start + 10])))
    return build(reqs, free, Terms(fairness_bound=rng.choice([0.05, 0.2, 1.0])))


@pytest.mark.parametrize("seed", range(40))
def test_the_solver_finds_the_brute_force_optimum(seed: int) -> None:
    problem = random_problem(seed)
    first, joint = run(problem)
    choices = [[None, *range(len(req.candidates))] for req in problem.requests]
    best = max(problem.score(c, first) for c in itertools.product(*choices)
               if problem.is_feasible(c))
    assert problem.is_feasible(joint.choice)
    assert problem.score(joint.choice, first) == pytest.approx(best)
    assert problem.is_feasible(first)


def test_a_time_limited_solve_says_it_stopped_early() -> None:
    rng = random.Random(3)
    reqs = [request(f"g{i}", i, *[option(k, rng.uniform(0.3, 1.0), (rng.randrange(40), 1))
                                  for k in range(1, 16)]) for i in range(300)]
    problem = build(reqs, {c: 1 for c in range(40)})
    _first, joint = run(problem, time_limit=1e-6)
    assert joint.status in ("time_limit", "fallback")
    assert problem.is_feasible(joint.choice)


def test_load_spread_counts_top5_appearances() -> None:
    reqs = [request(f"k{i}", i, *[option(r, 0.9 - r / 10, (r % 3, 1)) for r in range(1, 7)])
            for i in range(4)]
    spread = load_spread(build(reqs, {0: 1, 1: 1, 2: 1}))
    assert spread.top5_slots == 4 * 3  # five options on three families: 3 distinct per request
    assert spread.carers_in_top5 == 3 and spread.max_appearances == 4
