"""Shared structs and helpers for the JSON API."""

from __future__ import annotations

from typing import Annotated, Generic, Literal, TypeVar

import msgspec

T = TypeVar("T")

Limit = Annotated[int, msgspec.Meta(ge=1, le=500)]
Offset = Annotated[int, msgspec.Meta(ge=0)]
Version = Annotated[int, msgspec.Meta(ge=1)]


class Page(msgspec.Struct, Generic[T], kw_only=True):
    items: list[T]
    total: int
    limit: int
    offset: int


class Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base for request bodies: unknown fields are an error, not silently dropped."""


UNSET = msgspec.UNSET
UnsetType = msgspec.UnsetType

# Pleegzorgvormen, shared by carers (offered), requests (asked) and occupancies (given).
PlacementType = Literal["crisis", "short_term", "long_term", "part_time", "family_home"]
PLACEMENT_TYPES: tuple[str, ...] = ("crisis", "short_term", "long_term", "part_time", "family_home")
