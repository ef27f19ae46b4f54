"""Request and response structs for sibling ties (broers en zussen)."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from uuid import UUID

import msgspec

from placement.core.schemas import Page, Strict

TieKind = Literal["full", "half", "step"]
Intent = Literal["together", "apart", "contact"]
ApartReason = Literal["specialist_care", "threat", "severe_conflict", "sexual_abuse"]


class SiblingTieCreate(Strict):
    child_a_id: UUID
    child_b_id: UUID
    kind: TieKind
    intent: Intent = "together"  # samen, tenzij: together unless there is a reason
    apart_reason: ApartReason | None = None  # required exactly when intent is apart


class SiblingTieUpdate(Strict):
    version: int | None = None
    kind: TieKind | msgspec.UnsetType = msgspec.UNSET
    intent: Intent | msgspec.UnsetType = msgspec.UNSET
    apart_reason: ApartReason | msgspec.UnsetType | None = msgspec.UNSET


class SiblingTieOut(msgspec.Struct, kw_only=True):
    id: UUID
    child_a_id: UUID
    child_b_id: UUID
    kind: str
    intent: str
    apart_reason: str | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class SiblingGroupOut(msgspec.Struct, kw_only=True):
    """A child's own ties, the whole connected group, and the parts meant to live together."""

    child_id: UUID
    ties: list[SiblingTieOut]
    group: list[UUID]
    group_ties: list[SiblingTieOut]
    together_parts: list[list[UUID]]


class SiblingTiePage(Page[SiblingTieOut]):
    items: list[SiblingTieOut]
