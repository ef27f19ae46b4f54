"""Import and export of whole scenarios: validate everything first, then write everything in one
transaction with COPY (all or nothing), with one audit entry."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any
from uuid import UUID

import asyncpg

from placement.audit.service import record
from placement.auth.principal import FUNCTIONEEL_BEHEER, Principal
from placement.core.database import Database
from placement.core.errors import Conflict, Forbidden, ValidationFailed
from placement.core.validation import MAX_ERRORS, merged, total_of
from placement.geo.service import GeoIndex, import_national
from placement.scenario import queries
from placement.scenario.decode import decode, problem
from placement.scenario.rows import from_rows, to_rows
from placement.scenario.schemas import ImportSummary, Scenario
from placement.scenario.validate import postcodes_in, validate
from placement.settings import Settings

# Called as progress(step description, records written so far, records in total).
Progress = Callable[[str, int, int], None]

# Top-level collection -> the table holding its records.
_TABLES = {"organisations": "organisations", "schools": "schools", "clubs": "clubs",
           "carers": "carers", "children": "children", "sibling_ties": "sibling_ties",
           "network_ties": "network_ties", "requests": "placement_requests"}


def no_progress(step: str, done: int, total: int) -> None:
    return None


def _failed(errors: list[dict[str, str]], cls: type[ValidationFailed | Conflict]) -> Exception:
    total = total_of(errors)
    shown = "; ".join(f"{e['path']}: {e['reason']}" for e in errors[:5])
    more = f" (and {total - 5} more)" if total > 5 else ""
    kept = list(errors[:MAX_ERRORS])
    return cls(f"{total} problem(s) in the scenario; nothing was imported. {shown}{more}",
               errors=kept, extra={"errors_total": total} if total > len(kept) else None)


class ScenarioService:
    def __init__(self, db: Database, geo: GeoIndex, principal: Principal,
                 settings: Settings) -> None:
        self.db, self.geo, self.principal, self.settings = db, geo, principal, settings

    def _require_platform(self) -> None:
        # A scenario spans organisations (it registers them, and an export holds every child of
        # every organisation): a platform-wide act, never one organisation's beheerder's.
        if not (self.principal.has(FUNCTIONEEL_BEHEER) or self.principal.via == "system"):
            raise Forbidden("only functioneel beheer imports or exports whole scenarios")

    async def import_document(self, raw: bytes | str | dict[str, Any], *,
                              progress: Progress = no_progress) -> ImportSummary:
        """Validate the whole document, then write it all or nothing. Raises ValidationFailed
        (400) listing every problem, or Conflict (409) listing every record already present."""
        self._require_platform()
        started = time.perf_counter()
        progress("reading", 0, 1)
        scenario, malformed, unparsed_ids = decode(raw)
        if scenario is None:
            raise _failed(malformed, ValidationFailed)
        async with self.db.transaction() as conn:
            geo, national = await self._geo_for(conn, scenario)
            progress("checking", 0, 1)
            spots, errors = validate(scenario, geo=geo, need_codes=await queries.need_codes(conn),
                                     unparsed_ids=unparsed_ids)
            errors = merged(malformed, errors)
            if errors:
                raise _failed(errors, ValidationFailed)
            conflicts = await _conflicts(conn, scenario)
            if conflicts:
                raise _failed(conflicts, Conflict)
            rows = to_rows(scenario, spots, dt.datetime.now(dt.UTC))
            total, done = sum(len(r) for r in rows.values()), 0
            for table in queries.COLUMNS:
                progress(f"writing {table}", done, total)
                await queries.copy_rows(conn, table, rows.get(table, []))
                done += len(rows.get(table, []))
            await queries.set_wishes(conn, rows.get("child_wishes", []))
            progress("done", total, total)
            child_ids = [c.id for c in scenario.children]
            counts = {name: len(getattr(scenario, name)) for name in _TABLES}
            counts["places"] = len(rows.get("places", []))
            counts["occupancies"] = len(rows.get("occupancies", []))
            await record(conn, self.principal, "scenario.import", "scenario",
                         record_ids=[c.id for c in scenario.organisations], child_ids=child_ids,
                         detail={"counts": counts, "national_postcodes_imported": national})
        if national:
            await self._refresh_shared_geo()
        return ImportSummary(counts=counts, national_postcodes_imported=national,
                             seconds=round(time.perf_counter() - started, 2))

    async def export_document(self) -> Scenario:
        """The whole database as one scenario document (audited: it holds every child)."""
        self._require_platform()
        async with self.db.transaction() as conn:
            tables = {table: await queries.read_table(conn, table) for table in queries.COLUMNS}
            scenario = from_rows(tables)
            await record(conn, self.principal, "scenario.export", "scenario",
                         child_ids=[c.id for c in scenario.children],
                         detail={"children": len(scenario.children),
                                 "carers": len(scenario.carers)})
        return scenario

    async def _geo_for(self, conn: asyncpg.Connection, scenario: Scenario) -> tuple[GeoIndex, int]:
        """The postcode index to validate against. When the scenario names postcode areas the
        database does not know yet and the national table is at hand, import it first (same
        transaction: it is undone if the import fails)."""
        unknown = False
        for postcode in postcodes_in(scenario):
            pc4 = postcode.strip()[:4]
            if pc4 not in self.geo.pc4:
                unknown = True
                break
        path = self.settings.national_pc4_path
        if not unknown or not path.exists():
            return self.geo, 0
        imported, _, _ = await import_national(conn, path)
        return await GeoIndex().load(conn), imported

    async def _refresh_shared_geo(self) -> None:
        async with self.db.transaction() as conn:
            await self.geo.load(conn)


async def _conflicts(conn: asyncpg.Connection, scenario: Scenario) -> list[dict[str, str]]:
    """Records whose id (or unique name) is already in the database: one error per record."""
    found: list[dict[str, str]] = []
    where: dict[str, list[tuple[UUID, str]]] = {table: [] for table in queries.ID_TABLES}
    for collection, table in _TABLES.items():
        where[table] = [(r.id, f"/{collection}/{i}/id")
                        for i, r in enumerate(getattr(scenario, collection))]
    for i, carer in enumerate(scenario.carers):
        for j, place in enumerate(carer.places):
            where["places"].append((place.id, f"/carers/{i}/places/{j}/id"))
            where["occupancies"].extend(
                (o.id, f"/carers/{i}/places/{j}/occupancies/{k}/id")
                for k, o in enumerate(place.occupancies))
    for i, child in enumerate(scenario.children):
        where["child_safety_zones"].extend((z.id, f"/children/{i}/safety_zones/{j}/id")
                                           for j, z in enumerate(child.safety_zones))
    for table, pairs in where.items():
        present = await queries.existing_ids(conn, table, [record_id for record_id, _ in pairs])
        found.extend(problem(path, "already exists in the database")
                     for record_id, path in pairs if record_id in present)
    reported = {e["path"] for e in found}
    names = await queries.existing_organisation_names(conn, [o.name for o in scenario.organisations])
    found.extend(problem(f"/organisations/{i}/name", "an organisation with this name exists")
                 for i, o in enumerate(scenario.organisations)
                 if o.name in names and f"/organisations/{i}/id" not in reported)
    refs = await queries.existing_case_references(conn, [c.case_reference for c in scenario.children])
    found.extend(problem(f"/children/{i}/case_reference", "case reference already in use")
                 for i, c in enumerate(scenario.children)
                 if c.case_reference in refs
                 and f"/children/{i}/id" not in reported)
    return found
