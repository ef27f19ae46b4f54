"""Leads: register, read, list, change, consents; moving a lead through the stages, merging two
leads that are the same person, and the CSV import."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from placement.audit.service import record
from placement.auth.principal import Principal
from placement.core.concurrency import expected_version, stale
from placement.core.database import Database
from placement.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from placement.core.validation import raise_if_errors
from placement.geo.service import GeoIndex
from placement.recruitment.campaigns import queries as campaign_queries
from placement.recruitment.common import (
    ENTITY_LEAD,
    lead_scope,
    normalise_email,
    normalise_phone,
)
from placement.recruitment.leads import approval, intake, queries
from placement.recruitment.leads.csv_import import RowError, column_of, parse_leads
from placement.recruitment.leads.schemas import (
    ConsentIn,
    ConsentOut,
    DuplicateOut,
    ImportResult,
    LeadCreate,
    LeadOut,
    LeadPage,
    LeadUpdate,
    StageChange,
    StageEventOut,
    TaskOut,
)
from placement.recruitment.leads.stages import plan_transition
from placement.recruitment.reference import APPROVED, DROPPED_OUT


def event_out(row: asyncpg.Record) -> StageEventOut:
    return StageEventOut(
        stage=row["stage"], how=row["how"], from_stage=row["from_stage"],
        occurred_at=row["occurred_at"], actor_user_id=row["actor_user_id"],
        actor_label=row["actor_label"], reason_code=row["reason_code"], note=row["note"],
        origin_lead_id=row["origin_lead_id"])


def task_out(row: asyncpg.Record) -> TaskOut:
    return TaskOut(
        id=row["id"], lead_id=row["lead_id"], kind=row["kind"], title=row["title"],
        note=row["note"], due_on=row["due_on"], assigned_user_id=row["assigned_user_id"],
        done_at=row["done_at"], version=row["version"], lead_name=row["lead_name"],
        campaign_code=row["campaign_code"])


def consent_out(row: asyncpg.Record) -> ConsentOut:
    return ConsentOut(id=row["id"], purpose=row["purpose"], given_at=row["given_at"],
                      text_version=row["text_version"], withdrawn_at=row["withdrawn_at"])


def duplicate_out(row: asyncpg.Record) -> DuplicateOut:
    similarity = row["name_similarity"]
    return DuplicateOut(
        lead_id=row["other_id"], reasons=list(row["reasons"]),
        name_similarity=round(float(similarity), 3) if similarity is not None else None,
        status=row["status"], full_name=row["full_name"], stage=row["stage"])


def lead_out(row: asyncpg.Record) -> LeadOut:
    return LeadOut(
        id=row["id"], organisation_id=row["organisation_id"], full_name=row["full_name"],
        email=row["email"], phone=row["phone"], address=row["address"],
        postcode=row["postcode"], pc4=row["pc4"], wijk_code=row["wijk_code"],
        campaign_code=row["campaign_code"], heard_via=row["heard_via"],
        interest_placement_types=list(row["interest_placement_types"]),
        interest_family_home=row["interest_family_home"], foster_kind=row["foster_kind"],
        age_min=row["age_min"], age_max=row["age_max"],
        own_children_birth_years=list(row["own_children_birth_years"]),
        spare_rooms=row["spare_rooms"], competences=list(row["competences"]),
        stage=row["stage"], stage_changed_at=row["stage_changed_at"],
        outcome_reason=row["outcome_reason"], assigned_user_id=row["assigned_user_id"],
        registered_at=row["registered_at"], merged_into=row["merged_into"],
        carer_id=row["carer_id"], erased_at=row["erased_at"], version=row["version"])


async def load_lead(conn: asyncpg.Connection, lead_id: UUID, scope_org: UUID | None, *,
                    for_update: bool = False) -> asyncpg.Record:
    row = await queries.get_lead(conn, lead_id, scope_org=scope_org, for_update=for_update)
    if row is None:
        raise NotFound("no such lead in your organisation")
    return row


async def lead_detail(conn: asyncpg.Connection, lead_id: UUID) -> LeadOut:
    row = await queries.get_lead(conn, lead_id, scope_org=None)
    assert row is not None
    out = lead_out(row)
    out.history = [event_out(r) for r in await queries.stage_events(conn, lead_id)]
    out.tasks = [task_out(r) for r in await queries.tasks_of_lead(conn, lead_id)]
    out.consents = [consent_out(r) for r in await queries.consents(conn, lead_id)]
    out.duplicates = [duplicate_out(r) for r in await queries.duplicate_flags(conn, lead_id)]
    return out


def refuse_if_closed(row: asyncpg.Record) -> None:
    if row["erased_at"] is not None:
        raise Conflict("this lead was erased")
    if row["merged_into"] is not None:
        raise Conflict(f"this lead was merged into {row['merged_into']}; work on that lead")


class LeadService:
    def __init__(self, db: Database, geo: GeoIndex, principal: Principal) -> None:
        self.db, self.geo, self.principal = db, geo, principal

    async def create(self, data: LeadCreate) -> LeadOut:
        scope = lead_scope(self.principal)
        organisation_id = scope or self.principal.organisation_id
        if organisation_id is None:
            raise ValidationFailed.field("organisation_id", "the command line must name one")
        now = dt.datetime.now(dt.UTC)
        errors: list[dict[str, Any]] = []
        values = intake.check_lead(data, self.geo, errors, now)
        async with self.db.transaction() as conn:
            campaign_id = await intake.check_references(conn, data, organisation_id, errors)
            raise_if_errors(errors)
            lead_id, flagged = await intake.store_lead(
                conn, self.principal, data, values, organisation_id=organisation_id,
                campaign_id=campaign_id, now=now)
            await record(conn, self.principal, "lead.create", ENTITY_LEAD, record_ids=[lead_id],
                         detail={"flagged_as_duplicate_of": [str(f) for f in flagged]})
            return await lead_detail(conn, lead_id)

    async def get(self, lead_id: UUID) -> LeadOut:
        scope = lead_scope(self.principal)
        async with self.db.transaction() as conn:
            await load_lead(conn, lead_id, scope)
            await record(conn, self.principal, "lead.read", ENTITY_LEAD, record_ids=[lead_id])
            return await lead_detail(conn, lead_id)

    async def list(self, *, stage: str | None, campaign_code: str | None,
                   assigned_user_id: UUID | None, include_merged: bool, limit: int,
                   offset: int) -> LeadPage:
        scope = lead_scope(self.principal)
        async with self.db.connection() as conn:
            rows, total = await queries.list_leads(
                conn, scope_org=scope, stage=stage, campaign_code=campaign_code,
                assigned_user_id=assigned_user_id, include_merged=include_merged, limit=limit,
                offset=offset)
            await record(conn, self.principal, "lead.list", ENTITY_LEAD,
                         record_ids=[r["id"] for r in rows], detail={"total": total})
        return LeadPage(items=[lead_out(r) for r in rows], total=total, limit=limit, offset=offset)

    async def update(self, lead_id: UUID, data: LeadUpdate, if_match: str | None) -> LeadOut:
        async with self.db.transaction() as conn:
            return await self.update_in(conn, lead_id, data, if_match)

    async def update_in(self, conn: asyncpg.Connection, lead_id: UUID, data: LeadUpdate,
                        if_match: str | None) -> LeadOut:
        """`update` inside a transaction the caller holds (approval with its details)."""
        scope = lead_scope(self.principal)
        version, from_header = expected_version(data.version, if_match)
        changes = {f: getattr(data, f) for f in data.__struct_fields__
                   if f != "version" and getattr(data, f) is not msgspec.UNSET}
        errors: list[dict[str, Any]] = []
        values: dict[str, Any] = {}
        for field, value in changes.items():
            if field == "postcode":
                where = self.geo.locate(value, "postcode", errors)
                if where:
                    values.update(postcode=where.postcode, pc4=where.pc4, latitude=where.latitude,
                                  longitude=where.longitude, wijk_code=where.wijk_code)
            elif field == "competences":
                values[field] = [msgspec.to_builtins(c) for c in value]
            elif field in ("interest_placement_types", "own_children_birth_years"):
                values[field] = list(value)
            else:
                values[field] = value
        if "email" in values:
            values["email_normalised"] = normalise_email(values["email"])
        if "phone" in values:
            values["phone_normalised"] = normalise_phone(values["phone"])
        row = await load_lead(conn, lead_id, scope, for_update=True)
        refuse_if_closed(row)
        merged = {**dict(row), **values}
        if not merged["email"] and not merged["phone"]:
            errors.append(FieldError("email", "give an e-mail address or a phone number"))
        if (merged["age_min"] is not None and merged["age_max"] is not None
                and merged["age_min"] > merged["age_max"]):
            errors.append(FieldError("age_min", "is above age_max"))
        if "competences" in changes:
            codes = await campaign_queries.known_need_codes(conn)
            errors.extend(FieldError(f"competences[{i}].code", f"unknown need code {c.code!r}")
                          for i, c in enumerate(changes["competences"]) if c.code not in codes)
        if changes.get("assigned_user_id") and not await queries.users_of_organisation(
                conn, row["organisation_id"], [changes["assigned_user_id"]]):
            errors.append(FieldError("assigned_user_id", "no such colleague in your organisation"))
        raise_if_errors(errors)
        if await queries.update_lead(conn, lead_id, version, values) is None:
            raise stale(row["version"], version, from_header)
        if {"email", "phone", "full_name", "postcode"} & changes.keys():
            await intake.flag_duplicates(conn, lead_id, row["organisation_id"], merged)
        await record(conn, self.principal, "lead.update", ENTITY_LEAD, record_ids=[lead_id],
                     detail={"fields": sorted(changes)})
        return await lead_detail(conn, lead_id)

    async def add_consent(self, lead_id: UUID, data: ConsentIn) -> ConsentOut:
        scope = lead_scope(self.principal)
        now = dt.datetime.now(dt.UTC)
        given_at = data.given_at or now
        if given_at > now + dt.timedelta(minutes=5):
            raise ValidationFailed.field("given_at", "lies in the future")
        async with self.db.transaction() as conn:
            refuse_if_closed(await load_lead(conn, lead_id, scope, for_update=True))
            row = await queries.insert_consent(conn, lead_id, data.purpose, data.text_version,
                                               given_at)
            await record(conn, self.principal, "lead.consent.add", ENTITY_LEAD,
                         record_ids=[lead_id], detail={"purpose": data.purpose})
        return consent_out(row)

    async def withdraw_consent(self, lead_id: UUID, consent_id: UUID) -> list[ConsentOut]:
        scope = lead_scope(self.principal)
        async with self.db.transaction() as conn:
            await load_lead(conn, lead_id, scope, for_update=True)
            if not await queries.withdraw_consent(conn, lead_id, consent_id,
                                                  dt.datetime.now(dt.UTC)):
                raise NotFound("no such standing consent for this lead")
            await record(conn, self.principal, "lead.consent.withdraw", ENTITY_LEAD,
                         record_ids=[lead_id, consent_id])
            return [consent_out(r) for r in await queries.consents(conn, lead_id)]


# Moving a lead through the stages; approval creates the carer in the same transaction.

_CLOCK_SKEW = dt.timedelta(minutes=5)


class StageService:
    def __init__(self, db: Database, geo: GeoIndex, principal: Principal) -> None:
        self.db, self.geo, self.principal = db, geo, principal

    async def change(self, lead_id: UUID, data: StageChange, if_match: str | None) -> LeadOut:
        async with self.db.transaction() as conn:
            return await self._change_in(conn, lead_id, data, if_match)

    async def approve(self, lead_id: UUID, details: LeadUpdate, note: str | None,
                      if_match: str | None = None) -> LeadOut:
        """Approval in one act (the lead page's form, `POST .../approve`): the checked details
        saved on the lead and the lead approved into a carer made from them, in one
        transaction, so that a refused approval leaves the lead as it was (each step still has
        its own audit entry)."""
        async with self.db.transaction() as conn:
            updated = await LeadService(self.db, self.geo, self.principal).update_in(
                conn, lead_id, details, if_match)
            return await self._change_in(
                conn, lead_id, StageChange(to_stage=APPROVED, version=updated.version, note=note),
                None)

    async def _change_in(self, conn: asyncpg.Connection, lead_id: UUID, data: StageChange,
                         if_match: str | None) -> LeadOut:
        scope = lead_scope(self.principal)
        version, from_header = expected_version(data.version, if_match)
        now = dt.datetime.now(dt.UTC)
        occurred_at = data.occurred_at or now
        if occurred_at > now + _CLOCK_SKEW:
            raise ValidationFailed.field("occurred_at", "lies in the future")
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
            await queries.close_tasks_of_lead(conn, lead_id, self.principal.user_id)
        await record(conn, self.principal, "lead.stage", ENTITY_LEAD,
                     record_ids=[lead_id, *([carer_id] if carer_id else [])],
                     detail={"from": lead["stage"], "to": data.to_stage,
                             "skipped": [s.stage for s in steps if s.how == "skipped"],
                             "carer_id": str(carer_id) if carer_id else None})
        return await lead_detail(conn, lead_id)


# Merging two leads that are the same person: both histories are kept on one lead.

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


# The CSV import of leads, all or nothing.

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
            need_codes = await campaign_queries.known_need_codes(conn)
            campaign_ids = []
            for (line, lead, _, found), row in zip(checked, leads):
                if lead is not None:
                    campaign_ids.append(await intake.check_references(
                        conn, lead, organisation_id, found, need_codes=need_codes))
                elif row.campaign_code and await campaign_queries.campaign_by_code(
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
