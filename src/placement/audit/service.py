"""Recording who read or changed what. Call inside the transaction of the read or write itself,
so that the access and its log entry commit (or fail) together."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

import asyncpg

from placement.audit import queries
from placement.auth.principal import Principal


async def record(
    conn: asyncpg.Connection, principal: Principal, action: str, entity: str, *,
    record_ids: Iterable[object] = (), child_ids: Iterable[UUID] = (),
    detail: dict[str, Any] | None = None,
) -> None:
    await queries.insert_entry(
        conn,
        actor_user_id=principal.user_id,
        actor_label=principal.label,
        organisation_id=principal.organisation_id,
        role=principal.role_label or None,
        action=action,
        entity=entity,
        record_ids=[str(r) for r in record_ids],
        child_ids=list(dict.fromkeys(child_ids)),
        source_address=principal.source_address,
        detail=detail or {},
    )
