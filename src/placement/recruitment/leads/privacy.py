"""Privacy: erase a lead on request, and purge leads that dropped out long enough ago.

Erasing empties the personal data and keeps the anonymous funnel facts (stage timestamps,
reason codes, campaign, channel, PC4 area, wijk) so reports stay right.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import asyncpg

from placement.audit.service import record
from placement.auth.principal import Principal
from placement.core.database import Database
from placement.core.errors import Conflict
from placement.recruitment.common import ENTITY_LEAD, lead_scope
from placement.recruitment.leads import queries
from placement.recruitment.leads.service import load_lead


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day `months` calendar months earlier (clamped to the month's last day)."""
    month_index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


async def purge(conn: asyncpg.Connection, principal: Principal, *, retention_months: int,
                now: dt.datetime, dry_run: bool, scope_org: UUID | None = None) -> list[UUID]:
    """Erase leads that left (afgehaakt/afgewezen) more than `retention_months` ago and did not
    consent to be kept. Runs in the caller's transaction; returns the erased (or, on a dry run,
    the would-be erased) leads."""
    cutoff = months_before(now, retention_months)
    due = await queries.purge_candidates(conn, left_before=cutoff, scope_org=scope_org)
    if due and not dry_run:
        await queries.erase_leads(conn, due)
        await record(conn, principal, "lead.purge", ENTITY_LEAD, record_ids=due,
                     detail={"retention_months": retention_months, "cutoff": cutoff.isoformat()})
    return due


class PrivacyService:
    def __init__(self, db: Database, principal: Principal) -> None:
        self.db, self.principal = db, principal

    async def erase(self, lead_id: UUID) -> list[UUID]:
        """Erasure on request (AVG art. 17). Leads merged into this one are the same person and
        are erased with it."""
        scope = lead_scope(self.principal)
        async with self.db.transaction() as conn:
            lead = await load_lead(conn, lead_id, scope, for_update=True)
            if lead["erased_at"] is not None:
                raise Conflict("this lead was already erased")
            ids = [lead_id, *await queries.merged_into(conn, lead_id)]
            await queries.erase_leads(conn, ids)
            await record(conn, self.principal, "lead.erase", ENTITY_LEAD, record_ids=ids,
                         detail={"on_request": True})
        return ids

    async def purge(self, *, retention_months: int, dry_run: bool) -> list[UUID]:
        scope = lead_scope(self.principal)
        async with self.db.transaction() as conn:
            return await purge(conn, self.principal, retention_months=retention_months,
                               now=dt.datetime.now(dt.UTC), dry_run=dry_run, scope_org=scope)
