"""Refused access to a child's data goes into the access log (NEN 7513: attempts count too),
where the child's own organisation sees it.

A service that refuses (404 "not in your caseload", 403, or a 400 naming a child outside the
caseload) raises inside its transaction, which rolls back any audit entry it wrote there. So the
refusal is recorded here, after the response, in its own transaction, for every route marked
`child_data` (see auth.access.allow). The entry names the children concerned in `child_ids`, so
the access log of the children's organisation shows it (audit/queries.py scopes by child):

* children a service refused by id in the body (it calls `note_refused`),
* the children of a placement request named in the path,
* the child named in a list call's `child_id` filter, when it is not the caller's to see.

Filter values of list calls (`child_id`, `organisation_id`) are kept in the entry's detail.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any
from uuid import UUID

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from placement.auth.access import CHILD_DATA_KEY, principal_of

REFUSED = frozenset({401, 403, 404})
FILTERS = ("child_id", "organisation_id")

# The children a service refused during this request; a fresh list per request (set by the
# middleware), appended to by services, read by the middleware after the response.
_NOTED: ContextVar[list[UUID] | None] = ContextVar("placement_refused_children", default=None)


def note_refused(child_ids: Iterable[UUID]) -> None:
    """A service refused these children (not in the caller's caseload): log the attempt."""
    noted = _NOTED.get()
    if noted is not None:
        noted.extend(child_ids)


class RefusalAuditMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = scope.get("route_handler")
        if scope["type"] != "http" or handler is None or not handler.opt.get(CHILD_DATA_KEY):
            await self.app(scope, receive, send)
            return
        status: list[int] = []
        noted: list[UUID] = []
        token = _NOTED.set(noted)

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            _NOTED.reset(token)
            if status and (status[0] in REFUSED or (noted and status[0] >= 400)):
                await _record(scope, status[0], noted)
            elif status and status[0] < 300 and scope.get("method") == "GET":
                await _record_foreign_filter(scope, status[0])


def _uuid(value: object) -> UUID | None:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        return None


def _filters(scope: Scope) -> dict[str, str]:
    from urllib.parse import parse_qsl

    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"))
    return {k: v[:64] for k, v in query if k in FILTERS}


async def _record(scope: Scope, status: int, noted: list[UUID]) -> None:
    from litestar.connection import ASGIConnection

    from placement.audit import queries as audit_queries
    from placement.audit.service import record

    connection: ASGIConnection[Any, Any, Any, Any] = ASGIConnection(scope)
    principal = principal_of(connection)
    params = scope.get("path_params", {})
    record_ids = [str(v) for k, v in params.items() if k.endswith("_id")]
    filters = _filters(scope)
    async with scope["litestar_app"].state.db.transaction() as conn:
        child_ids = list(noted)
        request_id = _uuid(params.get("request_id")) if "request_id" in params else None
        if request_id is not None:
            child_ids += await audit_queries.request_children(conn, request_id)
        for name in ("child_id", "child_a_id", "child_b_id"):
            if name in params and (child := _uuid(params[name])) is not None:
                child_ids.append(child)
        if (child := _uuid(filters.get("child_id"))) is not None:
            child_ids.append(child)
        # Only ids of real children: a guessed id must not reach another organisation's log.
        existing = await audit_queries.existing_children(conn, child_ids)
        await record(conn, principal, "access.refused", "route", record_ids=record_ids,
                     child_ids=[c for c in child_ids if c in existing],
                     detail={"method": scope.get("method"), "route": scope.get("path_template"),
                             "status": status, "filters": filters or None,
                             "refused_children": [str(c) for c in noted] or None})


async def _record_foreign_filter(scope: Scope, status: int) -> None:
    """A list filtered on another organisation's child answers with nothing, but it is an
    attempt on that child all the same."""
    from litestar.connection import ASGIConnection

    from placement.audit import queries as audit_queries

    child = _uuid(_filters(scope).get("child_id"))
    if child is None:
        return
    principal = principal_of(ASGIConnection(scope))
    if principal.via == "system":
        return
    async with scope["litestar_app"].state.db.transaction() as conn:
        visible = await audit_queries.child_visible_to(conn, child, principal.organisation_id)
    if not visible:
        await _record(scope, status, [])
