"""Placement plans for a sibling group: which children live together, and where.

The group is a networkx graph (children as nodes, ties as edges with kind and intent). A plan is a
partition of the group into parts, each part at a different carer with enough free places. No
part ever holds an `apart` pair. Up to `exact_partitions_up_to` children (default 6, Bell(6) =
203 partitions) every partition is tried; larger groups are built child by child with a beam
search (see docs/matching.md).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import msgspec
import networkx as nx
import numpy as np

from placement.geo.distance import geodesic_km
from placement.matching import factors as f
from placement.matching.engine import (
    Evaluation,
    evaluate_child,
    exclusion_summary,
    exclusions,
    option_at,
)
from placement.matching.index import CandidateIndex
from placement.matching.policy import Policy
from placement.matching.profiles import DEFAULT_FILTERS, Filters, RequestProfile
from placement.matching.schemas import (
    BrokenTie,
    PartDistance,
    Plan,
    PlanPart,
    PlanRanking,
    Ranking,
)
from placement.matching.travel import OfflineEstimator, TravelTimeEstimator

Partition = tuple[tuple[int, ...], ...]  # blocks of child positions
BEAM_WIDTH = 60


def group_graph(request: RequestProfile) -> nx.Graph:
    graph = nx.Graph()
    ids = [c.child_id for c in request.children]
    graph.add_nodes_from(ids)
    for tie in request.ties:
        if tie.child_a in graph and tie.child_b in graph:
            graph.add_edge(tie.child_a, tie.child_b, kind=tie.kind, intent=tie.intent,
                           apart_reason=tie.apart_reason)
    return graph


def set_partitions(items: Sequence[int]) -> Iterator[Partition]:
    """Every way to split `items` into non-empty blocks (Bell(n) of them)."""
    if not items:
        yield ()
        return
    first, rest = items[0], items[1:]
    for smaller in set_partitions(rest):
        for i in range(len(smaller)):
            yield smaller[:i] + ((first, *smaller[i]),) + smaller[i + 1:]
        yield ((first,), *smaller)


def beam_partitions(n: int, apart: set[frozenset[int]], together: set[frozenset[int]],
                    max_block: int, width: int = BEAM_WIDTH) -> list[Partition]:
    """Large groups: add children one by one, keeping the `width` partial partitions that break
    the fewest together-ties and use the fewest parts."""
    beam: list[Partition] = [()]
    for child in range(n):
        grown: set[Partition] = set()
        for partial in beam:
            for i, block in enumerate(partial):
                if len(block) < max_block and not any(frozenset((child, o)) in apart for o in block):
                    grown.add(partial[:i] + ((*block, child),) + partial[i + 1:])
            grown.add((*partial, (child,)))

        def cost(p: Partition) -> tuple[int, int]:
            return (_broken(p, together), len(p))

        beam = sorted(grown, key=lambda p: (cost(p), p))[:width]
    return beam


def _broken(partition: Partition, pairs: set[frozenset[int]]) -> int:
    where = {c: i for i, block in enumerate(partition) for c in block}
    return sum(1 for pair in pairs if len({where.get(c, -1 - c) for c in pair}) > 1
               and all(c in where for c in pair))


@dataclass
class _Child:
    ev: Evaluation
    value: np.ndarray  # per carer: this child's weighted factor sum / its weight total (nan: no)
    has_together: bool
    sib_weight: float  # share of the siblings factor in this child's score


def plan_group(index: CandidateIndex, request: RequestProfile, policy: Policy,
               filters: Filters = DEFAULT_FILTERS,
               estimator: TravelTimeEstimator | None = None) -> PlanRanking:
    estimator = estimator or OfflineEstimator()
    graph = group_graph(request)
    n = len(request.children)
    pos = {c.child_id: i for i, c in enumerate(request.children)}
    apart = {frozenset((pos[a], pos[b])) for a, b, d in graph.edges(data=True)
             if d["intent"] == "apart"}
    together = {frozenset((pos[a], pos[b])) for a, b, d in graph.edges(data=True)
                if d["intent"] == "together"}
    free = index.free_places(request.desired_start, request.period_end)
    w_sib = policy.weight("siblings_together")
    children: list[_Child] = []
    for i, child in enumerate(request.children):
        own = msgspec.structs.replace(child, together_sibling_carers=())
        ev = evaluate_child(index, own, request, policy, filters, estimator, free=free)
        has = any(i in pair for pair in together)
        total = ev.weight_total + (w_sib if has else 0.0)
        value = np.full(len(index), np.nan)
        if total > 0:
            value[ev.rows] = ev.weighted / total
        ev.not_applicable.pop("siblings_together", None) if has else None
        children.append(_Child(ev, value, has, w_sib / total if has and total > 0 else 0.0))

    t = policy.thresholds
    if n <= t.exact_partitions_up_to:
        partitions = [p for p in set_partitions(list(range(n)))
                      if not any(frozenset(pair) in apart for block in p
                                 for pair in itertools.combinations(block, 2))]
        search = "exact"
    else:
        partitions = beam_partitions(n, apart, together, int(free.max(initial=0)))
        search = "beam"

    block_cache: dict[tuple[int, ...], tuple[np.ndarray, np.ndarray]] = {}

    def block_candidates(block: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        """Top carers for one part: rows and this part's share of the plan score."""
        key = tuple(sorted(block))
        if key not in block_cache:
            value = np.sum([children[c].value for c in key], axis=0) / n
            ok = ~np.isnan(value) & (free >= len(key))
            rows = np.flatnonzero(ok)
            k = min(t.plan_top_k, len(rows))
            if k:
                best = rows[np.argpartition(-value[rows], k - 1)[:k]]
                best = best[np.lexsort((index.id_rank[best], -value[best]))]
            else:
                best = rows[:0]
            block_cache[key] = (best, value[best])
        return block_cache[key]

    limit = filters.limit
    # Plan classes, best first: keeps every together-tie and all together; keeps every
    # together-tie; breaks one. A class is only searched while better ones hold too few plans,
    # and splitting plans only when no plan keeps every together-tie ("samen, tenzij").
    classes: dict[tuple[bool, bool], list[Partition]] = {}
    for partition in partitions:
        classes.setdefault((_broken(partition, together) > 0, len(partition) > 1),
                           []).append(partition)
    found: list[tuple[Partition, tuple[int, ...], float]] = []
    for (breaks, _), members in sorted(classes.items()):
        if len(found) >= limit or (breaks and found):
            break
        scored: list[tuple[float, Partition, tuple[int, ...]]] = []
        for partition in members:
            cands = [block_candidates(block) for block in partition]
            if any(len(rows) == 0 for rows, _ in cands):
                continue
            base = _sibling_share(partition, together, children, n) - (
                t.split_penalty_per_tie * _broken(partition, together))
            floor = (sorted((x[0] for x in scored), reverse=True)[limit - 1] - base
                     if len(scored) >= limit else -np.inf)
            for rows, value in _assignments(cands, limit, floor):
                scored.append((max(0.0, base + value), partition, rows))
        scored.sort(key=lambda x: (-x[0], tuple(int(index.id_rank[r]) for r in x[2])))
        found.extend((p, rows, score) for score, p, rows in scored[: limit - len(found)])

    plans = [_plan(index, request, graph, children, policy, rank, partition, rows, score)
             for rank, (partition, rows, score) in enumerate(found, start=1)]
    per_child = [Ranking(child_id=c.ev.child.child_id, policy_version=policy.version, options=[],
                         exclusion_summary=exclusion_summary(c.ev),
                         factors_not_applicable=c.ev.not_applicable,
                         exclusions=exclusions(index, c.ev) if filters.include_exclusions else None,
                         travel_basis=estimator.name)
                 for c in children]
    return PlanRanking(child_ids=[c.child_id for c in request.children],
                       policy_version=policy.version, plans=plans,
                       all_together_feasible=any(p.all_together for p in plans),
                       search=search, partitions_considered=len(partitions), per_child=per_child)


def _sibling_share(partition: Partition, together: set[frozenset[int]],
                   children: list[_Child], n: int) -> float:
    """The siblings_together factor's part of the plan score (mean over the children)."""
    where = {c: b for b, block in enumerate(partition) for c in block}
    share = 0.0
    for c, child in enumerate(children):
        if child.has_together:
            mine = [p for p in together if c in p]
            kept = sum(1 for p in mine if len({where[x] for x in p}) == 1)
            share += child.sib_weight * kept / len(mine) / n
    return share


def _assignments(cands: list[tuple[np.ndarray, np.ndarray]], limit: int,
                 floor: float = -np.inf) -> list[tuple[tuple[int, ...], float]]:
    """The best `limit` ways to give every part its own carer, worth more than `floor`
    (branch and bound over the per-part top lists, which are sorted best first)."""
    lists = [(rows.tolist(), values.tolist()) for rows, values in cands]
    best_rest = [0.0] * (len(lists) + 1)
    for i in range(len(lists) - 1, -1, -1):
        best_rest[i] = best_rest[i + 1] + lists[i][1][0]
    found: list[tuple[float, tuple[int, ...]]] = []

    def walk(i: int, chosen: tuple[int, ...], value: float) -> None:
        if i == len(lists):
            item = (value, chosen)
            if len(found) < limit:
                heapq.heappush(found, item)
            elif value > found[0][0]:
                heapq.heapreplace(found, item)
            return
        rows, values = lists[i]
        for row, v in zip(rows, values):
            if row in chosen:
                continue
            bound = value + v + best_rest[i + 1]
            if bound < floor or (len(found) >= limit and bound <= found[0][0]):
                break  # lists are sorted: nothing further down can do better
            walk(i + 1, (*chosen, row), value + v)

    walk(0, (), 0.0)
    return [(rows, value) for value, rows in sorted(found, reverse=True)]


def _plan(index: CandidateIndex, request: RequestProfile, graph: nx.Graph,
          children: list[_Child], policy: Policy, rank: int, partition: Partition,
          rows: tuple[int, ...], score: float) -> Plan:
    ids = [c.child_id for c in request.children]
    part_of = {ids[c]: b for b, block in enumerate(partition) for c in block}
    broken = [BrokenTie(child_a=a, child_b=b, kind=d["kind"], intent=d["intent"])
              for a, b, d in graph.edges(data=True)
              if d["intent"] in ("together", "contact") and part_of[a] != part_of[b]]
    parts = []
    for block, row in zip(partition, rows):
        members = []
        for c in block:
            child = children[c]
            position = int(np.searchsorted(child.ev.rows, row))
            extra = []
            if child.has_together:
                mine = [(a, b) for a, b, d in graph.edges(ids[c], data=True)
                        if d["intent"] == "together"]
                kept = sum(1 for a, b in mine if part_of[a] == part_of[b])
                total = len(mine)
                share = kept / total
                size = len(child.ev.rows)
                column = f.FactorColumn(
                    "siblings_together", "%", np.full(size, share * 100), np.full(size, share),
                    lambda _j, text=f"Woont samen met {kept} van de {total} broers/zussen "
                                    "met wie samenwonen de bedoeling is": text)
                extra.append((column, policy.weight("siblings_together")))
            members.append(option_at(index, child.ev, position, rank, extra))
        parts.append(PlanPart(child_ids=[ids[c] for c in block], carer_id=index.carer_ids[row],
                              carer_name=index.names[row], free_places=int(children[0].ev.free[row]),
                              score=float(np.mean([m.score for m in members])), members=members))
    distances = [PartDistance(parts=(i, j), km=round(geodesic_km(
        index.latitude[rows[i]], index.longitude[rows[i]],
        index.latitude[rows[j]], index.longitude[rows[j]]), 2))
        for i, j in itertools.combinations(range(len(rows)), 2)]
    together_broken = sum(1 for t in broken if t.intent == "together")
    return Plan(rank=rank, score=score, all_together=len(partition) == 1, parts=parts,
                broken_ties=broken, requires_split_reason=together_broken > 0,
                part_distances_km=distances,
                split_penalty=policy.thresholds.split_penalty_per_tie * together_broken)
