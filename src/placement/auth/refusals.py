"""Refused access to a child's data goes into the access log (NEN 7513: attempts count too).

A service that refuses (404 "not in your caseload", 403) raises inside its transaction, which
rolls back any audit entry it wrote there. So the refusal is recorded here, after the response,
in its own transaction, for every route marked `child_data` (see auth.access.allow).
"""

from __future__ import annotations

from typing import Any

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from placement.auth.access import CHILD_DATA_KEY, principal_of

REFUSED = frozenset({401, 403, 404})


class RefusalAuditMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = scope.get("route_handler")
        if scope["type"] != "http" or handler is None or not handler.opt.get(CHILD_DATA_KEY):
            await self.app(scope, receive, send)
            return
        status: list[int] = []

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            if status and status[0] in REFUSED:
                await _record(scope, status[0])


async def _record(scope: Scope, status: int) -> None:
    from litestar.connection import ASGIConnection

    from placement.audit.service import record

    connection: ASGIConnection[Any, Any, Any, Any] = ASGIConnection(scope)
    principal = principal_of(connection)
    params = scope.get("path_params", {})
    record_ids = [str(v) for k, v in params.items() if k.endswith("_id")]
    async with scope["litestar_app"].state.db.transaction() as conn:
        await record(conn, principal, "access.refused", "route", record_ids=record_ids,
                     detail={"method": scope.get("method"), "route": scope.get("path_template"),
                             "status": status})
