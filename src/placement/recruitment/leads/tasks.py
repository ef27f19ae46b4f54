"""Follow-up tasks on leads, and the overdue lists per recruiter and per campaign."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from uuid import UUID

import asyncpg
import msgspec

from placement.audit.service import record
from placement.auth.principal import Principal
from placement.core.clock import local_today
from placement.core.concurrency import expected_version, stale
from placement.core.database import Database
from placement.core.errors import NotFound, ValidationFailed
from placement.recruitment.common import ENTITY_LEAD, lead_scope
from placement.recruitment.leads import queries
from placement.recruitment.leads.schemas import (
    OverdueGroup,
    OverdueReport,
    TaskCreate,
    TaskOut,
    TaskUpdate,
)
from placement.recruitment.leads.service import load_lead, refuse_if_closed, task_out

ENTITY_TASK = "recruitment_task"


def group_overdue(rows: list[asyncpg.Record], key: str, label: str,
                  fallback: str) -> list[OverdueGroup]:
    groups: dict[str | None, list[asyncpg.Record]] = defaultdict(list)
    for row in rows:
        groups[str(row[key]) if row[key] is not None else None].append(row)
    out = [OverdueGroup(key=k, label=(members[0][label] or fallback) if k else fallback,
                        count=len(members), tasks=[task_out(r) for r in members])
           for k, members in groups.items()]
    return sorted(out, key=lambda g: (-g.count, g.label))


class TaskService:
    def __init__(self, db: Database, principal: Principal) -> None:
        self.db, self.principal = db, principal

    async def create(self, lead_id: UUID, data: TaskCreate) -> TaskOut:
        scope = lead_scope(self.principal)
        async with self.db.transaction() as conn:
            lead = await load_lead(conn, lead_id, scope)
            refuse_if_closed(lead)
            assigned = data.assigned_user_id or lead["assigned_user_id"] or self.principal.user_id
            if data.assigned_user_id and not await queries.users_of_organisation(
                    conn, lead["organisation_id"], [data.assigned_user_id]):
                raise ValidationFailed.field("assigned_user_id",
                                             "no such colleague in your organisation")
            task_id = await queries.insert_task(conn, {
                "lead_id": lead_id, "kind": data.kind, "title": data.title, "note": data.note,
                "due_on": data.due_on, "assigned_user_id": assigned})
            await record(conn, self.principal, "lead.task.create", ENTITY_TASK,
                         record_ids=[task_id, lead_id])
            row = await queries.get_task(conn, task_id, scope_org=None)
        return task_out(row)

    async def update(self, task_id: UUID, data: TaskUpdate, if_match: str | None) -> TaskOut:
        scope = lead_scope(self.principal)
        version, from_header = expected_version(data.version, if_match)
        async with self.db.transaction() as conn:
            row = await queries.get_task(conn, task_id, scope_org=scope)
            if row is None:
                raise NotFound("no such task in your organisation")
            values: dict[str, object] = {}
            if data.done is not msgspec.UNSET:
                values["done_at"] = dt.datetime.now(dt.UTC) if data.done else None
                values["done_by"] = self.principal.user_id if data.done else None
            for field in ("due_on", "note", "assigned_user_id"):
                if getattr(data, field) is not msgspec.UNSET:
                    values[field] = getattr(data, field)
            if values.get("assigned_user_id") and not await queries.users_of_organisation(
                    conn, row["organisation_id"], [values["assigned_user_id"]]):  # type: ignore[list-item]
                raise ValidationFailed.field("assigned_user_id",
                                             "no such colleague in your organisation")
            if await queries.update_task(conn, task_id, version, values) is None:
                raise stale(row["version"], version, from_header)
            await record(conn, self.principal, "lead.task.update", ENTITY_TASK,
                         record_ids=[task_id, row["lead_id"]], detail={"fields": sorted(values)})
            row = await queries.get_task(conn, task_id, scope_org=None)
        return task_out(row)

    async def overdue(self, as_of: dt.date | None = None) -> OverdueReport:
        """Open tasks whose due day has passed (a task due today is not overdue yet)."""
        scope = lead_scope(self.principal)
        day = as_of or local_today()
        async with self.db.transaction() as conn:
            rows = await queries.open_tasks(conn, scope_org=scope, due_before=day,
                                            assigned_user_id=None)
            await record(conn, self.principal, "lead.task.overdue", ENTITY_TASK,
                         record_ids=[r["id"] for r in rows], detail={"as_of": day.isoformat()})
        return OverdueReport(
            as_of=day, total=len(rows),
            by_recruiter=group_overdue(rows, "assigned_user_id", "assignee_name", "(niemand)"),
            by_campaign=group_overdue(rows, "campaign_code", "campaign_code", "(geen campagne)"),
        )

    async def open_for(self, assigned_user_id: UUID | None) -> list[TaskOut]:
        scope = lead_scope(self.principal)
        async with self.db.transaction() as conn:
            rows = await queries.open_tasks(conn, scope_org=scope, due_before=None,
                                            assigned_user_id=assigned_user_id)
            await record(conn, self.principal, "lead.task.list", ENTITY_LEAD,
                         record_ids=[r["lead_id"] for r in rows])
        return [task_out(r) for r in rows]
