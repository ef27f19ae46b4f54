"""Postcode -> coordinate -> wijk, backed by an in-memory copy of the postcode tables."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import asyncpg

from placement.core.errors import ValidationFailed
from placement.geo import queries
from placement.geo.postcodes import PostcodeFormatError, normalise
from placement.geo.schemas import Location
from placement.geo.tables import Pc4Row, read_national, read_utrecht

# A coordinate further than this from every Utrecht PC4 centre is not in any Utrecht wijk.
_WIJK_RADIUS_KM = 2.0


class GeoIndex:
    """All known PC4 areas (and PC6 where known), loaded once; small enough to keep in memory."""

    def __init__(self) -> None:
        self.pc4: dict[str, tuple[float, float, str | None, str | None, str | None]] = {}
        self.pc6: dict[str, tuple[float, float]] = {}
        self.wijk_names: dict[str, str] = {}

    async def load(self, conn: asyncpg.Connection) -> GeoIndex:
        self.pc4 = {
            r["pc4"]: (r["latitude"], r["longitude"], r["wijk_code"], r["place_name"],
                       r["municipality"])
            for r in await queries.all_pc4(conn)
        }
        self.pc6 = {r["pc6"]: (r["latitude"], r["longitude"]) for r in await queries.all_pc6(conn)}
        self.wijk_names = {r["code"]: r["name"] for r in await queries.wijken(conn)}
        return self

    def resolve(self, text: str, field: str = "postcode") -> Location:
        """A postcode to a location; a bad or unknown postcode is a 400 naming `field`."""
        try:
            pc4, pc6 = normalise(text)
        except PostcodeFormatError as exc:
            raise ValidationFailed.field(field, str(exc)) from None
        area = self.pc4.get(pc4)
        if area is None:
            raise ValidationFailed.field(field, f"unknown postcode {pc4}")
        lat, lon, wijk, _, _ = area
        if pc6 is not None and pc6 in self.pc6:
            lat, lon = self.pc6[pc6]
            return Location(postcode=pc6, pc4=pc4, latitude=lat, longitude=lon, wijk_code=wijk,
                            precision="pc6")
        return Location(postcode=pc6 or pc4, pc4=pc4, latitude=lat, longitude=lon, wijk_code=wijk,
                        precision="pc4")

    def locate(self, postcode: str | None, field: str,
               errors: list[dict[str, Any]]) -> Location | None:
        """Like resolve, but adds the problem to `errors` (and returns None) instead of raising,
        so a request can report every bad postcode at once. None in, None out."""
        if postcode is None:
            return None
        try:
            return self.resolve(postcode, field)
        except ValidationFailed as exc:
            errors.extend(exc.errors)
            return None

    def wijk_at(self, latitude: float, longitude: float) -> str | None:
        """The wijk of the nearest Utrecht PC4 centre, when it is near enough."""
        best, best_km = None, _WIJK_RADIUS_KM
        cos_lat = math.cos(math.radians(latitude))
        for lat, lon, wijk, _, _ in self.pc4.values():
            if wijk is None:
                continue
            km = 111.2 * math.hypot(lat - latitude, (lon - longitude) * cos_lat)
            if km < best_km:
                best, best_km = wijk, km
        return best

    def pc4_codes(self, *, with_wijk: bool | None = None) -> list[str]:
        return sorted(
            code for code, area in self.pc4.items()
            if with_wijk is None or (area[2] is not None) == with_wijk
        )


async def seed_utrecht(conn: asyncpg.Connection, geodata_dir: Path) -> int:
    """Make sure the project's Utrecht table is in the database (idempotent)."""
    rows = read_utrecht(geodata_dir / "utrecht_pc4.csv")
    await queries.upsert_pc4(conn, [_tuple(r) for r in rows])
    return len(rows)


async def import_national(conn: asyncpg.Connection, path: Path) -> tuple[int, int, list[str]]:
    """Load a national PC4 table; returns (imported, skipped PO boxes, problems)."""
    rows, skipped, problems = read_national(path)
    await queries.upsert_pc4(conn, [_tuple(r) for r in rows])
    return len(rows), skipped, [f"line {p.line}: {p.reason}" for p in problems]


def _tuple(row: Pc4Row) -> tuple[str, float, float, str | None, str | None, str | None, str | None]:
    return (row.pc4, row.latitude, row.longitude, row.place_name, row.municipality, row.province,
            row.wijk_code)
