"""Rules for children: validation against reference data, record scope, redaction, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from placement.audit.service import record
from placement.auth.principal import COMMISSIE, PLAATSER, Principal
from placement.children import queries
from placement.children.schemas import (
    ChildCreate,
    ChildOut,
    ChildPage,
    ChildUpdate,
    ExcludedCarerOut,
    NeedIn,
    NeedOut,
    SafetyZoneIn,
    SafetyZoneOut,
    Wishes,
)
from placement.core.clock import local_today
from placement.core.concurrency import expected_version, stale
from placement.core.database import Database
from placement.core.errors import FieldError, Forbidden, NotFound, ValidationFailed
from placement.core.validation import raise_if_errors
from placement.geo.service import GeoIndex

MAX_AGE = 23  # extended care runs to 23


class Scope(msgspec.Struct, frozen=True):
    organisation_id: UUID | None  # None: every organisation
    referred_only: bool
    redacted: bool


def scope_for(principal: Principal) -> Scope:
    """Which children this caller may see, and how much of them."""
    if principal.via == "system":
        return Scope(None, False, False)
    if principal.has(PLAATSER):
        return Scope(principal.organisation_id, False, False)
    if principal.has(COMMISSIE):
        return Scope(None, True, True)
    raise Forbidden("your role gives no access to children")


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def to_out(row: asyncpg.Record, *, redacted: bool, today: dt.date | None = None) -> ChildOut:
    today = today or local_today()
    out = ChildOut(
        id=row["id"], organisation_id=row["organisation_id"], case_reference=row["case_reference"],
        age=age_on(row["birth_date"], today), gender=row["gender"],
        home_wijk_code=row["home_wijk_code"],
        needs=[NeedOut(**n) for n in row["needs"]],
        wishes=msgspec.convert(row["wishes"], Wishes), version=row["version"],
        created_at=row["created_at"], updated_at=row["updated_at"], redacted=redacted,
    )
    if redacted:
        return out
    out.given_name = row["given_name"]
    out.birth_date = row["birth_date"]
    out.home_postcode = row["home_postcode"]
    out.home_address = row["home_address"]
    out.parents_postcode = row["parents_postcode"]
    out.school_id = row["school_id"]
    out.club_ids = list(row["club_ids"])
    out.safety_zones = [SafetyZoneOut(**z) for z in row["safety_zones"]]
    out.excluded_carers = [ExcludedCarerOut(carer_id=UUID(str(e["carer_id"])), reason=e["reason"])
                           for e in row["excluded_carers"]]
    return out


class ChildService:
    def __init__(self, db: Database, geo: GeoIndex, principal: Principal) -> None:
        self.db, self.geo, self.principal = db, geo, principal

    async def create(self, data: ChildCreate) -> ChildOut:
        if not (self.principal.has(PLAATSER) or self.principal.via == "system"):
            raise Forbidden("only a placement officer registers children")
        organisation_id = data.organisation_id or self.principal.organisation_id
        if organisation_id is None:
            raise ValidationFailed.field("organisation_id", "required")
        if self.principal.via != "system" and organisation_id != self.principal.organisation_id:
            raise Forbidden("you can only register children for your own organisation")
        errors: list[dict[str, Any]] = []
        _check_birth_date(data.birth_date, errors)
        home = self.geo.locate(data.home_postcode, "home_postcode", errors)
        parents = self.geo.locate(data.parents_postcode, "parents_postcode", errors)
        zones = self._zones(data.safety_zones, errors)
        async with self.db.transaction() as conn:
            await _check_references(conn, errors, organisation_id=organisation_id,
                                    school_id=data.school_id, club_ids=data.club_ids,
                                    needs=data.needs, excluded=[e.carer_id for e in data.excluded_carers])
            raise_if_errors(errors)
            assert home is not None
            values = {
                "organisation_id": organisation_id, "case_reference": data.case_reference,
                "given_name": data.given_name, "birth_date": data.birth_date, "gender": data.gender,
                "home_postcode": home.postcode, "home_latitude": home.latitude,
                "home_longitude": home.longitude, "home_wijk_code": home.wijk_code,
                "home_address": data.home_address,
                "parents_postcode": parents.postcode if parents else None,
                "parents_latitude": parents.latitude if parents else None,
                "parents_longitude": parents.longitude if parents else None,
                "school_id": data.school_id, "wishes": msgspec.to_builtins(data.wishes),
            }
            child_id = await queries.insert_child(conn, values)
            await queries.replace_needs(conn, child_id, [(n.code, n.level) for n in data.needs])
            await queries.replace_activities(conn, child_id, data.club_ids)
            await queries.replace_safety_zones(conn, child_id, zones)
            await queries.replace_exclusions(
                conn, child_id, [(e.carer_id, e.reason) for e in data.excluded_carers])
            await record(conn, self.principal, "child.create", "child", record_ids=[child_id],
                         child_ids=[child_id])
            row = await queries.get_child(conn, child_id, scope_org=None, referred_only=False)
        assert row is not None
        return to_out(row, redacted=False)

    async def get(self, child_id: UUID) -> ChildOut:
        scope = scope_for(self.principal)
        async with self.db.connection() as conn:
            row = await queries.get_child(conn, child_id, scope_org=scope.organisation_id,
                                          referred_only=scope.referred_only)
            if row is None:
                # Same answer whether it does not exist or is out of scope: ids are not probed.
                # (The refusal is logged by RefusalAuditMiddleware, outside this transaction.)
                raise NotFound("no such child in your caseload")
            await record(conn, self.principal, "child.read", "child", record_ids=[child_id],
                         child_ids=[child_id], detail={"redacted": scope.redacted})
        return to_out(row, redacted=scope.redacted)

    async def get_many(self, child_ids: list[UUID]) -> dict[UUID, ChildOut]:
        """The files of these children that the caller may see (others are simply absent), read
        and logged at once: for pages that show the children of several requests."""
        scope = scope_for(self.principal)
        async with self.db.connection() as conn:
            rows = await queries.get_children(conn, child_ids, scope_org=scope.organisation_id,
                                              referred_only=scope.referred_only)
            found = [r["id"] for r in rows]
            if found:
                await record(conn, self.principal, "child.read", "child", record_ids=found,
                             child_ids=found, detail={"redacted": scope.redacted})
        return {r["id"]: to_out(r, redacted=scope.redacted) for r in rows}

    async def list(self, *, organisation_id: UUID | None = None, wijk_code: str | None = None,
                   need_code: str | None = None, gender: str | None = None,
                   min_age: int | None = None, max_age: int | None = None,
                   case_reference: str | None = None, limit: int = 50,
                   offset: int = 0) -> ChildPage:
        scope = scope_for(self.principal)
        today = local_today()
        # age >= min_age  <=>  born on or before today minus min_age years
        born_before = _years_ago(today, min_age) + dt.timedelta(days=1) if min_age is not None else None
        born_after = _years_ago(today, max_age + 1) if max_age is not None else None
        async with self.db.connection() as conn:
            rows, total = await queries.list_children(
                conn, scope_org=scope.organisation_id, referred_only=scope.referred_only,
                organisation_id=organisation_id, wijk_code=wijk_code, need_code=need_code,
                gender=gender, born_after=born_after, born_before=born_before,
                case_reference=case_reference, limit=limit, offset=offset,
            )
            ids = [r["id"] for r in rows]
            await record(conn, self.principal, "child.list", "child", record_ids=ids,
                         child_ids=ids, detail={"total": total, "redacted": scope.redacted})
        items = [to_out(r, redacted=scope.redacted, today=today) for r in rows]
        return ChildPage(items=items, total=total, limit=limit, offset=offset)

    async def update(self, child_id: UUID, data: ChildUpdate, if_match: str | None) -> ChildOut:
        if not (self.principal.has(PLAATSER) or self.principal.via == "system"):
            raise Forbidden("only a placement officer changes a child's file")
        version, from_header = expected_version(data.version, if_match)
        scope = scope_for(self.principal)
        errors: list[dict[str, Any]] = []
        values: dict[str, Any] = {}
        if data.given_name is not msgspec.UNSET:
            values["given_name"] = data.given_name
        if data.birth_date is not msgspec.UNSET:
            _check_birth_date(data.birth_date, errors)
            values["birth_date"] = data.birth_date
        if data.gender is not msgspec.UNSET:
            values["gender"] = data.gender
        if data.home_postcode is not msgspec.UNSET:
            home = self.geo.locate(data.home_postcode, "home_postcode", errors)
            if home:
                values.update(home_postcode=home.postcode, home_latitude=home.latitude,
                              home_longitude=home.longitude, home_wijk_code=home.wijk_code)
        if data.home_address is not msgspec.UNSET:
            values["home_address"] = data.home_address
        if data.parents_postcode is not msgspec.UNSET:
            parents = self.geo.locate(data.parents_postcode, "parents_postcode", errors)
            values.update(parents_postcode=parents.postcode if parents else None,
                          parents_latitude=parents.latitude if parents else None,
                          parents_longitude=parents.longitude if parents else None)
        if data.school_id is not msgspec.UNSET:
            values["school_id"] = data.school_id
        if data.wishes is not msgspec.UNSET:
            values["wishes"] = msgspec.to_builtins(data.wishes)
        zones = None
        if data.safety_zones is not msgspec.UNSET:
            zones = self._zones(data.safety_zones, errors)
        async with self.db.transaction() as conn:
            existing = await queries.get_child(conn, child_id, scope_org=scope.organisation_id,
                                               referred_only=scope.referred_only)
            if existing is None or scope.redacted:
                raise NotFound("no such child in your caseload")
            await _check_references(
                conn, errors, organisation_id=None,
                school_id=data.school_id if data.school_id is not msgspec.UNSET else None,
                club_ids=data.club_ids if data.club_ids is not msgspec.UNSET else [],
                needs=data.needs if data.needs is not msgspec.UNSET else [],
                excluded=[e.carer_id for e in data.excluded_carers]
                if data.excluded_carers is not msgspec.UNSET else [],
            )
            raise_if_errors(errors)
            new_version = await queries.update_child(conn, child_id, version, values)
            if new_version is None:
                raise stale(existing["version"], version, from_header)
            if data.needs is not msgspec.UNSET:
                await queries.replace_needs(conn, child_id, [(n.code, n.level) for n in data.needs])
            if data.club_ids is not msgspec.UNSET:
                await queries.replace_activities(conn, child_id, data.club_ids)
            if zones is not None:
                await queries.replace_safety_zones(conn, child_id, zones)
            if data.excluded_carers is not msgspec.UNSET:
                await queries.replace_exclusions(
                    conn, child_id, [(e.carer_id, e.reason) for e in data.excluded_carers])
            changed = sorted(f for f in msgspec.structs.asdict(data)
                             if f != "version" and getattr(data, f) is not msgspec.UNSET)
            await record(conn, self.principal, "child.update", "child", record_ids=[child_id],
                         child_ids=[child_id], detail={"fields": changed})
            row = await queries.get_child(conn, child_id, scope_org=None, referred_only=False)
        assert row is not None
        return to_out(row, redacted=False)

    def _zones(self, zones: list[SafetyZoneIn],
               errors: list[dict[str, Any]]) -> list[tuple[str, float, float, float]]:
        located = []
        for i, zone in enumerate(zones):
            where = self.geo.locate(zone.postcode, f"safety_zones[{i}].postcode", errors)
            if where:
                located.append((where.postcode, where.latitude, where.longitude,
                                zone.min_distance_km))
        return located


def _years_ago(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _check_birth_date(birth_date: dt.date, errors: list[dict[str, Any]]) -> None:
    today = local_today()
    if birth_date > today:
        errors.append(FieldError("birth_date", "lies in the future"))
    elif age_on(birth_date, today) > MAX_AGE:
        errors.append(FieldError("birth_date", f"older than {MAX_AGE}: not in youth care"))


async def _check_references(conn: asyncpg.Connection, errors: list[dict[str, Any]], *,
                            organisation_id: UUID | None, school_id: UUID | None,
                            club_ids: list[UUID], needs: list[NeedIn],
                            excluded: list[UUID]) -> None:
    if organisation_id is not None and not await queries.existing_ids(
            conn, "organisations", [organisation_id]):
        errors.append(FieldError("organisation_id", "no such organisation"))
    if school_id is not None and not await queries.existing_ids(conn, "schools", [school_id]):
        errors.append(FieldError("school_id", "no such school"))
    if club_ids:
        found = await queries.existing_ids(conn, "clubs", club_ids)
        errors.extend(FieldError(f"club_ids[{i}]", "no such club")
                      for i, club in enumerate(club_ids) if club not in found)
        if len(set(club_ids)) != len(club_ids):
            errors.append(FieldError("club_ids", "a club is listed twice"))
    if needs:
        codes = await queries.known_need_codes(conn)
        errors.extend(FieldError(f"needs[{i}].code", f"unknown need code {n.code!r}")
                      for i, n in enumerate(needs) if n.code not in codes)
        if len({n.code for n in needs}) != len(needs):
            errors.append(FieldError("needs", "a need is listed twice"))
    if excluded:
        found = await queries.existing_ids(conn, "carers", excluded)
        errors.extend(FieldError(f"excluded_carers[{i}].carer_id", "no such carer")
                      for i, c in enumerate(excluded) if c not in found)
