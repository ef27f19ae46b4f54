"""Campaigns: the joint local campaigns are readable by every recruiter; only the owning
organisation changes its campaign."""

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
from placement.core.errors import FieldError, Forbidden, NotFound, ValidationFailed
from placement.core.validation import raise_if_errors
from placement.recruitment.campaigns import queries
from placement.recruitment.campaigns.schemas import CampaignCreate, CampaignOut, CampaignUpdate
from placement.recruitment.common import report_scope

ENTITY = "recruitment_campaign"


def campaign_out(row: asyncpg.Record) -> CampaignOut:
    return CampaignOut(
        id=row["id"], organisation_id=row["organisation_id"], code=row["code"], name=row["name"],
        channels=list(row["channels"]), starts_on=row["starts_on"], ends_on=row["ends_on"],
        target_wijken=list(row["target_wijken"]),
        target_placement_types=list(row["target_placement_types"]),
        target_age_bands=list(row["target_age_bands"]), target_needs=list(row["target_needs"]),
        budget_euros=float(row["budget_euros"]) if row["budget_euros"] is not None else None,
        version=row["version"])


async def _check(conn: asyncpg.Connection, values: dict[str, Any],
                 errors: list[dict[str, Any]]) -> None:
    if values.get("ends_on") and values.get("starts_on") and values["ends_on"] < values["starts_on"]:
        errors.append(FieldError("ends_on", "before starts_on"))
    if values.get("target_wijken"):
        known = await queries.known_wijken(conn)
        errors.extend(FieldError(f"target_wijken[{i}]", f"unknown wijk {w!r}")
                      for i, w in enumerate(values["target_wijken"]) if w not in known)
    if values.get("target_needs"):
        known = await queries.known_need_codes(conn)
        errors.extend(FieldError(f"target_needs[{i}]", f"unknown need code {n!r}")
                      for i, n in enumerate(values["target_needs"]) if n not in known)
    for field in ("channels", "target_wijken", "target_placement_types", "target_age_bands",
                  "target_needs"):
        if field in values and len(set(values[field])) != len(values[field]):
            errors.append(FieldError(field, "a value is listed twice"))


class CampaignService:
    def __init__(self, db: Database, principal: Principal) -> None:
        self.db, self.principal = db, principal

    def _organisation(self) -> UUID:
        scope = report_scope(self.principal)
        if scope is None:
            raise ValidationFailed.field("organisation_id", "the command line must name one")
        return scope

    async def create(self, data: CampaignCreate) -> CampaignOut:
        organisation_id = self._organisation()
        values = {k: list(v) if isinstance(v, list) else v
                  for k, v in msgspec.structs.asdict(data).items()}
        errors: list[dict[str, Any]] = []
        async with self.db.transaction() as conn:
            await _check(conn, values, errors)
            if await queries.campaign_by_code(conn, data.code) is not None:
                errors.append(FieldError("code", "a campaign with this code exists"))
            raise_if_errors(errors)
            campaign_id = await queries.insert_campaign(
                conn, {**values, "organisation_id": organisation_id})
            await record(conn, self.principal, "campaign.create", ENTITY, record_ids=[campaign_id])
            row = await queries.get_campaign(conn, campaign_id)
        return campaign_out(row)

    async def list(self, active_on: dt.date | None) -> list[CampaignOut]:
        report_scope(self.principal)
        async with self.db.transaction() as conn:
            return [campaign_out(r) for r in await queries.list_campaigns(conn, active_on=active_on)]

    async def get(self, campaign_id: UUID) -> CampaignOut:
        report_scope(self.principal)
        async with self.db.transaction() as conn:
            row = await queries.get_campaign(conn, campaign_id)
        if row is None:
            raise NotFound("no such campaign")
        return campaign_out(row)

    async def update(self, campaign_id: UUID, data: CampaignUpdate,
                     if_match: str | None) -> CampaignOut:
        scope = report_scope(self.principal)
        version, from_header = expected_version(data.version, if_match)
        changes = {f: getattr(data, f) for f in data.__struct_fields__
                   if f != "version" and getattr(data, f) is not msgspec.UNSET}
        changes = {k: list(v) if isinstance(v, list) else v for k, v in changes.items()}
        errors: list[dict[str, Any]] = []
        async with self.db.transaction() as conn:
            row = await queries.get_campaign(conn, campaign_id)
            if row is None:
                raise NotFound("no such campaign")
            if scope is not None and row["organisation_id"] != scope:
                raise Forbidden("only the organisation that runs the campaign changes it")
            await _check(conn, {**dict(row), **changes}, errors)
            raise_if_errors(errors)
            if await queries.update_campaign(conn, campaign_id, version, changes) is None:
                raise stale(row["version"], version, from_header)
            await record(conn, self.principal, "campaign.update", ENTITY, record_ids=[campaign_id],
                         detail={"fields": sorted(changes)})
            row = await queries.get_campaign(conn, campaign_id)
        return campaign_out(row)
