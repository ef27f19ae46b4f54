"""Rules for sibling ties: both children in the caller's caseload, apart needs a reason, every
read and write audited with both children."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from placement.audit.service import record
from placement.auth.principal import Principal
from placement.auth.refusals import note_refused
from placement.auth.scope import officer_scope
from placement.children.queries import children_in_scope
from placement.core import sql
from placement.core.concurrency import expected_version, stale
from placement.core.database import Database
from placement.core.errors import FieldError, NotFound
from placement.core.validation import Errors, raise_if_errors
from placement.siblings import queries
from placement.siblings.graph import group_of, together_parts
from placement.siblings.schemas import (
    SiblingGroupOut,
    SiblingTieCreate,
    SiblingTieOut,
    SiblingTiePage,
    SiblingTieUpdate,
)


def to_out(row: asyncpg.Record) -> SiblingTieOut:
    return SiblingTieOut(**dict(row))


def check_apart_reason(intent: str, apart_reason: str | None, errors: Errors) -> None:
    if intent == "apart" and apart_reason is None:
        errors.append(FieldError("apart_reason", "required when the intent is apart"))
    if intent != "apart" and apart_reason is not None:
        errors.append(FieldError("apart_reason", "only for ties with intent apart"))


class SiblingService:
    def __init__(self, db: Database, principal: Principal) -> None:
        self.db, self.principal = db, principal

    def _scope_org(self) -> UUID | None:
        return officer_scope(self.principal, "only a placement officer works with sibling ties")

    async def create(self, data: SiblingTieCreate) -> SiblingTieOut:
        scope_org = self._scope_org()
        errors: Errors = []
        if data.child_a_id == data.child_b_id:
            errors.append(FieldError("child_b_id", "a child cannot be its own sibling"))
        check_apart_reason(data.intent, data.apart_reason, errors)
        async with self.db.transaction() as conn:
            found = await children_in_scope(conn, [data.child_a_id, data.child_b_id],
                                            scope_org=scope_org)
            for field in ("child_a_id", "child_b_id"):
                if getattr(data, field) not in found:
                    errors.append(FieldError(field, "no such child in your caseload"))
                    note_refused([getattr(data, field)])
            raise_if_errors(errors)
            tie_id = await sql.insert_row(conn, "sibling_ties", msgspec.structs.asdict(data))
            await record(conn, self.principal, "sibling_tie.create", "sibling_tie",
                         record_ids=[tie_id], child_ids=[data.child_a_id, data.child_b_id])
            row = await queries.get_tie(conn, tie_id, scope_org=None)
        assert row is not None
        return to_out(row)

    async def get(self, tie_id: UUID) -> SiblingTieOut:
        scope_org = self._scope_org()
        async with self.db.transaction() as conn:
            row = await queries.get_tie(conn, tie_id, scope_org=scope_org)
            if row is None:
                raise NotFound("no such sibling tie in your caseload")
            await record(conn, self.principal, "sibling_tie.read", "sibling_tie",
                         record_ids=[tie_id], child_ids=[row["child_a_id"], row["child_b_id"]])
        return to_out(row)

    async def list(self, *, limit: int, offset: int, **filters: Any) -> SiblingTiePage:
        scope_org = self._scope_org()
        async with self.db.transaction() as conn:
            rows, total = await queries.list_ties(conn, scope_org=scope_org, limit=limit,
                                                  offset=offset, **filters)
            await record(conn, self.principal, "sibling_tie.list", "sibling_tie",
                         record_ids=[r["id"] for r in rows],
                         child_ids=[c for r in rows for c in (r["child_a_id"], r["child_b_id"])])
        return SiblingTiePage(items=[to_out(r) for r in rows],
                              total=total, limit=limit, offset=offset)

    async def update(self, tie_id: UUID, data: SiblingTieUpdate,
                     if_match: str | None) -> SiblingTieOut:
        scope_org = self._scope_org()
        version, from_header = expected_version(data.version, if_match)
        changes = {k: v for k, v in msgspec.structs.asdict(data).items()
                   if k != "version" and v is not msgspec.UNSET}
        async with self.db.transaction() as conn:
            existing = await queries.get_tie(conn, tie_id, scope_org=scope_org)
            if existing is None:
                raise NotFound("no such sibling tie in your caseload")
            errors: Errors = []
            intent = changes.get("intent", existing["intent"])
            if intent != "apart" and "apart_reason" not in changes:
                changes["apart_reason"] = None  # leaving `apart` drops its reason
            check_apart_reason(intent, changes.get("apart_reason", existing["apart_reason"]),
                               errors)
            raise_if_errors(errors)
            if await sql.update_versioned(conn, "sibling_ties", tie_id, version, changes) is None:
                raise stale(existing["version"], version, from_header)
            await record(conn, self.principal, "sibling_tie.update", "sibling_tie",
                         record_ids=[tie_id],
                         child_ids=[existing["child_a_id"], existing["child_b_id"]],
                         detail={"fields": sorted(changes)})
            row = await queries.get_tie(conn, tie_id, scope_org=None)
        assert row is not None
        return to_out(row)

    async def group(self, child_id: UUID) -> SiblingGroupOut:
        scope_org = self._scope_org()
        async with self.db.transaction() as conn:
            if not await children_in_scope(conn, [child_id], scope_org=scope_org):
                raise NotFound("no such child in your caseload")
            ties = [to_out(r) for r in await queries.group_ties(conn, child_id,
                                                                scope_org=scope_org)]
            group = group_of(child_id, ties)
            await record(conn, self.principal, "sibling_group.read", "sibling_tie",
                         record_ids=[t.id for t in ties], child_ids=group)
        return SiblingGroupOut(
            child_id=child_id,
            ties=[t for t in ties if child_id in (t.child_a_id, t.child_b_id)],
            group=group, group_ties=ties, together_parts=together_parts(group, ties))
