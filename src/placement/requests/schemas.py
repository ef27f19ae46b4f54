"""Request and response structs for placement requests (plaatsingsverzoeken)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from placement.core.schemas import Page, PlacementType, Strict

Urgency = Literal["crisis", "high", "normal"]
# The lifecycle (docs/decisions.md): open -> proposed -> introduction -> placed -> ended, or
# cancelled. Only 'cancelled' is set by hand; the others follow decisions and occupancies.
RequestStatus = Literal["open", "proposed", "introduction", "placed", "ended", "cancelled"]
Notes = Annotated[str, msgspec.Meta(max_length=4000)]
MAX_GROUP = 8  # the largest sibling group one request may hold


class RequestCreate(Strict):
    """One child, or a sibling group placed through one request (1..8 children)."""

    child_ids: list[UUID]
    placement_type: PlacementType
    desired_start: dt.date
    urgency: Urgency = "normal"
    expected_duration_days: int | None = None
    referred_to_commission: bool = False
    notes: Notes = ""


class RequestUpdate(Strict):
    version: int | None = None
    child_ids: list[UUID] | msgspec.UnsetType = msgspec.UNSET
    placement_type: PlacementType | msgspec.UnsetType = msgspec.UNSET
    desired_start: dt.date | msgspec.UnsetType = msgspec.UNSET
    urgency: Urgency | msgspec.UnsetType = msgspec.UNSET
    expected_duration_days: int | msgspec.UnsetType | None = msgspec.UNSET
    # Only cancelling (or re-opening) is done by hand; every other status follows the lifecycle.
    status: Literal["open", "cancelled"] | msgspec.UnsetType = msgspec.UNSET
    referred_to_commission: bool | msgspec.UnsetType = msgspec.UNSET
    notes: Notes | msgspec.UnsetType = msgspec.UNSET


class RequestChildOut(msgspec.Struct, kw_only=True):
    id: UUID
    case_reference: str


class RequestOut(msgspec.Struct, kw_only=True):
    """created_at is the melding date. Children appear as ids and case references only."""

    id: UUID
    organisation_id: UUID
    child_ids: list[UUID]
    children: list[RequestChildOut]
    placement_type: str
    urgency: str
    desired_start: dt.date
    expected_duration_days: int | None
    status: str
    referred_to_commission: bool
    notes: str
    follows_request_id: UUID | None = None  # the request whose unplanned ending this follows
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class ShareCreate(Strict):
    """Share the case (the request and its children) with another organisation's officers."""

    organisation_id: UUID


class ShareOut(msgspec.Struct, kw_only=True):
    request_id: UUID
    organisation_id: UUID
    organisation_name: str
    shared_by: UUID | None
    created_at: dt.datetime


class RequestPage(Page[RequestOut]):
    items: list[RequestOut]
