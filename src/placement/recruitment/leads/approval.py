"""Approval becomes supply: an approved lead is inserted as a carer in the matching pool with
what recruitment already knows (location, placement types, ages, own children, places from the
spare rooms, competences), so nobody retypes it."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import asyncpg

from placement.carers.schemas import CarerCreate, CompetenceIn
from placement.carers.service import insert_carer
from placement.core.errors import FieldError, ValidationFailed
from placement.core.validation import raise_if_errors
from placement.geo.service import GeoIndex

DEFAULT_AGE_RANGE = (0, 18)


def carer_from_lead(lead: asyncpg.Record | dict[str, Any], now: dt.datetime) -> CarerCreate:
    """The carer as recruitment knows it; errors name the lead's fields to complete first."""
    errors: list[dict[str, Any]] = []
    family_home = bool(lead["interest_family_home"])
    types = list(lead["interest_placement_types"])
    if family_home and "family_home" not in types:
        types.append("family_home")
    if not types:
        errors.append(FieldError("interest_placement_types",
                                 "name at least one placement type before approval"))
    if lead["spare_rooms"] < 1:
        errors.append(FieldError("spare_rooms", "at least one spare room is needed for a place"))
    if lead["postcode"] is None:
        errors.append(FieldError("postcode", "unknown: the lead's details were erased"))
    raise_if_errors(errors)
    age_min = lead["age_min"] if lead["age_min"] is not None else DEFAULT_AGE_RANGE[0]
    age_max = lead["age_max"] if lead["age_max"] is not None else DEFAULT_AGE_RANGE[1]
    return CarerCreate(
        name=lead["full_name"] or "Nieuw gezin",
        kind="family_home" if family_home else "foster_family",
        foster_kind=None if family_home else (lead["foster_kind"] or "general"),
        postcode=lead["postcode"], address=lead["address"], placement_types=types,
        places=lead["spare_rooms"], age_min=age_min, age_max=age_max,
        own_children_birth_years=list(lead["own_children_birth_years"]),
        competences=[CompetenceIn(code=c["code"], level=c.get("level", "full"))
                     for c in lead["competences"]],
        availability_confirmed_at=now, status="active",
    )


async def create_carer(conn: asyncpg.Connection, geo: GeoIndex, lead: asyncpg.Record,
                       now: dt.datetime) -> UUID:
    data = carer_from_lead(lead, now)
    try:
        return await insert_carer(conn, geo, data, lead["organisation_id"])
    except ValidationFailed as exc:
        # The carer rules refused something recruitment let through: say it is about the carer.
        errors = [FieldError(f"carer.{e['field']}", e["reason"]) for e in exc.errors]
        raise ValidationFailed("the carer cannot be created: " + exc.detail,
                               errors=errors) from None
