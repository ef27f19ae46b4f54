"""Ranking one child against every carer: pure, no I/O.

    ranking = rank_child(index, child, request, policy, filters)

Hard constraints first (constraints.py), then the soft factors on the eligible carers
(factors.py); the score is the weighted mean of the factor scores, and explanations are built
only for the options shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from placement.matching.core import factors as f
from placement.matching.core.constraints import (
    BIT,
    REASONS,
    TEXT,
    cheap_reasons,
    reason_codes,
    safety_violations,
)
from placement.matching.core.index import LEVEL_NONE, CandidateIndex, Distances, day_number
from placement.matching.core.policy import Policy
from placement.matching.core.profiles import (
    DEFAULT_FILTERS,
    ChildProfile,
    Filters,
    RequestProfile,
    Spot,
    age_on,
)
from placement.matching.core.results import (
    Exclusion,
    ExclusionSummary,
    Factor,
    Option,
    Ranking,
    Reason,
    ReasonCount,
    Relaxation,
    SupportNeed,
)
from placement.matching.core.texts import need_nl
from placement.matching.core.travel import OfflineEstimator, TravelTimeEstimator


def anchor_of(child: ChildProfile) -> Spot:
    """The fixed point the travel limit applies to: the school, else the child's own home."""
    return child.school or Spot(latitude=child.home_latitude, longitude=child.home_longitude,
                                name="eigen buurt")


@dataclass
class Evaluation:
    """One child against the index: reasons for every carer, factor columns for the eligible."""

    child: ChildProfile
    bits: np.ndarray  # reason bits per carer (0: eligible)
    in_scope: np.ndarray  # bool per carer: passed the organisation filter
    with_support: np.ndarray  # bool per carer
    free: np.ndarray  # free places per carer in the requested period
    rows: np.ndarray  # eligible carer rows
    columns: list[f.FactorColumn]
    weights: np.ndarray  # weight per column
    stale: np.ndarray  # per eligible carer
    not_applicable: dict[str, str] = field(default_factory=dict)
    # Per eligible carer: beyond the travel limit, kept only because a stretch was asked for
    # (an all-together sibling plan); such carers also carry the beyond_max_travel_time bit.
    over_limit: np.ndarray | None = None
    anchor: f.Trip | None = None  # per eligible carer: the trip the travel limit applies to
    travel_limit: float = 0.0
    age: int = 0
    # The carers the distance checks measured (passed the cheap checks) and their trip
    # minutes: what a relaxation of the travel limit would add is read from these.
    measured: np.ndarray | None = None
    measured_minutes: np.ndarray | None = None
    scope_filtered: bool = False  # an organisation filter applies (else in_scope is all true)
    distances: Distances | None = None  # how this search measures km (shared within a group)

    @property
    def weighted(self) -> np.ndarray:
        """Sum of weight x score per eligible carer (divide by the weight total for the score)."""
        if not self.columns:
            return np.zeros(len(self.rows))
        return np.sum([w * c.score for w, c in zip(self.weights, self.columns)], axis=0)

    @property
    def weight_total(self) -> float:
        return float(self.weights.sum())

    def scores(self) -> np.ndarray:
        total = self.weight_total
        return self.weighted / total if total > 0 else np.zeros(len(self.rows))


def evaluate_child(index: CandidateIndex, child: ChildProfile, request: RequestProfile,
                   policy: Policy, filters: Filters = DEFAULT_FILTERS,
                   estimator: TravelTimeEstimator | None = None,
                   free: np.ndarray | None = None,
                   travel_stretch_minutes: float | None = None,
                   distances: Distances | None = None) -> Evaluation:
    """`travel_stretch_minutes`: keep carers up to this trip length as well, marked in
    `over_limit` (they count as excluded by the travel limit in the summary). `distances`:
    a DistanceMemo shared by the children of one search (default: measure directly)."""
    estimator = estimator or OfflineEstimator()
    distances = distances or index.distances_km
    placement_type = filters.placement_type or request.placement_type
    age = age_on(child.birth_date, request.desired_start)
    if free is None:
        free = index.free_places(request.desired_start, request.period_end)
    bits, with_support = cheap_reasons(index, child, age=age, placement_type=placement_type,
                                       free=free)
    in_scope = np.ones(len(index), dtype=bool)
    if filters.organisation_id is not None:
        in_scope = np.array([o == filters.organisation_id for o in index.org_vocab],
                            dtype=bool)[index.organisation] if len(index) else in_scope
    rows = np.flatnonzero((bits == 0) & in_scope)
    measured = rows

    # Distance checks on the survivors of the cheap checks only.
    if child.safety_zones:
        near = safety_violations(child, len(rows), _near_only(index, rows, distances))
        bits[rows[near]] |= BIT["safety_distance"]
    limit = filters.max_travel_minutes or policy.thresholds.max_travel_minutes
    stretch = max(limit, travel_stretch_minutes or limit)
    # Beyond the stretch a carer is out, and the relaxation hints look at most the last travel
    # step past the limit: further than both, the trip's exact length changes nothing.
    anchor_trip = f.trip(anchor_of(child), index, rows, age, policy, estimator,
                         beyond_minutes=max(stretch, limit + TRAVEL_STEPS_MINUTES[-1]),
                         distances=distances)
    bits[rows[anchor_trip.minutes > stretch]] |= BIT["beyond_max_travel_time"]

    keep = bits[rows] == 0
    rows = rows[keep]
    over_limit = anchor_trip.minutes[keep] > limit
    bits[rows[over_limit]] |= BIT["beyond_max_travel_time"]
    columns: list[f.FactorColumn] = []
    not_applicable: dict[str, str] = {}
    if child.school is not None:
        school = anchor_trip.take(keep)
        columns.append(f.school_travel(school, policy, estimator))
    else:
        not_applicable["school_travel"] = "geen school bekend"
    if child.clubs:
        trips = [f.trip(club, index, rows, age, policy, estimator, distances=distances)
                 for club in child.clubs]
        columns.append(f.club_travel(trips, policy, estimator))
    else:
        not_applicable["club_travel"] = "geen vaste club of activiteit bekend"
    contact = child.parents or Spot(latitude=child.home_latitude, longitude=child.home_longitude)
    contact_km = distances(contact.latitude, contact.longitude, rows)
    columns.append(f.parents_distance(contact_km, child.parents is not None, policy))
    if child.home_wijk_code:
        columns.append(f.own_wijk(index, rows, child))
    else:
        not_applicable["own_wijk"] = "kind woont niet in een bekende wijk"
    if child.together_sibling_carers:
        columns.append(f.siblings_placed(index, rows, child))
    else:
        not_applicable["siblings_together"] = "geen broers of zussen om samen mee te plaatsen"
    if child.must_needs or child.should_needs:
        columns.append(f.needs_fit(index, rows, child, policy))
    else:
        not_applicable["needs_fit"] = "geen zorgbehoeften vastgelegd"
    if child.network_ties:
        columns.append(f.network_tie(index, rows, child))
    else:
        not_applicable["network_tie"] = "geen netwerk van het kind bekend als opvanglocatie"
    columns.append(f.age_order(index, rows, child, policy))
    if (child.wishes.get("language") or child.wishes.get("religion")):
        columns.append(f.expressed_wishes(index, rows, child))
    else:
        not_applicable["expressed_wishes"] = ("geen wens over taal of geloof uitgesproken"
                                              if not child.wishes.get("food") else
                                              "alleen een voedingswens: niet te toetsen")
    today = day_number(filters.today or dt.date.today())
    freshness, stale = f.availability_freshness(index, rows, today, policy)
    columns.append(freshness)
    if index.stability is not None:  # no active model: no factor, as before
        columns.append(f.stability(index, rows, child, age, placement_type, columns))
    weights = np.array([policy.weight(c.key) for c in columns], dtype=np.float64)
    return Evaluation(child, bits, in_scope, with_support, free, rows, columns, weights, stale,
                      not_applicable, over_limit, anchor_trip.take(keep), limit, age,
                      measured, anchor_trip.minutes, filters.organisation_id is not None,
                      distances)


def _near_only(index: CandidateIndex, rows: np.ndarray,
               distances: Distances) -> Callable[[float, float, float], np.ndarray]:
    """km from a point to the carers at `rows`, measured only where the cheap lower bound
    does not already put them beyond `within_km` (those get inf): for the safety zones."""
    def measure(lat: float, lon: float, within_km: float) -> np.ndarray:
        far = index.certainly_beyond_km(lat, lon, rows, within_km)
        if not far.any():
            return distances(lat, lon, rows)
        km = np.full(len(rows), np.inf)
        km[~far] = distances(lat, lon, rows[~far])
        return km

    return measure


def top_positions(index: CandidateIndex, rows: np.ndarray, scores: np.ndarray,
                  limit: int) -> np.ndarray:
    """Positions of the best `limit` scores, highest first, ties by carer id: the same answer
    whatever the order of the carers in the index."""
    if len(scores) == 0:
        return np.zeros(0, dtype=np.int64)
    if len(scores) > limit:
        cut = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        candidates = np.flatnonzero(scores >= cut)
    else:
        candidates = np.arange(len(scores))
    order = np.lexsort((index.id_rank[rows[candidates]], -scores[candidates]))
    return candidates[order][:limit]


_FactorValues = tuple[str, float | str | None, str, float, float, str]


def _factor_values(column: f.FactorColumn, weight: float, position: int) -> _FactorValues:
    """One factor of one option: key, raw value, unit, score, weight and its Dutch line."""
    raw: float | str | None
    if column.raw_text is not None:
        raw = column.raw_text(position)
    else:
        value = float(column.raw[position])
        raw = None if value != value else round(value, 2)  # nan: unknown
    return (column.key, raw, column.unit, float(column.score[position]), weight,
            column.explain(position))


def option_at(index: CandidateIndex, ev: Evaluation, position: int, rank: int,
              extra: list[tuple[f.FactorColumn, float]] = (),  # type: ignore[assignment]
              memo: dict[int, list[_FactorValues]] | None = None) -> Option:
    """The explained option for the eligible carer at `position` (extra: plan-level factors).
    `memo` keeps the child's own factors per position: a sibling plan search shows the same
    child at the same carer in several plans."""
    row = int(ev.rows[position])
    own = memo.get(position) if memo is not None else None
    if own is None:
        # Plain floats: the same arithmetic as numpy's float64, without its per-call overhead.
        own = [_factor_values(column, weight, position)
               for column, weight in zip(ev.columns, ev.weights.tolist())]
        if memo is not None:
            memo[position] = own
    values = own + [_factor_values(column, weight, position) for column, weight in extra]
    total = sum(v[4] for v in values)
    factor_list = [Factor(key=key, raw=raw, unit=unit, score=score, weight=float(weight),
                          contribution=float(weight * score / total) if total > 0 else 0.0,
                          explanation=explanation)
                   for key, raw, unit, score, weight, explanation in values]
    support = []
    if ev.with_support[row]:
        for code in ev.child.must_needs:
            level = index.need_column(code)[row]
            if level == 1:
                col = index.need_vocab.index(code)
                support.append(SupportNeed(need_code=code, note=index.support_notes.get((row, col))))
    wijk = int(index.wijk[row])
    return Option(
        rank=rank, carer_id=index.carer_ids[row], carer_name=index.names[row],
        organisation_id=index.organisation_ids[row],
        carer_kind="family_home" if index.family_home[row] else "foster_family",
        network_family=bool(index.network[row]),
        wijk_code=index.wijk_vocab[wijk] if wijk >= 0 else None,
        free_places=int(ev.free[row]), score=sum(x.contribution for x in factor_list),
        factors=factor_list, with_support=bool(ev.with_support[row]), support_needed=support,
        availability_stale=bool(ev.stale[position]))


# HAS_BIT[i, v]: reason i is among the bits v. Carers per bit set value (one bincount) times
# this gives the count per reason in one pass over the carers instead of one per reason.
HAS_BIT = np.array([[(v & BIT[code]) != 0 for v in range(1 << len(REASONS))]
                    for code, _ in REASONS], dtype=np.int64)


def exclusion_summary(ev: Evaluation) -> ExclusionSummary:
    scoped = ev.bits[ev.in_scope] if ev.scope_filtered else ev.bits
    per_value = np.bincount(scoped, minlength=1 << len(REASONS))
    per_reason = (HAS_BIT @ per_value).tolist()
    counts = [ReasonCount(code=code, text=text, count=count)
              for (code, text), count in zip(REASONS, per_reason)]
    eligible = int(per_value[0])
    return ExclusionSummary(considered=len(scoped), eligible=eligible,
                            excluded=len(scoped) - eligible,
                            by_reason=[c for c in counts if c.count])


def exclusions(index: CandidateIndex, ev: Evaluation) -> list[Exclusion]:
    excluded = np.flatnonzero((ev.bits != 0) & ev.in_scope)
    excluded = excluded[np.argsort(index.id_rank[excluded])]
    return [Exclusion(carer_id=index.carer_ids[r], carer_name=index.names[r],
                      reasons=[Reason(code=c, text=TEXT[c]) for c in reason_codes(int(ev.bits[r]))])
            for r in excluded]


def rank_child(index: CandidateIndex, child: ChildProfile, request: RequestProfile,
               policy: Policy, filters: Filters = DEFAULT_FILTERS,
               estimator: TravelTimeEstimator | None = None) -> Ranking:
    estimator = estimator or OfflineEstimator()
    ev = evaluate_child(index, child, request, policy, filters, estimator)
    scores = ev.scores()
    best = top_positions(index, ev.rows, scores, filters.limit)
    return Ranking(
        child_id=child.child_id, policy_version=policy.version,
        options=[option_at(index, ev, int(p), rank) for rank, p in enumerate(best, start=1)],
        exclusion_summary=exclusion_summary(ev), factors_not_applicable=ev.not_applicable,
        exclusions=exclusions(index, ev) if filters.include_exclusions else None,
        travel_basis=estimator.name,
        relaxations=relaxation_hints(index, ev, request, policy, filters, estimator))


# Relaxations an officer can weigh when a child has too few options, in the order shown when
# they add as many. Each is one rule set aside at a time, never two together.
TRAVEL_STEPS_MINUTES = (15, 30, 60)


def relaxation_hints(index: CandidateIndex, ev: Evaluation, request: RequestProfile,
                     policy: Policy, filters: Filters,
                     estimator: TravelTimeEstimator) -> list[Relaxation]:
    """With fewer eligible carers than the policy's `min_options`: which single relaxation
    would add options, and how many, from the exclusion reasons. The ranking is unchanged."""
    eligible = int(np.count_nonzero((ev.bits == 0) & ev.in_scope))
    if eligible >= policy.thresholds.min_options:
        return []
    hints: list[Relaxation] = []
    if ev.measured is not None and ev.measured_minutes is not None:
        only_travel = ev.bits[ev.measured] == BIT["beyond_max_travel_time"]
        minutes = ev.measured_minutes[only_travel]
        for step in TRAVEL_STEPS_MINUTES:
            longer = ev.travel_limit + step
            extra = int(np.count_nonzero(minutes <= longer))
            if extra and longer <= 600:
                hints.append(Relaxation(
                    code="max_travel_minutes", value=f"{longer:.0f}", extra=extra,
                    text=f"met {longer:.0f} min maximale reistijd: {extra} extra"))
                break

    # Each relaxation's carers, gathered first: they are disjoint (each fails one rule only),
    # so the distance checks run once over all of them together.
    scoped = ev.in_scope
    candidates: list[tuple[str, str | None, str, np.ndarray]] = []  # code, value, text, rows
    only_need = np.flatnonzero(scoped & (ev.bits == BIT["must_need_not_covered"]))
    if len(only_need):
        missing = np.stack([index.need_column(code)[only_need] == LEVEL_NONE
                            for code in ev.child.must_needs])  # needs x carers
        single = missing.sum(axis=0) == 1
        candidates += [("support_for_need", code,
                        f"met extra ondersteuning voor {need_nl(code, index.need_labels)}",
                        only_need[single & missing[k]])
                       for k, code in enumerate(ev.child.must_needs)]
    candidates += [(code, None, text, np.flatnonzero(scoped & (ev.bits == BIT[code])))
                   for code, text in (
                       ("age_outside_range", "met een uitzondering op de leeftijdsgrens"),
                       ("type_not_offered", "als een andere pleegzorgvorm kan"))]
    if filters.organisation_id is not None:
        candidates.append(("other_organisation", None, "bij een andere aanbieder",
                           np.flatnonzero(~scoped & (ev.bits == 0))))
    rows = np.concatenate([c[3] for c in candidates]) if candidates else np.zeros(0, np.int64)
    if len(rows):
        # How many of these carers pass the distance checks (safety, travel limit).
        measure = ev.distances or index.distances_km
        ok = np.ones(len(rows), dtype=bool)
        if ev.child.safety_zones:
            ok &= ~safety_violations(ev.child, len(rows), _near_only(index, rows, measure))
        trip = f.trip(anchor_of(ev.child), index, rows, ev.age, policy, estimator,
                      beyond_minutes=ev.travel_limit, distances=measure)
        ok &= trip.minutes <= ev.travel_limit
        start = 0
        for code, value, text, some in candidates:
            extra = int(np.count_nonzero(ok[start:start + len(some)]))
            start += len(some)
            if extra:
                hints.append(Relaxation(code=code, value=value, extra=extra,
                                        text=f"{text}: {extra} extra"))
    return sorted(hints, key=lambda h: -h.extra)
