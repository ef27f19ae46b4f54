"""Rules for network ties: the child in the caller's caseload, the carer anywhere; audited."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

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
from placement.networkties import queries
from placement.networkties.schemas import (
    NetworkTieCreate,
    NetworkTieOut,
    NetworkTiePage,
    NetworkTieUpdate,
)


def to_out(row: asyncpg.Record) -> NetworkTieOut:
    return NetworkTieOut(**dict(row))


class NetworkTieService:
    def __init__(self, db: Database, principal: Principal) -> None:
        self.db, self.principal = db, principal

    def _scope_org(self) -> UUID | None:
        return officer_scope(self.principal, "only a placement officer works with network ties")

    async def create(self, data: NetworkTieCreate) -> NetworkTieOut:
        scope_org = self._scope_org()
        errors: Errors = []
        async with self.db.transaction() as conn:
            if not await children_in_scope(conn, [data.child_id], scope_org=scope_org):
                errors.append(FieldError("child_id", "no such child in your caseload"))
                note_refused([data.child_id])
            if not await sql.existing_ids(conn, "carers", [data.carer_id]):
                errors.append(FieldError("carer_id", "no such carer"))
            raise_if_errors(errors)
            tie_id = await sql.insert_row(conn, "network_ties", {
                "child_id": data.child_id, "carer_id": data.carer_id, "relation": data.relation})
            await record(conn, self.principal, "network_tie.create", "network_tie",
                         record_ids=[tie_id], child_ids=[data.child_id])
            row = await queries.get_tie(conn, tie_id, scope_org=None)
        assert row is not None
        return to_out(row)

    async def get(self, tie_id: UUID) -> NetworkTieOut:
        scope_org = self._scope_org()
        async with self.db.transaction() as conn:
            row = await queries.get_tie(conn, tie_id, scope_org=scope_org)
            if row is None:
                raise NotFound("no such network tie in your caseload")
            await record(conn, self.principal, "network_tie.read", "network_tie",
                         record_ids=[tie_id], child_ids=[row["child_id"]])
        return to_out(row)

    async def list(self, *, limit: int, offset: int, **filters: Any) -> NetworkTiePage:
        scope_org = self._scope_org()
        async with self.db.transaction() as conn:
            rows, total = await queries.list_ties(conn, scope_org=scope_org, limit=limit,
                                                  offset=offset, **filters)
            await record(conn, self.principal, "network_tie.list", "network_tie",
                         record_ids=[r["id"] for r in rows], child_ids=[r["child_id"] for r in rows])
        return NetworkTiePage(items=[to_out(r) for r in rows],
                              total=total, limit=limit, offset=offset)

    async def update(self, tie_id: UUID, data: NetworkTieUpdate,
                     if_match: str | None) -> NetworkTieOut:
        scope_org = self._scope_org()
        version, from_header = expected_version(data.version, if_match)
        async with self.db.transaction() as conn:
            existing = await queries.get_tie(conn, tie_id, scope_org=scope_org)
            if existing is None:
                raise NotFound("no such network tie in your caseload")
            changes: dict[str, Any] = {}
            if isinstance(data.relation, str):
                changes["relation"] = data.relation
            # network_ties has no updated_at column: only the version moves.
            if await sql.update_versioned(conn, "network_ties", tie_id, version, changes,
                                          touch_updated_at=False) is None:
                raise stale(existing["version"], version, from_header)
            await record(conn, self.principal, "network_tie.update", "network_tie",
                         record_ids=[tie_id], child_ids=[existing["child_id"]],
                         detail={"fields": sorted(changes)})
            row = await queries.get_tie(conn, tie_id, scope_org=None)
        assert row is not None
        return to_out(row)
