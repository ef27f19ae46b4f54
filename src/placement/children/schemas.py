"""Request and response structs for children (jeugdigen)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from placement.core.schemas import Page, Strict

Gender = Literal["f", "m", "x"]
NeedLevel = Literal["must", "should"]
Postcode = Annotated[str, msgspec.Meta(min_length=4, max_length=8, examples=["3511AB"])]
CaseReference = Annotated[str, msgspec.Meta(min_length=3, max_length=40, pattern=r"^[A-Za-z0-9-]+$")]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
ShortText = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]


class NeedIn(Strict):
    code: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    level: NeedLevel


class Wishes(Strict):
    """Only what the child or the parents expressed; never inferred."""

    language: ShortText | None = None
    religion: ShortText | None = None
    food: ShortText | None = None


class SafetyZoneIn(Strict):
    postcode: Postcode
    min_distance_km: Annotated[float, msgspec.Meta(gt=0, le=300)]


class ExcludedCarerIn(Strict):
    carer_id: UUID
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class ChildCreate(Strict):
    case_reference: CaseReference
    given_name: Name
    birth_date: dt.date
    gender: Gender
    home_postcode: Postcode
    organisation_id: UUID | None = None  # defaults to the caller's organisation
    home_address: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    parents_postcode: Postcode | None = None
    school_id: UUID | None = None
    club_ids: list[UUID] = []
    needs: list[NeedIn] = []
    wishes: Wishes = msgspec.field(default_factory=Wishes)
    safety_zones: list[SafetyZoneIn] = []
    excluded_carers: list[ExcludedCarerIn] = []


class ChildUpdate(Strict):
    version: int | None = None
    given_name: Name | msgspec.UnsetType = msgspec.UNSET
    birth_date: dt.date | msgspec.UnsetType = msgspec.UNSET
    gender: Gender | msgspec.UnsetType = msgspec.UNSET
    home_postcode: Postcode | msgspec.UnsetType = msgspec.UNSET
    home_address: Annotated[str, msgspec.Meta(max_length=200)] | msgspec.UnsetType | None = msgspec.UNSET
    parents_postcode: Postcode | msgspec.UnsetType | None = msgspec.UNSET
    school_id: UUID | msgspec.UnsetType | None = msgspec.UNSET
    club_ids: list[UUID] | msgspec.UnsetType = msgspec.UNSET
    needs: list[NeedIn] | msgspec.UnsetType = msgspec.UNSET
    wishes: Wishes | msgspec.UnsetType = msgspec.UNSET
    safety_zones: list[SafetyZoneIn] | msgspec.UnsetType = msgspec.UNSET
    excluded_carers: list[ExcludedCarerIn] | msgspec.UnsetType = msgspec.UNSET


class NeedOut(msgspec.Struct, kw_only=True):
    code: str
    label: str
    level: str


class SafetyZoneOut(msgspec.Struct, kw_only=True):
    postcode: str
    min_distance_km: float


class ExcludedCarerOut(msgspec.Struct, kw_only=True):
    carer_id: UUID
    reason: str


class ChildOut(msgspec.Struct, kw_only=True):
    """A child's file. For the commission (`redacted`), name, birth date and addresses are
    withheld: they see the case reference, age, needs and wijk."""

    id: UUID
    organisation_id: UUID
    case_reference: str
    age: int
    gender: str
    home_wijk_code: str | None
    needs: list[NeedOut]
    wishes: Wishes
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    redacted: bool = False
    given_name: str | None = None
    birth_date: dt.date | None = None
    home_postcode: str | None = None
    home_address: str | None = None
    parents_postcode: str | None = None
    school_id: UUID | None = None
    club_ids: list[UUID] = []
    safety_zones: list[SafetyZoneOut] = []
    excluded_carers: list[ExcludedCarerOut] = []


class ChildPage(Page[ChildOut]):
    items: list[ChildOut]
