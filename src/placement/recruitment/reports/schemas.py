"""Response structs of the recruitment reports."""

from __future__ import annotations

import datetime as dt

import msgspec


class StageFiguresOut(msgspec.Struct, kw_only=True):
    stage: str
    reached: int
    current: int
    conversion: float | None  # reached / reached of the previous stage on the path
    median_days_in_stage: float | None


class DropoutOut(msgspec.Struct, kw_only=True):
    outcome: str  # afgehaakt or afgewezen
    reason_code: str
    left_at_stage: str
    count: int


class FunnelGroupOut(msgspec.Struct, kw_only=True):
    campaign_code: str | None
    channel: str | None
    leads: int
    approved: int
    approval_rate: float | None
    median_days_to_approval: float | None
    stages: list[StageFiguresOut]
    dropouts: list[DropoutOut]


class FunnelReport(msgspec.Struct, kw_only=True):
    generated_at: dt.datetime
    overall: FunnelGroupOut
    by_campaign: list[FunnelGroupOut]
    by_channel: list[FunnelGroupOut]
    by_campaign_and_channel: list[FunnelGroupOut]


class GapCell(msgspec.Struct, kw_only=True):
    key: str | None
    label: str
    demand: int | str  # a count, "<5" (small cell) or "suppressed" (complementary suppression)
    free_places: int
    gap: int | None  # demand - free places; None when demand is not shown
    rank: int  # 1 = recruit here first


class GapDimension(msgspec.Struct, kw_only=True):
    dimension: str  # wijk, age_band, need, placement_type
    cells: list[GapCell]


class SupplyGapReport(msgspec.Struct, kw_only=True):
    as_of: dt.date
    free_until: dt.date  # supply counts places free from as_of until (not including) this day
    threshold: int
    total_demand: int | str
    total_free_places: int
    dimensions: list[GapDimension]
    suppression: str
