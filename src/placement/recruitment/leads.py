"""Leads: register, read, list, change, consents. Stage changes live in stage_service.py."""

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
from placement.core.schemas import Page
from placement.geo.service import GeoIndex
from placement.recruitment import intake, queries, tasks_queries
from placement.recruitment.common import (
    ENTITY_LEAD,
    consent_out,
    duplicate_out,
    event_out,
    lead_out,
    lead_scope,
    normalise_email,
    normalise_phone,
    raise_if_errors,
    task_out,
)
from placement.recruitment.schemas import ConsentIn, ConsentOut, LeadCreate, LeadOut, LeadUpdate


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
    out.tasks = [task_out(r) for r in await tasks_queries.tasks_of_lead(conn, lead_id)]
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
                   offset: int) -> Page[LeadOut]:
        scope = lead_scope(self.principal)
        async with self.db.connection() as conn:
            rows, total = await queries.list_leads(
                conn, scope_org=scope, stage=stage, campaign_code=campaign_code,
                assigned_user_id=assigned_user_id, include_merged=include_merged, limit=limit,
                offset=offset)
            await record(conn, self.principal, "lead.list", ENTITY_LEAD,
                         record_ids=[r["id"] for r in rows], detail={"total": total})
        return Page(items=[lead_out(r) for r in rows], total=total, limit=limit, offset=offset)

    async def update(self, lead_id: UUID, data: LeadUpdate, if_match: str | None) -> LeadOut:
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
        async with self.db.transaction() as conn:
            row = await load_lead(conn, lead_id, scope, for_update=True)
            refuse_if_closed(row)
            merged = {**dict(row), **values}
            if not merged["email"] and not merged["phone"]:
                errors.append(FieldError("email", "give an e-mail address or a phone number"))
            if (merged["age_min"] is not None and merged["age_max"] is not None
                    and merged["age_min"] > merged["age_max"]):
                errors.append(FieldError("age_min", "is above age_max"))
            if "competences" in changes:
                codes = await queries.known_need_codes(conn)
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

