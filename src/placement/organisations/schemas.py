"""Request and response structs for organisations (providers, buurtteams, municipality, ...)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from placement.core.schemas import Page, Strict

OrganisationKind = Literal["provider", "municipality", "buurtteam", "recruitment"]
OrganisationName = Annotated[str, msgspec.Meta(min_length=2, max_length=120)]


class OrganisationCreate(Strict):
    name: OrganisationName
    kind: OrganisationKind


class OrganisationUpdate(Strict):
    version: int | None = None
    name: OrganisationName | msgspec.UnsetType = msgspec.UNSET
    kind: OrganisationKind | msgspec.UnsetType = msgspec.UNSET


class OrganisationOut(msgspec.Struct, kw_only=True):
    id: UUID
    name: str
    kind: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class OrganisationPage(Page[OrganisationOut]):
    items: list[OrganisationOut]
