"""Pages for the administrator (beheerder): accounts (create, roles, disable, API tokens), the
matching policy (weights with their reasoning; a preview of how the top 3 of recent searches
would change, then saving makes a new version), the access log filtered by dossier number,
account, action and period, and the organisation's settings.

Views only call UserService, PolicyService, MatchingService (the preview), AuditService and
OrganisationService: the scope (own organisation), the rules and the audit entries live there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

import msgspec
from litestar import Request, get, post
from litestar.di import Provide
from litestar.response import Redirect, Template

from placement.audit.service import AuditService
from placement.auth.access import allow
from placement.auth.principal import BEHEERDER, Principal
from placement.auth.schemas import UserCreate, UserUpdate
from placement.auth.users import UserService
from placement.core.clock import start_of_day
from placement.core.errors import DomainError, FieldError
from placement.core.providers import from_request
from placement.matching.controllers import provide_matching
from placement.matching.core.policy import FACTOR_KEYS
from placement.matching.policy_service import PolicyService
from placement.matching.schemas import PolicyIn, PolicyOut, PolicyPreviewOut
from placement.matching.service import MatchingService
from placement.organisations.schemas import OrganisationUpdate
from placement.organisations.service import OrganisationService
from placement.web.forms import FormInvalid, convert, from_domain, one, read_form
from placement.web.labels import (
    AUDIT_ACTIONS,
    FACTORS,
    ORGANISATION_KINDS,
    ROLE_LABELS,
    action_label,
    decimal,
    local_time,
)
from placement.web.messages import dutch_errors
from placement.web.page_helpers import PageController, csrf_token, page

AUDIT_PAGE = 50
# Roles as the log names them: the platform's own role too (not one a beheerder can give).
AUDIT_ROLES = {**ROLE_LABELS, "functioneel_beheer": "Functioneel beheer"}


class AdminPages(PageController):
    path = "/beheer"
    dependencies = {
        "users": from_request(UserService),
        "policies": from_request(PolicyService),
        "audit": from_request(AuditService),
        "organisations": from_request(OrganisationService),
        "matching": Provide(provide_matching),
    }

    # --- accounts -----------------------------------------------------------------------------

    @get("/accounts", **allow(BEHEERDER))
    async def accounts(self, request: Request[Any, Any, Any], principal: Principal,
                       users: UserService) -> Template:
        return await _accounts_page(request, principal, users, _blank_user(), [])

    @post("/accounts", **allow(BEHEERDER), status_code=303)
    async def create_account(self, request: Request[Any, Any, Any], principal: Principal,
                             users: UserService) -> Any:
        raw = await read_form(request)
        form = {"email": one(raw, "email"), "display_name": one(raw, "display_name"),
                "password": one(raw, "password"), "roles": [r for r in raw.get("roles", [])
                                                             if r in ROLE_LABELS]}
        try:
            missing = [FieldError(k, "verplicht") for k in ("email", "display_name")
                       if not form[k]]
            if not form["roles"]:
                missing.append(FieldError("roles", "kies minstens één rol"))
            if missing:
                raise FormInvalid(missing)
            created = await users.create(convert({**form, "password": form["password"] or None},
                                                 UserCreate))
        except (FormInvalid, DomainError) as exc:
            problem = exc if isinstance(exc, FormInvalid) else from_domain(exc)
            form["password"] = ""
            return await _accounts_page(request, principal, users, form, problem.errors,
                                        status=problem.status)
        return Redirect(f"/beheer/accounts/{created.id}?nieuw=1", status_code=303)

    @get("/accounts/{user_id:uuid}", **allow(BEHEERDER))
    async def account(self, user_id: UUID, request: Request[Any, Any, Any],
                      principal: Principal, users: UserService,
                      nieuw: str | None = None) -> Template:
        return page("admin/account.html", {
            "principal": principal, "csrf_token": csrf_token(request),
            "user": await users.get(user_id), "roles": ROLE_LABELS, "errors": [],
            "created": bool(nieuw), "token": None})

    @post("/accounts/{user_id:uuid}", **allow(BEHEERDER), status_code=303)
    async def update_account(self, user_id: UUID, request: Request[Any, Any, Any],
                             principal: Principal, users: UserService) -> Any:
        raw = await read_form(request)
        values = {"version": int(one(raw, "version") or 0) or None,
                  "display_name": one(raw, "display_name"),
                  "roles": [r for r in raw.get("roles", []) if r in ROLE_LABELS]}
        try:
            if not values["roles"]:
                raise FormInvalid([FieldError("roles", "kies minstens één rol")])
            await users.update(user_id, convert(values, UserUpdate), None)
        except (FormInvalid, DomainError) as exc:
            problem = exc if isinstance(exc, FormInvalid) else from_domain(exc)
            return page("admin/account.html", {
                "principal": principal, "csrf_token": csrf_token(request),
                "user": await users.get(user_id), "roles": ROLE_LABELS,
                "errors": problem.errors, "created": False, "token": None},
                status_code=problem.status)
        return Redirect(f"/beheer/accounts/{user_id}", status_code=303)

    @post("/accounts/{user_id:uuid}/uitschakelen", **allow(BEHEERDER), status_code=303)
    async def disable_account(self, user_id: UUID, users: UserService) -> Redirect:
        await users.set_active(user_id, False)
        return Redirect(f"/beheer/accounts/{user_id}", status_code=303)

    @post("/accounts/{user_id:uuid}/inschakelen", **allow(BEHEERDER), status_code=303)
    async def enable_account(self, user_id: UUID, users: UserService) -> Redirect:
        await users.set_active(user_id, True)
        return Redirect(f"/beheer/accounts/{user_id}", status_code=303)

    @post("/accounts/{user_id:uuid}/sleutel", **allow(BEHEERDER))
    async def create_token(self, user_id: UUID, request: Request[Any, Any, Any],
                           principal: Principal, users: UserService) -> Template:
        """The new API token is shown once, on this page; only its hash is kept."""
        raw = await read_form(request)
        name = one(raw, "name") or "API-sleutel"
        created = await users.create_token(name[:80], for_user=user_id)
        return page("admin/account.html", {
            "principal": principal, "csrf_token": csrf_token(request),
            "user": await users.get(user_id), "roles": ROLE_LABELS, "errors": [],
            "created": False, "token": created})

    # --- matching policy ----------------------------------------------------------------------

    @get("/beleid", **allow(BEHEERDER))
    async def policy(self, request: Request[Any, Any, Any], principal: Principal,
                     policies: PolicyService, opgeslagen: str | None = None) -> Template:
        current = await policies.current()
        form = {"note": "", **{f"w_{k}": decimal(current.weights.get(k, 0.0), 1)
                               for k in FACTOR_KEYS},
                **{f"r_{k}": current.reasoning.get(k, "") for k in FACTOR_KEYS}}
        return await _policy_page(request, principal, policies, form, [],
                                  saved=bool(opgeslagen))

    @post("/beleid", **allow(BEHEERDER), status_code=303)
    async def save_policy(self, request: Request[Any, Any, Any], principal: Principal,
                          policies: PolicyService) -> Any:
        form = _policy_form(await read_form(request))
        try:
            current = await policies.current()
            await policies.create(_proposed_policy(form, current, for_saving=True))
        except (FormInvalid, DomainError) as exc:
            problem = exc if isinstance(exc, FormInvalid) else from_domain(exc)
            return await _policy_page(request, principal, policies, form, problem.errors,
                                      status=problem.status)
        return Redirect("/beheer/beleid?opgeslagen=1", status_code=303)

    @post("/beleid/voorbeeld", **allow(BEHEERDER, child_data=True))
    async def preview_policy(self, request: Request[Any, Any, Any], principal: Principal,
                             policies: PolicyService, matching: MatchingService) -> Template:
        """The form again with the typed weights, and under it how the top 3 of the
        organisation's recent searches would change with them (nothing is saved)."""
        form = _policy_form(await read_form(request))
        try:
            current = await policies.current()
            proposed = policies.proposed(_proposed_policy(form, current, for_saving=False))
            preview = await matching.preview_policy(proposed)
        except (FormInvalid, DomainError) as exc:
            problem = exc if isinstance(exc, FormInvalid) else from_domain(exc)
            return await _policy_page(request, principal, policies, form, problem.errors,
                                      status=problem.status)
        return await _policy_page(request, principal, policies, form, [],
                                  preview=_preview_rows(preview))

    # --- access log ---------------------------------------------------------------------------

    @get("/logboek", **allow(BEHEERDER))
    async def audit_log(self, request: Request[Any, Any, Any], principal: Principal,
                        audit: AuditService, users: UserService, actie: str | None = None,
                        gebruiker: str | None = None, dossier: str | None = None,
                        van: str | None = None, tot: str | None = None,
                        pagina: str | None = None) -> Template:
        """The access log with its filters: dossier number (of a child, finding its requests
        too), account, action and period. A filter that cannot be read is named and left out."""
        errors = []
        action = actie if actie in AUDIT_ACTIONS else None
        if actie and action is None:
            errors.append(FieldError("actie", "kies een handeling uit de lijst"))
        actor = _uuid(gebruiker)
        if gebruiker and actor is None:
            errors.append(FieldError("gebruiker", "kies een account uit de lijst"))
        case_reference = (dossier or "").strip()[:80] or None
        since, until = _day(van), _day(tot)
        if van and since is None:
            errors.append(FieldError("van", "een datum"))
        if tot and until is None:
            errors.append(FieldError("tot", "een datum"))
        if since and until and until < since:
            errors.append(FieldError("tot", "ligt voor de datum bij Van"))
            until = None
        number = int(pagina) if pagina and pagina.isdigit() and 0 < int(pagina) < 10000 else 1
        found = await audit.entries(
            action=action, actor_user_id=actor, child_id=None, case_reference=case_reference,
            since=_start(since), until=_start(until + dt.timedelta(days=1)) if until else None,
            limit=AUDIT_PAGE + 1, offset=(number - 1) * AUDIT_PAGE)
        accounts = await users.list(limit=500, offset=0)
        rows = [{"when": local_time(e.occurred_at),
                 "who": "niet ingelogd" if e.actor_label == "anonymous" else e.actor_label,
                 "role": ", ".join(AUDIT_ROLES.get(r, r.replace("_", " "))
                                   for r in (e.role or "").split(",") if r) or "–",
                 "action": action_label(e.action), "cases": _cases(e.case_references, case_reference),
                 "records": len(e.record_ids), "address": e.source_address or "–"}
                for e in found.items[:AUDIT_PAGE]]
        filters = {"actie": action or "", "gebruiker": str(actor) if actor else "",
                   "dossier": case_reference or "", "van": van or "", "tot": tot or ""}
        return page("admin/audit.html", {
            "principal": principal, "csrf_token": csrf_token(request), "rows": rows,
            "errors": dutch_errors(errors), "actions": AUDIT_ACTIONS,
            "accounts": sorted(accounts.items, key=lambda u: u.display_name),
            "filters": filters, "query": urlencode(filters),
            "page_number": number, "has_next": len(found.items) > AUDIT_PAGE})

    # --- organisation -------------------------------------------------------------------------

    @get("/organisatie", **allow(BEHEERDER))
    async def organisation(self, request: Request[Any, Any, Any], principal: Principal,
                           organisations: OrganisationService,
                           opgeslagen: str | None = None) -> Template:
        assert principal.organisation_id is not None
        found = await organisations.get(principal.organisation_id)
        return page("admin/organisation.html", {
            "principal": principal, "csrf_token": csrf_token(request), "organisation": found,
            "kinds": ORGANISATION_KINDS, "errors": [], "saved": bool(opgeslagen),
            "form": {"name": found.name, "kind": found.kind}})

    @post("/organisatie", **allow(BEHEERDER), status_code=303)
    async def save_organisation(self, request: Request[Any, Any, Any], principal: Principal,
                                organisations: OrganisationService) -> Any:
        assert principal.organisation_id is not None
        raw = await read_form(request)
        form = {"name": one(raw, "name"), "kind": one(raw, "kind")}
        try:
            if len(form["name"]) < 2:
                raise FormInvalid([FieldError("name", "minstens twee tekens")])
            if form["kind"] not in ORGANISATION_KINDS:
                raise FormInvalid([FieldError("kind", "kies een soort organisatie")])
            await organisations.update(principal.organisation_id, convert(
                {**form, "version": int(one(raw, "version") or 0) or None},
                OrganisationUpdate), None)
        except (FormInvalid, DomainError) as exc:
            problem = exc if isinstance(exc, FormInvalid) else from_domain(exc)
            found = await organisations.get(principal.organisation_id)
            return page("admin/organisation.html", {
                "principal": principal, "csrf_token": csrf_token(request),
                "organisation": found, "kinds": ORGANISATION_KINDS, "errors": problem.errors,
                "saved": False, "form": form}, status_code=problem.status)
        return Redirect("/beheer/organisatie?opgeslagen=1", status_code=303)


def _blank_user() -> dict[str, Any]:
    return {"email": "", "display_name": "", "password": "", "roles": []}


async def _accounts_page(request: Request[Any, Any, Any], principal: Principal,
                         users: UserService, form: dict[str, Any],
                         errors: list[dict[str, Any]], status: int = 200) -> Template:
    found = await users.list(limit=500, offset=0)
    return page("admin/accounts.html", {
        "principal": principal, "csrf_token": csrf_token(request),
        "users": sorted(found.items, key=lambda u: u.display_name.lower()), "roles": ROLE_LABELS,
        "form": form, "errors": errors}, status_code=status)


async def _policy_page(request: Request[Any, Any, Any], principal: Principal,
                       policies: PolicyService, form: dict[str, Any],
                       errors: list[dict[str, Any]], *, saved: bool = False,
                       preview: dict[str, Any] | None = None, status: int = 200) -> Template:
    current = await policies.current()
    history = await policies.list(limit=10, offset=0)
    total = sum(current.weights.get(k, 0.0) for k in FACTOR_KEYS) or 1.0
    factors = [{"key": k, "label": FACTORS[k], "weight": decimal(current.weights.get(k, 0.0), 1),
                "share": round(100 * current.weights.get(k, 0.0) / total),
                "reasoning": current.reasoning.get(k, "")} for k in FACTOR_KEYS]
    return page("admin/policy.html", {
        "principal": principal, "csrf_token": csrf_token(request), "current": current,
        "factors": factors, "form": form, "errors": errors, "saved": saved, "preview": preview,
        "history": [{"version": p.version, "note": p.note, "by": p.created_by or "–",
                     "when": local_time(p.created_at) if p.created_at else "–",
                     "current": p.is_current} for p in history.items]},
        status_code=status)


def _policy_form(raw: dict[str, list[str]]) -> dict[str, str]:
    """The policy form as typed, to show again when it is refused or previewed."""
    return {"note": one(raw, "note"), **{f"w_{k}": one(raw, f"w_{k}") for k in FACTOR_KEYS},
            **{f"r_{k}": one(raw, f"r_{k}") for k in FACTOR_KEYS}}


def _proposed_policy(form: dict[str, str], current: PolicyOut, *, for_saving: bool) -> PolicyIn:
    """The typed weights (decimal comma or point) as a policy; every bad field named at once.
    The thresholds stay those in force: the page changes weights and their reasoning only. A
    preview needs no note yet: the reason is asked for when the change is saved."""
    weights, errors = {}, []
    for key in FACTOR_KEYS:
        text = form[f"w_{key}"].strip().replace(",", ".")
        try:
            weights[key] = float(text)
        except ValueError:
            weights[key] = -1.0
        if not 0 <= weights[key] <= 100:
            errors.append(FieldError(f"w_{key}", "een getal van 0 tot 100"))
    if not errors and sum(weights.values()) <= 0:
        errors.append(FieldError(f"w_{FACTOR_KEYS[0]}", "minstens één gewicht moet boven 0 zijn"))
    note = form["note"].strip()
    if for_saving and len(note) < 3:
        errors.append(FieldError("note", "zeg in een zin waarom het beleid verandert"))
    if errors:
        raise FormInvalid(errors)
    reasoning = {k: form[f"r_{k}"] for k in FACTOR_KEYS if form[f"r_{k}"]}
    return msgspec.convert({
        "weights": weights, "thresholds": msgspec.to_builtins(current.thresholds),
        "reasoning": reasoning, "note": note if len(note) >= 3 else "voorbeeld"}, PolicyIn)


def _preview_rows(preview: PolicyPreviewOut) -> dict[str, Any]:
    """The preview as the page reads it: changed searches first, each named by its dossier
    numbers, with the old and the new top 3."""
    rows = [{"cases": ", ".join(i.case_references) or "–",
             "group": i.kind == "group", "when": local_time(i.searched_at),
             "now": [(name, name not in i.top3_proposed) for name in i.top3_now],
             "proposed": [(name, name not in i.top3_now) for name in i.top3_proposed],
             "changed": i.changed, "request_id": i.request_id}
            for i in sorted(preview.items, key=lambda i: not i.changed)]
    return {"searches": preview.searches, "changed": preview.changed, "rows": rows,
            "version": preview.current_version}


def _cases(references: list[str], looked_for: str | None, shown: int = 5) -> str:
    """The dossier numbers an entry names; a long list (a policy preview ranks 20 searches
    again) is cut short, so the log stays readable, with the number looked for first."""
    if looked_for:
        key = looked_for.lower()
        references = sorted(references, key=lambda r: r.lower() != key)
    if len(references) <= shown:
        return ", ".join(references) or "–"
    return f"{', '.join(references[:shown])} en {len(references) - shown} meer"


def _uuid(text: str | None) -> UUID | None:
    try:
        return UUID(text) if text else None
    except ValueError:
        return None


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _start(day: dt.date | None) -> dt.datetime | None:
    # A Dutch day, as the beheerder means it: a UTC day began an hour or two late, so "today"
    # missed the first hour and "yesterday" took it.
    return start_of_day(day) if day else None
