"""The CSV import of leads, all or nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from placement.audit.service import record
from placement.auth.principal import Principal
from placement.core.database import Database
from placement.core.errors import ValidationFailed
from placement.geo.service import GeoIndex
from placement.recruitment import intake, queries
from placement.recruitment.common import ENTITY_LEAD, lead_scope
from placement.recruitment.csv_import import RowError, column_of, parse_leads
from placement.recruitment.schemas import ImportResult


class ImportService:
    def __init__(self, db: Database, geo: GeoIndex, principal: Principal) -> None:
        self.db, self.geo, self.principal = db, geo, principal

    async def import_csv(self, text: str, *, dry_run: bool) -> ImportResult:
        organisation_id = lead_scope(self.principal) or self.principal.organisation_id
        if organisation_id is None:
            raise ValidationFailed.field("organisation_id", "the command line must name one")
        leads, errors = parse_leads(text)
        now = dt.datetime.now(dt.UTC)
        checked = []
        for row in leads:
            found: list[dict[str, Any]] = []
            if row.lead is not None:
                checked.append((row.line, row.lead, intake.check_lead(row.lead, self.geo, found, now),
                                found))
            else:  # a malformed row: still report its postcode and campaign problems
                self.geo.locate(row.postcode, "postcode", found)
                checked.append((row.line, None, {}, found))
        async with self.db.transaction() as conn:
            need_codes = await queries.known_need_codes(conn)
            campaign_ids = []
            for (line, lead, _, found), row in zip(checked, leads):
                if lead is not None:
                    campaign_ids.append(await intake.check_references(
                        conn, lead, organisation_id, found, need_codes=need_codes))
                elif row.campaign_code and await queries.campaign_by_code(
                        conn, row.campaign_code) is None:
                    found.append({"field": "campaign_code",
                                  "reason": f"no campaign with code {row.campaign_code}"})
                reported = {(e["row"], e["field"]) for e in errors}
                errors.extend(RowError(line, column_of(e["field"]), e["reason"]) for e in found
                              if (line, column_of(e["field"])) not in reported)
            if errors:
                errors.sort(key=lambda e: (e["row"], e["field"]))
                raise ValidationFailed(
                    f"{len(errors)} problem(s) in the file; nothing was imported", errors=errors)
            if dry_run:
                return ImportResult(imported=0, dry_run=True, lead_ids=[], flagged_as_duplicate=[])
            lead_ids, flagged = [], []
            for (_, lead, values, _), campaign_id in zip(checked, campaign_ids):
                lead_id, resembling = await intake.store_lead(
                    conn, self.principal, lead, values, organisation_id=organisation_id,
                    campaign_id=campaign_id, now=now)
                lead_ids.append(lead_id)
                if resembling:
                    flagged.append(lead_id)
            await record(conn, self.principal, "lead.import", ENTITY_LEAD, record_ids=lead_ids,
                         detail={"rows": len(lead_ids)})
        return ImportResult(imported=len(lead_ids), dry_run=False, lead_ids=lead_ids,
                            flagged_as_duplicate=flagged)
