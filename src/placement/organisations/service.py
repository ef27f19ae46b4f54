"""Rules for organisations: functioneel beheer (the platform's administrators) or the command line
registers them; an organisation's own beheerder, or functioneel beheer, changes one; every
signed-in user may see names. A beheerder never changes another organisation."""

from __future__ import annotations

from uuid import UUID

import asyncpg
import msgspec

from placement.audit.service import record
from placement.auth.principal import BEHEERDER, FUNCTIONEEL_BEHEER, Principal
from placement.core import sql
from placement.core.concurrency import expected_version, stale
from placement.core.database import Database
from placement.core.errors import Forbidden, NotFound
from placement.organisations import queries
from placement.organisations.schemas import (
    OrganisationCreate,
    OrganisationOut,
    OrganisationPage,
    OrganisationUpdate,
)


def to_out(row: asyncpg.Record) -> OrganisationOut:
    return OrganisationOut(**dict(row))


class OrganisationService:
    def __init__(self, db: Database, principal: Principal) -> None:
        self.db, self.principal = db, principal

    def _platform(self) -> bool:
        return self.principal.via == "system" or self.principal.has(FUNCTIONEEL_BEHEER)

    def _check_may_change(self, organisation_id: UUID) -> None:
        if self._platform():
            return
        if not (self.principal.has(BEHEERDER)
                and self.principal.organisation_id == organisation_id):
            raise Forbidden("a beheerder changes only its own organisation")

    async def create(self, data: OrganisationCreate) -> OrganisationOut:
        if not self._platform():
            raise Forbidden("only functioneel beheer registers organisations")
        async with self.db.transaction() as conn:
            organisation_id = await sql.insert_row(conn, "organisations",
                                                   {"name": data.name, "kind": data.kind})
            await record(conn, self.principal, "organisation.create", "organisation",
                         record_ids=[organisation_id])
            row = await queries.get_organisation(conn, organisation_id)
        assert row is not None
        return to_out(row)

    async def get(self, organisation_id: UUID) -> OrganisationOut:
        async with self.db.transaction() as conn:
            row = await queries.get_organisation(conn, organisation_id)
        if row is None:
            raise NotFound("no such organisation")
        return to_out(row)

    async def list(self, *, kind: str | None, name: str | None, limit: int,
                   offset: int) -> OrganisationPage:
        async with self.db.transaction() as conn:
            rows, total = await queries.list_organisations(conn, kind=kind, name=name,
                                                           limit=limit, offset=offset)
        return OrganisationPage(items=[to_out(r) for r in rows],
                                total=total, limit=limit, offset=offset)

    async def update(self, organisation_id: UUID, data: OrganisationUpdate,
                     if_match: str | None) -> OrganisationOut:
        self._check_may_change(organisation_id)
        version, from_header = expected_version(data.version, if_match)
        changes = {k: v for k, v in msgspec.structs.asdict(data).items()
                   if k != "version" and v is not msgspec.UNSET}
        async with self.db.transaction() as conn:
            existing = await queries.get_organisation(conn, organisation_id)
            if existing is None:
                raise NotFound("no such organisation")
            if await sql.update_versioned(conn, "organisations", organisation_id, version,
                                          changes) is None:
                raise stale(existing["version"], version, from_header)
            await record(conn, self.principal, "organisation.update", "organisation",
                         record_ids=[organisation_id], detail={"fields": sorted(changes)})
            row = await queries.get_organisation(conn, organisation_id)
        assert row is not None
        return to_out(row)
