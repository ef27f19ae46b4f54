"""Request and response structs for network ties: a child knows this carer (family, teacher...)."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from uuid import UUID

import msgspec

from placement.core.schemas import Page, Strict

Relation = Literal["grandparent", "aunt_uncle", "adult_sibling", "other_relative", "teacher",
                   "neighbour", "family_friend", "coach", "other"]


class NetworkTieCreate(Strict):
    child_id: UUID
    carer_id: UUID
    relation: Relation


class NetworkTieUpdate(Strict):
    version: int | None = None
    relation: Relation | msgspec.UnsetType = msgspec.UNSET


class NetworkTieOut(msgspec.Struct, kw_only=True):
    id: UUID
    child_id: UUID
    carer_id: UUID
    relation: str
    version: int
    created_at: dt.datetime


class NetworkTiePage(Page[NetworkTieOut]):
    items: list[NetworkTieOut]
