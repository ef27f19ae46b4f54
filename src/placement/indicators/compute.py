"""The KPI figures (pure): plain rows in, result structs out, no I/O.

Every formula here is written out in docs/indicators.md; tests/unit/indicators compare them with
numbers worked out by hand. The period is a closed range of local dates [start, end]; `as_of`
is the day the report is made (an end date after it is a scheduled end, not an ending).

Small cells: every count of children, requests, placements, decisions or ranking appearances
below 5 is shown as "<5" with the recruitment reports' own helper
(recruitment.reports.supply_gap.shown), and a median, percentile or share computed over fewer
than 5 cases is not shown (None).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from placement.decisions.reasons import (
    END_REASONS,
    OVERRIDE_REASONS,
    SPLIT_REASONS,
    UNPLANNED_END_REASONS,
)
from placement.indicators.schemas import (
    CarerLoadOut,
    CrisisOut,
    EndingsOut,
    KpiReport,
    MovesOut,
    OverridesOut,
    ProposalLoadOut,
    ReasonCountOut,
    SiblingsOut,
    SplitOut,
    TimeToPlacementOut,
    TravelOut,
)
from placement.recruitment.reports.supply_gap import THRESHOLD, shown

TARGET_DAYS = 14
TARGET_PLANNED_SHARE = 0.85
TRAVEL_LIMIT_MINUTES = 30.0
CRISIS_LONG_DAYS = 28
TOP_N = 5
SUPPRESSION_NOTE = (
    "Aantallen onder 5 staan als '<5'; een mediaan, percentiel of aandeel over minder dan 5 "
    "gevallen wordt niet getoond.")


# --- rows in --------------------------------------------------------------------------------

@dataclass(frozen=True)
class RequestRow:
    request_id: UUID
    melding: dt.date  # local date of placement_requests.created_at
    child_count: int


@dataclass(frozen=True)
class PlacementRow:
    """One placement occupancy (kind 'placement', not cancelled)."""

    child_id: UUID
    carer_id: UUID
    placement_type: str
    start: dt.date
    end: dt.date | None  # upper(period): the day the child left (or will leave)
    end_reason: str | None
    request_id: UUID | None = None
    decision_id: UUID | None = None


@dataclass(frozen=True)
class DecisionRow:
    decision_id: UUID
    request_id: UUID
    decided_on: dt.date
    option_rank: int
    reason_code: str | None
    chosen_carers: tuple[UUID, ...]
    split_reasons: tuple[str, ...] = ()
    broken_together_ties: int = 0


@dataclass(frozen=True)
class SnapshotRow:
    """A stored ranking: the carers in its top 5 (options, or the carers of the top 5 plans)."""

    snapshot_id: UUID
    request_id: UUID
    created_on: dt.date
    top_carers: tuple[UUID, ...]


@dataclass(frozen=True)
class TravelRow:
    """A placed child with a known school: minutes from home before, from the carer after."""

    child_id: UUID
    start: dt.date
    before_minutes: float | None
    after_minutes: float | None


@dataclass
class History:
    requests: list[RequestRow] = field(default_factory=list)
    placements: list[PlacementRow] = field(default_factory=list)
    decisions: list[DecisionRow] = field(default_factory=list)
    snapshots: list[SnapshotRow] = field(default_factory=list)
    travel: list[TravelRow] = field(default_factory=list)
    carer_names: dict[UUID, str] = field(default_factory=dict)
    # request -> apart_reason of each `apart` tie between its children
    apart_reasons: dict[UUID, tuple[str, ...]] = field(default_factory=dict)


# --- small helpers --------------------------------------------------------------------------

def in_period(day: dt.date, start: dt.date, end: dt.date) -> bool:
    return start <= day <= end


def median(values: Sequence[float]) -> float | None:
    """The middle value (mean of the two middle ones for an even count); None under 5 cases."""
    if len(values) < THRESHOLD:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    value = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return round(float(value), 1)


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest rank: the ceil(p * n)-th smallest value; None under 5 cases."""
    if len(values) < THRESHOLD:
        return None
    ordered = sorted(values)
    return round(float(ordered[max(1, math.ceil(p * len(ordered))) - 1]), 1)


def share(part: int, whole: int) -> float | None:
    if whole < THRESHOLD:
        return None
    return round(part / whole, 3)


def reason_counts(counts: Counter[str], labels: dict[str, str]) -> list[ReasonCountOut]:
    """Every listed reason in the documented order (zero included, shown as '<5'), then any
    code not in the list."""
    codes = list(labels) + sorted(c for c in counts if c not in labels)
    return [ReasonCountOut(code=c, label=labels.get(c, c), count=shown(counts.get(c, 0)))
            for c in codes]


def chosen_school_minutes(chosen: dict[str, Any] | None, child_id: UUID) -> float | None:
    """The school_travel factor's raw minutes for this child in a decision's `chosen` JSON: the
    option itself (one child), or the child's member option in its part of a plan."""
    if not chosen:
        return None
    option: dict[str, Any] | None = chosen if "factors" in chosen else None
    for part in chosen.get("parts") or []:
        ids = [str(c) for c in part.get("child_ids") or []]
        if str(child_id) in ids and len(part.get("members") or []) > ids.index(str(child_id)):
            option = part["members"][ids.index(str(child_id))]
    for factor in (option or {}).get("factors") or []:
        if factor.get("key") == "school_travel" and isinstance(factor.get("raw"), int | float):
            return float(factor["raw"])
    return None


# --- the figures ----------------------------------------------------------------------------

def time_to_placement(requests: Iterable[RequestRow], placements: Iterable[PlacementRow],
                      start: dt.date, end: dt.date) -> TimeToPlacementOut:
    """Per request whose first placement started in the period: days from the melding to that
    start."""
    first: dict[UUID, dt.date] = {}
    for p in placements:
        if p.request_id is not None and (p.request_id not in first or p.start < first[p.request_id]):
            first[p.request_id] = p.start
    days = [(first[r.request_id] - r.melding).days for r in requests
            if r.request_id in first and in_period(first[r.request_id], start, end)]
    within = sum(1 for d in days if d <= TARGET_DAYS)
    return TimeToPlacementOut(
        requests=shown(len(days)), median_days=median(days), p90_days=percentile(days, 0.9),
        within_target=shown(within), share_within_target=share(within, len(days)),
        target_days=TARGET_DAYS)


def endings(placements: Iterable[PlacementRow], start: dt.date, end: dt.date,
            as_of: dt.date) -> EndingsOut:
    """Placements whose end date lies in the period and not after as_of (a later end date is a
    scheduled end). Planned = every end reason not in UNPLANNED_END_REASONS."""
    ended = [p for p in placements if p.end is not None and in_period(p.end, start, end)
             and p.end <= as_of]
    unplanned = sum(1 for p in ended if p.end_reason in UNPLANNED_END_REASONS)
    planned = len(ended) - unplanned
    share_planned = share(planned, len(ended))
    scheduled = sum(1 for p in placements if p.end is not None and p.end > as_of
                    and p.start <= end)
    return EndingsOut(
        ended=shown(len(ended)), planned=shown(planned), unplanned=shown(unplanned),
        share_planned=share_planned, target_share=TARGET_PLANNED_SHARE,
        meets_target=None if share_planned is None else share_planned >= TARGET_PLANNED_SHARE,
        scheduled_ends=shown(scheduled),
        by_reason=reason_counts(Counter(p.end_reason or "other" for p in ended), END_REASONS))


def siblings(requests: Iterable[RequestRow], placements: Iterable[PlacementRow],
             decisions: Iterable[DecisionRow], start: dt.date, end: dt.date,
             apart_reasons: dict[UUID, tuple[str, ...]] | None = None) -> SiblingsOut:
    """Sibling groups (requests for more than one child) whose first placement started in the
    period: together when all their placements are at one carer. Each split is listed with the
    split reasons of the decision its placements came from; a split that broke no `together`
    tie (the children were to live apart) with the reasons of their `apart` ties."""
    groups = {r.request_id for r in requests if r.child_count > 1}
    by_request: dict[UUID, list[PlacementRow]] = defaultdict(list)
    for p in placements:
        if p.request_id in groups:
            by_request[p.request_id].append(p)
    by_decision = {d.decision_id: d for d in decisions}
    together = 0
    splits: list[SplitOut] = []
    reasons: Counter[str] = Counter()
    for request_id, rows in sorted(by_request.items(), key=lambda kv: min(p.start for p in kv[1])):
        if not in_period(min(p.start for p in rows), start, end):
            continue
        carers = {p.carer_id for p in rows}
        if len(carers) == 1:
            together += 1
            continue
        decision = next((by_decision[p.decision_id] for p in rows
                         if p.decision_id in by_decision), None)
        codes = list(decision.split_reasons) if decision else []
        if not codes:
            codes = list((apart_reasons or {}).get(request_id, ()))
        reasons.update(codes or ["unrecorded"])
        splits.append(SplitOut(
            request_id=request_id, placed_on=min(p.start for p in rows),
            children=len({p.child_id for p in rows}), parts=len(carers),
            reasons=codes, labels=[SPLIT_REASONS.get(c, c) for c in codes]))
    placed = together + len(splits)
    labels = {**SPLIT_REASONS, "unrecorded": "Geen reden vastgelegd"}
    return SiblingsOut(
        groups_placed=shown(placed), together=shown(together), split=shown(len(splits)),
        share_together=share(together, placed),
        split_reasons=[r for r in reason_counts(reasons, labels)
                       if r.code != "unrecorded" or reasons.get("unrecorded")],
        splits=splits)


def school_travel(rows: Iterable[TravelRow], start: dt.date, end: dt.date) -> TravelOut:
    """Children placed in the period with a known school: minutes to school before (from home)
    and after (from the carer), and the share within 30 minutes."""
    chosen = [r for r in rows if in_period(r.start, start, end)]
    before = [r.before_minutes for r in chosen if r.before_minutes is not None]
    after = [r.after_minutes for r in chosen if r.after_minutes is not None]
    before_ok = sum(1 for m in before if m <= TRAVEL_LIMIT_MINUTES)
    after_ok = sum(1 for m in after if m <= TRAVEL_LIMIT_MINUTES)
    return TravelOut(
        children=shown(len(chosen)), limit_minutes=TRAVEL_LIMIT_MINUTES,
        before_known=shown(len(before)), before_median_minutes=median(before),
        before_within_limit=shown(before_ok), before_share_within_limit=share(before_ok, len(before)),
        after_known=shown(len(after)), after_median_minutes=median(after),
        after_within_limit=shown(after_ok), after_share_within_limit=share(after_ok, len(after)))


def crisis(placements: Iterable[PlacementRow], start: dt.date, end: dt.date,
           as_of: dt.date) -> CrisisOut:
    """Crisis placements that started in the period, and how long the ended ones lasted."""
    rows = [p for p in placements if p.placement_type == "crisis" and in_period(p.start, start, end)]
    all_started = sum(1 for p in placements if in_period(p.start, start, end))
    ended = [(p.end - p.start).days for p in rows if p.end is not None and p.end <= as_of]
    long = sum(1 for d in ended if d > CRISIS_LONG_DAYS)
    return CrisisOut(
        placements=shown(len(rows)), share_of_all_starts=share(len(rows), all_started),
        ended=shown(len(ended)), ongoing=shown(len(rows) - len(ended)),
        median_days=median(ended), p90_days=percentile(ended, 0.9),
        longer_than_days=CRISIS_LONG_DAYS, longer=shown(long))


def moves(placements: Iterable[PlacementRow], start: dt.date, end: dt.date) -> MovesOut:
    """Children in care in the period (a placement overlapping it); a move is a placement start
    in the period for a child who had an earlier placement."""
    by_child: dict[UUID, list[PlacementRow]] = defaultdict(list)
    for p in placements:
        by_child[p.child_id].append(p)
    in_care = 0
    total = 0
    movers = 0
    for rows in by_child.values():
        if not any(p.start <= end and (p.end is None or p.end > start) for p in rows):
            continue
        in_care += 1
        first = min(p.start for p in rows)
        count = sum(1 for p in rows if p.start > first and in_period(p.start, start, end))
        total += count
        movers += count > 0
    return MovesOut(
        children_in_care=shown(in_care), moves=shown(total),
        moves_per_child=None if in_care < THRESHOLD else round(total / in_care, 3),
        children_with_moves=shown(movers))


def overrides(decisions: Iterable[DecisionRow], start: dt.date, end: dt.date) -> OverridesOut:
    """Decisions taken in the period: how often not the top option (by reason), and how often
    the chosen option was within the top 3."""
    rows = [d for d in decisions if in_period(d.decided_on, start, end)]
    not_top = [d for d in rows if d.option_rank > 1]
    top3 = sum(1 for d in rows if d.option_rank <= 3)
    return OverridesOut(
        decisions=shown(len(rows)), top_option=shown(len(rows) - len(not_top)),
        not_top=shown(len(not_top)), share_not_top=share(len(not_top), len(rows)),
        from_top3=shown(top3), share_from_top3=share(top3, len(rows)),
        by_reason=reason_counts(Counter(d.reason_code or "other" for d in not_top),
                                OVERRIDE_REASONS))


def gini(values: Sequence[int]) -> float | None:
    """Gini coefficient of the counts (0 = all equal, towards 1 = all on one carer)."""
    if len(values) < THRESHOLD or sum(values) == 0:
        return None
    ordered = sorted(values)
    n = len(ordered)
    weighted = sum((i + 1) * v for i, v in enumerate(ordered))
    return round((2 * weighted) / (n * sum(ordered)) - (n + 1) / n, 3)


def proposal_load(snapshots: Iterable[SnapshotRow], decisions: Iterable[DecisionRow],
                  names: dict[UUID, str], start: dt.date, end: dt.date) -> ProposalLoadOut:
    """Per carer: snapshots made in the period that had it in their top 5, and decisions in the
    period that chose it. Concentration: the share of all top-5 appearances taken by the most
    proposed tenth of the proposed carers, and the Gini coefficient over the proposed carers."""
    shots = [s for s in snapshots if in_period(s.created_on, start, end)]
    appearances: Counter[UUID] = Counter()
    for s in shots:
        appearances.update(set(s.top_carers))
    chosen: Counter[UUID] = Counter()
    for d in decisions:
        if in_period(d.decided_on, start, end):
            chosen.update(set(d.chosen_carers))
    total = sum(appearances.values())
    ordered = sorted(appearances.items(), key=lambda kv: (-kv[1], names.get(kv[0], ""), kv[0]))
    tenth = max(1, math.ceil(len(ordered) / 10))
    top_share = (round(sum(v for _, v in ordered[:tenth]) / total, 3)
                 if len(ordered) >= THRESHOLD and total else None)
    carers = [CarerLoadOut(carer_id=carer, carer_name=names.get(carer, ""), in_top5=shown(count),
                           chosen=shown(chosen.get(carer, 0)),
                           chosen_share=share(chosen.get(carer, 0), count))
              for carer, count in ordered]
    for carer in sorted(set(chosen) - set(appearances), key=lambda c: names.get(c, "")):
        carers.append(CarerLoadOut(carer_id=carer, carer_name=names.get(carer, ""),
                                   in_top5=shown(0), chosen=shown(chosen[carer]),
                                   chosen_share=None))
    return ProposalLoadOut(
        snapshots=shown(len(shots)), carers_proposed=len(ordered), appearances=shown(total),
        top_tenth_carers=tenth if ordered else 0, top_tenth_share=top_share,
        gini=gini([v for _, v in ordered]), carers=carers)


def kpi_report(history: History, *, start: dt.date, end: dt.date, as_of: dt.date,
               organisation_id: UUID | None, generated_at: dt.datetime) -> KpiReport:
    return KpiReport(
        organisation_id=organisation_id, period_from=start, period_to=end, as_of=as_of,
        generated_at=generated_at, threshold=THRESHOLD, suppression=SUPPRESSION_NOTE,
        time_to_placement=time_to_placement(history.requests, history.placements, start, end),
        endings=endings(history.placements, start, end, as_of),
        siblings=siblings(history.requests, history.placements, history.decisions, start, end,
                          history.apart_reasons),
        school_travel=school_travel(history.travel, start, end),
        crisis=crisis(history.placements, start, end, as_of),
        moves=moves(history.placements, start, end),
        overrides=overrides(history.decisions, start, end),
        proposal_load=proposal_load(history.snapshots, history.decisions, history.carer_names,
                                    start, end))
