"""Funnel figures (pure): from each lead's own stage events to counts, conversions and durations.

Definitions (also in docs/recruitment.md):
- reached: leads with any event for the stage (entered, skipped past, or returned to); a lead
  that skipped a stage has passed it, so conversion is not distorted by skipping.
- current: leads in the stage now.
- conversion: reached(stage) / reached(previous stage on the path).
- median days in stage: per lead the total time spent in the stage (from entering it to the next
  stage change), over the leads that have left it; skipped stages count no time.
- days to approval: from the aanmelding to the goedgekeurd event.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from placement.recruitment.reference import APPROVED, DROPPED_OUT, PATH, STAGES


class Event(NamedTuple):
    stage: str
    how: str
    occurred_at: dt.datetime
    from_stage: str | None = None
    reason_code: str | None = None


class LeadPath(NamedTuple):
    lead_id: object
    campaign_code: str | None
    channel: str | None
    stage: str
    events: Sequence[Event]  # in order


class StageFigures(NamedTuple):
    stage: str
    reached: int
    current: int
    conversion: float | None
    median_days_in_stage: float | None


class Dropout(NamedTuple):
    outcome: str
    reason_code: str
    left_at_stage: str
    count: int


class Funnel(NamedTuple):
    leads: int
    stages: list[StageFigures]
    approved: int
    approval_rate: float | None
    median_days_to_approval: float | None
    dropouts: list[Dropout]


def _days(delta: dt.timedelta) -> float:
    return delta.total_seconds() / 86400


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def funnel(paths: Iterable[LeadPath]) -> Funnel:
    paths = list(paths)
    reached: Counter[str] = Counter()
    current: Counter[str] = Counter(p.stage for p in paths)
    stay_days: dict[str, list[float]] = defaultdict(list)
    to_approval: list[float] = []
    dropouts: Counter[tuple[str, str, str]] = Counter()
    for path in paths:
        reached.update({e.stage for e in path.events})
        per_stage: dict[str, float] = defaultdict(float)
        for event, following in zip(path.events, path.events[1:]):
            if event.how != "skipped" and event.stage in PATH:
                per_stage[event.stage] += _days(following.occurred_at - event.occurred_at)
        for stage, days in per_stage.items():
            stay_days[stage].append(days)
        start = next((e.occurred_at for e in path.events if e.stage == PATH[0]), None)
        approved_at = next((e.occurred_at for e in path.events if e.stage == APPROVED), None)
        if start is not None and approved_at is not None:
            to_approval.append(_days(approved_at - start))
        if path.stage in DROPPED_OUT:
            last = next((e for e in reversed(path.events) if e.stage == path.stage), None)
            if last is not None:
                dropouts[(path.stage, last.reason_code or "onbekend", last.from_stage or "")] += 1
    figures = []
    previous = None
    for stage in (*PATH, APPROVED):
        conversion = None
        if previous is not None and reached[previous]:
            conversion = reached[stage] / reached[previous]
        days = stay_days.get(stage)
        figures.append(StageFigures(stage, reached[stage], current[stage], _round(conversion, 3),
                                    _round(statistics.median(days), 1) if days else None))
        previous = stage
    figures += [StageFigures(s, reached[s], current[s], None, None) for s in STAGES
                if s in DROPPED_OUT]
    approved = reached[APPROVED]
    return Funnel(
        leads=len(paths), stages=figures, approved=approved,
        approval_rate=_round(approved / len(paths), 3) if paths else None,
        median_days_to_approval=_round(statistics.median(to_approval), 1) if to_approval else None,
        dropouts=[Dropout(o, r, s, n) for (o, r, s), n in sorted(dropouts.items())],
    )
