"""Shared structs and helpers for the JSON API."""

from __future__ import annotations

from typing import Annotated, Generic, Literal, TypeVar

import msgspec

from placement.core.validation import check_struct_text

T = TypeVar("T")

Limit = Annotated[int, msgspec.Meta(ge=1, le=500)]
Offset = Annotated[int, msgspec.Meta(ge=0)]
Version = Annotated[int, msgspec.Meta(ge=1)]


class Page(msgspec.Struct, Generic[T], kw_only=True):
    """One page of a list. Each list has its own named subclass, `class CarerPage(Page[CarerOut])`
    with `items: list[CarerOut]` declared again: OpenAPI then calls the component `CarerPage`
    (not after the module path of its items) and types its items (Litestar leaves an inherited
    type variable untyped)."""

    items: list[T]
    total: int
    limit: int
    offset: int


class Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base for request bodies: unknown fields are an error, not silently dropped, and every text
    field keeps the text rules of core/validation.py (no NUL, control or direction-override
    characters, nothing made only of invisible characters). A subclass that defines its own
    __post_init__ calls super().__post_init__() first."""

    def __post_init__(self) -> None:
        check_struct_text(self)


UNSET = msgspec.UNSET
UnsetType = msgspec.UnsetType

# Pleegzorgvormen, shared by carers (offered), requests (asked) and occupancies (given).
PlacementType = Literal["crisis", "short_term", "long_term", "part_time", "family_home"]
PLACEMENT_TYPES: tuple[str, ...] = ("crisis", "short_term", "long_term", "part_time", "family_home")
