"""Merging two leads that are the same person: both histories are kept on one lead."""

from __future__ import annotations

from uuid import UUID

from placement.audit.service import record
from placement.auth.principal import Principal
from placement.core.database import Database
from placement.core.errors import Conflict, ValidationFailed
from placement.recruitment import queries
from placement.recruitment.common import ENTITY_LEAD, lead_scope
from placement.recruitment.leads import lead_detail, load_lead, refuse_if_closed
from placement.recruitment.schemas import LeadOut

# Contact fields the kept lead takes over from the merged one when it has none itself.
_FILL_IN = ("email", "email_normalised", "phone", "phone_normalised", "address", "heard_via",
            "foster_kind", "age_min", "age_max")


class MergeService:
    def __init__(self, db: Database, principal: Principal) -> None:
        self.db, self.principal = db, principal

    async def merge(self, keep_id: UUID, other_id: UUID) -> LeadOut:
        scope = lead_scope(self.principal)
        if keep_id == other_id:
            raise ValidationFailed.field("other_lead_id", "a lead cannot be merged with itself")
        async with self.db.transaction() as conn:
            # Lock in a fixed order so two opposite merges cannot deadlock.
            first, second = sorted([keep_id, other_id])
            rows = {first: await load_lead(conn, first, scope, for_update=True),
                    second: await load_lead(conn, second, scope, for_update=True)}
            keep, other = rows[keep_id], rows[other_id]
            refuse_if_closed(keep)
            refuse_if_closed(other)
            if other["carer_id"] is not None:
                raise Conflict("the other lead is already an approved carer: keep that one")
            fill = {f: other[f] for f in _FILL_IN if keep[f] is None and other[f] is not None}
            if not keep["own_children_birth_years"] and other["own_children_birth_years"]:
                fill["own_children_birth_years"] = list(other["own_children_birth_years"])
            if fill:
                await queries.update_lead(conn, keep_id, keep["version"], fill)
            moved = await queries.merge_leads(conn, keep_id, other_id)
            await record(conn, self.principal, "lead.merge", ENTITY_LEAD,
                         record_ids=[keep_id, other_id],
                         detail={"kept": str(keep_id), "merged": str(other_id), "moved": moved,
                                 "filled_in": sorted(fill)})
            return await lead_detail(conn, keep_id)
