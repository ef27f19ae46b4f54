"""Rules for placements and reservations. Overlap is refused by the database (409 `period` for
the place, 409 `child_id` for the child); the service checks the rest: a valid period, an active
place, a child and request in scope, and an ending with its reason. A booking first takes the
advisory locks of its place and child, so simultaneous bookings queue briefly and every loser
gets a 409, never a deadlock (500)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import asyncpg

from placement.audit.service import record
from placement.auth.principal import Principal
from placement.auth.refusals import note_refused
from placement.auth.scope import officer_scope
from placement.children.queries import children_in_scope
from placement.core.clock import local_today
from placement.core.concurrency import expected_version, stale
from placement.core.database import Database
from placement.core.errors import Conflict, FieldError, NotFound
from placement.core.schemas import UNSET
from placement.core.validation import Errors, raise_if_errors
from placement.placements import queries
from placement.placements.schemas import (
    OccupancyCreate,
    OccupancyOut,
    OccupancyPage,
    OccupancyUpdate,
)


def to_out(row: asyncpg.Record) -> OccupancyOut:
    return OccupancyOut(**dict(row))


def check_period(start: Any, end: Any, errors: Errors) -> None:
    if end is not None and end <= start:
        errors.append(FieldError("end", "must be after start (the end day itself is free)"))


def ending_status(data: OccupancyUpdate, kind: str, end: dt.date | None, end_reason: str | None,
                  end_note: str | None, errors: Errors,
                  today: dt.date | None = None) -> tuple[str, bool]:
    """(status to store, whether this is an ending). An ending whose date lies in the future
    is scheduled: the row stays active until that day."""
    if data.status == "cancelled":
        if data.end_reason not in (UNSET, None):
            errors.append(FieldError("end_reason", "a cancellation has no end reason"))
        return "cancelled", False
    ending = data.status == "ended" or end_reason is not None
    if not ending:
        if end_note not in (None, ""):
            errors.append(FieldError("end_note", "only when ending a placement"))
        return "active", False
    if kind != "placement":
        field = "status" if data.status == "ended" else "end_reason"
        errors.append(FieldError(field, "a reservation is cancelled or turned into a "
                                        "placement, not ended"))
    if end is None:
        errors.append(FieldError("end", "required to end a placement"))
    if end_reason is None:
        errors.append(FieldError("end_reason", "required to end a placement"))
    if end is not None and end > (today or local_today()):
        return "active", True
    return "ended", True


class OccupancyService:
    def __init__(self, db: Database, principal: Principal) -> None:
        self.db, self.principal = db, principal

    def _scope_org(self) -> UUID | None:
        return officer_scope(self.principal, "only a placement officer places or reserves")

    async def create(self, data: OccupancyCreate) -> OccupancyOut:
        scope_org = self._scope_org()
        errors: Errors = []
        check_period(data.start, data.end, errors)
        async with self.db.transaction() as conn:
            place = await queries.place_for_booking(conn, data.place_id)
            if place is None:
                errors.append(FieldError("place_id", "no such place"))
            elif not place["is_active"]:
                errors.append(FieldError("place_id", "the place is deactivated"))
            elif place["carer_status"] != "active":
                errors.append(FieldError("place_id", f"the carer is {place['carer_status']}"))
            if not await children_in_scope(conn, [data.child_id], scope_org=scope_org):
                errors.append(FieldError("child_id", "no such child in your caseload"))
                note_refused([data.child_id])
            if data.request_id is not None:
                await self._check_request(conn, data, scope_org, errors)
            raise_if_errors(errors)
            await queries.lock_for_booking(conn, [data.place_id, data.child_id])
            occupancy_id = await queries.insert_occupancy(conn, {
                "place_id": data.place_id, "child_id": data.child_id,
                "request_id": data.request_id, "kind": data.kind, "start": data.start,
                "end": data.end, "placement_type": data.placement_type})
            await queries.sync_request_status(conn, data.request_id)
            await record(conn, self.principal, f"{data.kind}.create", "occupancy",
                         record_ids=[occupancy_id], child_ids=[data.child_id])
            row = await queries.get_occupancy(conn, occupancy_id, scope_org=None)
        assert row is not None
        return to_out(row)

    @staticmethod
    async def _check_request(conn: asyncpg.Connection, data: OccupancyCreate,
                             scope_org: UUID | None, errors: Errors) -> None:
        request = await queries.request_for_booking(conn, data.request_id)  # type: ignore[arg-type]
        if request is None or (scope_org is not None and request["organisation_id"] != scope_org):
            errors.append(FieldError("request_id", "no such placement request in your caseload"))
        elif request["status"] == "cancelled":
            errors.append(FieldError("request_id", "the request is cancelled"))
        elif data.child_id not in request["child_ids"]:
            errors.append(FieldError("request_id", "the child is not part of this request"))

    async def get(self, occupancy_id: UUID) -> OccupancyOut:
        scope_org = self._scope_org()
        async with self.db.transaction() as conn:
            row = await queries.get_occupancy(conn, occupancy_id, scope_org=scope_org)
            if row is None:
                raise NotFound("no such placement or reservation in your caseload")
            await record(conn, self.principal, "occupancy.read", "occupancy",
                         record_ids=[occupancy_id],
                         child_ids=[row["child_id"]] if row["child_id"] else [])
        return to_out(row)

    async def list(self, *, limit: int, offset: int, **filters: Any) -> OccupancyPage:
        scope_org = self._scope_org()
        async with self.db.transaction() as conn:
            rows, total = await queries.list_occupancies(conn, scope_org=scope_org, limit=limit,
                                                         offset=offset, **filters)
            await record(conn, self.principal, "occupancy.list", "occupancy",
                         record_ids=[r["id"] for r in rows],
                         child_ids=[r["child_id"] for r in rows if r["child_id"]])
        return OccupancyPage(items=[to_out(r) for r in rows],
                             total=total, limit=limit, offset=offset)

    async def update(self, occupancy_id: UUID, data: OccupancyUpdate,
                     if_match: str | None) -> OccupancyOut:
        scope_org = self._scope_org()
        version, from_header = expected_version(data.version, if_match)
        async with self.db.transaction() as conn:
            existing = await queries.get_occupancy(conn, occupancy_id, scope_org=scope_org)
            if existing is None:
                raise NotFound("no such placement or reservation in your caseload")
            if existing["status"] != "active":
                raise Conflict(f"this {existing['kind']} is {existing['status']}; it cannot "
                               "change any more",
                               errors=[{"field": "status", "reason": existing["status"]}])
            kind = existing["kind"] if data.kind is UNSET else data.kind
            end = existing["end"] if data.end is UNSET else data.end
            end_reason = existing["end_reason"] if data.end_reason is UNSET else data.end_reason
            end_note = existing["end_note"] if data.end_note is UNSET else data.end_note
            errors: Errors = []
            check_period(existing["start"], end, errors)
            status, ending = ending_status(data, kind, end, end_reason, end_note, errors)
            raise_if_errors(errors)
            if status == "active" and (kind != existing["kind"] or end != existing["end"]):
                await queries.lock_for_booking(conn, [existing["place_id"],
                                                      *([existing["child_id"]]
                                                        if existing["child_id"] else [])])
            new_version = await queries.update_occupancy(
                conn, occupancy_id, version, kind=kind, start=existing["start"], end=end,
                status=status, end_reason=end_reason if ending else None,
                end_note=end_note if ending else None)
            if new_version is None:
                raise stale(existing["version"], version, from_header)
            await queries.sync_request_status(conn, existing["request_id"])
            action = {"cancelled": "cancel", "ended": "end"}.get(status, "update")
            if status == "active" and ending:
                action = "schedule_end"
            if kind != existing["kind"]:
                action = "convert"
            await record(conn, self.principal, f"occupancy.{action}", "occupancy",
                         record_ids=[occupancy_id],
                         child_ids=[existing["child_id"]] if existing["child_id"] else [],
                         detail={"status": status, "kind": kind,
                                 **({"end_reason": end_reason} if ending else {})})
            row = await queries.get_occupancy(conn, occupancy_id, scope_org=None)
        assert row is not None
        return to_out(row)
