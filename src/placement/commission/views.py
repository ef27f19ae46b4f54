"""Pages of the commission flow: the dossier of a referred case with the decision form and the
PDF link (commissie), and the referral form with the commission's answer (the request's own
officer). Forms carry the CSRF token (checked by the PrincipalMiddleware); a refused form comes
back as the same page with the problems named and status 400, 404 or 409.

Views only call CommissionService: scope, redaction and audit entries happen there."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import msgspec
from litestar import Request, get, post
from litestar.di import Provide
from litestar.response import Redirect, Template

from placement.auth.access import allow
from placement.auth.principal import COMMISSIE, PLAATSER, Principal
from placement.commission.controllers import provide_commission
from placement.commission.display import dossier_context
from placement.commission.schemas import CommissionDecisionIn, ReferralIn
from placement.commission.service import CommissionService
from placement.core.clock import local_today
from placement.core.database import Database
from placement.core.errors import DomainError, FieldError
from placement.core.providers import from_request
from placement.core.validation import Errors
from placement.decisions.reasons import COMMISSION_OUTCOMES, REQUEST_STATUSES
from placement.geo.service import GeoIndex
from placement.matching.controllers import provide_matching
from placement.reference.service import need_codes
from placement.requests.service import RequestService
from placement.web.labels import local_time
from placement.web.page_helpers import PageController, csrf_token, page

DECISION_FIELDS = ("outcome", "option", "extra_support", "relax", "motivation", "decided_on",
                   "members_present")


def decision_body(form: dict[str, str], errors: Errors) -> CommissionDecisionIn | None:
    """The decision form as a CommissionDecisionIn; problems the form itself shows (an unknown
    outcome or option, a date that is no date) are added to `errors`. The rules about what each
    outcome needs are the service's, so the page and the API refuse the same things."""
    values: dict[str, Any] = {"motivation": form.get("motivation", ""),
                              "members_present": form.get("members_present", "").splitlines()}
    outcome = form.get("outcome", "")
    if outcome not in COMMISSION_OUTCOMES:
        errors.append(FieldError("outcome", "kies een besluit"))
    values["outcome"] = outcome
    try:
        values["decided_on"] = dt.date.fromisoformat(form.get("decided_on", ""))
    except ValueError:
        errors.append(FieldError("decided_on", "een datum (jjjj-mm-dd)"))
    option = form.get("option", "")
    if option and outcome in ("approve_option", "approve_with_support"):
        snapshot, _, rank = option.partition(":")
        try:
            values["snapshot_id"], values["option_rank"] = UUID(snapshot), int(rank)
        except ValueError:
            errors.append(FieldError("option_rank", "kies een optie uit de lijst"))
    # A field the chosen outcome does not use is left out: the form shows every field at once,
    # and text typed before changing one's mind about the outcome is no error.
    if outcome == "approve_with_support":
        values["extra_support"] = form.get("extra_support", "")
    if outcome == "search_wider":
        values["relax"] = form.get("relax", "")
    if errors:
        return None
    return msgspec.convert(values, CommissionDecisionIn)


# The forms' fields as the pages name them, and the few reasons the service gives in English
# (for API clients; its rules speak Dutch): a page shows neither raw field names nor English.
FIELD_LABELS = {
    "question": "Vraag aan de commissie", "motivation": "Motivatie", "outcome": "Besluit",
    "option_rank": "Optie", "snapshot_id": "Optie", "extra_support": "Extra ondersteuning",
    "relax": "Wat mag ruimer", "decided_on": "Datum van het besluit",
    "members_present": "Aanwezige leden", "status": "Verzoek", "request_id": "Verzoek",
}
REASONS = {
    "only open requests can be referred": "alleen een open verzoek kan worden voorgelegd",
    "already referred": "dit verzoek is al voorgelegd en wacht op een besluit",
    "no referral": "er is nog geen voorlegging met vraag en motivatie",
    "no stored ranking of this request": "kies een optie uit een bewaarde rangschikking",
    "the ranking lists no option with this rank": "kies een optie uit de lijst",
}


def shown(errors: Errors) -> list[dict[str, str]]:
    """Field errors as the page lists them: the field's Dutch label and a Dutch reason."""
    out = []
    for error in errors:
        field, reason = str(error.get("field", "")), str(error.get("reason", ""))
        out.append({"field": field, "label": FIELD_LABELS.get(field, "Formulier"),
                    "reason": REASONS.get(reason, reason)})
    return out


class CommissionPages(PageController):
    path = "/"
    dependencies = {"matching": Provide(provide_matching),
                    "commission": Provide(provide_commission),
                    "request_service": from_request(RequestService)}

    @get("/commissie/casussen/{request_id:uuid}", **allow(COMMISSIE, child_data=True))
    async def dossier_page(self, request_id: UUID, request: Request[Any, Any, Any],
                           principal: Principal, commission: CommissionService, geo: GeoIndex,
                           db: Database) -> Template:
        return await _dossier_page(request_id, request, principal, commission, geo, db,
                                   form={"decided_on": local_today().isoformat()}, errors=[])

    @post("/commissie/casussen/{request_id:uuid}/besluit", **allow(COMMISSIE, child_data=True),
          status_code=303)
    async def decide(self, request_id: UUID, request: Request[Any, Any, Any],
                     principal: Principal, commission: CommissionService, geo: GeoIndex,
                     db: Database) -> Any:
        raw = await request.form()
        form = {k: str(raw.get(k) or "") for k in DECISION_FIELDS}
        errors: Errors = []
        status = 400
        body = decision_body(form, errors)
        if body is not None:
            try:
                await commission.decide(request_id, body)
            except DomainError as exc:
                if exc.status == 404:
                    raise
                errors.extend(exc.errors or [FieldError("besluit", exc.detail)])
                status = exc.status
            else:
                return Redirect(f"/commissie/casussen/{request_id}#besluit", status_code=303)
        return await _dossier_page(request_id, request, principal, commission, geo, db,
                                   form=form, errors=errors, status=status)

    @get("/plaatsingen/{request_id:uuid}/commissie", **allow(PLAATSER, child_data=True))
    async def referral_page(self, request_id: UUID, request: Request[Any, Any, Any],
                            principal: Principal, commission: CommissionService,
                            request_service: RequestService) -> Template:
        return await _referral_page(request_id, request, principal, commission, request_service,
                                    form={}, errors=[])

    @post("/plaatsingen/{request_id:uuid}/commissie", **allow(PLAATSER, child_data=True),
          status_code=303)
    async def refer(self, request_id: UUID, request: Request[Any, Any, Any],
                    principal: Principal, commission: CommissionService,
                    request_service: RequestService) -> Any:
        raw = await request.form()
        form = {k: str(raw.get(k) or "").strip() for k in ("question", "motivation")}
        errors: Errors = []
        status = 400
        try:
            await commission.refer(request_id, ReferralIn(**form))
        except DomainError as exc:
            if exc.status == 404:
                raise
            errors.extend(exc.errors or [FieldError("voorlegging", exc.detail)])
            status = exc.status
        else:
            return Redirect(f"/plaatsingen/{request_id}/commissie", status_code=303)
        return await _referral_page(request_id, request, principal, commission, request_service,
                                    form=form, errors=errors, status=status)


async def _dossier_page(request_id: UUID, request: Request[Any, Any, Any], principal: Principal,
                        commission: CommissionService, geo: GeoIndex, db: Database, *,
                        form: dict[str, str], errors: Errors, status: int = 200) -> Template:
    dossier = await commission.dossier(request_id)
    labels = {n.code: n.label for n in await need_codes(db)}
    return page("commission/dossier.html", status_code=status, context={
        **dossier_context(dossier, geo.wijk_names, labels), "print": False,
        "principal": principal, "csrf_token": csrf_token(request), "form": form,
        "errors": shown(errors), "may_decide": bool(dossier.referrals)})


async def _referral_page(request_id: UUID, request: Request[Any, Any, Any], principal: Principal,
                         commission: CommissionService, request_service: RequestService, *,
                         form: dict[str, str], errors: Errors, status: int = 200) -> Template:
    found = await request_service.get(request_id)
    answer = await commission.on_request(request_id)
    own = found.organisation_id == principal.organisation_id
    waiting = bool(answer.referrals) and (answer.current is None or
                                          answer.current.created_at
                                          < answer.referrals[0].referred_at)
    return page("commission/referral.html", status_code=status, context={
        "item": found, "answer": answer, "principal": principal,
        "csrf_token": csrf_token(request), "form": form, "errors": shown(errors),
        "statuses": REQUEST_STATUSES, "outcomes": COMMISSION_OUTCOMES,
        "may_refer": own and found.status == "open" and not waiting, "own": own,
        "waiting": waiting, "time": local_time,
        "day": lambda d: d.strftime("%d-%m-%Y")})
