"""Rules for reference data. Schools and clubs are located from their postcode (an unknown
postcode is a 400, never a guess); placement officers and administrators maintain them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec

from placement.audit.service import record
from placement.auth.principal import BEHEERDER, PLAATSER, Principal
from placement.core import sql
from placement.core.concurrency import expected_version, stale
from placement.core.database import Database
from placement.core.errors import Forbidden, NotFound
from placement.core.validation import Errors, raise_if_errors
from placement.geo.schemas import PostcodeOut, WijkAt, WijkOut
from placement.geo.service import GeoIndex
from placement.reference import queries
from placement.reference.schemas import ClubOut, ClubPage, NeedCodeOut, SchoolOut, SchoolPage

_OUT = {"schools": (SchoolOut, SchoolPage), "clubs": (ClubOut, ClubPage)}


class VenueService:
    """Schools and clubs: the same rules, a different table."""

    table = ""

    def __init__(self, db: Database, geo: GeoIndex, principal: Principal) -> None:
        self.db, self.geo, self.principal = db, geo, principal

    def _out(self, row: Any) -> Any:
        out_type, _ = _OUT[self.table]
        return out_type(**{f: row[f] for f in out_type.__struct_fields__})

    def _check_may_write(self) -> None:
        if not (self.principal.via == "system" or self.principal.has(PLAATSER, BEHEERDER)):
            raise Forbidden("only a placement officer or administrator maintains this list")

    def _located(self, changes: dict[str, Any]) -> dict[str, Any]:
        errors: Errors = []
        if "postcode" in changes:
            location = self.geo.locate(changes["postcode"], "postcode", errors)
            raise_if_errors(errors)
            assert location is not None
            changes.update(postcode=location.postcode, latitude=location.latitude,
                           longitude=location.longitude, wijk_code=location.wijk_code)
        return changes

    async def create(self, data: msgspec.Struct) -> Any:
        self._check_may_write()
        values = self._located(msgspec.structs.asdict(data))
        async with self.db.transaction() as conn:
            venue_id = await sql.insert_row(conn, self.table, values)
            await record(conn, self.principal, f"{self.table}.create", self.table,
                         record_ids=[venue_id])
            row = await queries.get_venue(conn, self.table, venue_id)
        return self._out(row)

    async def get(self, venue_id: UUID) -> Any:
        async with self.db.transaction() as conn:
            row = await queries.get_venue(conn, self.table, venue_id)
        if row is None:
            raise NotFound(f"no such {self.table[:-1]}")
        return self._out(row)

    async def list(self, *, detail: str | None, wijk_code: str | None, name: str | None,
                   limit: int, offset: int) -> SchoolPage | ClubPage:
        async with self.db.transaction() as conn:
            rows, total = await queries.list_venues(conn, self.table, detail=detail,
                                                    wijk_code=wijk_code, name=name, limit=limit,
                                                    offset=offset)
        _, page_type = _OUT[self.table]
        return page_type(items=[self._out(r) for r in rows], total=total, limit=limit,
                         offset=offset)

    async def update(self, venue_id: UUID, data: Any, if_match: str | None) -> Any:
        self._check_may_write()
        version, from_header = expected_version(data.version, if_match)
        changes = self._located({k: v for k, v in msgspec.structs.asdict(data).items()
                                 if k != "version" and v is not msgspec.UNSET})
        async with self.db.transaction() as conn:
            existing = await queries.get_venue(conn, self.table, venue_id)
            if existing is None:
                raise NotFound(f"no such {self.table[:-1]}")
            if await sql.update_versioned(conn, self.table, venue_id, version, changes) is None:
                raise stale(existing["version"], version, from_header)
            await record(conn, self.principal, f"{self.table}.update", self.table,
                         record_ids=[venue_id], detail={"fields": sorted(changes)})
            row = await queries.get_venue(conn, self.table, venue_id)
        return self._out(row)


class SchoolService(VenueService):
    table = "schools"

    def __init__(self, db: Database, geo: GeoIndex, principal: Principal) -> None:
        super().__init__(db, geo, principal)


class ClubService(VenueService):
    table = "clubs"

    def __init__(self, db: Database, geo: GeoIndex, principal: Principal) -> None:
        super().__init__(db, geo, principal)


async def need_codes(db: Database) -> list[NeedCodeOut]:
    async with db.transaction() as conn:
        return [NeedCodeOut(**dict(r)) for r in await queries.need_codes(conn)]


def wijken(geo: GeoIndex) -> list[WijkOut]:
    """Each wijk with its PC4 areas and, as its centre, the mean of their centres."""
    areas: dict[str, list[tuple[str, float, float, str | None]]] = {}
    for pc4, (lat, lon, wijk, _, municipality) in geo.pc4.items():
        if wijk is not None:
            areas.setdefault(wijk, []).append((pc4, lat, lon, municipality))
    out = []
    for code, name in sorted(geo.wijk_names.items(), key=lambda item: item[1]):
        found = sorted(areas.get(code, []))
        if not found:
            continue
        out.append(WijkOut(
            code=code, name=name, municipality=found[0][3] or "", pc4_areas=[a[0] for a in found],
            latitude=round(sum(a[1] for a in found) / len(found), 5),
            longitude=round(sum(a[2] for a in found) / len(found), 5)))
    return out


def wijk_at(geo: GeoIndex, latitude: float, longitude: float) -> WijkAt:
    code = geo.wijk_at(latitude, longitude)
    return WijkAt(latitude=latitude, longitude=longitude, wijk_code=code,
                  wijk_name=geo.wijk_names.get(code) if code else None)


def lookup_postcode(geo: GeoIndex, postcode: str) -> PostcodeOut:
    location = geo.resolve(postcode, "postcode")
    _, _, _, place_name, municipality = geo.pc4[location.pc4]
    return PostcodeOut(
        postcode=location.postcode, pc4=location.pc4, latitude=location.latitude,
        longitude=location.longitude, precision=location.precision, wijk_code=location.wijk_code,
        wijk_name=geo.wijk_names.get(location.wijk_code) if location.wijk_code else None,
        place_name=place_name, municipality=municipality)
