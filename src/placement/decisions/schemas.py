"""Request and response structs of the decision spine: a decision on a ranking snapshot's option,
the families' answers, the introductions, the placement and the follow-up request.

The code literals repeat the keys of placement.decisions.reasons (a unit test keeps them equal),
because msgspec needs them spelled out to refuse an unknown code with a 400 naming the field."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from placement.core.schemas import PlacementType, Strict
from placement.placements.schemas import OccupancyOut

OverrideReason = Literal["family_declined", "family_unreachable", "wish_child_parents",
                         "closer_to_network", "continuity_school_care",
                         "professional_judgement", "other"]
SplitReason = Literal["no_home_for_all", "specialist_care", "threat", "severe_conflict",
                      "sexual_abuse", "needs_differ", "wish_child", "professional_judgement",
                      "other"]
Answer = Literal["accepted", "declined", "no_answer"]
DeclineReason = Literal["no_room_now", "not_fitting_family", "needs_too_heavy",
                        "personal_circumstances", "other"]
Outcome = Literal["go_ahead", "stop"]
StopReason = Literal["child_not_comfortable", "family_not_comfortable", "parents_object",
                     "professional_judgement", "other"]
Text = Annotated[str, msgspec.Meta(max_length=4000)]


class SplitReasonIn(Strict):
    """Why one `together` tie of the chosen plan is broken."""

    child_a_id: UUID
    child_b_id: UUID
    reason_code: SplitReason
    motivation: Text


class DecisionCreate(Strict):
    """Choose option `option_rank` of a stored ranking of this request (a carer for one child,
    a plan for a sibling group). Anything but rank 1 needs reason_code and motivation; a plan that
    breaks `together` ties needs one split reason per broken tie."""

    snapshot_id: UUID
    option_rank: Annotated[int, msgspec.Meta(ge=1, le=1000)]
    reason_code: OverrideReason | None = None
    motivation: Text | None = None
    split_reasons: list[SplitReasonIn] = []
    replaces_decision_id: UUID | None = None


class AnswerCreate(Strict):
    carer_id: UUID
    answer: Answer
    answered_on: dt.date
    decline_reason: DeclineReason | None = None
    note: Text = ""


class IntroductionCreate(Strict):
    carer_id: UUID
    outcome: Outcome
    held_on: dt.date
    stop_reason: StopReason | None = None
    note: Text = ""


class PlacementCreate(Strict):
    """Turn the decision's reservations into placements from the real start date."""

    start: dt.date


class FollowUpCreate(Strict):
    """A new request for the same children after an unplanned ending."""

    desired_start: dt.date
    placement_type: PlacementType | None = None  # the old request's when left out
    urgency: Literal["crisis", "high", "normal"] = "high"
    notes: Text = ""


class AnswerOut(msgspec.Struct, kw_only=True):
    id: UUID
    decision_id: UUID
    carer_id: UUID
    answer: str
    decline_reason: str | None
    note: str
    answered_on: dt.date
    recorded_by_label: str
    recorded_at: dt.datetime


class IntroductionOut(msgspec.Struct, kw_only=True):
    id: UUID
    decision_id: UUID
    carer_id: UUID
    outcome: str
    stop_reason: str | None
    note: str
    held_on: dt.date
    recorded_by_label: str
    recorded_at: dt.datetime


class ChosenCarer(msgspec.Struct, kw_only=True):
    carer_id: UUID
    carer_name: str
    child_ids: list[UUID]


class DecisionOut(msgspec.Struct, kw_only=True):
    """`state`: awaiting_answers, introduction, ready_to_place, placed, declined, stopped,
    replaced, cancelled (docs/decisions.md). `chosen` is the option or plan exactly as it was in the snapshot."""

    id: UUID
    request_id: UUID
    snapshot_id: UUID
    option_kind: str
    option_rank: int
    chosen: dict[str, Any]
    carers: list[ChosenCarer]
    reason_code: str | None
    motivation: str | None
    broken_together_ties: int
    split_reasons: list[dict[str, Any]]
    supply_counter_at_search: int
    supply_counter_at_decision: int
    supply_changed: bool
    replaces_decision_id: UUID | None
    replaced_by_decision_id: UUID | None
    source: str
    decided_by_label: str
    decided_at: dt.datetime
    state: str
    reservations: list[OccupancyOut]
    answers: list[AnswerOut]
    introductions: list[IntroductionOut]


class FamilyOut(msgspec.Struct, kw_only=True):
    """One family approached for a request, with every answer and introduction."""

    carer_id: UUID
    carer_name: str
    decision_id: UUID
    option_rank: int
    decided_at: dt.datetime
    child_ids: list[UUID]
    answer: str | None  # the latest answer, None while none was recorded
    introduction: str | None  # the latest introduction outcome
    placed: bool
    answers: list[AnswerOut]
    introductions: list[IntroductionOut]


class TimelineEvent(msgspec.Struct, kw_only=True):
    at: dt.datetime
    kind: str  # melding, search, decision, answer, introduction, placement, end, scheduled_end
    summary: str  # one Dutch line
    record_id: UUID | None = None
    decision_id: UUID | None = None
    carer_id: UUID | None = None
    child_id: UUID | None = None
