"""Structs for the geo API."""

from __future__ import annotations

import msgspec


class Location(msgspec.Struct, frozen=True, kw_only=True):
    postcode: str  # normalised PC6 when known, else PC4
    pc4: str
    latitude: float
    longitude: float
    wijk_code: str | None
    precision: str  # "pc6" or "pc4": how exact the coordinate is


class PostcodeOut(msgspec.Struct, kw_only=True):
    postcode: str
    pc4: str
    latitude: float
    longitude: float
    precision: str
    wijk_code: str | None
    wijk_name: str | None
    place_name: str | None
    municipality: str | None


class WijkOut(msgspec.Struct, kw_only=True):
    code: str
    name: str
    municipality: str
    pc4_areas: list[str]
    latitude: float
    longitude: float


class WijkAt(msgspec.Struct, kw_only=True):
    latitude: float
    longitude: float
    wijk_code: str | None  # None: not within an Utrecht wijk
    wijk_name: str | None
