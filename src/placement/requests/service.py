"""Rules for placement requests: the caller's own caseload, commission sees referred cases only,
every read and write audited with the children concerned."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from placement.audit.service import record
from placement.auth.principal import COMMISSIE, PLAATSER, Principal
from placement.auth.refusals import note_refused
from placement.children.queries import children_in_scope
from placement.core import sql
from placement.core.concurrency import expected_version, stale
from placement.core.database import Database
from placement.core.errors import FieldError, Forbidden, NotFound
from placement.core.validation import Errors, raise_if_errors
from placement.placements.queries import sync_request_status
from placement.requests import queries
from placement.requests.schemas import (
    MAX_GROUP,
    RequestChildOut,
    RequestCreate,
    RequestOut,
    RequestPage,
    RequestUpdate,
)


class Scope(msgspec.Struct, frozen=True):
    organisation_id: UUID | None  # None: every organisation
    referred_only: bool
    may_write: bool


def scope_for(principal: Principal) -> Scope:
    if principal.via == "system":
        return Scope(None, False, True)
    if principal.has(PLAATSER):
        return Scope(principal.organisation_id, False, True)
    if principal.has(COMMISSIE):
        return Scope(None, True, False)
    raise Forbidden("your role gives no access to placement requests")


def to_out(row: asyncpg.Record) -> RequestOut:
    children = [RequestChildOut(id=UUID(str(c["id"])), case_reference=c["case_reference"])
                for c in row["children"]]
    return RequestOut(
        id=row["id"], organisation_id=row["organisation_id"],
        child_ids=[c.id for c in children], children=children,
        placement_type=row["placement_type"], urgency=row["urgency"],
        desired_start=row["desired_start"], expected_duration_days=row["expected_duration_days"],
        status=row["effective_status"], referred_to_commission=row["referred_to_commission"],
        notes=row["notes"], follows_request_id=row["follows_request_id"], version=row["version"], created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def check_children(conn: asyncpg.Connection, child_ids: list[UUID],
                         scope_org: UUID | None, errors: Errors) -> None:
    if not 1 <= len(child_ids) <= MAX_GROUP:
        errors.append(FieldError("child_ids", f"name between 1 and {MAX_GROUP} children"))
    if len(set(child_ids)) != len(child_ids):
        errors.append(FieldError("child_ids", "a child is listed twice"))
    found = await children_in_scope(conn, child_ids, scope_org=scope_org)
    errors.extend(FieldError(f"child_ids[{i}]", "no such child in your caseload")
                  for i, child_id in enumerate(child_ids) if child_id not in found)
    note_refused(child_id for child_id in child_ids if child_id not in found)


def check_duration(days: int | None, errors: Errors) -> None:
    if days is not None and days <= 0:
        errors.append(FieldError("expected_duration_days", "must be more than 0"))


class RequestService:
    def __init__(self, db: Database, principal: Principal) -> None:
        self.db, self.principal = db, principal

    def _writer_scope(self) -> Scope:
        scope = scope_for(self.principal)
        if not scope.may_write:
            raise Forbidden("only a placement officer registers or changes requests")
        return scope

    async def create(self, data: RequestCreate) -> RequestOut:
        scope = self._writer_scope()
        organisation_id = self.principal.organisation_id
        errors: Errors = []
        check_duration(data.expected_duration_days, errors)
        async with self.db.transaction() as conn:
            await check_children(conn, data.child_ids, scope.organisation_id, errors)
            if organisation_id is None:  # the command line acts for the children's organisation
                organisation_id = await conn.fetchval(
                    "SELECT organisation_id FROM children WHERE id = $1", data.child_ids[0]
                ) if data.child_ids else None
            raise_if_errors(errors)
            values = msgspec.structs.asdict(data)
            values.pop("child_ids")
            request_id = await sql.insert_row(conn, "placement_requests",
                                              {**values, "organisation_id": organisation_id})
            await queries.replace_children(conn, request_id, data.child_ids)
            await record(conn, self.principal, "request.create", "placement_request",
                         record_ids=[request_id], child_ids=data.child_ids)
            row = await queries.get_request(conn, request_id, scope_org=None, referred_only=False)
        assert row is not None
        return to_out(row)

    async def get(self, request_id: UUID) -> RequestOut:
        scope = scope_for(self.principal)
        async with self.db.connection() as conn:
            row = await queries.get_request(conn, request_id, scope_org=scope.organisation_id,
                                            referred_only=scope.referred_only)
            if row is None:  # the refusal is logged by RefusalAuditMiddleware
                raise NotFound("no such placement request in your caseload")
            out = to_out(row)
            await record(conn, self.principal, "request.read", "placement_request",
                         record_ids=[request_id], child_ids=out.child_ids)
        return out

    async def list(self, *, limit: int, offset: int, **filters: Any) -> RequestPage:
        scope = scope_for(self.principal)
        async with self.db.connection() as conn:
            rows, total = await queries.list_requests(
                conn, scope_org=scope.organisation_id, referred_only=scope.referred_only,
                limit=limit, offset=offset, **filters)
            items = [to_out(r) for r in rows]
            await record(conn, self.principal, "request.list", "placement_request",
                         record_ids=[r.id for r in items],
                         child_ids=[c for r in items for c in r.child_ids],
                         detail={"total": total})
        return RequestPage(items=items, total=total, limit=limit, offset=offset)

    async def update(self, request_id: UUID, data: RequestUpdate,
                     if_match: str | None) -> RequestOut:
        scope = self._writer_scope()
        version, from_header = expected_version(data.version, if_match)
        changes = {k: v for k, v in msgspec.structs.asdict(data).items()
                   if k != "version" and v is not msgspec.UNSET}
        child_ids = changes.pop("child_ids", None)
        errors: Errors = []
        if "expected_duration_days" in changes:
            check_duration(changes["expected_duration_days"], errors)
        async with self.db.transaction() as conn:
            existing = await queries.get_request(conn, request_id, scope_org=scope.organisation_id,
                                                 referred_only=False)
            if existing is None:
                raise NotFound("no such placement request in your caseload")
            if child_ids is not None:
                await check_children(conn, child_ids, scope.organisation_id, errors)
            raise_if_errors(errors)
            if await sql.update_versioned(conn, "placement_requests", request_id, version,
                                          changes) is None:
                raise stale(existing["version"], version, from_header)
            if child_ids is not None:
                await queries.replace_children(conn, request_id, child_ids)
            if changes.get("status") == "open":  # re-opened: the occupancies say where it stands
                await sync_request_status(conn, request_id)
            row = await queries.get_request(conn, request_id, scope_org=None, referred_only=False)
            assert row is not None
            out = to_out(row)
            before = [UUID(str(c["id"])) for c in existing["children"]]
            await record(conn, self.principal, "request.update", "placement_request",
                         record_ids=[request_id], child_ids=[*before, *out.child_ids],
                         detail={"fields": sorted([*changes] + (["child_ids"] if child_ids
                                                                is not None else []))})
        return out


