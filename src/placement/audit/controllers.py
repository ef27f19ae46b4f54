"""HTTP handlers for the access log (beheerder): one child's access history and a filtered list.

Reading the log is itself logged: who looked at whose access history is access to that child's
file too.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

from litestar import Controller, get
from litestar.params import Parameter

from placement.audit.schemas import AuditPage
from placement.audit.service import AuditService
from placement.auth.access import allow
from placement.auth.principal import BEHEERDER
from placement.core.providers import from_request
from placement.core.schemas import Limit, Offset


class AuditController(Controller):
    path = "/api/v1/audit"
    tags = ["audit"]
    dependencies = {"audit": from_request(AuditService)}

    @get("/", **allow(BEHEERDER), summary="The access log, newest first, filtered")
    async def list_entries(
        self, audit: AuditService,
        action: Annotated[str | None, Parameter(max_length=80)] = None,
        actor_user_id: UUID | None = None,
        child_id: UUID | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        limit: Annotated[Limit, Parameter(ge=1, le=500)] = 100,
        offset: Annotated[Offset, Parameter(ge=0)] = 0,
    ) -> AuditPage:
        return await audit.entries(action=action, actor_user_id=actor_user_id, child_id=child_id,
                                   since=since, until=until, limit=limit, offset=offset)

    @get("/children/{child_id:uuid}", **allow(BEHEERDER, child_data=True),
         summary="Access history of one child: who saw or changed the file, when, from where")
    async def child_history(
        self, child_id: UUID, audit: AuditService,
        limit: Annotated[Limit, Parameter(ge=1, le=500)] = 100,
        offset: Annotated[Offset, Parameter(ge=0)] = 0,
    ) -> AuditPage:
        return await audit.child_history(child_id, limit=limit, offset=offset)
