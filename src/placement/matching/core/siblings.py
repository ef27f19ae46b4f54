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
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import msgspec
import networkx as nx
import numpy as np

from placement.geo.distance import geodesic_km, lambert_km
from placement.matching.core import factors as f
from placement.matching.core.engine import (
    Evaluation,
    evaluate_child,
    exclusion_summary,
    exclusions,
    option_at,
    relaxation_hints,
)
from placement.matching.core.index import CandidateIndex, DistanceMemo
from placement.matching.core.policy import (
    APART_REASONS_NL,
    HARD_APART_REASONS,
    MODE_LABELS_NL,
    Policy,
)
from placement.matching.core.profiles import DEFAULT_FILTERS, Filters, RequestProfile
from placement.matching.core.results import (
    ApartDistance,
    BrokenTie,
    PartDistance,
    Plan,
    PlanPart,
    PlanRanking,
    Ranking,
    TravelException,
)
from placement.matching.core.travel import OfflineEstimator, TravelTimeEstimator, nl

Partition = tuple[tuple[int, ...], ...]  # blocks of child positions
_EARTH_KM = 6371.0088  # mean radius: the sphere for the quick check of a pair's distance
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
    # The carers this child may go to (rows, ascending) and its weighted factor sum / its
    # weight total at each.
    value: tuple[np.ndarray, np.ndarray]
    has_together: bool
    sib_weight: float  # share of the siblings factor in this child's score
    # As `value`, also at carers beyond the travel limit (kept for an all-together plan only).
    value_together: tuple[np.ndarray, np.ndarray] | None = None


class _PairKm:
    """Distances between two carers' homes, each pair figured once per search: the branch and
    bound asks for the same pairs across partitions, and the plans shown ask again.

    Lambert's formula in plain floats (`near`, a couple of microseconds; within half a metre of
    geopy across the Netherlands, tests/unit/test_matching_speed_paths.py) scores closeness;
    geopy's exact figure (about a hundred microseconds) is asked only where that half metre could
    change an answer: a hard minimum distance, or the 10 m a plan shows."""

    # Beyond this, Lambert's figure is not used (its error grows on long lines; no two homes
    # in one country are this far apart, so only odd test data gets here).
    LAMBERT_UP_TO_KM = 500.0
    # Wider than Lambert's error where it is used, so a figure this far from a limit is decided.
    MARGIN_KM = 0.001

    def __init__(self, index: CandidateIndex) -> None:
        self.index = index
        self.known: dict[tuple[int, int], float] = {}
        self.spots: dict[int, tuple[float, float, float]] = {}
        self.estimates: dict[tuple[int, int], float | None] = {}
        self.rounded_known: dict[tuple[int, int], float] = {}

    def __call__(self, a: int, b: int) -> float:
        """geopy's figure."""
        km = self.known.get((a, b))
        if km is None:
            i = self.index
            km = self.known[(a, b)] = geodesic_km(i.latitude[a], i.longitude[a],
                                                  i.latitude[b], i.longitude[b])
        return km

    def estimate(self, a: int, b: int) -> float | None:
        """Lambert's figure, or None where it is not trusted."""
        if (a, b) not in self.estimates:
            i = self.index
            km = lambert_km(float(i.latitude[a]), float(i.longitude[a]), float(i.latitude[b]),
                            float(i.longitude[b]))
            self.estimates[(a, b)] = km if km <= self.LAMBERT_UP_TO_KM else None
        return self.estimates[(a, b)]

    def near(self, a: int, b: int) -> float:
        """The figure closeness is scored on: Lambert's, geopy's where Lambert's is not used."""
        km = self.estimate(a, b)
        return self(a, b) if km is None else km

    def rounded(self, a: int, b: int) -> float:
        """round(geopy's km, 2): Lambert's figure settles it wherever the margin around it
        rounds alike; geopy measures the rest."""
        shown = self.rounded_known.get((a, b))
        if shown is None:
            km = self.estimate(a, b)
            if km is not None:
                margin = self.MARGIN_KM
                low, high = round(km - margin, 2), round(km + margin, 2)
                shown = low if low == high else None
            if shown is None:
                shown = round(self(a, b), 2)
            self.rounded_known[(a, b)] = shown
        return shown

    def beyond(self, a: int, b: int, km: float) -> bool:
        """geopy's figure > km."""
        side = self._side(a, b, km)
        return side > 0 if side else self(a, b) > km

    def within(self, a: int, b: int, km: float) -> bool:
        """geopy's figure < km."""
        side = self._side(a, b, km)
        return side < 0 if side else self(a, b) < km

    def _side(self, a: int, b: int, km: float) -> int:
        """1: the pair is certainly more than `km` apart by geopy's measure; -1: certainly
        less; 0: too close to call without geopy. A sphere's great circle (a few microseconds)
        differs from the ellipsoid's geodesic by well under 1%, Lambert's figure by under a
        metre: only pairs closer to `km` than that need the exact figure."""
        exact = self.known.get((a, b))
        if exact is not None:
            return (exact > km) - (exact < km)
        lat1, lon1, cos1 = self._spot(a)
        lat2, lon2, cos2 = self._spot(b)
        h = (math.sin((lat2 - lat1) / 2) ** 2
             + cos1 * cos2 * math.sin((lon2 - lon1) / 2) ** 2)
        sphere = 2 * _EARTH_KM * math.asin(math.sqrt(min(h, 1.0)))
        if sphere > km * 1.01:
            return 1
        if sphere < km * 0.99:
            return -1
        estimate = self.estimate(a, b)
        if estimate is not None and abs(estimate - km) > self.MARGIN_KM:
            return 1 if estimate > km else -1
        return 0

    def _spot(self, row: int) -> tuple[float, float, float]:
        spot = self.spots.get(row)
        if spot is None:
            lat = math.radians(float(self.index.latitude[row]))
            spot = self.spots[row] = (lat, math.radians(float(self.index.longitude[row])),
                                      math.cos(lat))
        return spot


@dataclass
class _ApartPair:
    a: int  # child positions
    b: int
    reason: str | None
    hard: bool


def plan_group(index: CandidateIndex, request: RequestProfile, policy: Policy,
               filters: Filters = DEFAULT_FILTERS,
               estimator: TravelTimeEstimator | None = None) -> PlanRanking:
    estimator = estimator or OfflineEstimator()
    graph = group_graph(request)
    n = len(request.children)
    pos = {c.child_id: i for i, c in enumerate(request.children)}
    apart = {frozenset((pos[a], pos[b])) for a, b, d in graph.edges(data=True)
             if d["intent"] == "apart"}
    apart_pairs = [_ApartPair(pos[a], pos[b], d["apart_reason"],
                              d["apart_reason"] in HARD_APART_REASONS)
                   for a, b, d in graph.edges(data=True) if d["intent"] == "apart"]
    together = {frozenset((pos[a], pos[b])) for a, b, d in graph.edges(data=True)
                if d["intent"] == "together"}
    t = policy.thresholds
    pair_km = _PairKm(index)
    distances = DistanceMemo(index)
    id_rank = index.derived("id_rank_list", index.id_rank.tolist)
    free = index.free_places(request.desired_start, request.period_end)
    w_sib = policy.weight("siblings_together")
    # "Samen, tenzij": a group that fits in one home is not split by the travel limit alone.
    stretch = t.together_max_travel_minutes if together and not apart else None
    children: list[_Child] = []
    for i, child in enumerate(request.children):
        own = msgspec.structs.replace(child, together_sibling_carers=())
        ev = evaluate_child(index, own, request, policy, filters, estimator, free=free,
                            travel_stretch_minutes=stretch, distances=distances)
        has = any(i in pair for pair in together)
        total = ev.weight_total + (w_sib if has else 0.0)
        value = (ev.rows[:0], np.zeros(0))
        value_together = value if stretch is not None else None
        if total > 0:
            weighted = ev.weighted / total
            known = ~np.isnan(weighted)
            if stretch is not None:
                value_together = (ev.rows[known], weighted[known])
                known &= ~ev.over_limit
            value = (ev.rows[known], weighted[known])
        ev.not_applicable.pop("siblings_together", None) if has else None
        children.append(_Child(ev, value, has, w_sib / total if has and total > 0 else 0.0,
                               value_together))

    if n <= t.exact_partitions_up_to:
        partitions = [p for p in set_partitions(list(range(n)))
                      if not any(frozenset(pair) in apart for block in p
                                 for pair in itertools.combinations(block, 2))]
        search = "exact"
    else:
        partitions = beam_partitions(n, apart, together, int(free.max(initial=0)))
        search = "beam"

    block_cache: dict[tuple[tuple[int, ...], int], tuple[np.ndarray, np.ndarray]] = {}
    everyone = tuple(range(n))
    at_none = np.zeros(0, dtype=np.int64)

    def block_candidates(block: tuple[int, ...], k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top carers for one part: rows and this part's share of the plan score."""
        key = tuple(sorted(block))
        if (key, k) not in block_cache:
            use_stretch = key == everyone and stretch is not None
            # Only the carers every child of the part may go to (ascending rows, so the same
            # values in the same order as over the whole index: the same top k on ties).
            parts = [children[c].value_together if use_stretch else children[c].value
                     for c in key]
            rows = parts[0][0]
            for other, _ in parts[1:]:
                rows = np.intersect1d(rows, other, assume_unique=True)
            value = np.sum([v[np.searchsorted(r, rows)] for r, v in parts], axis=0) / n
            ok = free[rows] >= len(key)
            rows, value = rows[ok], value[ok]
            top = min(k, len(rows))
            if top:
                at = np.argpartition(-value, top - 1)[:top]
                at = at[np.lexsort((index.id_rank[rows[at]], -value[at]))]
            else:
                at = at_none
            block_cache[(key, k)] = (rows[at], value[at])
        return block_cache[(key, k)]

    def over_limit_at(row: int) -> bool:
        return any(c.ev.over_limit is not None and c.ev.over_limit.any()
                   and bool(c.ev.over_limit[np.searchsorted(c.ev.rows, row)])
                   for c in children)

    limit = filters.limit
    # Plan classes, best first: keeps every together-tie and all together; keeps every
    # together-tie; breaks one. A class is only searched while better ones hold too few plans,
    # and splitting plans only when no plan keeps every together-tie ("samen, tenzij") without
    # a travel exception: such a plan comes first, the splits after it.
    classes: dict[tuple[bool, bool], list[Partition]] = {}
    ties = _Ties(together, n)
    broken_in = {partition: ties.broken(partition) for partition in partitions}
    for partition in partitions:
        classes.setdefault((broken_in[partition] > 0, len(partition) > 1), []).append(partition)
    found: list[tuple[Partition, tuple[int, ...], float]] = []
    for (breaks, _), members in sorted(classes.items()):
        if len(found) >= limit or (breaks and found and not all(
                len(p) == 1 and over_limit_at(rows[0]) for p, rows, _ in found)):
            break
        scored: list[tuple[float, Partition, tuple[int, ...]]] = []
        for partition in members:
            where = {c: b for b, block in enumerate(partition) for c in block}
            pair_rules = [(where[p.a], where[p.b], p) for p in apart_pairs]
            # A hard distance rule may pass over the nearest carers: look further down.
            k = t.plan_top_k * (4 if any(p.hard for p in apart_pairs) else 1)
            cands = [block_candidates(block, k) for block in partition]
            if any(len(rows) == 0 for rows, _ in cands):
                continue
            base = ties.sibling_share(partition, children, n) - (
                t.split_penalty_per_tie * broken_in[partition])
            floor = (sorted((x[0] for x in scored), reverse=True)[limit - 1] - base
                     if len(scored) >= limit else -np.inf)
            for rows, value in _assignments(cands, limit, floor,
                                            _pair_cost(pair_km, pair_rules, policy)):
                # The true score, below zero when the penalties outweigh the members' scores:
                # clamping it would make the order of such plans arbitrary.
                scored.append((base + value, partition, rows))
        scored.sort(key=lambda x: (-x[0], tuple(id_rank[r] for r in x[2])))
        found.extend((p, rows, score) for score, p, rows in scored[: limit - len(found)])

    edges = list(graph.edges(data=True))
    memos: list[dict] = [{} for _ in children]  # type: ignore[type-arg]
    sibling_columns: dict[tuple[int, int, int], f.FactorColumn] = {}
    plans = [_plan(index, request, edges, children, policy, rank, partition, rows, score,
                   apart_pairs, pair_km, memos, sibling_columns)
             for rank, (partition, rows, score) in enumerate(found, start=1)]
    per_child = [Ranking(child_id=c.ev.child.child_id, policy_version=policy.version, options=[],
                         exclusion_summary=exclusion_summary(c.ev),
                         factors_not_applicable=c.ev.not_applicable,
                         exclusions=exclusions(index, c.ev) if filters.include_exclusions else None,
                         travel_basis=estimator.name,
                         relaxations=relaxation_hints(index, c.ev, request, policy, filters,
                                                      estimator))
                 for c in children]
    return PlanRanking(child_ids=[c.child_id for c in request.children],
                       policy_version=policy.version, plans=plans,
                       all_together_feasible=any(p.all_together for p in plans),
                       search=search, partitions_considered=len(partitions), per_child=per_child)


PairCost = Callable[[int, int, tuple[int, ...]], float | None]


def _pair_cost(pair_km: _PairKm, rules: list[tuple[int, int, _ApartPair]],
               policy: Policy) -> PairCost | None:
    """What giving part `i` carer `row` costs against the parts already chosen (None: not
    allowed): the apart ties between parts, hard (a minimum distance) or soft (a penalty)."""
    if not rules:
        return None
    t = policy.thresholds

    def cost(i: int, row: int, chosen: tuple[int, ...]) -> float | None:
        total = 0.0
        for pa, pb, pair in rules:
            if i not in (pa, pb):
                continue
            other = pb if i == pa else pa
            if other >= len(chosen):
                continue  # decided when the later part is chosen
            # Most pairs lie clearly beyond the distance that matters: no exact figure needed
            # (beyond apart_good_km a soft tie costs nothing).
            if pair.hard:
                if pair_km.within(row, chosen[other], t.apart_min_km):
                    return None
            elif not pair_km.beyond(row, chosen[other], t.apart_good_km):
                total += apart_penalty(pair_km.near(row, chosen[other]), policy)
        return total

    return cost


def apart_penalty(km: float, policy: Policy) -> float:
    t = policy.thresholds
    return t.apart_near_penalty * max(0.0, 1.0 - km / t.apart_good_km)


class _Ties:
    """The group's together-ties as kept or broken by each (complete) partition: the plan
    classes count the broken ones of every partition, and each searched partition's sibling
    share counts the kept ones per child."""

    def __init__(self, together: set[frozenset[int]], n: int) -> None:
        self.pairs = [tuple(sorted(pair)) for pair in together]
        self.of_child = [[k for k, pair in enumerate(self.pairs) if c in pair] for c in range(n)]
        self.kept: dict[Partition, list[bool]] = {}

    def broken(self, partition: Partition) -> int:
        block = [0] * len(self.of_child)
        for b, members in enumerate(partition):
            for c in members:
                block[c] = b
        kept = self.kept[partition] = [block[a] == block[b] for a, b in self.pairs]
        return kept.count(False)

    def sibling_share(self, partition: Partition, children: list[_Child], n: int) -> float:
        """The siblings_together factor's part of the plan score (mean over the children)."""
        kept = self.kept[partition]
        share = 0.0
        for c, child in enumerate(children):
            if child.has_together:
                mine = self.of_child[c]
                share += child.sib_weight * sum(kept[k] for k in mine) / len(mine) / n
        return share


def _assignments(cands: list[tuple[np.ndarray, np.ndarray]], limit: int,
                 floor: float = -np.inf, pair_cost: PairCost | None = None,
                 ) -> list[tuple[tuple[int, ...], float]]:
    """The best `limit` ways to give every part its own carer, worth more than `floor`
    (branch and bound over the per-part top lists, which are sorted best first). `pair_cost`
    may forbid a carer given the parts chosen before it, or lower the value; it never raises
    it, so the bound stays sound."""
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
            cost = 0.0 if pair_cost is None else pair_cost(i, row, chosen)
            if cost is None:
                continue
            walk(i + 1, (*chosen, row), value + v - cost)

    walk(0, (), 0.0)
    return [(rows, value) for value, rows in sorted(found, reverse=True)]


def _plan(index: CandidateIndex, request: RequestProfile,
          edges: list[tuple[UUID, UUID, dict[str, Any]]], children: list[_Child], policy: Policy,
          rank: int, partition: Partition, rows: tuple[int, ...], score: float,
          apart_pairs: list[_ApartPair], pair_km: _PairKm,
          memos: list[dict],  # type: ignore[type-arg]
          sibling_columns: dict[tuple[int, int, int], f.FactorColumn]) -> Plan:
    ids = [c.child_id for c in request.children]
    part_of = {ids[c]: b for b, block in enumerate(partition) for c in block}
    broken = [BrokenTie(child_a=a, child_b=b, kind=d["kind"], intent=d["intent"])
              for a, b, d in edges
              if d["intent"] in ("together", "contact") and part_of[a] != part_of[b]]
    parts = []
    for block, row in zip(partition, rows):
        members = []
        for c in block:
            child = children[c]
            position = int(np.searchsorted(child.ev.rows, row))
            extra = []
            if child.has_together:
                mine = [(a, b) for a, b, d in edges
                        if d["intent"] == "together" and ids[c] in (a, b)]
                kept = sum(1 for a, b in mine if part_of[a] == part_of[b])
                total = len(mine)
                column = sibling_columns.get((c, kept, total))
                if column is None:  # the same for every plan that keeps as many ties
                    share = kept / total
                    size = len(child.ev.rows)
                    column = sibling_columns[(c, kept, total)] = f.FactorColumn(
                        "siblings_together", "%", np.full(size, share * 100),
                        np.full(size, share),
                        lambda _j, text=f"Woont samen met {kept} van de {total} broers/zussen "
                                        "met wie samenwonen de bedoeling is": text)
                extra.append((column, policy.weight("siblings_together")))
            members.append(option_at(index, child.ev, position, rank, extra, memos[c]))
        parts.append(PlanPart(child_ids=[ids[c] for c in block], carer_id=index.carer_ids[row],
                              carer_name=index.names[row], free_places=int(children[0].ev.free[row]),
                              # sum/len: np.mean's figure for a handful of floats, without
                              # its ten microseconds of array set-up per part
                              score=sum(m.score for m in members) / len(members),
                              members=members))
    distances = [PartDistance(parts=(i, j), km=pair_km.rounded(rows[i], rows[j]))
        for i, j in itertools.combinations(range(len(rows)), 2)]
    together_broken = sum(1 for t in broken if t.intent == "together")
    t = policy.thresholds
    split_penalty = t.split_penalty_per_tie * together_broken
    row_of_child = {c: rows[b] for b, block in enumerate(partition) for c in block}
    apart_distances = []
    for pair in apart_pairs:
        ra, rb = row_of_child[pair.a], row_of_child[pair.b]
        if pair.hard or pair_km.beyond(ra, rb, t.apart_good_km):
            penalty = 0.0  # no closeness to pay for
        else:  # the figure the plan was scored on
            penalty = apart_penalty(pair_km.near(ra, rb), policy)
        shown = pair_km.rounded(ra, rb)
        apart_distances.append(ApartDistance(
            child_a=ids[pair.a], child_b=ids[pair.b], reason=pair.reason, km=shown,
            min_km=t.apart_min_km if pair.hard else None, penalty=penalty))
    apart_cost = sum(a.penalty for a in apart_distances)
    exceptions = []
    if len(partition) == 1:
        for c, child in enumerate(children):
            j = int(np.searchsorted(child.ev.rows, rows[0]))
            if child.ev.over_limit is not None and child.ev.over_limit[j]:
                trip = child.ev.anchor
                assert trip is not None  # set whenever over_limit is
                exceptions.append(TravelException(
                    child_id=ids[c], minutes=round(float(trip.minutes[j]), 1),
                    limit_minutes=child.ev.travel_limit, mode=trip.mode(j)))
    members_score = score + split_penalty + apart_cost
    lines = explain_plan(members_score, split_penalty, together_broken, apart_distances,
                         apart_cost, exceptions, score, ids)
    return Plan(rank=rank, score=score, all_together=len(partition) == 1, parts=parts,
                broken_ties=broken, requires_split_reason=together_broken > 0,
                part_distances_km=distances, split_penalty=split_penalty,
                members_score=members_score, apart_penalty=apart_cost,
                apart_distances=apart_distances, travel_exceptions=exceptions,
                explanation=lines)


def explain_plan(members_score: float, split_penalty: float, broken: int,
                 apart: list[ApartDistance], apart_cost: float,
                 exceptions: list[TravelException], score: float, ids: list) -> list[str]:  # type: ignore[type-arg]
    """The plan's Dutch lines: the score as its parts, and what has to be arranged."""
    def who(child_id) -> str:  # type: ignore[no-untyped-def]
        return f"kind {ids.index(child_id) + 1}"

    lines = [f"Gemiddelde score van de kinderen: {nl(members_score, 2)}"]
    if broken:
        lines.append(f"Aftrek voor {broken} verbroken band{'en' if broken > 1 else ''} "
                     f"(samen wonen was de bedoeling): -{nl(split_penalty, 2)}")
    for a in apart:
        reason = APART_REASONS_NL.get(a.reason or "", a.reason or "geen reden vastgelegd")
        if a.min_km is not None:
            lines.append(f"{who(a.child_a).capitalize()} en {who(a.child_b)} apart ({reason}): "
                         f"{nl(a.km)} km tussen de huizen (minimaal {nl(a.min_km)} km vereist)")
        else:
            text = (f"{who(a.child_a).capitalize()} en {who(a.child_b)} apart ({reason}): "
                    f"{nl(a.km)} km tussen de huizen")
            if a.penalty > 0:
                text += f"; dichtbij elkaar, aftrek -{nl(a.penalty, 2)}"
            lines.append(text)
    if apart_cost and len(apart) > 1:
        lines.append(f"Aftrek voor huizen dicht bij elkaar samen: -{nl(apart_cost, 2)}")
    for e in exceptions:
        lines.append(
            f"Samen plaatsen gaat voor de reistijd: {who(e.child_id)} reist ca. "
            f"{e.minutes:.0f} min ({MODE_LABELS_NL.get(e.mode, e.mode)}), boven het maximum van "
            f"{e.limit_minutes:.0f} min: vervoer regelen of een schoolwissel overwegen")
    lines.append(f"Score van het plan: {nl(score, 2)}")
    return lines
