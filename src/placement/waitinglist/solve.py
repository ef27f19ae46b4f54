"""The solver adapter: the waiting-list problem as a mixed-integer programme for HiGHS, through
`scipy.optimize.milp`.

Why HiGHS through SciPy: it is exact (branch and bound with a proven optimality gap of zero), it
is already installed with scikit-learn (no new native dependency), it takes sparse matrices and a
time limit, and a request's sibling plan is one binary variable, so "all or nothing" needs no
extra constraint. A min-cost flow would be faster for single children only, but sibling plans
use several carers at once, which a flow cannot express.

Variables: x[v] per (request, candidate) and e[r] per request that first come first served
placed (its fairness exemption). Constraints: at most one option per request; capacity at every
point of problem.points; a bounded request is placed within its bound unless exempted. When the
time limit stops the search, the best solution found is used and the answer says so; when none
was found, the first-come-first-served assignment is (it is always feasible)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from placement.waitinglist.problem import Problem


@dataclass(frozen=True)
class Solution:
    choice: list[int | None]
    exempted: list[int]  # requests whose fairness bound gave way to a crisis placement
    status: str  # optimal, time_limit (best found), fallback (first come first served)
    gap: float | None  # relative optimality gap when stopped early
    seconds: float


def solve(problem: Problem, fcfs: Sequence[int | None], *, time_limit: float = 10.0) -> Solution:
    import time

    # Imported here, not with the module: the app imports this module at start-up.
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    started = time.perf_counter()
    n_x = len(problem.variables)
    if n_x == 0:
        return Solution([None] * len(problem.requests), [], "optimal", 0.0, 0.0)
    bounded, within = problem.fairness(fcfs)
    base, penalty, crisis_bonus = problem.weights(bounded)
    crisis = np.array([problem.requests[r].is_crisis for r, _ in problem.variables])
    exempt_of = {r: n_x + i for i, r in enumerate(bounded)}
    n = n_x + len(bounded)
    # milp minimises: negate the values; an exemption costs `penalty`.
    c = np.concatenate([-(base + crisis * crisis_bonus), np.full(len(bounded), penalty)])

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lower: list[float] = []
    upper: list[float] = []

    def add(entries: list[tuple[int, float]], lo: float, hi: float) -> None:
        row = len(lower)
        for col, val in entries:
            rows.append(row)
            cols.append(col)
            vals.append(val)
        lower.append(lo)
        upper.append(hi)

    per_request: dict[int, list[int]] = {}
    for var, (r, _) in enumerate(problem.variables):
        per_request.setdefault(r, []).append(var)
    for r, variables in per_request.items():
        add([(v, 1.0) for v in variables], -np.inf, 1.0)
        if r in exempt_of:
            # placed within the bound, or exempted
            add([(v, 1.0) for v in variables if within[v]] + [(exempt_of[r], 1.0)], 1.0, np.inf)
            for v in variables:
                if not within[v]:
                    add([(v, 1.0), (exempt_of[r], -1.0)], -np.inf, 0.0)
    for _, _, free, members in problem.points:
        add([(v, float(s)) for v, s in members], -np.inf, float(free))

    matrix = coo_array((vals, (rows, cols)), shape=(len(lower), n)).tocsr()
    result = milp(c, integrality=np.ones(n), bounds=Bounds(0, 1),
                  constraints=LinearConstraint(matrix, lower, upper),
                  options={"time_limit": time_limit, "mip_rel_gap": 0.0, "disp": False})
    seconds = time.perf_counter() - started
    if result.x is None:
        return Solution(list(fcfs), [], "fallback", None, seconds)
    x = np.round(result.x).astype(int)
    choice: list[int | None] = [None] * len(problem.requests)
    for var, (r, k) in enumerate(problem.variables):
        if x[var]:
            choice[r] = k
    exempted = [r for r in bounded if x[exempt_of[r]]]
    status = "optimal" if result.status == 0 else "time_limit"
    gap = getattr(result, "mip_gap", None)
    return Solution(choice, exempted, status, None if gap is None else float(gap), seconds)
