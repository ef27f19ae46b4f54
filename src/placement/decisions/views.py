"""Pages for the decision flow of one placement request (/plaatsingen/{id}/besluiten): choose an
option of the latest stored ranking (with the reason form when it is not the top one, and a split
reason per broken tie), record each family's answer and the introduction, place, and end a
placement with its reason. Also the request's families and timeline.

The split-reason fields are shown for the one plan being chosen (`?optie=N`, or the plan of a
refused form), never for every plan: a five-child group has dozens of broken ties over its plans.
No script: choosing a splitting plan without its reasons brings the page back asking for them.

Views only call services (DecisionService, OccupancyService, RequestService, MatchingService):
scope and audit entries happen there. A refused form re-renders the page with the reasons, in
Dutch: the services speak English to API clients, so their reasons are translated here."""

from __future__ import annotations

import re
from typing import Annotated, Any
from uuid import UUID

import asyncpg
import msgspec
from litestar import Request, get, post
from litestar.di import Provide
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from placement.auth.access import allow
from placement.auth.principal import PLAATSER, Principal
from placement.core.clock import local_today
from placement.core.errors import DomainError, FieldError
from placement.core.providers import from_request
from placement.decisions import reasons
from placement.decisions.schemas import (
    AnswerCreate,
    DecisionCreate,
    IntroductionCreate,
    PlacementCreate,
)
from placement.decisions.service import DecisionService
from placement.matching.controllers import provide_matching
from placement.matching.schemas import SearchOut
from placement.matching.service import MatchingService
from placement.placements.schemas import OccupancyUpdate
from placement.placements.service import OccupancyService
from placement.requests.service import RequestService
from placement.web.labels import REQUEST_LABELS, local_time
from placement.web.messages import GENERIC, dutch_reason
from placement.web.page_helpers import PageController, csrf_token, page

LABELS = {"override": reasons.OVERRIDE_REASONS, "split": reasons.SPLIT_REASONS,
          "answers": reasons.ANSWERS, "decline": reasons.DECLINE_REASONS,
          "outcomes": reasons.INTRODUCTION_OUTCOMES, "stop": reasons.STOP_REASONS,
          "end": reasons.END_REASONS, "statuses": reasons.REQUEST_STATUSES,
          "states": {"awaiting_answers": "Wacht op antwoord", "introduction": "Kennismaking",
                     "ready_to_place": "Klaar om te plaatsen", "placed": "Geplaatst",
                     "declined": "Afgewezen", "stopped": "Gestopt na kennismaking",
                     "replaced": "Vervangen door een nieuw besluit",
                     "cancelled": "Reservering vervallen"}}


# What the decision services say (English, for API clients) as the page says it.
REASONS: list[tuple[str, str]] = [
    (r"required when the chosen option is not the top one", "verplicht als u niet optie 1 kiest"),
    (r"the snapshot has no (option|plan) .*", "deze optie staat niet in de rangschikking"),
    (r"a split reason is required for the broken tie.*",
     "kies een reden om deze broers en zussen te splitsen"),
    (r"the chosen plan does not split these two children",
     "dit plan splitst deze twee kinderen niet"),
    (r"only a plan for a sibling group splits children",
     "alleen een plan voor broers en zussen splitst kinderen"),
    (r"the snapshot holds no options", "deze rangschikking heeft geen opties"),
    (r"no such ranking of this request", "deze rangschikking hoort niet bij dit verzoek"),
    (r"no such decision on this request", "dit besluit hoort niet bij dit verzoek"),
    (r"required with a decline, and only then", "alleen en verplicht bij een afwijzing"),
    (r"required with a stop, and only then", "alleen en verplicht bij stoppen"),
    (r"this family was not approached in this decision", "dit gezin is in dit besluit niet benaderd"),
    (r"the request is \w+: nothing to decide", "dit verzoek is afgerond: er valt niets meer te kiezen"),
    (r"an earlier decision still holds places.*",
     "een eerder besluit houdt nog plekken vast; laad de pagina opnieuw"),
    (r".* has \d+ free place\(s\) for the period, \d+ needed",
     "het gezin heeft in die periode niet genoeg vrije plekken meer; zoek opnieuw"),
    (r"the decision is \w+: no .* can be recorded any more.*",
     "dit besluit loopt niet meer: hier kan niets meer bij; kies zo nodig opnieuw"),
    (r"every approached family must accept before the introduction",
     "eerst moet elk benaderd gezin akkoord geven"),
    (r"placing needs an accepted answer and a go-ahead introduction.*",
     "plaatsen kan pas na een akkoord en een kennismaking met 'doorgaan'"),
]
FIELD_LABELS = {
    "option_rank": "Optie", "reason_code": "Reden", "motivation": "Toelichting",
    "split_reasons": "Reden voor splitsen", "snapshot_id": "Rangschikking",
    "replaces_decision_id": "Lopend besluit", "answer": "Antwoord van het gezin",
    "answered_on": "Datum", "decline_reason": "Reden bij afwijzing", "outcome": "Kennismaking",
    "held_on": "Datum", "stop_reason": "Reden bij stoppen", "start": "Werkelijke startdatum",
    "end": "Einddatum", "end_reason": "Reden einde", "end_note": "Toelichting",
    "version": "Plaatsing", "carer_id": "Gezin", "note": "Notitie", "step": "Stap",
}


def dutch(reason: str, status: int = 400) -> str:
    for pattern, text in REASONS:
        if re.fullmatch(pattern, reason.strip(), re.I | re.S):
            return text
    translated = dutch_reason(reason)
    if translated == "deze waarde klopt niet" and status != 400:
        return GENERIC.get(status, translated)
    return translated


def page_errors(exc: DomainError) -> list[dict[str, str]]:
    """The refusal as the page lists it: a Dutch label and reason per field. A conflict's field
    list carries state codes, so its sentence is the one shown."""
    if exc.status == 409 or not exc.errors:
        return [{"field": "besluit", "label": "Niet gelukt", "reason": dutch(exc.detail, exc.status)}]
    out = []
    for error in exc.errors:
        field = str(error.get("field", ""))
        base = field.split("[")[0].split(".")[0]
        out.append({"field": field, "label": FIELD_LABELS.get(base, "Formulier"),
                    "reason": dutch(str(error.get("reason", "")), exc.status)})
    return out


def _rank(text: str | None) -> int | None:
    """An option's rank as typed in a link or form; anything else chooses nothing."""
    try:
        return int(text) if text and len(text) < 6 else None
    except ValueError:
        return None


def _form_value(form: Any, key: str) -> str:
    return str(form.get(key) or "").strip()


def _convert(values: dict[str, Any], kind: type[Any]) -> Any:
    """A form as a struct; a bad value is a 400 naming the field, as in the API."""
    try:
        return msgspec.convert(values, kind, strict=False)
    except msgspec.ValidationError as exc:
        message = str(exc)
        field = message.rsplit("`$.", 1)[-1].rstrip("`") if "`$." in message else "body"
        reason = "een datum (dag-maand-jaar)" if "`date`" in message else message
        raise DomainError(message, errors=[FieldError(field, reason)]) from exc


class DecisionPages(PageController):
    path = "/plaatsingen"
    dependencies = {
        "decisions": from_request(DecisionService),
        "occupancy_service": from_request(OccupancyService),
        "request_service": from_request(RequestService),
        "matching": Provide(provide_matching),
    }

    async def _page(self, request_id: UUID, request: Request[Any, Any, Any],
                    principal: Principal, decisions: DecisionService,
                    occupancy_service: OccupancyService, request_service: RequestService,
                    matching: MatchingService, *, errors: list[dict[str, Any]] | None = None,
                    status: int = 200, chosen: int | None = None,
                    form: dict[str, str] | None = None) -> Template:
        item = await request_service.get(request_id)
        listed = await decisions.of_request(request_id)
        snapshots = await matching.snapshots_of(request_id)
        latest = (msgspec.json.decode(await matching.snapshot_json(snapshots[0]["id"]),
                                      type=SearchOut) if snapshots else None)
        placements = (await occupancy_service.list(
            request_id=request_id, kind="placement", place_id=None, carer_id=None, child_id=None,
            status=None, on=None, limit=50, offset=0)).items
        plans = latest.plans.plans if latest and latest.plans else []
        options = ([o.rank for o in latest.ranking.options] if latest and latest.ranking
                   else [p.rank for p in plans])
        chosen = chosen if chosen in options else (options[0] if options else None)
        plan = next((p for p in plans if p.rank == chosen), None)
        return page("decisions/request.html", status_code=status, context={
            "chosen": chosen, "form": form or {},
            "split_ties": [t for t in plan.broken_ties if t.intent == "together"] if plan else [],
            "principal": principal, "csrf_token": csrf_token(request), "item": item,
            "decisions": listed, "live": next((d for d in listed if d.state in (
                "awaiting_answers", "introduction", "ready_to_place")), None),
            "families": await decisions.families(request_id),
            "timeline": await decisions.timeline(request_id), "latest": latest,
            "placements": placements, "labels": {**REQUEST_LABELS, **LABELS},
            "errors": errors or [], "today": local_today().isoformat(),
            "melding": local_time(item.created_at), "local_time": local_time,
            "refs": {str(c.id): c.case_reference for c in item.children},
            "may_decide": item.status in ("open", "proposed", "introduction"),
        })

    @get("/{request_id:uuid}/besluiten", **allow(PLAATSER, child_data=True))
    async def page(self, request_id: UUID, request: Request[Any, Any, Any],
                   principal: Principal, decisions: DecisionService,
                   occupancy_service: OccupancyService, request_service: RequestService,
                   matching: MatchingService,
                   optie: Annotated[str | None, QueryParameter()] = None) -> Template:
        """optie=N: the option being chosen, preselected, with its split-reason fields."""
        return await self._page(request_id, request, principal, decisions, occupancy_service,
                                request_service, matching, chosen=_rank(optie))

    async def _act(self, request_id: UUID, request: Request[Any, Any, Any],
                   principal: Principal, decisions: DecisionService,
                   occupancy_service: OccupancyService, request_service: RequestService,
                   matching: MatchingService, action: Any, *, chosen: int | None = None,
                   form: dict[str, str] | None = None) -> Any:
        try:
            await action()
        except DomainError as exc:
            if exc.status in (401, 403, 404):
                raise
            return await self._page(request_id, request, principal, decisions,
                                    occupancy_service, request_service, matching,
                                    errors=page_errors(exc), status=exc.status, chosen=chosen,
                                    form=form)
        except asyncpg.ExclusionViolationError:
            # The database refused a double booking (a new start date meeting another stay at
            # the place, or the child's own): the page says so where the date was typed.
            return await self._page(request_id, request, principal, decisions,
                                    occupancy_service, request_service, matching, errors=[{
                                        "field": "start", "label": "Datum", "reason":
                                        "de plek of de jeugdige is in die periode al bezet; "
                                        "kies een andere datum"}], status=409, chosen=chosen,
                                    form=form)
        return Redirect(f"/plaatsingen/{request_id}/besluiten", status_code=303)

    @post("/{request_id:uuid}/besluiten", **allow(PLAATSER, child_data=True), status_code=303)
    async def decide(self, request_id: UUID, request: Request[Any, Any, Any],
                     principal: Principal, decisions: DecisionService,
                     occupancy_service: OccupancyService, request_service: RequestService,
                     matching: MatchingService) -> Any:
        form = await request.form()

        async def action() -> None:
            snapshot_id = _form_value(form, "snapshot_id")
            rank = _form_value(form, "option_rank")
            if not rank:
                raise DomainError("kies een optie",
                                  errors=[FieldError("option_rank", "kies een optie")])
            split = []
            if snapshot_id:
                try:
                    snapshot = UUID(snapshot_id)
                except ValueError:
                    raise DomainError("bad snapshot", errors=[FieldError(
                        "snapshot_id", "laad de pagina opnieuw")]) from None
                stored = msgspec.json.decode(await matching.snapshot_json(snapshot),
                                             type=SearchOut)
                plan = next((p for p in (stored.plans.plans if stored.plans else [])
                             if str(p.rank) == rank), None)
                ties = [t for t in plan.broken_ties if t.intent == "together"] if plan else []
                for k, tie in enumerate(ties):
                    code = _form_value(form, f"split-{rank}-{k}-code")
                    if code:
                        split.append({
                            "child_a_id": str(tie.child_a), "child_b_id": str(tie.child_b),
                            "reason_code": code,
                            "motivation": _form_value(form, f"split-{rank}-{k}-motivation")})
            body = _convert({"snapshot_id": snapshot_id, "option_rank": rank,
                             "reason_code": _form_value(form, "reason_code") or None,
                             "motivation": _form_value(form, "motivation") or None,
                             "replaces_decision_id":
                                 _form_value(form, "replaces_decision_id") or None,
                             "split_reasons": split},
                            DecisionCreate)
            await decisions.decide(request_id, body)

        typed = {k: _form_value(form, k) for k in form if k != "csrf_token"}
        return await self._act(request_id, request, principal, decisions, occupancy_service,
                               request_service, matching, action,
                               chosen=_rank(typed.get("option_rank")), form=typed)

    @post("/{request_id:uuid}/besluiten/{decision_id:uuid}/{step:str}",
          **allow(PLAATSER, child_data=True), status_code=303)
    async def step(self, request_id: UUID, decision_id: UUID, step: str,
                   request: Request[Any, Any, Any], principal: Principal,
                   decisions: DecisionService, occupancy_service: OccupancyService,
                   request_service: RequestService, matching: MatchingService) -> Any:
        """step: antwoord (a family's answer), kennismaking (the introduction), plaatsing."""
        form = await request.form()
        values = {k: _form_value(form, k) or None for k in (
            "carer_id", "answer", "answered_on", "decline_reason", "note", "outcome",
            "held_on", "stop_reason", "start")}

        async def action() -> None:
            if step == "antwoord":
                await decisions.answer(decision_id, _convert(
                    {k: values[k] for k in ("carer_id", "answer", "answered_on",
                                            "decline_reason")} | {"note": values["note"] or ""},
                    AnswerCreate))
            elif step == "kennismaking":
                await decisions.introduce(decision_id, _convert(
                    {k: values[k] for k in ("carer_id", "outcome", "held_on", "stop_reason")}
                    | {"note": values["note"] or ""}, IntroductionCreate))
            elif step == "plaatsing":
                await decisions.place(decision_id, _convert({"start": values["start"]},
                                                            PlacementCreate))
            else:
                raise DomainError("onbekende stap", errors=[FieldError("step", "onbekende stap")])

        return await self._act(request_id, request, principal, decisions, occupancy_service,
                               request_service, matching, action)

    @post("/{request_id:uuid}/einde/{occupancy_id:uuid}", **allow(PLAATSER, child_data=True),
          status_code=303)
    async def end(self, request_id: UUID, occupancy_id: UUID, request: Request[Any, Any, Any],
                  principal: Principal, decisions: DecisionService,
                  occupancy_service: OccupancyService, request_service: RequestService,
                  matching: MatchingService) -> Any:
        form = await request.form()

        async def action() -> None:
            if not _form_value(form, "end_reason"):  # this form ends; moving a date is the API's
                raise DomainError("kies een reden", errors=[
                    FieldError("end_reason", "kies een reden om te beëindigen")])
            body = _convert({"version": _form_value(form, "version") or None,
                             "end": _form_value(form, "end") or None,
                             "end_reason": _form_value(form, "end_reason") or None,
                             "end_note": _form_value(form, "end_note") or None},
                            OccupancyUpdate)
            await occupancy_service.update(occupancy_id, body, None)

        return await self._act(request_id, request, principal, decisions, occupancy_service,
                               request_service, matching, action)
