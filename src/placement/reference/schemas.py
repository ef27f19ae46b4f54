"""Structs for reference data: schools, clubs, need codes, wijken, postcode lookup."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from placement.children.schemas import Postcode
from placement.core.schemas import Page, Strict

SchoolKind = Literal["primary", "secondary", "special"]
VenueName = Annotated[str, msgspec.Meta(min_length=2, max_length=120)]
Activity = Annotated[str, msgspec.Meta(min_length=2, max_length=60, examples=["voetbal"])]


class SchoolCreate(Strict):
    name: VenueName
    kind: SchoolKind
    postcode: Postcode


class SchoolUpdate(Strict):
    version: int | None = None
    name: VenueName | msgspec.UnsetType = msgspec.UNSET
    kind: SchoolKind | msgspec.UnsetType = msgspec.UNSET
    postcode: Postcode | msgspec.UnsetType = msgspec.UNSET


class ClubCreate(Strict):
    name: VenueName
    activity: Activity
    postcode: Postcode


class ClubUpdate(Strict):
    version: int | None = None
    name: VenueName | msgspec.UnsetType = msgspec.UNSET
    activity: Activity | msgspec.UnsetType = msgspec.UNSET
    postcode: Postcode | msgspec.UnsetType = msgspec.UNSET


class _VenueOut(msgspec.Struct, kw_only=True):
    id: UUID
    name: str
    postcode: str
    latitude: float
    longitude: float
    wijk_code: str | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class SchoolOut(_VenueOut, kw_only=True):
    kind: str


class ClubOut(_VenueOut, kw_only=True):
    activity: str


class NeedCodeOut(msgspec.Struct, kw_only=True):
    code: str
    label: str
    description: str


class SchoolPage(Page[SchoolOut]):
    items: list[SchoolOut]


class ClubPage(Page[ClubOut]):
    items: list[ClubOut]
