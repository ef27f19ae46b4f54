"""A carer's places (plekken): listing them with what holds them, adding, deactivating."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from placement.audit.service import record
from placement.auth.principal import PLAATSER, Principal
from placement.carers import queries
from placement.carers.schemas import OccupancySummary, PlaceCreate, PlaceOut
from placement.carers.service import CarerService, place_labels
from placement.core.clock import local_today
from placement.core.database import Database
from placement.core.errors import Conflict, NotFound
from placement.geo.service import GeoIndex


class PlaceService(CarerService):
    # Declared here (not only inherited) so Litestar's DI resolves the types in this module.
    def __init__(self, db: Database, geo: GeoIndex, principal: Principal) -> None:
        super().__init__(db, geo, principal)

    def _child_visible(self, child_organisation_id: UUID | None) -> bool:
        """Which child holds a place is child data: only for that child's own officers."""
        if child_organisation_id is None:
            return False
        return self.is_system or (self.principal.has(PLAATSER)
                                  and child_organisation_id == self.principal.organisation_id)

    def _summary(self, row: asyncpg.Record, prefix: str) -> OccupancySummary | None:
        if row[f"{prefix}_id"] is None:
            return None
        child_id = row[f"{prefix}_child_id"]
        return OccupancySummary(
            id=row[f"{prefix}_id"], kind=row[f"{prefix}_kind"], start=row[f"{prefix}_start"],
            end=row[f"{prefix}_end"], placement_type=row[f"{prefix}_type"],
            child_id=child_id if self._child_visible(row[f"{prefix}_child_org"]) else None,
        )

    def _place_out(self, row: asyncpg.Record) -> PlaceOut:
        return PlaceOut(id=row["id"], carer_id=row["carer_id"], label=row["label"],
                        is_active=row["is_active"], created_at=row["created_at"],
                        current=self._summary(row, "cur"), next=self._summary(row, "next"))

    async def _places(self, conn: asyncpg.Connection, carer_id: UUID) -> list[PlaceOut]:
        rows = await queries.places_with_occupancy(conn, carer_id, local_today())
        places = [self._place_out(r) for r in rows]
        shown = [s.child_id for p in places for s in (p.current, p.next)
                 if s is not None and s.child_id is not None]
        if shown:
            await record(conn, self.principal, "carer.places.read", "place",
                         record_ids=[p.id for p in places], child_ids=shown)
        return places

    async def list_places(self, carer_id: UUID) -> list[PlaceOut]:
        self._may_read()
        async with self.db.transaction() as conn:
            if await queries.get_carer(conn, carer_id) is None:
                raise NotFound("no such carer")
            return await self._places(conn, carer_id)

    async def add_place(self, carer_id: UUID, data: PlaceCreate) -> PlaceOut:
        async with self.db.transaction() as conn:
            carer = await queries.get_carer(conn, carer_id, for_update=True)
            if carer is None:
                raise NotFound("no such carer")
            self.check_may_write(carer["organisation_id"])
            label = data.label
            if label is None:
                taken = await queries.place_labels(conn, carer_id)
                label = next(lbl for lbl in place_labels(len(taken) + 1) if lbl not in taken)
            place_id = await queries.insert_place(conn, carer_id, label)
            await record(conn, self.principal, "place.create", "place", record_ids=[place_id],
                         detail={"carer_id": str(carer_id)})
            return next(p for p in await self._places(conn, carer_id) if p.id == place_id)

    async def deactivate(self, carer_id: UUID, place_id: UUID) -> PlaceOut:
        """A deactivated place takes no new occupancy; one still held must be ended first."""
        async with self.db.transaction() as conn:
            carer = await queries.get_carer(conn, carer_id, for_update=True)
            place = await queries.get_place(conn, carer_id, place_id) if carer else None
            if carer is None or place is None:
                raise NotFound("no such place at this carer")
            self.check_may_write(carer["organisation_id"])
            held = await queries.place_is_held_from(conn, place_id, local_today())
            if held is not None:
                until = held["end"].isoformat() if held["end"] else "open end"
                raise Conflict(f"the place holds a {held['kind']} from {held['start']} "
                               f"until {until}; end or cancel it first",
                               errors=[{"field": "place_id", "reason": "place is occupied"}])
            await queries.set_place_active(conn, place_id, False)
            await record(conn, self.principal, "place.deactivate", "place",
                         record_ids=[place_id], detail={"carer_id": str(carer_id)})
            return next(p for p in await self._places(conn, carer_id) if p.id == place_id)
