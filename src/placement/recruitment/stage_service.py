"""Moving a lead through the stages; approval creates the carer in the same transaction."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from placement.audit.service import record
from placement.auth.principal import Principal
from placement.core.concurrency import expected_version, stale
from placement.core.database import Database
from placement.core.errors import ValidationFailed
from placement.geo.service import GeoIndex
from placement.recruitment import approval, queries, tasks_queries
from placement.recruitment.common import ENTITY_LEAD, lead_scope
from placement.recruitment.leads import lead_detail, load_lead, refuse_if_closed
from placement.recruitment.reference import APPROVED, DROPPED_OUT
from placement.recruitment.schemas import LeadOut, StageChange
from placement.recruitment.stages import plan_transition

_CLOCK_SKEW = dt.timedelta(minutes=5)


class StageService:
    def __init__(self, db: Database, geo: GeoIndex, principal: Principal) -> None:
        self.db, self.geo, self.principal = db, geo, principal

    async def change(self, lead_id: UUID, data: StageChange, if_match: str | None) -> LeadOut:
        scope = lead_scope(self.principal)
        version, from_header = expected_version(data.version, if_match)
        now = dt.datetime.now(dt.UTC)
        occurred_at = data.occurred_at or now
        if occurred_at > now + _CLOCK_SKEW:
            raise ValidationFailed.field("occurred_at", "lies in the future")
        async with self.db.transaction() as conn:
            lead = await load_lead(conn, lead_id, scope, for_update=True)
            refuse_if_closed(lead)
            if lead["version"] != version:
                raise stale(lead["version"], version, from_header)
            history = await queries.stage_events(conn, lead_id)
            if history and occurred_at < history[-1]["occurred_at"]:
                raise ValidationFailed.field(
                    "occurred_at", "before the last recorded stage change "
                    f"({history[-1]['occurred_at'].isoformat()})")
            entered = {e["stage"] for e in history if e["how"] != "skipped"}
            steps = plan_transition(lead["stage"], data.to_stage, reason_code=data.reason_code,
                                    note=data.note, entered=entered)
            carer_id = None
            if data.to_stage == APPROVED:
                carer_id = await approval.create_carer(conn, self.geo, lead, now)
            await queries.insert_stage_events(
                conn, lead_id,
                [(s.stage, s.from_stage, s.how, occurred_at, s.reason_code, s.note) for s in steps],
                actor_user_id=self.principal.user_id, actor_label=self.principal.label)
            await queries.set_lead_stage(conn, lead_id, data.to_stage, occurred_at,
                                         data.reason_code if data.to_stage in DROPPED_OUT else None)
            if carer_id is not None:
                await queries.set_lead_carer(conn, lead_id, carer_id)
            if data.to_stage in (APPROVED, *DROPPED_OUT):
                await tasks_queries.close_tasks_of_lead(conn, lead_id, self.principal.user_id)
            await record(conn, self.principal, "lead.stage", ENTITY_LEAD,
                         record_ids=[lead_id, *([carer_id] if carer_id else [])],
                         detail={"from": lead["stage"], "to": data.to_stage,
                                 "skipped": [s.stage for s in steps if s.how == "skipped"],
                                 "carer_id": str(carer_id) if carer_id else None})
            return await lead_detail(conn, lead_id)
