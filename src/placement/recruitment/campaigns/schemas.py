"""Request and response structs for recruitment campaigns (werving)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from placement.core.schemas import Strict

Channel = Literal["social", "krant", "informatieavond", "website", "mond_tot_mond", "radio_tv",
                  "flyer", "evenement", "huis_aan_huis", "overig"]
PlacementType = Literal["crisis", "short_term", "long_term", "part_time", "family_home"]
AgeBand = Literal["0-3", "4-11", "12-17", "18-23"]
CampaignCode = Annotated[str, msgspec.Meta(pattern=r"^[A-Z0-9][A-Z0-9-]{1,39}$",
                                           examples=["UTR-2026-VOORJAAR"])]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
NeedCode = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]


class CampaignCreate(Strict):
    code: CampaignCode
    name: Name
    channels: Annotated[list[Channel], msgspec.Meta(min_length=1)]
    starts_on: dt.date
    ends_on: dt.date | None = None
    target_wijken: list[str] = []
    target_placement_types: list[PlacementType] = []
    target_age_bands: list[AgeBand] = []
    target_needs: list[NeedCode] = []
    budget_euros: Annotated[float, msgspec.Meta(ge=0, le=100_000_000)] | None = None


class CampaignUpdate(Strict):
    version: int | None = None
    name: Name | msgspec.UnsetType = msgspec.UNSET
    channels: Annotated[list[Channel], msgspec.Meta(min_length=1)] | msgspec.UnsetType = msgspec.UNSET
    starts_on: dt.date | msgspec.UnsetType = msgspec.UNSET
    ends_on: dt.date | msgspec.UnsetType | None = msgspec.UNSET
    target_wijken: list[str] | msgspec.UnsetType = msgspec.UNSET
    target_placement_types: list[PlacementType] | msgspec.UnsetType = msgspec.UNSET
    target_age_bands: list[AgeBand] | msgspec.UnsetType = msgspec.UNSET
    target_needs: list[NeedCode] | msgspec.UnsetType = msgspec.UNSET
    budget_euros: Annotated[float, msgspec.Meta(ge=0)] | msgspec.UnsetType | None = msgspec.UNSET


class CampaignOut(msgspec.Struct, kw_only=True):
    id: UUID
    organisation_id: UUID
    code: str
    name: str
    channels: list[str]
    starts_on: dt.date
    ends_on: dt.date | None
    target_wijken: list[str]
    target_placement_types: list[str]
    target_age_bands: list[str]
    target_needs: list[str]
    budget_euros: float | None
    version: int
