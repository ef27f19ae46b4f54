"""First come, first served: the baseline a proposal is measured against. Pure, no I/O.

Requests in melding order (ties by request id), each takes its best option that still fits
every capacity point, as an officer searching one request at a time would. This is what happens
today, and the fairness bound of the joint proposal is measured from it."""

from __future__ import annotations

from placement.waitinglist.problem import Problem


def melding_order(problem: Problem) -> list[int]:
    return sorted(range(len(problem.requests)),
                  key=lambda r: (problem.requests[r].melding, str(problem.requests[r].request_id)))


def first_come_first_served(problem: Problem) -> list[int | None]:
    """Per request, the position of the candidate it gets, or None when it waits."""
    var_of = {rk: v for v, rk in enumerate(problem.variables)}
    points_of: dict[int, list[int]] = {}
    for p, (_, _, _, members) in enumerate(problem.points):
        for var, _ in members:
            points_of.setdefault(var, []).append(p)
    used = [0] * len(problem.points)
    size_at = [{v: s for v, s in members} for _, _, _, members in problem.points]
    choice: list[int | None] = [None] * len(problem.requests)
    for r in melding_order(problem):
        ranked = sorted(range(len(problem.requests[r].candidates)),
                        key=lambda k: (-problem.requests[r].candidates[k].score,
                                       problem.requests[r].candidates[k].option_rank))
        for k in ranked:
            var = var_of[(r, k)]
            points = points_of.get(var, [])
            if all(used[p] + size_at[p][var] <= problem.points[p][2] for p in points):
                for p in points:
                    used[p] += size_at[p][var]
                choice[r] = k
                break
    return choice
