"""Taking in a new lead (API and CSV import share this): validate, locate, store, start the
stage history, add the first follow-up task and flag resembling leads."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from placement.auth.principal import Principal
from placement.core.clock import local_today
from placement.core.errors import FieldError
from placement.geo.service import GeoIndex
from placement.recruitment.campaigns import queries as campaign_queries
from placement.recruitment.common import normalise_email, normalise_phone
from placement.recruitment.leads import queries
from placement.recruitment.leads.schemas import LeadCreate
from placement.recruitment.reference import FIRST_CONTACT_WORKING_DAYS, PATH
from placement.recruitment.workdays import add_working_days

# pg_trgm similarity from which two names at the same PC4 area count as "similar".
NAME_SIMILARITY = 0.45
_CLOCK_SKEW = dt.timedelta(minutes=5)


def check_lead(data: LeadCreate, geo: GeoIndex, errors: list[dict[str, Any]],
               now: dt.datetime) -> dict[str, Any]:
    """Checks that need no database; returns the column values (location included when found)."""
    if not data.email and not data.phone:
        errors.append(FieldError("email", "give an e-mail address or a phone number"))
    if data.age_min is not None and data.age_max is not None and data.age_min > data.age_max:
        errors.append(FieldError("age_min", f"{data.age_min} is above age_max {data.age_max}"))
    if data.registered_at is not None and data.registered_at > now + _CLOCK_SKEW:
        errors.append(FieldError("registered_at", "lies in the future"))
    for i, consent in enumerate(data.consents):
        if consent.given_at is not None and consent.given_at > now + _CLOCK_SKEW:
            errors.append(FieldError(f"consents[{i}].given_at", "lies in the future"))
    errors.extend(FieldError(f"own_children_birth_years[{i}]", "lies in the future")
                  for i, year in enumerate(data.own_children_birth_years) if year > now.year)
    if len({c.code for c in data.competences}) != len(data.competences):
        errors.append(FieldError("competences", "a need code is listed twice"))
    if len(set(data.interest_placement_types)) != len(data.interest_placement_types):
        errors.append(FieldError("interest_placement_types", "a value is listed twice"))
    location = geo.locate(data.postcode, "postcode", errors)
    values: dict[str, Any] = {
        "full_name": data.full_name.strip(), "email": data.email,
        "email_normalised": normalise_email(data.email), "phone": data.phone,
        "phone_normalised": normalise_phone(data.phone), "address": data.address,
        "heard_via": data.heard_via,
        "interest_placement_types": list(data.interest_placement_types),
        "interest_family_home": data.interest_family_home, "foster_kind": data.foster_kind,
        "age_min": data.age_min, "age_max": data.age_max,
        "own_children_birth_years": list(data.own_children_birth_years),
        "spare_rooms": data.spare_rooms,
        "competences": [msgspec.to_builtins(c) for c in data.competences],
    }
    if location is not None:
        values.update(postcode=location.postcode, pc4=location.pc4, latitude=location.latitude,
                      longitude=location.longitude, wijk_code=location.wijk_code)
    return values


async def check_references(conn: asyncpg.Connection, data: LeadCreate, organisation_id: UUID,
                           errors: list[dict[str, Any]], *,
                           need_codes: set[str] | None = None) -> UUID | None:
    """Campaign, recruiter and need codes must exist; returns the campaign id."""
    campaign_id = None
    if data.campaign_code is not None:
        campaign = await campaign_queries.campaign_by_code(conn, data.campaign_code)
        if campaign is None:
            errors.append(FieldError("campaign_code", f"no campaign with code {data.campaign_code}"))
        else:
            campaign_id = campaign["id"]
    if data.assigned_user_id is not None and not await queries.users_of_organisation(
            conn, organisation_id, [data.assigned_user_id]):
        errors.append(FieldError("assigned_user_id", "no such colleague in your organisation"))
    if data.competences:
        codes = (need_codes if need_codes is not None
                 else await campaign_queries.known_need_codes(conn))
        errors.extend(FieldError(f"competences[{i}].code", f"unknown need code {c.code!r}")
                      for i, c in enumerate(data.competences) if c.code not in codes)
    return campaign_id


async def store_lead(conn: asyncpg.Connection, principal: Principal, data: LeadCreate,
                     values: dict[str, Any], *, organisation_id: UUID, campaign_id: UUID | None,
                     now: dt.datetime) -> tuple[UUID, list[UUID]]:
    """Insert a checked lead with its first stage event, consents and contact task.
    Returns the lead id and the ids of resembling leads it was flagged against."""
    registered_at = data.registered_at or now
    assigned = data.assigned_user_id or principal.user_id
    lead_id = await queries.insert_lead(conn, {
        **values, "organisation_id": organisation_id, "campaign_id": campaign_id,
        "assigned_user_id": assigned, "registered_at": registered_at,
        "stage": PATH[0], "stage_changed_at": registered_at,
    })
    await queries.insert_stage_events(
        conn, lead_id, [(PATH[0], None, "entered", registered_at, None, None)],
        actor_user_id=principal.user_id, actor_label=principal.label)
    await queries.insert_consents(
        conn, lead_id, [(c.purpose, c.text_version, c.given_at or registered_at)
                        for c in data.consents])
    await queries.insert_task(conn, {
        "lead_id": lead_id, "kind": "contact_opnemen", "title": "Contact opnemen",
        "due_on": add_working_days(local_today(registered_at), FIRST_CONTACT_WORKING_DAYS),
        "assigned_user_id": assigned,
    })
    flagged = await flag_duplicates(conn, lead_id, organisation_id, values)
    return lead_id, flagged


async def flag_duplicates(conn: asyncpg.Connection, lead_id: UUID, organisation_id: UUID,
                          values: dict[str, Any]) -> list[UUID]:
    found = await queries.find_resembling(
        conn, lead_id=lead_id, organisation_id=organisation_id,
        email=values.get("email_normalised"), phone=values.get("phone_normalised"),
        full_name=values.get("full_name"), pc4=values["pc4"], min_similarity=NAME_SIMILARITY)
    flags = []
    for row in found:
        reasons = []
        if row["same_email"]:
            reasons.append("same_email")
        if row["same_phone"]:
            reasons.append("same_phone")
        similarity = row["name_similarity"]
        if similarity is not None and similarity >= NAME_SIMILARITY:
            reasons.append("similar_name_same_postcode")
        if reasons:
            flags.append((row["id"], reasons, similarity))
    await queries.insert_duplicate_flags(conn, lead_id, flags)
    return [flag[0] for flag in flags]
