"""Request and response structs for leads (werving): intake, stages, consents, tasks,
duplicates, the CSV import and the purge."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from placement.core.schemas import Page, Strict
from placement.core.validation import Phone
from placement.recruitment.campaigns.schemas import (
    CampaignCode,
    Channel,
    Name,
    NeedCode,
    PlacementType,
)

ConsentPurpose = Literal["contact", "keep_after_dropout", "newsletter"]
TaskKind = Literal["contact_opnemen", "informatiepakket_sturen", "uitnodigen", "terugbellen",
                   "other"]
FosterKind = Literal["general", "network"]
Email = Annotated[str, msgspec.Meta(max_length=200, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Postcode = Annotated[str, msgspec.Meta(min_length=4, max_length=8, examples=["3522AB"])]
Note = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
Age = Annotated[int, msgspec.Meta(ge=0, le=23)]
BirthYear = Annotated[int, msgspec.Meta(ge=1990, le=2100)]


class ConsentIn(Strict):
    purpose: ConsentPurpose
    text_version: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    given_at: dt.datetime | None = None  # default: now


class ConsentOut(msgspec.Struct, kw_only=True):
    id: UUID
    purpose: str
    given_at: dt.datetime
    text_version: str
    withdrawn_at: dt.datetime | None


class LeadCompetenceIn(Strict):
    """A need the future carer can meet (from the preparation course and screening)."""

    code: NeedCode
    level: Literal["full", "with_support"] = "full"


class LeadCreate(Strict):
    full_name: Name
    postcode: Postcode
    email: Email | None = None
    phone: Phone | None = None
    address: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    campaign_code: CampaignCode | None = None
    heard_via: Channel | None = None
    interest_placement_types: list[PlacementType] = []
    interest_family_home: bool = False
    foster_kind: FosterKind | None = None
    age_min: Age | None = None
    age_max: Age | None = None
    own_children_birth_years: list[BirthYear] = []
    spare_rooms: Annotated[int, msgspec.Meta(ge=0, le=12)] = 0
    competences: list[LeadCompetenceIn] = []
    consents: list[ConsentIn] = []
    assigned_user_id: UUID | None = None  # default: the recruiter registering the lead
    registered_at: dt.datetime | None = None  # when the form was sent; default: now


class LeadUpdate(Strict):
    version: int | None = None
    full_name: Name | msgspec.UnsetType = msgspec.UNSET
    postcode: Postcode | msgspec.UnsetType = msgspec.UNSET
    email: Email | msgspec.UnsetType | None = msgspec.UNSET
    phone: Phone | msgspec.UnsetType | None = msgspec.UNSET
    address: Annotated[str, msgspec.Meta(max_length=200)] | msgspec.UnsetType | None = msgspec.UNSET
    heard_via: Channel | msgspec.UnsetType | None = msgspec.UNSET
    interest_placement_types: list[PlacementType] | msgspec.UnsetType = msgspec.UNSET
    interest_family_home: bool | msgspec.UnsetType = msgspec.UNSET
    foster_kind: FosterKind | msgspec.UnsetType | None = msgspec.UNSET
    age_min: Age | msgspec.UnsetType | None = msgspec.UNSET
    age_max: Age | msgspec.UnsetType | None = msgspec.UNSET
    own_children_birth_years: list[BirthYear] | msgspec.UnsetType = msgspec.UNSET
    spare_rooms: Annotated[int, msgspec.Meta(ge=0, le=12)] | msgspec.UnsetType = msgspec.UNSET
    competences: list[LeadCompetenceIn] | msgspec.UnsetType = msgspec.UNSET
    assigned_user_id: UUID | msgspec.UnsetType | None = msgspec.UNSET


class StageChange(Strict):
    to_stage: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    version: int | None = None
    reason_code: Annotated[str, msgspec.Meta(min_length=1, max_length=40)] | None = None
    note: Note | None = None
    occurred_at: dt.datetime | None = None  # when it happened, if recorded afterwards


class LeadApproval(Strict):
    """Approval in one act: the details as checked (any of LeadUpdate's fields; `version` here
    or in If-Match) saved on the lead and the carer made from them, or nothing when refused."""
    details: LeadUpdate = msgspec.field(default_factory=LeadUpdate)
    note: Note | None = None


class StageEventOut(msgspec.Struct, kw_only=True):
    stage: str
    how: str
    from_stage: str | None
    occurred_at: dt.datetime
    actor_user_id: UUID | None
    actor_label: str
    reason_code: str | None
    note: str | None
    origin_lead_id: UUID


class TaskCreate(Strict):
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    due_on: dt.date
    kind: TaskKind = "other"
    note: Note | None = None
    assigned_user_id: UUID | None = None


class TaskUpdate(Strict):
    version: int | None = None
    done: bool | msgspec.UnsetType = msgspec.UNSET
    due_on: dt.date | msgspec.UnsetType = msgspec.UNSET
    note: Note | msgspec.UnsetType | None = msgspec.UNSET
    assigned_user_id: UUID | msgspec.UnsetType | None = msgspec.UNSET


class TaskOut(msgspec.Struct, kw_only=True):
    id: UUID
    lead_id: UUID
    kind: str
    title: str
    note: str | None
    due_on: dt.date
    assigned_user_id: UUID | None
    done_at: dt.datetime | None
    version: int
    lead_name: str | None = None
    campaign_code: str | None = None


class DuplicateOut(msgspec.Struct, kw_only=True):
    lead_id: UUID  # the other lead
    reasons: list[str]
    name_similarity: float | None
    status: str
    full_name: str | None
    stage: str


class LeadOut(msgspec.Struct, kw_only=True):
    id: UUID
    organisation_id: UUID
    full_name: str | None
    email: str | None
    phone: str | None
    address: str | None
    postcode: str | None
    pc4: str
    wijk_code: str | None
    campaign_code: str | None
    heard_via: str | None
    interest_placement_types: list[str]
    interest_family_home: bool
    foster_kind: str | None
    age_min: int | None
    age_max: int | None
    own_children_birth_years: list[int]
    spare_rooms: int
    competences: list[dict[str, str]]
    stage: str
    stage_changed_at: dt.datetime
    outcome_reason: str | None
    assigned_user_id: UUID | None
    registered_at: dt.datetime
    merged_into: UUID | None
    carer_id: UUID | None
    erased_at: dt.datetime | None
    version: int
    history: list[StageEventOut] = []
    tasks: list[TaskOut] = []
    consents: list[ConsentOut] = []
    duplicates: list[DuplicateOut] = []


class MergeRequest(Strict):
    other_lead_id: UUID


class OverdueGroup(msgspec.Struct, kw_only=True):
    key: str | None
    label: str
    count: int
    tasks: list[TaskOut]


class OverdueReport(msgspec.Struct, kw_only=True):
    as_of: dt.date
    total: int
    by_recruiter: list[OverdueGroup]
    by_campaign: list[OverdueGroup]


class ImportResult(msgspec.Struct, kw_only=True):
    imported: int
    dry_run: bool
    lead_ids: list[UUID]
    flagged_as_duplicate: list[UUID]


class PurgeResult(msgspec.Struct, kw_only=True):
    dry_run: bool
    retention_months: int
    erased: list[UUID]


class LeadPage(Page[LeadOut]):
    items: list[LeadOut]
