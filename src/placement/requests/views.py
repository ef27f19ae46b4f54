"""Pages for the placement officer (plaatser): the organisation's placement requests, one request
with its children, and the search form that ranks carers and stores the ranking as a snapshot.

Views only call services: scope (own organisation) and the audit entries happen there."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from litestar import Request, get, post
from litestar.di import Provide
from litestar.response import Redirect, Template

from placement.auth.access import allow
from placement.auth.principal import PLAATSER, Principal
from placement.children.service import ChildService
from placement.core.errors import Conflict, DomainError, FieldError, NotFound, ValidationFailed
from placement.core.providers import from_request
from placement.core.validation import Errors
from placement.decisions.service import DecisionService
from placement.geo.service import GeoIndex
from placement.matching.controllers import provide_matching
from placement.matching.schemas import SearchIn
from placement.matching.service import MatchingService
from placement.reference.service import SchoolService
from placement.requests.schemas import RequestCreate
from placement.requests.service import RequestService
from placement.web.forms import FormInvalid, convert, from_domain, one, read_form
from placement.web.labels import PLACEMENT_TYPES, REQUEST_LABELS, URGENCIES, local_time
from placement.web.messages import dutch_errors
from placement.web.page_helpers import (
    PAGE_SIZE,
    PageController,
    children_of,
    csrf_token,
    filter_options,
    list_filters,
    page,
)


class OfficerPages(PageController):
    path = "/plaatsingen"
    dependencies = {
        "request_service": from_request(RequestService),
        "child_service": from_request(ChildService),
        "school_service": from_request(SchoolService),
        "matching": Provide(provide_matching),
        "decisions": from_request(DecisionService),
    }

    @get("/", **allow(PLAATSER, child_data=True))
    async def requests_page(self, request: Request[Any, Any, Any], principal: Principal,
                            request_service: RequestService, child_service: ChildService,
                            geo: GeoIndex, status: str | None = None,
                            urgency: str | None = None, pagina: str | None = None) -> Template:
        filters = list_filters(status, urgency, pagina)
        found = await request_service.list(**filters.service_args())
        children = await children_of(found.items, child_service, geo)
        return page("officer/requests.html", context={
            "principal": principal, "csrf_token": csrf_token(request), "page": found,
            "children": children, "filters": filters, "labels": REQUEST_LABELS,
            "melding": {r.id: local_time(r.created_at) for r in found.items},
            "pages": max(1, -(-found.total // PAGE_SIZE)), **filter_options(),
        })

    @get("/nieuw", **allow(PLAATSER, child_data=True))
    async def new_request(self, request: Request[Any, Any, Any], principal: Principal,
                          child_service: ChildService, jeugdige: str | None = None) -> Template:
        chosen = [jeugdige] if jeugdige else []
        return await _new_request_form(request, principal, child_service, {
            "child_ids": chosen, "placement_type": "", "desired_start": "", "urgency": "normal",
            "expected_duration_days": "", "notes": "", "referred_to_commission": ""}, [])

    @post("/nieuw", **allow(PLAATSER, child_data=True), status_code=303)
    async def create_request(self, request: Request[Any, Any, Any], principal: Principal,
                             request_service: RequestService,
                             child_service: ChildService) -> Any:
        raw = await read_form(request)
        form = {k: one(raw, k) for k in ("placement_type", "desired_start", "urgency",
                                         "expected_duration_days", "notes",
                                         "referred_to_commission")}
        form["child_ids"] = [c for c in raw.get("child_ids", []) if c]
        try:
            created = await request_service.create(request_body(form))
        except (FormInvalid, DomainError) as exc:
            problem = exc if isinstance(exc, FormInvalid) else from_domain(exc)
            return await _new_request_form(request, principal, child_service, form,
                                           problem.errors, status=problem.status)
        return Redirect(f"/plaatsingen/{created.id}", status_code=303)

    @get("/{request_id:uuid}", **allow(PLAATSER, child_data=True))
    async def request_page(self, request_id: UUID, request: Request[Any, Any, Any],
                           principal: Principal, request_service: RequestService,
                           child_service: ChildService, school_service: SchoolService,
                           matching: MatchingService, geo: GeoIndex,
                           decisions: DecisionService) -> Template:
        context = await _request_context(request_id, request_service, child_service,
                                         school_service, matching, geo)
        return page("officer/request.html", context={
            **context, "principal": principal, "csrf_token": csrf_token(request),
            "timeline": await decisions.timeline(request_id), "local_time": local_time,
            "form": {"limit": "10", "placement_type": "", "max_travel_minutes": "",
                     "include_exclusions": ""},
            "errors": [],
        })

    @post("/{request_id:uuid}/zoeken", **allow(PLAATSER, child_data=True), status_code=303)
    async def search(self, request_id: UUID, request: Request[Any, Any, Any],
                     principal: Principal, request_service: RequestService,
                     child_service: ChildService, school_service: SchoolService,
                     matching: MatchingService, geo: GeoIndex) -> Any:
        form = await request.form()
        fields = {k: str(form.get(k) or "").strip()
                  for k in ("limit", "placement_type", "max_travel_minutes",
                            "include_exclusions")}
        errors: Errors = []
        body = search_body(fields, errors)
        status = 400
        if body is not None:
            try:
                out = await matching.search(request_id, body)
            except Conflict as exc:  # a placed or cancelled request: say so on the page
                errors.append(FieldError("verzoek", exc.detail))
                status = exc.status
            else:
                return Redirect(f"/rangschikkingen/{out.snapshot_id}", status_code=303)
        context = await _request_context(request_id, request_service, child_service,
                                         school_service, matching, geo)
        return page("officer/request.html", status_code=status, context={
            **context, "principal": principal, "csrf_token": csrf_token(request),
            "form": fields, "errors": dutch_errors(errors),
        })


def request_body(form: dict[str, Any]) -> RequestCreate:
    """The new-request form as a RequestCreate; every missing or bad field named at once."""
    errors: Errors = []
    if not form["child_ids"]:
        errors.append(FieldError("child_ids", "kies minstens één jeugdige"))
    if form["placement_type"] not in PLACEMENT_TYPES:
        errors.append(FieldError("placement_type", "kies een pleegzorgvorm"))
    if not form["desired_start"]:
        errors.append(FieldError("desired_start", "verplicht"))
    duration = form["expected_duration_days"]
    if duration and (not duration.isdigit() or not 1 <= int(duration) <= 3650):
        errors.append(FieldError("expected_duration_days", "een aantal dagen van 1 tot 3650"))
    if errors:
        raise FormInvalid(errors)
    return convert({"child_ids": form["child_ids"], "placement_type": form["placement_type"],
                    "desired_start": form["desired_start"],
                    "urgency": form["urgency"] or "normal",
                    "expected_duration_days": int(duration) if duration else None,
                    "referred_to_commission": bool(form["referred_to_commission"]),
                    "notes": form["notes"]}, RequestCreate)


async def _new_request_form(request: Request[Any, Any, Any], principal: Principal,
                            child_service: ChildService, form: dict[str, Any],
                            errors: list[dict[str, Any]], status: int = 200) -> Template:
    own = await child_service.list(organisation_id=principal.organisation_id, wijk_code=None,
                                   need_code=None, gender=None, min_age=None, max_age=None,
                                   case_reference=None, limit=500, offset=0)
    return page("officer/new_request.html", {
        "principal": principal, "csrf_token": csrf_token(request), "form": form,
        "errors": errors, "children": sorted(own.items, key=lambda c: c.case_reference),
        "placement_type_options": list(PLACEMENT_TYPES.items()),
        "urgency_options": list(URGENCIES.items())}, status_code=status)


def search_body(fields: dict[str, str], errors: Errors) -> SearchIn | None:
    """The search form as a SearchIn; every problem is added to `errors` (None when any)."""
    values: dict[str, Any] = {}
    limit = fields.get("limit") or "10"
    if not limit.isdigit() or not 1 <= int(limit) <= 100:
        errors.append(FieldError("limit", "aantal kandidaten: een getal van 1 tot en met 100"))
    else:
        values["limit"] = int(limit)
    placement_type = fields.get("placement_type") or ""
    if placement_type:
        if placement_type not in PLACEMENT_TYPES:
            errors.append(FieldError("placement_type", "onbekende pleegzorgvorm"))
        else:
            values["placement_type"] = placement_type
    minutes = (fields.get("max_travel_minutes") or "").replace(",", ".")
    if minutes:
        try:
            number = float(minutes)
        except ValueError:
            number = -1.0
        if not 0 < number <= 600:
            errors.append(FieldError("max_travel_minutes",
                                     "maximale reistijd: meer dan 0 en hoogstens 600 minuten"))
        else:
            values["max_travel_minutes"] = number
    if fields.get("include_exclusions"):  # a checkbox: present when ticked
        values["include_exclusions"] = True
    if errors:
        return None
    try:
        return msgspec.convert(values, SearchIn)
    except msgspec.ValidationError as exc:  # a rule of SearchIn the form check did not foresee
        raise ValidationFailed.field("body", str(exc)) from exc


async def _request_context(request_id: UUID, request_service: RequestService,
                           child_service: ChildService, school_service: SchoolService,
                           matching: MatchingService, geo: GeoIndex) -> dict[str, Any]:
    found = await request_service.get(request_id)
    children = await children_of([found], child_service, geo)
    schools: dict[UUID, str] = {}
    for row in children.values():
        school_id = row.child.school_id if row.child else None
        if school_id is not None and school_id not in schools:
            try:
                schools[school_id] = (await school_service.get(school_id)).name
            except NotFound:
                schools[school_id] = "onbekende school"
    snapshots = await matching.snapshots_of(request_id)
    return {"item": found, "children": [children[c] for c in found.child_ids],
            "schools": schools, "snapshots": snapshots, "labels": REQUEST_LABELS,
            "melding": local_time(found.created_at),
            "created": {s["id"]: local_time(s["created_at"]) for s in snapshots},
            "placement_type_options": list(PLACEMENT_TYPES.items()),
            "may_search": found.status in ("open", "proposed", "introduction")}
