"""Structs of the KPI report (JSON answer, CSV rows and the command line print the same figures).

A count is an int, or "<5" when it is below the threshold (recruitment's suppression rule);
a median, percentile or share is None when it would rest on fewer than 5 cases."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import msgspec

Count = int | str


class ReasonCountOut(msgspec.Struct, kw_only=True):
    code: str
    label: str
    count: Count


class TimeToPlacementOut(msgspec.Struct, kw_only=True):
    requests: Count
    median_days: float | None
    p90_days: float | None
    within_target: Count
    share_within_target: float | None
    target_days: int


class EndingsOut(msgspec.Struct, kw_only=True):
    ended: Count
    planned: Count
    unplanned: Count
    share_planned: float | None
    target_share: float
    meets_target: bool | None
    scheduled_ends: Count
    by_reason: list[ReasonCountOut]


class SplitOut(msgspec.Struct, kw_only=True):
    request_id: UUID
    placed_on: dt.date
    children: int
    parts: int
    reasons: list[str]
    labels: list[str]


class SiblingsOut(msgspec.Struct, kw_only=True):
    groups_placed: Count
    together: Count
    split: Count
    share_together: float | None
    split_reasons: list[ReasonCountOut]
    splits: list[SplitOut]


class TravelOut(msgspec.Struct, kw_only=True):
    children: Count
    limit_minutes: float
    before_known: Count
    before_median_minutes: float | None
    before_within_limit: Count
    before_share_within_limit: float | None
    after_known: Count
    after_median_minutes: float | None
    after_within_limit: Count
    after_share_within_limit: float | None


class CrisisOut(msgspec.Struct, kw_only=True):
    placements: Count
    share_of_all_starts: float | None
    ended: Count
    ongoing: Count
    median_days: float | None
    p90_days: float | None
    longer_than_days: int
    longer: Count


class MovesOut(msgspec.Struct, kw_only=True):
    children_in_care: Count
    moves: Count
    moves_per_child: float | None
    children_with_moves: Count


class OverridesOut(msgspec.Struct, kw_only=True):
    decisions: Count
    top_option: Count
    not_top: Count
    share_not_top: float | None
    from_top3: Count
    share_from_top3: float | None
    by_reason: list[ReasonCountOut]


class CarerLoadOut(msgspec.Struct, kw_only=True):
    carer_id: UUID
    carer_name: str
    in_top5: Count
    chosen: Count
    chosen_share: float | None


class ProposalLoadOut(msgspec.Struct, kw_only=True):
    snapshots: Count
    carers_proposed: int
    appearances: Count
    top_tenth_carers: int
    top_tenth_share: float | None
    gini: float | None
    carers: list[CarerLoadOut]


class KpiReport(msgspec.Struct, kw_only=True):
    organisation_id: UUID | None  # None: every organisation (the command line)
    period_from: dt.date
    period_to: dt.date
    as_of: dt.date
    generated_at: dt.datetime
    threshold: int
    suppression: str
    time_to_placement: TimeToPlacementOut
    endings: EndingsOut
    siblings: SiblingsOut
    school_travel: TravelOut
    crisis: CrisisOut
    moves: MovesOut
    overrides: OverridesOut
    proposal_load: ProposalLoadOut
