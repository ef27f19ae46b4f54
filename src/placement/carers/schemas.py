"""Request and response structs for carers (opvanglocaties: pleeggezinnen and gezinshuizen)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from placement.children.schemas import Gender, Postcode
from placement.core.schemas import Page, PlacementType, Strict

CarerKind = Literal["foster_family", "family_home"]
FosterKind = Literal["network", "general"]
CarerStatus = Literal["active", "paused", "inactive"]
CompetenceLevel = Literal["full", "with_support"]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
Address = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
ShortText = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
PlaceLabel = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]


class CompetenceIn(Strict):
    code: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    level: CompetenceLevel = "full"
    support_note: Annotated[str, msgspec.Meta(max_length=300)] | None = None


class CarerCreate(Strict):
    """Range rules (places >= 1, age_min <= age_max, ...) are checked by the service, so that
    every problem is reported at once and callers building this struct in code are checked too."""

    name: Name
    kind: CarerKind
    postcode: Postcode
    placement_types: list[PlacementType]
    places: int
    foster_kind: FosterKind | None = None  # required for a foster family, absent for a family home
    organisation_id: UUID | None = None  # defaults to the caller's organisation
    address: Address | None = None
    age_min: int = 0
    age_max: int = 18
    genders_accepted: list[Gender] = msgspec.field(default_factory=lambda: ["f", "m", "x"])
    competences: list[CompetenceIn] = []
    own_children_birth_years: list[int] = []
    languages: list[ShortText] = []
    religion: ShortText | None = None
    availability_confirmed_at: dt.datetime | None = None
    status: CarerStatus = "active"


class CarerUpdate(Strict):
    version: int | None = None
    name: Name | msgspec.UnsetType = msgspec.UNSET
    kind: CarerKind | msgspec.UnsetType = msgspec.UNSET
    foster_kind: FosterKind | msgspec.UnsetType | None = msgspec.UNSET
    postcode: Postcode | msgspec.UnsetType = msgspec.UNSET
    address: Address | msgspec.UnsetType | None = msgspec.UNSET
    placement_types: list[PlacementType] | msgspec.UnsetType = msgspec.UNSET
    age_min: int | msgspec.UnsetType = msgspec.UNSET
    age_max: int | msgspec.UnsetType = msgspec.UNSET
    genders_accepted: list[Gender] | msgspec.UnsetType = msgspec.UNSET
    competences: list[CompetenceIn] | msgspec.UnsetType = msgspec.UNSET
    own_children_birth_years: list[int] | msgspec.UnsetType = msgspec.UNSET
    languages: list[ShortText] | msgspec.UnsetType = msgspec.UNSET
    religion: ShortText | msgspec.UnsetType | None = msgspec.UNSET
    availability_confirmed_at: dt.datetime | msgspec.UnsetType | None = msgspec.UNSET
    status: CarerStatus | msgspec.UnsetType = msgspec.UNSET


class CompetenceOut(msgspec.Struct, kw_only=True):
    code: str
    label: str
    level: str
    support_note: str | None


class CarerOut(msgspec.Struct, kw_only=True):
    """A carer. `address` is the exact address, shown only to the carer's own organisation
    (null for everyone else, who see the postcode and wijk)."""

    id: UUID
    organisation_id: UUID
    name: str
    kind: str
    foster_kind: str | None
    postcode: str
    latitude: float
    longitude: float
    wijk_code: str | None
    address: str | None
    placement_types: list[str]
    age_min: int
    age_max: int
    genders_accepted: list[str]
    competences: list[CompetenceOut]
    own_children_birth_years: list[int]
    languages: list[str]
    religion: str | None
    availability_confirmed_at: dt.datetime | None
    status: str
    places_total: int
    places_active: int
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class PlaceCreate(Strict):
    label: PlaceLabel | None = None  # default: the next free "Plek N"


class OccupancySummary(msgspec.Struct, kw_only=True):
    """What holds a place. child_id only when the child is in your own caseload."""

    id: UUID
    kind: str
    start: dt.date
    end: dt.date | None
    placement_type: str
    child_id: UUID | None = None


class PlaceOut(msgspec.Struct, kw_only=True):
    id: UUID
    carer_id: UUID
    label: str
    is_active: bool
    created_at: dt.datetime
    current: OccupancySummary | None = None
    next: OccupancySummary | None = None


class CarerPage(Page[CarerOut]):
    items: list[CarerOut]
