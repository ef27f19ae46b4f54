"""Pages for registering and editing a child (jeugdige): the file itself (postcode with lookup,
school and club pickers, needs from the catalogue as noodzakelijk/wenselijk, expressed wishes),
the sibling ties with their intent (and the reason when apart) and the network ties.

Every read and write goes through ChildService, SiblingService and NetworkTieService: scope,
rules and the audit entry happen there. The postcode lookup is progressive: a script file asks
the geo API while typing; without it, the server still checks the postcode on saving.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar import Request, get, post
from litestar.di import Provide
from litestar.response import Redirect, Template

from placement.auth.access import allow
from placement.auth.principal import PLAATSER, Principal
from placement.carers.service import CarerService
from placement.children.schemas import ChildCreate, ChildOut, ChildUpdate
from placement.children.service import ChildService
from placement.core.database import Database
from placement.core.errors import DomainError, FieldError, NotFound
from placement.core.providers import from_request
from placement.geo.service import GeoIndex
from placement.networkties.schemas import NetworkTieCreate
from placement.networkties.service import NetworkTieService
from placement.reference.service import ClubService, SchoolService, need_codes
from placement.siblings.schemas import SiblingTieCreate
from placement.siblings.service import SiblingService
from placement.web.forms import FormInvalid, convert, from_domain, one, read_form
from placement.web.labels import (
    APART_REASONS,
    GENDERS,
    NEED_LEVELS,
    RELATIONS,
    TIE_INTENTS,
    TIE_KINDS,
    label,
)
from placement.web.page_helpers import PageController, csrf_token, page

CHILD_FIELDS = ("case_reference", "given_name", "birth_date", "gender", "home_postcode",
                "home_address", "parents_postcode", "school_id")
WISH_FIELDS = ("language", "religion", "food")


@dataclass(frozen=True)
class ChildPage:
    """What a child's page is drawn from, given once per request: the page itself and every form
    on it that comes back with its problems (the file, a sibling tie, a network tie)."""

    request: Request[Any, Any, Any]
    principal: Principal
    db: Database
    geo: GeoIndex
    children: ChildService
    schools: SchoolService
    clubs: ClubService
    siblings: SiblingService
    network: NetworkTieService
    carers: CarerService

    async def render(self, child: ChildOut, *, form: dict[str, Any],
                     errors: list[dict[str, Any]] | None = None,
                     sibling_errors: list[dict[str, Any]] | None = None,
                     network_errors: list[dict[str, Any]] | None = None,
                     saved: bool = False, status: int = 200) -> Template:
        context = await _form_context(self.db, self.schools, self.clubs)
        group = await self.siblings.group(child.id)
        ties = (await self.network.list(child_id=child.id, carer_id=None, relation=None,
                                        limit=100, offset=0)).items
        # Only the children this page names are read (and audited): the sibling form asks for a
        # dossier number instead of listing the whole caseload.
        names = {}
        for other_id in {t.child_a_id for t in group.ties} | {t.child_b_id for t in group.ties}:
            if other_id == child.id:
                continue
            try:
                other = await self.children.get(other_id)
            except NotFound:  # a sibling in another organisation's care
                continue
            names[other_id] = f"{other.given_name or ''} ({other.case_reference})".strip()
        carer_choices = await self.carers.choices()
        carer_names = dict(carer_choices)
        sibling_rows = [{
            "other": names.get(t.child_b_id if t.child_a_id == child.id else t.child_a_id,
                               "jeugdige van een andere organisatie"),
            "kind": label(TIE_KINDS, t.kind), "intent": label(TIE_INTENTS, t.intent),
            "apart_reason": label(APART_REASONS, t.apart_reason) if t.apart_reason else ""}
            for t in group.ties]
        network_rows = [{"carer": carer_names.get(t.carer_id, "onbekend gezin"),
                         "relation": label(RELATIONS, t.relation)} for t in ties]
        return page("children/child.html", {
            **context, "principal": self.principal, "csrf_token": csrf_token(self.request),
            "child": child, "form": form, "errors": errors or [],
            "sibling_errors": sibling_errors or [], "network_errors": network_errors or [],
            "saved": saved,
            "wijk": self.geo.wijk_names.get(child.home_wijk_code or "",
                                            "buiten Utrecht of onbekend"),
            "sibling_rows": sibling_rows, "network_rows": network_rows,
            "carers": carer_choices,
            "tie_kinds": TIE_KINDS, "tie_intents": TIE_INTENTS, "apart_reasons": APART_REASONS,
            "relations": RELATIONS}, status_code=status)


def _provide_child_page(request: Request[Any, Any, Any], principal: Principal, db: Database,
                        geo: GeoIndex, child_service: ChildService,
                        school_service: SchoolService, club_service: ClubService,
                        sibling_service: SiblingService, network_service: NetworkTieService,
                        carer_service: CarerService) -> ChildPage:
    return ChildPage(request, principal, db, geo, child_service, school_service, club_service,
                     sibling_service, network_service, carer_service)


class ChildPages(PageController):
    path = "/jeugdigen"
    dependencies = {
        "child_service": from_request(ChildService),
        "school_service": from_request(SchoolService),
        "club_service": from_request(ClubService),
        "sibling_service": from_request(SiblingService),
        "network_service": from_request(NetworkTieService),
        "carer_service": from_request(CarerService),
        "child_page": Provide(_provide_child_page, sync_to_thread=False),
    }

    @get("/", **allow(PLAATSER, child_data=True))
    async def children_page(self, request: Request[Any, Any, Any], principal: Principal,
                            child_service: ChildService, geo: GeoIndex,
                            dossier: str | None = None) -> Template:
        reference = (dossier or "").strip()[:40] or None
        found = await child_service.list(organisation_id=principal.organisation_id,
                                         wijk_code=None, need_code=None, gender=None,
                                         min_age=None, max_age=None, case_reference=reference,
                                         limit=200, offset=0)
        return page("children/list.html", {
            "principal": principal, "csrf_token": csrf_token(request), "children": found.items,
            "total": found.total, "dossier": reference or "", "wijken": geo.wijk_names,
        })

    @get("/nieuw", **allow(PLAATSER))
    async def new_child(self, request: Request[Any, Any, Any], principal: Principal, db: Database,
                        school_service: SchoolService, club_service: ClubService) -> Template:
        context = await _form_context(db, school_service, club_service)
        return page("children/form.html", {
            **context, "principal": principal, "csrf_token": csrf_token(request),
            "child": None, "form": _blank_form(), "errors": []})

    @post("/nieuw", **allow(PLAATSER, child_data=True), status_code=303)
    async def create_child(self, request: Request[Any, Any, Any], principal: Principal,
                           db: Database, child_service: ChildService,
                           school_service: SchoolService, club_service: ClubService) -> Any:
        raw = await read_form(request)
        form = _form_values(raw)
        try:
            data = convert(_child_values(form, creating=True), ChildCreate)
            child = await child_service.create(data)
        except FormInvalid as exc:
            return await _form_again(request, principal, db, school_service, club_service,
                                     None, form, exc)
        except DomainError as exc:
            return await _form_again(request, principal, db, school_service, club_service,
                                     None, form, from_domain(exc))
        return Redirect(f"/jeugdigen/{child.id}?opgeslagen=1", status_code=303)

    @get("/{child_id:uuid}", **allow(PLAATSER, child_data=True))
    async def child_page(self, child_id: UUID, child_page: ChildPage,
                         opgeslagen: str | None = None) -> Template:
        child = await child_page.children.get(child_id)
        return await child_page.render(child, form=_form_of(child), saved=bool(opgeslagen))

    @post("/{child_id:uuid}", **allow(PLAATSER, child_data=True), status_code=303)
    async def update_child(self, child_id: UUID, request: Request[Any, Any, Any],
                           child_service: ChildService, child_page: ChildPage) -> Any:
        raw = await read_form(request)
        form = _form_values(raw)
        try:
            values = _child_values(form, creating=False)
            values["version"] = int(one(raw, "version") or 0) or None
            data = convert(values, ChildUpdate)
            await child_service.update(child_id, data, None)
        except (FormInvalid, DomainError) as exc:
            problem = exc if isinstance(exc, FormInvalid) else from_domain(exc)
            if isinstance(exc, DomainError) and exc.status == 404:
                raise
            child = await child_service.get(child_id)
            return await child_page.render(child, form=form, errors=problem.errors,
                                           status=problem.status)
        return Redirect(f"/jeugdigen/{child_id}?opgeslagen=1", status_code=303)

    @post("/{child_id:uuid}/broers-zussen", **allow(PLAATSER, child_data=True),
          status_code=303)
    async def add_sibling(self, child_id: UUID, request: Request[Any, Any, Any],
                          principal: Principal, child_service: ChildService,
                          sibling_service: SiblingService, child_page: ChildPage) -> Any:
        raw = await read_form(request)
        reference = one(raw, "child_b_reference")
        values: dict[str, Any] = {"child_a_id": str(child_id),
                                  "child_b_reference": reference or None,
                                  "kind": one(raw, "kind") or None,
                                  "intent": one(raw, "intent") or "together",
                                  "apart_reason": one(raw, "apart_reason") or None}
        try:
            _require(values, ("child_b_reference", "kind"))
            values["child_b_id"] = str(await _own_child_by_reference(
                child_service, principal, values.pop("child_b_reference")))
            await sibling_service.create(convert(values, SiblingTieCreate))
        except (FormInvalid, DomainError) as exc:
            problem = exc if isinstance(exc, FormInvalid) else from_domain(exc)
            child = await child_service.get(child_id)
            return await child_page.render(child, form=_form_of(child),
                                           sibling_errors=problem.errors, status=problem.status)
        return Redirect(f"/jeugdigen/{child_id}#broers-zussen", status_code=303)

    @post("/{child_id:uuid}/netwerk", **allow(PLAATSER, child_data=True), status_code=303)
    async def add_network_tie(self, child_id: UUID, request: Request[Any, Any, Any],
                              child_service: ChildService, network_service: NetworkTieService,
                              child_page: ChildPage) -> Any:
        raw = await read_form(request)
        values = {"child_id": str(child_id), "carer_id": one(raw, "carer_id") or None,
                  "relation": one(raw, "relation") or None}
        try:
            _require(values, ("carer_id", "relation"))
            await network_service.create(convert(values, NetworkTieCreate))
        except (FormInvalid, DomainError) as exc:
            problem = exc if isinstance(exc, FormInvalid) else from_domain(exc)
            child = await child_service.get(child_id)
            return await child_page.render(child, form=_form_of(child),
                                           network_errors=problem.errors, status=problem.status)
        return Redirect(f"/jeugdigen/{child_id}#netwerk", status_code=303)


# --- the form ---------------------------------------------------------------------------------

async def _own_child_by_reference(child_service: ChildService, principal: Principal,
                                  reference: str) -> UUID:
    """The child of the officer's own organisation with exactly this dossier number."""
    found = await child_service.list(organisation_id=principal.organisation_id,
                                     case_reference=reference, limit=50)
    for candidate in found.items:
        if candidate.case_reference.casefold() == reference.casefold():
            return candidate.id
    raise FormInvalid([FieldError("child_b_reference",
                                  "geen jeugdige met dit dossiernummer in uw organisatie")])


def _require(values: dict[str, Any], required: tuple[str, ...]) -> None:
    """The child page's small tie forms name every empty required field at once."""
    missing = [FieldError(k, "verplicht") for k in required if not values[k]]
    if missing:
        raise FormInvalid(missing)


def _blank_form() -> dict[str, Any]:
    return {**{k: "" for k in CHILD_FIELDS}, **{f"wish_{k}": "" for k in WISH_FIELDS},
            "club_ids": [], "needs": {}}


def _form_values(raw: dict[str, list[str]]) -> dict[str, Any]:
    """What the officer typed, kept as typed (shown again when something is wrong)."""
    form = {k: one(raw, k) for k in CHILD_FIELDS}
    form.update({f"wish_{k}": one(raw, f"wish_{k}") for k in WISH_FIELDS})
    form["club_ids"] = [c for c in raw.get("club_ids", []) if c]
    form["needs"] = {key[len("need_"):]: one(raw, key) for key in raw
                     if key.startswith("need_") and one(raw, key) in NEED_LEVELS}
    return form


def _form_of(child: ChildOut) -> dict[str, Any]:
    return {"case_reference": child.case_reference, "given_name": child.given_name or "",
            "birth_date": child.birth_date.isoformat() if child.birth_date else "",
            "gender": child.gender, "home_postcode": child.home_postcode or "",
            "home_address": child.home_address or "",
            "parents_postcode": child.parents_postcode or "",
            "school_id": str(child.school_id) if child.school_id else "",
            "club_ids": [str(c) for c in child.club_ids],
            "needs": {n.code: n.level for n in child.needs},
            **{f"wish_{k}": getattr(child.wishes, k) or "" for k in WISH_FIELDS}}


def _child_values(form: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    errors = []
    required = ("case_reference", "given_name", "birth_date", "gender", "home_postcode") \
        if creating else ("given_name", "birth_date", "gender", "home_postcode")
    for key in required:
        if not form.get(key):
            errors.append(FieldError(key, "verplicht"))
    if form.get("birth_date"):
        try:
            dt.date.fromisoformat(form["birth_date"])
        except ValueError:
            errors.append(FieldError("birth_date", "een datum (dag-maand-jaar)"))
    if errors:
        raise FormInvalid(errors)
    values: dict[str, Any] = {k: form[k] for k in required}
    values["home_address"] = form.get("home_address") or None
    values["parents_postcode"] = form.get("parents_postcode") or None
    values["school_id"] = form.get("school_id") or None
    values["club_ids"] = form.get("club_ids", [])
    values["needs"] = [{"code": code, "level": level}
                       for code, level in sorted(form.get("needs", {}).items())]
    values["wishes"] = {k: form.get(f"wish_{k}") or None for k in WISH_FIELDS}
    return values


async def _form_context(db: Database, school_service: SchoolService,
                        club_service: ClubService) -> dict[str, Any]:
    schools = await school_service.list(detail=None, wijk_code=None, name=None, limit=500,
                                        offset=0)
    clubs = await club_service.list(detail=None, wijk_code=None, name=None, limit=500, offset=0)
    return {"schools": sorted(schools.items, key=lambda s: s.name),
            "clubs": sorted(clubs.items, key=lambda c: c.name),
            "need_catalogue": await need_codes(db), "need_levels": NEED_LEVELS,
            "genders": GENDERS}


async def _form_again(request: Request[Any, Any, Any], principal: Principal, db: Database,
                      school_service: SchoolService, club_service: ClubService,
                      child: ChildOut | None, form: dict[str, Any],
                      problem: FormInvalid) -> Template:
    context = await _form_context(db, school_service, club_service)
    return page("children/form.html", {
        **context, "principal": principal, "csrf_token": csrf_token(request), "child": child,
        "form": form, "errors": problem.errors}, status_code=problem.status)


