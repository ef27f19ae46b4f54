"""Request and response structs of the commission: referral, dossier, decision.

Children appear in the dossier as the commission sees them everywhere else (ChildService with the
commissie role: case reference, age, gender, wijk, needs and wishes; no name, address or school)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from placement.children.schemas import ChildOut
from placement.core.schemas import Page, Strict
from placement.matching.schemas import SearchOut, SupportNeed

# The request statuses of migration 0005 (placement.decisions.reasons.REQUEST_STATUSES).
CaseStatus = Literal["open", "proposed", "introduction", "placed", "ended", "cancelled"]
Outcome = Literal["approve_option", "approve_with_support", "search_wider", "non_family_care"]
OUTCOMES_WITH_OPTION = ("approve_option", "approve_with_support")
Text = Annotated[str, msgspec.Meta(max_length=4000)]
MemberName = Annotated[str, msgspec.Meta(max_length=200)]


class ReferralIn(Strict):
    """The officer's referral: what the commission is asked, and why the officer asks it.
    Blank text is refused by the service, so the answer names the field either way."""

    question: Text
    motivation: Text


class ReferralOut(msgspec.Struct, kw_only=True):
    id: UUID
    request_id: UUID
    organisation_id: UUID
    question: str
    motivation: str
    referred_by_label: str
    referred_at: dt.datetime


class CommissionDecisionIn(Strict):
    """One of four outcomes. approve_option and approve_with_support name a listed option of a
    stored ranking (snapshot_id + option_rank: the carer rank for one child, the plan rank for a
    group); approve_with_support also names the extra support; search_wider names what to relax.
    A later decision replaces the current one (the first stays on record)."""

    outcome: Outcome
    motivation: Text
    decided_on: dt.date
    members_present: Annotated[list[MemberName], msgspec.Meta(max_length=30)]
    snapshot_id: UUID | None = None
    option_rank: int | None = None
    extra_support: Text | None = None
    relax: Text | None = None


class CommissionDecisionOut(msgspec.Struct, kw_only=True):
    id: UUID
    referral_id: UUID
    request_id: UUID
    outcome: str
    snapshot_id: UUID | None
    option_rank: int | None
    carer_id: UUID | None  # the approved option's carer (None for a plan over several carers)
    carer_name: str | None
    extra_support: str | None
    relax: str | None
    motivation: str
    decided_on: dt.date
    members_present: list[str]
    replaces_decision_id: UUID | None
    replaced: bool  # a later decision took its place
    decided_by_label: str
    created_at: dt.datetime


class CommissionOnRequest(msgspec.Struct, kw_only=True):
    """What the owning officer sees on the request: referrals and the commission's decisions,
    newest first; `current` is the decision in force (not replaced), if any."""

    request_id: UUID
    referred_to_commission: bool
    referrals: list[ReferralOut]
    decisions: list[CommissionDecisionOut]
    current: CommissionDecisionOut | None


class CaseChildRef(msgspec.Struct, kw_only=True):
    id: UUID
    case_reference: str


class CaseSummary(msgspec.Struct, kw_only=True):
    """A referred case on the commission's list."""

    request_id: UUID
    organisation_id: UUID
    organisation_name: str
    children: list[CaseChildRef]
    placement_type: str
    urgency: str
    status: str
    desired_start: dt.date
    created_at: dt.datetime
    referred_at: dt.datetime | None  # None: flagged as referred before referrals were recorded
    question: str | None
    snapshots: int
    current_outcome: str | None


class FamilyAnswerOut(msgspec.Struct, kw_only=True):
    carer_id: UUID
    carer_name: str
    answer: str
    decline_reason: str | None
    note: str
    answered_on: dt.date
    recorded_by_label: str
    recorded_at: dt.datetime


class DossierIntroduction(msgspec.Struct, kw_only=True):
    carer_id: UUID
    carer_name: str
    outcome: str
    stop_reason: str | None
    note: str
    held_on: dt.date
    recorded_by_label: str
    recorded_at: dt.datetime


class OfficerDecisionOut(msgspec.Struct, kw_only=True):
    """An officer's (or waiting list's) decision on the request, read from the decisions table,
    with every family answer and introduction that followed it."""

    id: UUID
    snapshot_id: UUID
    option_kind: str
    option_rank: int
    chosen: Any
    reason_code: str | None
    motivation: str | None
    broken_together_ties: int
    split_reasons: Any
    supply_changed: bool
    replaces_decision_id: UUID | None
    source: str
    decided_by_label: str
    decided_at: dt.datetime
    answers: list[FamilyAnswerOut]
    introductions: list[DossierIntroduction]


class SupportOption(msgspec.Struct, kw_only=True):
    """An option of a stored ranking that fits only with extra (ambulant) support: the passend
    alternatief the commission weighs. For a group, plan_rank names the plan it belongs to."""

    snapshot_id: UUID
    snapshot_created_at: dt.datetime
    option_rank: int  # the rank to name in a decision: carer rank (one child) or plan rank
    plan_rank: int | None
    carer_id: UUID
    carer_name: str
    child_id: UUID
    score: float
    support_needed: list[SupportNeed]


class DossierRequest(msgspec.Struct, kw_only=True):
    id: UUID
    organisation_id: UUID
    organisation_name: str
    placement_type: str
    urgency: str
    desired_start: dt.date
    expected_duration_days: int | None
    status: str
    notes: str
    created_at: dt.datetime


class Dossier(msgspec.Struct, kw_only=True):
    """Everything stored about a referred case, assembled for the commission. Snapshots are the
    stored rankings exactly as they were returned (newest first)."""

    request: DossierRequest
    children: list[ChildOut]
    referrals: list[ReferralOut]
    snapshots: list[SearchOut]
    support_options: list[SupportOption]
    decisions: list[OfficerDecisionOut]
    commission_decisions: list[CommissionDecisionOut]
    current: CommissionDecisionOut | None


class CasePage(Page[CaseSummary]):
    items: list[CaseSummary]
