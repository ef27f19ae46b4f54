"""Recording who read or changed what. Call inside the transaction of the read or write itself,
so that the access and its log entry commit (or fail) together."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

import asyncpg

from placement.audit import queries
from placement.audit.schemas import AuditPage
from placement.auth.principal import Principal
from placement.core.database import Database


async def record(
    conn: asyncpg.Connection, principal: Principal, action: str, entity: str, *,
    record_ids: Iterable[object] = (), child_ids: Iterable[UUID] = (),
    detail: dict[str, Any] | None = None,
) -> None:
    values = entry_values(principal, action, entity, record_ids=record_ids,
                          child_ids=child_ids, detail=detail)
    await queries.insert_entry(conn, **dict(zip(ENTRY_COLUMNS, values)))


ENTRY_COLUMNS = ("actor_user_id", "actor_label", "organisation_id", "role", "action", "entity",
                 "record_ids", "child_ids", "source_address", "detail")


def entry_values(
    principal: Principal, action: str, entity: str, *, record_ids: Iterable[object] = (),
    child_ids: Iterable[UUID] = (), detail: dict[str, Any] | None = None,
) -> tuple[Any, ...]:
    """An audit entry's values in ENTRY_COLUMNS order: for record(), and for a caller that
    writes its entry in the same statement as its own write (matching's search)."""
    return (principal.user_id, principal.label, principal.organisation_id,
            principal.role_label or None, action, entity, [str(r) for r in record_ids],
            list(dict.fromkeys(child_ids)), principal.source_address, detail or {})


class AuditService:
    """Reading the access log: administrators, for their own organisation's children and staff."""

    def __init__(self, db: Database, principal: Principal) -> None:
        self.db, self.principal = db, principal

    def _scope(self) -> UUID | None:
        from placement.auth.principal import BEHEERDER
        from placement.core.errors import Forbidden

        if self.principal.via == "system":
            return None
        if not self.principal.has(BEHEERDER):
            raise Forbidden("only an administrator reads the access log")
        return self.principal.organisation_id

    async def child_history(self, child_id: UUID, *, limit: int, offset: int) -> AuditPage:
        from placement.core.errors import NotFound

        scope = self._scope()
        async with self.db.transaction() as conn:
            owner = await queries.child_organisation(conn, child_id)
            if owner is None or (scope is not None and owner != scope):
                await record(conn, self.principal, "audit.child_history.refused", "child",
                             record_ids=[child_id])
                raise NotFound("no such child in your organisation")
            rows = await queries.child_access_history(conn, child_id, limit=limit, offset=offset)
            await record(conn, self.principal, "audit.child_history", "child",
                         record_ids=[child_id], child_ids=[child_id],
                         detail={"entries": len(rows)})
        return _page(rows, limit, offset)

    async def entries(self, *, action: str | None, actor_user_id: UUID | None,
                      child_id: UUID | None, since: Any, until: Any, limit: int,
                      offset: int, case_reference: str | None = None) -> AuditPage:
        """The log in scope, filtered. `case_reference` keeps the entries about one case (the
        child with that dossier number and its placement requests); looking a case up this
        way is itself logged, naming the children found; every listing is logged naming the
        children whose dossier numbers it shows."""
        scope = self._scope()
        async with self.db.transaction() as conn:
            case = (await queries.case_by_reference(conn, case_reference, scope)
                    if case_reference else None)
            rows = await queries.list_entries(
                conn, scope_org=scope, action=action, actor_user_id=actor_user_id,
                child_id=child_id, since=since, until=until, limit=limit, offset=offset,
                case=case)
            # The page shows each entry's dossier numbers: a read of those children too.
            shown = [child for row in rows for child in row["shown_children"]]
            await record(conn, self.principal, "audit.list", "audit_log",
                         child_ids=[*(case[0] if case else ()), *shown],
                         detail={"action": action, "child_id": str(child_id) if child_id else None,
                                 "case_reference": case_reference, "entries": len(rows)})
        return _page(rows, limit, offset)


def _page(rows: list[asyncpg.Record], limit: int, offset: int) -> AuditPage:
    import json

    from placement.audit.schemas import AuditEntry, AuditPage

    items = []
    for r in rows:
        values = dict(r)
        values.pop("shown_children", None)
        if isinstance(values["detail"], str):
            values["detail"] = json.loads(values["detail"])
        values["record_ids"] = list(values["record_ids"])
        items.append(AuditEntry(**values))
    return AuditPage(items=items, limit=limit, offset=offset)
