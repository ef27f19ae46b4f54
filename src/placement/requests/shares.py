"""Case shares: the organisation that owns a placement request lets another organisation's
placement officers work on the case (the request and the children in it).

Only the owner shares and unshares: a receiving organisation sees the case but may not pass it
on. A request out of the caller's scope is a 404, as everywhere, so ids cannot be probed.
Every share, unshare and listing is audited with the request's children.
"""

from __future__ import annotations

from uuid import UUID

import asyncpg

from placement.audit.service import record
from placement.auth.principal import Principal
from placement.core.database import Database
from placement.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from placement.requests import queries
from placement.requests.schemas import ShareCreate, ShareOut
from placement.requests.service import Scope, scope_for

ENTITY = "case_share"


def share_out(row: asyncpg.Record) -> ShareOut:
    return ShareOut(request_id=row["request_id"], organisation_id=row["organisation_id"],
                    organisation_name=row["organisation_name"], shared_by=row["shared_by"],
                    created_at=row["created_at"])


def _child_ids(request: asyncpg.Record) -> list[UUID]:
    return [UUID(str(c["id"])) for c in request["children"]]


class ShareService:
    def __init__(self, db: Database, principal: Principal) -> None:
        self.db, self.principal = db, principal

    def _scope(self) -> Scope:
        scope = scope_for(self.principal)
        if not scope.may_write:
            raise Forbidden("only a placement officer shares cases")
        return scope

    async def _request_in_scope(self, conn: asyncpg.Connection, request_id: UUID,
                                scope: Scope, action: str) -> asyncpg.Record:
        request = await queries.get_request(conn, request_id, scope_org=scope.organisation_id,
                                            referred_only=False)
        if request is None:
            await record(conn, self.principal, f"{action}.refused", "placement_request",
                         record_ids=[request_id])
            raise NotFound("no such placement request in your caseload")
        return request

    async def _owned_request(self, conn: asyncpg.Connection, request_id: UUID,
                             action: str) -> asyncpg.Record:
        scope = self._scope()
        request = await self._request_in_scope(conn, request_id, scope, action)
        if scope.organisation_id is not None and request["organisation_id"] != scope.organisation_id:
            await record(conn, self.principal, f"{action}.refused", "placement_request",
                         record_ids=[request_id], child_ids=_child_ids(request),
                         detail={"reason": "not the owning organisation"})
            raise Forbidden("only the organisation that registered the request shares it")
        return request

    async def share(self, request_id: UUID, data: ShareCreate) -> ShareOut:
        async with self.db.transaction() as conn:
            request = await self._owned_request(conn, request_id, "case_share.create")
            if data.organisation_id == request["organisation_id"]:
                raise ValidationFailed.field("organisation_id",
                                             "the request already belongs to this organisation")
            if not await queries.organisation_exists(conn, data.organisation_id):
                raise ValidationFailed.field("organisation_id", "no such organisation")
            row = await queries.insert_share(conn, request_id, data.organisation_id,
                                             self.principal.user_id)
            if row is None:
                raise Conflict("the request is already shared with this organisation")
            await record(conn, self.principal, "case_share.create", ENTITY,
                         record_ids=[request_id, data.organisation_id],
                         child_ids=_child_ids(request))
        return share_out(row)

    async def list(self, request_id: UUID) -> list[ShareOut]:
        scope = self._scope()
        async with self.db.transaction() as conn:
            request = await self._request_in_scope(conn, request_id, scope, "case_share.list")
            rows = await queries.list_shares(conn, request_id)
            await record(conn, self.principal, "case_share.list", ENTITY,
                         record_ids=[request_id, *(r["organisation_id"] for r in rows)],
                         child_ids=_child_ids(request))
        return [share_out(r) for r in rows]

    async def unshare(self, request_id: UUID, organisation_id: UUID) -> None:
        async with self.db.transaction() as conn:
            request = await self._owned_request(conn, request_id, "case_share.delete")
            if not await queries.delete_share(conn, request_id, organisation_id):
                raise NotFound("the request is not shared with this organisation")
            await record(conn, self.principal, "case_share.delete", ENTITY,
                         record_ids=[request_id, organisation_id],
                         child_ids=_child_ids(request))
