"""Rules for carers: validation against reference data, organisation scope, address redaction.

`insert_carer` is the one way a carer enters the database (API, recruitment approval), so the
same checks hold wherever a carer comes from.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from placement.audit.service import record
from placement.auth.principal import BEHEERDER, PLAATSER, Principal
from placement.carers import queries
from placement.carers.schemas import (
    CarerCreate,
    CarerOut,
    CarerPage,
    CarerUpdate,
    CompetenceIn,
    CompetenceOut,
)
from placement.core import sql
from placement.core.clock import local_today
from placement.core.concurrency import expected_version, stale
from placement.core.database import Database
from placement.core.errors import FieldError, Forbidden, NotFound, ValidationFailed
from placement.core.validation import Errors, raise_if_errors
from placement.geo.service import GeoIndex

MAX_PLACES = 20  # a large gezinshuis has 4-6; more is a typing error, not a carer
MAX_AGE = 23


def place_labels(count: int, start: int = 1) -> list[str]:
    return [f"Plek {n}" for n in range(start, start + count)]


CLOCK_SKEW = dt.timedelta(minutes=5)


def check_carer_values(values: dict[str, Any], errors: Errors) -> None:
    """Rules across fields, on the carer as it will be stored (create, or existing + changes)."""
    if values["kind"] == "foster_family" and values["foster_kind"] is None:
        errors.append(FieldError("foster_kind", "required for a foster family: network or general"))
    if values["kind"] == "family_home" and values["foster_kind"] is not None:
        errors.append(FieldError("foster_kind", "a family home has no foster kind"))
    age_min, age_max = values["age_min"], values["age_max"]
    for field, age in (("age_min", age_min), ("age_max", age_max)):
        if not 0 <= age <= MAX_AGE:
            errors.append(FieldError(field, f"must be between 0 and {MAX_AGE}"))
    if age_min > age_max:
        errors.append(FieldError("age_min", f"{age_min} is above age_max {age_max}"))
        errors.append(FieldError("age_max", f"{age_max} is below age_min {age_min}"))
    for field in ("placement_types", "genders_accepted"):
        if not values[field]:
            errors.append(FieldError(field, "name at least one"))
        elif len(set(values[field])) != len(values[field]):
            errors.append(FieldError(field, "a value is listed twice"))
    confirmed = values.get("availability_confirmed_at")
    # A confirmation cannot lie ahead: it would read as "-1493 dagen geleden" with full score.
    # A few minutes of clock difference between systems are allowed.
    if confirmed is not None and confirmed.tzinfo is None:
        confirmed = confirmed.replace(tzinfo=dt.UTC)
    if confirmed is not None and confirmed > dt.datetime.now(dt.UTC) + CLOCK_SKEW:
        errors.append(FieldError("availability_confirmed_at", "lies in the future"))
    this_year = local_today().year
    errors.extend(FieldError(f"own_children_birth_years[{i}]", f"not a year between 1930 and {this_year}")
                  for i, year in enumerate(values["own_children_birth_years"])
                  if not 1930 <= year <= this_year)


async def check_competences(conn: asyncpg.Connection, competences: list[CompetenceIn],
                            errors: Errors) -> None:
    if not competences:
        return
    codes = await queries.known_need_codes(conn)
    errors.extend(FieldError(f"competences[{i}].code", f"unknown need code {c.code!r}")
                  for i, c in enumerate(competences) if c.code not in codes)
    if len({c.code for c in competences}) != len(competences):
        errors.append(FieldError("competences", "a need code is listed twice"))


async def insert_carer(conn: asyncpg.Connection, geo: GeoIndex, data: CarerCreate,
                       organisation_id: UUID) -> UUID:
    """Validate and insert a carer with its places and competences, in the caller's transaction.
    Raises ValidationFailed listing every problem; nothing is written then."""
    errors: Errors = []
    if not 1 <= data.places <= MAX_PLACES:
        errors.append(FieldError("places", f"must be between 1 and {MAX_PLACES}"))
    location = geo.locate(data.postcode, "postcode", errors)
    values: dict[str, Any] = {
        "organisation_id": organisation_id, "name": data.name, "kind": data.kind,
        "foster_kind": data.foster_kind, "address": data.address,
        "placement_types": list(data.placement_types), "age_min": data.age_min,
        "age_max": data.age_max, "genders_accepted": list(data.genders_accepted),
        "own_children_birth_years": list(data.own_children_birth_years),
        "languages": list(data.languages), "religion": data.religion,
        "availability_confirmed_at": data.availability_confirmed_at, "status": data.status,
    }
    check_carer_values(values, errors)
    if not await sql.existing_ids(conn, "organisations", [organisation_id]):
        errors.append(FieldError("organisation_id", "no such organisation"))
    await check_competences(conn, data.competences, errors)
    raise_if_errors(errors)
    assert location is not None
    values.update(postcode=location.postcode, latitude=location.latitude,
                  longitude=location.longitude, wijk_code=location.wijk_code)
    carer_id = await sql.insert_row(conn, "carers", values)
    await queries.replace_competences(
        conn, carer_id, [(c.code, c.level, c.support_note) for c in data.competences])
    await queries.insert_places(conn, carer_id, place_labels(data.places))
    return carer_id


def to_out(row: asyncpg.Record, *, show_address: bool) -> CarerOut:
    return CarerOut(
        id=row["id"], organisation_id=row["organisation_id"], name=row["name"], kind=row["kind"],
        foster_kind=row["foster_kind"], postcode=row["postcode"], latitude=row["latitude"],
        longitude=row["longitude"], wijk_code=row["wijk_code"],
        address=row["address"] if show_address else None,
        placement_types=list(row["placement_types"]), age_min=row["age_min"],
        age_max=row["age_max"], genders_accepted=list(row["genders_accepted"]),
        competences=[CompetenceOut(**c) for c in row["competences"]],
        own_children_birth_years=list(row["own_children_birth_years"]),
        languages=list(row["languages"]), religion=row["religion"],
        availability_confirmed_at=row["availability_confirmed_at"], status=row["status"],
        places_total=row["places_total"], places_active=row["places_active"],
        version=row["version"], created_at=row["created_at"], updated_at=row["updated_at"],
    )


class CarerService:
    def __init__(self, db: Database, geo: GeoIndex, principal: Principal) -> None:
        self.db, self.geo, self.principal = db, geo, principal

    @property
    def is_system(self) -> bool:
        return self.principal.via == "system"

    def _may_read(self) -> None:
        if not (self.is_system or self.principal.has(PLAATSER, BEHEERDER)):
            raise Forbidden("your role gives no access to carers")

    def own(self, organisation_id: UUID) -> bool:
        return self.is_system or organisation_id == self.principal.organisation_id

    def check_may_write(self, organisation_id: UUID) -> None:
        """Writes: a plaatser or beheerder of the carer's own organisation."""
        if not (self.is_system or self.principal.has(PLAATSER, BEHEERDER)):
            raise Forbidden("only a placement officer or administrator changes carers")
        if not self.own(organisation_id):
            raise Forbidden("this carer belongs to another organisation")

    async def create(self, data: CarerCreate) -> CarerOut:
        organisation_id = data.organisation_id or self.principal.organisation_id
        if organisation_id is None:
            raise ValidationFailed.field("organisation_id", "required")
        self.check_may_write(organisation_id)
        async with self.db.transaction() as conn:
            carer_id = await insert_carer(conn, self.geo, data, organisation_id)
            await record(conn, self.principal, "carer.create", "carer", record_ids=[carer_id])
            row = await queries.get_carer(conn, carer_id)
        assert row is not None
        return to_out(row, show_address=True)

    async def get(self, carer_id: UUID) -> CarerOut:
        self._may_read()
        async with self.db.transaction() as conn:
            row = await queries.get_carer(conn, carer_id)
        if row is None:
            raise NotFound("no such carer")
        return to_out(row, show_address=self.own(row["organisation_id"]))

    async def choices(self, limit: int = 2000) -> list[tuple[UUID, str]]:
        """Every carer's id and name, ordered by name (the child page's network-tie picker)."""
        async with self.db.connection() as conn:
            return [(r["id"], r["name"]) for r in await queries.carer_choices(conn, limit)]

    async def list(self, *, limit: int, offset: int, **filters: Any) -> CarerPage:
        self._may_read()
        async with self.db.transaction() as conn:
            rows, total = await queries.list_carers(conn, limit=limit, offset=offset, **filters)
        items = [to_out(r, show_address=self.own(r["organisation_id"])) for r in rows]
        return CarerPage(items=items, total=total, limit=limit, offset=offset)

    async def update(self, carer_id: UUID, data: CarerUpdate, if_match: str | None) -> CarerOut:
        version, from_header = expected_version(data.version, if_match)
        changes = {field: value for field, value in msgspec.structs.asdict(data).items()
                   if field != "version" and value is not msgspec.UNSET}
        competences = changes.pop("competences", None)
        postcode = changes.pop("postcode", None)
        errors: Errors = []
        if postcode is not None:
            location = self.geo.locate(postcode, "postcode", errors)
            if location is not None:
                changes.update(postcode=location.postcode, latitude=location.latitude,
                               longitude=location.longitude, wijk_code=location.wijk_code)
        async with self.db.transaction() as conn:
            existing = await queries.get_carer(conn, carer_id)
            if existing is None:
                raise NotFound("no such carer")
            self.check_may_write(existing["organisation_id"])
            merged = {key: existing[key] for key in (
                "kind", "foster_kind", "age_min", "age_max", "placement_types",
                "genders_accepted", "own_children_birth_years", "availability_confirmed_at")}
            merged.update({k: v for k, v in changes.items() if k in merged})
            check_carer_values(merged, errors)
            if competences is not None:
                await check_competences(conn, data.competences, errors)  # type: ignore[arg-type]
            raise_if_errors(errors)
            for key in ("placement_types", "genders_accepted", "languages",
                        "own_children_birth_years"):
                if key in changes:
                    changes[key] = list(changes[key])
            new_version = await sql.update_versioned(conn, "carers", carer_id, version, changes)
            if new_version is None:
                raise stale(existing["version"], version, from_header)
            if competences is not None:
                await queries.replace_competences(
                    conn, carer_id,
                    [(c.code, c.level, c.support_note) for c in data.competences])  # type: ignore[union-attr]
            detail = {"fields": sorted([*changes] + (["competences"] if competences is not None else []))}
            await record(conn, self.principal, "carer.update", "carer", record_ids=[carer_id],
                         detail=detail)
            row = await queries.get_carer(conn, carer_id)
        assert row is not None
        return to_out(row, show_address=True)
