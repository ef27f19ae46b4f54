"""`make bench` (second part): the waiting-list proposal at national scale.

1. A throwaway embedded PostgreSQL with the national scenario (bench.prepare, own process).
2. 1,000 open requests (900 single children and 100 sibling groups, or as many as the scenario
   has), each searched with the engine exactly as the proposal does (rank_child / plan_group,
   the policy's `waiting_candidates` options), then first come first served and the joint
   HiGHS solve: wall time of the whole proposal and the process's peak memory.
3. 60 small random waiting lists where the solver's total must equal a brute-force optimum, and
   the check that the joint total is never below first come first served.
4. A table and, as the very last line, one JSON object.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import time
from uuid import UUID, uuid4

import msgspec
import numpy as np

from bench import loading
from bench.matching import _prepare
from bench.stats import peak_rss_mb
from bench.throwaway import run_on_throwaway_database
from placement.db.pool import connect
from placement.matching.core.engine import rank_child
from placement.matching.core.index import day_number
from placement.matching.core.policy import DEFAULT_POLICY
from placement.matching.core.profiles import Filters
from placement.matching.core.siblings import plan_group
from placement.waitinglist.greedy import first_come_first_served
from placement.waitinglist.outcome import figures
from placement.waitinglist.problem import (
    OPEN_END,
    Candidate,
    Problem,
    Terms,
    WaitingRequest,
    candidates_from_plans,
    candidates_from_ranking,
)
from placement.waitinglist.service import free_on_day
from placement.waitinglist.solve import solve

SEED = int(os.environ.get("BENCH_SEED", "7"))
SINGLES, GROUPS = 900, 100
TIME_LIMIT = 10.0


def _brute_force_instances(count: int) -> tuple[int, int]:
    """Small random lists: (instances where the solver equals brute force, instances)."""
    equal = 0
    for seed in range(count):
        rng = random.Random(seed)
        carers = rng.randint(2, 4)
        free = np.array([rng.randint(0, 2) for _ in range(carers)])
        requests = []
        for i in range(rng.randint(2, 5)):
            group = rng.random() < 0.3
            cands = []
            for rank in range(1, rng.randint(1, 3) + 1):
                if group and carers > 1 and rng.random() < 0.5:
                    a, b = rng.sample(range(carers), 2)
                    parts = ((a, 1), (b, 1))
                else:
                    parts = ((rng.randrange(carers), 2 if group else 1),)
                cands.append(Candidate(
                    option_rank=rank, score=round(rng.uniform(0.2, 1.0), 2),
                    carers=tuple(p[0] for p in parts), sizes=tuple(p[1] for p in parts),
                    carer_ids=tuple(UUID(int=p[0] + 1) for p in parts),
                    carer_names=tuple(str(p[0]) for p in parts), all_together=len(parts) == 1))
            start = 20000 + rng.choice([0, 10])
            requests.append(WaitingRequest(
                request_id=UUID(int=1000 + i), melding=dt.date(2026, 1, 1 + rng.randint(0, 9)),
                urgency="crisis" if rng.random() < 0.2 else "normal",
                children=max(c.children for c in cands), start_day=start,
                end_day=rng.choice([OPEN_END, start + 10]), days_waiting=rng.randint(0, 400),
                candidates=tuple(cands)))
        problem = Problem.build(requests, lambda _day, f=free: f, Terms())
        first = first_come_first_served(problem)
        joint = solve(problem, first)
        choices = [[None, *range(len(r.candidates))] for r in problem.requests]
        best = max(problem.score(c, first) for c in itertools.product(*choices)
                   if problem.is_feasible(c))
        equal += int(abs(problem.score(joint.choice, first) - best) < 1e-6)
    return equal, count


def _waiting(pool: list[UUID], count: int, profiles: dict, meta: dict,  # type: ignore[type-arg]
             rng: np.random.Generator) -> list[UUID]:
    """`count` open requests drawn from the scenario's. The national scenario holds fewer open
    requests than a national waiting list (about 1,000), so the rest are copies of its own
    requests (the same children's needs, schools and ties) under new ids, with melding dates
    spread over the past year and desired starts over the next two months: the load of a full
    list, never a new kind of person."""
    chosen = [pool[i] for i in rng.choice(len(pool), size=min(count, len(pool)), replace=False)]
    today = dt.date.today()
    while len(chosen) < count:
        source = pool[int(rng.integers(len(pool)))]
        copy = uuid4()
        profiles[copy] = msgspec.structs.replace(
            profiles[source], request_id=copy,
            desired_start=today + dt.timedelta(days=int(rng.integers(0, 60))))
        meta[copy] = {**meta[source], "created_at": meta[source]["created_at"]
                      - dt.timedelta(days=int(rng.integers(0, 365)))}
        chosen.append(copy)
    return chosen


async def bench(dsn: str) -> None:
    started = time.perf_counter()
    print(f"preparing the national scenario (seed {SEED})…", flush=True)
    data = _prepare(dsn)
    print(f"  {data['source']}: {data['counts']} in {data['seconds']} s", flush=True)
    rng = np.random.default_rng(SEED)
    single_pool = [UUID(r) for r, _ in data["singles"]]
    group_pool = [UUID(r) for r, _ in data["groups"]]
    conn = await connect(dsn)
    try:
        index = await loading.load_index(conn)
        profiles = await loading.load_requests(conn, single_pool + group_pool)
        meta = {r["id"]: dict(r) for r in await conn.fetch(
            "SELECT id, created_at, urgency FROM placement_requests WHERE id = ANY($1)",
            single_pool + group_pool)}
    finally:
        await conn.close()
    singles = _waiting(single_pool, SINGLES, profiles, meta, rng)
    groups = _waiting(group_pool, GROUPS, profiles, meta, rng)
    policy = DEFAULT_POLICY
    filters = Filters(limit=policy.thresholds.waiting_candidates)
    today = dt.date.today()
    rss_before, _ = peak_rss_mb()

    wall = time.perf_counter()
    requests = []
    for rid in singles + groups:
        profile = profiles[rid]
        if len(profile.children) == 1:
            cands = candidates_from_ranking(
                rank_child(index, profile.children[0], profile, policy, filters), index.row_of)
        else:
            cands = candidates_from_plans(plan_group(index, profile, policy, filters),
                                          index.row_of)
        start = day_number(profile.desired_start)
        days = profile.expected_duration_days
        requests.append(WaitingRequest(
            request_id=rid, melding=meta[rid]["created_at"].date(), urgency=meta[rid]["urgency"],
            children=len(profile.children), start_day=start,
            end_day=start + days if days else OPEN_END,
            days_waiting=(today - meta[rid]["created_at"].date()).days, candidates=cands))
    searched = time.perf_counter()
    problem = Problem.build(requests, free_on_day(index), Terms(
        fairness_bound=policy.thresholds.waiting_fairness_bound,
        waiting_weight=policy.thresholds.waiting_days_weight))
    first = first_come_first_served(problem)
    built = time.perf_counter()
    joint = solve(problem, first, time_limit=TIME_LIMIT)
    done = time.perf_counter()
    rss_after, _ = peak_rss_mb()

    before, after = figures(problem, first), figures(problem, joint.choice)
    equal, small = _brute_force_instances(60)
    wall_s = done - wall
    print()
    print(f"{'':34} {'first come':>12} {'joint':>12}")
    for label, key in (("requests placed", "requests_placed"), ("children placed",
                       "children_placed"), ("total score", "total_score"),
                       ("sibling groups together", "sibling_groups_together"),
                       ("crisis placed", "crisis_placed"),
                       ("school travel mean (min)", "school_minutes_mean"),
                       ("school travel p90 (min)", "school_minutes_p90")):
        print(f"{label:34} {getattr(before, key)!s:>12} {getattr(after, key)!s:>12}")
    print(f"\n{len(requests)} open requests ({len(singles)} single, {len(groups)} groups) against "
          f"{len(index)} carers; {len(problem.variables)} options, {len(problem.points)} "
          f"capacity points")
    print(f"proposal wall {wall_s:.2f} s: searches {searched - wall:.2f} s, model + first come "
          f"{built - searched:.2f} s, HiGHS {done - built:.2f} s ({joint.status}); peak RSS "
          f"{rss_after:.0f} MB (before the proposal {rss_before:.0f} MB)")
    print(f"brute force equals the solver on {equal}/{small} small random lists; joint total "
          f"{'>=' if after.total_score >= before.total_score - 1e-9 else '<'} first come")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine load average at the end: {load} on {os.cpu_count()} cores; total run "
          f"{time.perf_counter() - started:.0f} s")
    print(json.dumps({
        "bench": "waiting_list", "carers": len(index), "requests": len(requests),
        "sibling_groups": len(groups), "proposal_wall_s": round(wall_s, 2),
        "solver_s": round(done - built, 2), "solver_status": joint.status,
        "peak_rss_mb": round(rss_after, 1),
        "fcfs_children_placed": before.children_placed,
        "joint_children_placed": after.children_placed,
        "fcfs_total_score": before.total_score, "joint_total_score": after.total_score,
        "fcfs_siblings_together": before.sibling_groups_together,
        "joint_siblings_together": after.sibling_groups_together,
        "gain_children_placed": after.children_placed - before.children_placed,
        "gain_total_score": round(after.total_score - before.total_score, 4),
        "gain_siblings_together": after.sibling_groups_together - before.sibling_groups_together,
        "joint_ge_fcfs": after.total_score >= before.total_score - 1e-9,
        "brute_force_equal": equal, "brute_force_instances": small,
        "load_avg_1m": round(os.getloadavg()[0], 1)}))


def main() -> None:
    run_on_throwaway_database(bench, "placement-bench-wl-")


if __name__ == "__main__":
    main()
