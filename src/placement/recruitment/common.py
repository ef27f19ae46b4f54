"""Shared pieces of the recruitment services: scope, contact normalising, row -> struct."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import asyncpg

from placement.auth.principal import BEHEERDER, WERVER, Principal
from placement.core.errors import Forbidden, ValidationFailed
from placement.recruitment.schemas import (
    CampaignOut,
    ConsentOut,
    DuplicateOut,
    LeadOut,
    StageEventOut,
    TaskOut,
)

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
ENTITY_LEAD = "recruitment_lead"


def lead_scope(principal: Principal) -> UUID | None:
    """Leads are personal data of the recruiting organisation: a recruiter sees their own
    organisation's leads; the command line (system) sees all."""
    if principal.via == "system":
        return None
    if principal.has(WERVER) and principal.organisation_id is not None:
        return principal.organisation_id
    raise Forbidden("only recruiters work with leads")


def report_scope(principal: Principal) -> UUID | None:
    if principal.via == "system":
        return None
    if principal.has(WERVER, BEHEERDER) and principal.organisation_id is not None:
        return principal.organisation_id
    raise Forbidden("recruitment reports are for recruiters and administrators")


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LOCAL_TIME).date()


def normalise_email(email: str | None) -> str | None:
    return email.strip().lower() if email else None


def normalise_phone(phone: str | None) -> str | None:
    """'+31 6-1234 5678', '0031612345678' and '06 12345678' all become '0612345678'."""
    if not phone:
        return None
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+") and digits.startswith("31"):
        digits = "0" + digits[2:]
    elif digits.startswith("0031"):
        digits = "0" + digits[4:]
    return digits or None


def raise_if_errors(errors: list[dict[str, Any]]) -> None:
    if errors:
        raise ValidationFailed("; ".join(f"{e['field']}: {e['reason']}" for e in errors),
                               errors=errors)


def campaign_out(row: asyncpg.Record) -> CampaignOut:
    return CampaignOut(
        id=row["id"], organisation_id=row["organisation_id"], code=row["code"], name=row["name"],
        channels=list(row["channels"]), starts_on=row["starts_on"], ends_on=row["ends_on"],
        target_wijken=list(row["target_wijken"]),
        target_placement_types=list(row["target_placement_types"]),
        target_age_bands=list(row["target_age_bands"]), target_needs=list(row["target_needs"]),
        budget_euros=float(row["budget_euros"]) if row["budget_euros"] is not None else None,
        version=row["version"])


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
