"""Pages for the decision flow of one placement request (/plaatsingen/{id}/besluiten): choose an
option of the latest stored ranking (with the reason form when it is not the top one, and a split
reason per broken tie), record each family's answer and the introduction, place, and end a
placement with its reason. Also the request's families and timeline.

Views only call services (DecisionService, OccupancyService, RequestService, MatchingService):
scope and audit entries happen there. A refused form re-renders the page with the reasons."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.response import Redirect, Template

from placement.auth.access import allow
from placement.auth.principal import PLAATSER, Principal
from placement.core.errors import DomainError, FieldError
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
from placement.web.labels import REQUEST_LABELS
from placement.web.page_helpers import PAGE_ERROR_HANDLERS, csrf_token
from placement.web.ranking_display import local_time

LABELS = {"override": reasons.OVERRIDE_REASONS, "split": reasons.SPLIT_REASONS,
          "answers": reasons.ANSWERS, "decline": reasons.DECLINE_REASONS,
          "outcomes": reasons.INTRODUCTION_OUTCOMES, "stop": reasons.STOP_REASONS,
          "end": reasons.END_REASONS, "statuses": reasons.REQUEST_STATUSES,
          "states": {"awaiting_answers": "Wacht op antwoord", "introduction": "Kennismaking",
                     "ready_to_place": "Klaar om te plaatsen", "placed": "Geplaatst",
                     "declined": "Afgewezen", "stopped": "Gestopt na kennismaking",
                     "replaced": "Vervangen door een nieuw besluit",
                     "cancelled": "Reservering vervallen"}}


def _form_value(form: Any, key: str) -> str:
    return str(form.get(key) or "").strip()


def _convert(values: dict[str, Any], kind: type[Any]) -> Any:
    """A form as a struct; a bad value is a 400 naming the field, as in the API."""
    try:
        return msgspec.convert(values, kind, strict=False)
    except msgspec.ValidationError as exc:
        message = str(exc)
        field = message.rsplit("`$.", 1)[-1].rstrip("`") if "`$." in message else "body"
        raise DomainError(message, errors=[FieldError(field, message)]) from exc


class DecisionPages(Controller):
    path = "/plaatsingen"
    include_in_schema = False
    exception_handlers = PAGE_ERROR_HANDLERS
    dependencies = {
        "decisions": Provide(DecisionService, sync_to_thread=False),
        "occupancy_service": Provide(OccupancyService, sync_to_thread=False),
        "request_service": Provide(RequestService, sync_to_thread=False),
        "matching": Provide(provide_matching),
    }

    async def _page(self, request_id: UUID, request: Request[Any, Any, Any],
                    principal: Principal, decisions: DecisionService,
                    occupancy_service: OccupancyService, request_service: RequestService,
                    matching: MatchingService, *, errors: list[dict[str, Any]] | None = None,
                    status: int = 200) -> Template:
        item = await request_service.get(request_id)
        listed = await decisions.of_request(request_id)
        snapshots = await matching.snapshots_of(request_id)
        latest = (msgspec.json.decode(await matching.snapshot_json(snapshots[0]["id"]),
                                      type=SearchOut) if snapshots else None)
        placements = (await occupancy_service.list(
            request_id=request_id, kind="placement", place_id=None, carer_id=None, child_id=None,
            status=None, on=None, limit=50, offset=0)).items
        return Template("decisions/request.html", status_code=status, context={
            "principal": principal, "csrf_token": csrf_token(request), "item": item,
            "decisions": listed, "live": next((d for d in listed if d.state in (
                "awaiting_answers", "introduction", "ready_to_place")), None),
            "families": await decisions.families(request_id),
            "timeline": await decisions.timeline(request_id), "latest": latest,
            "placements": placements, "labels": {**REQUEST_LABELS, **LABELS},
            "errors": errors or [], "today": dt.date.today().isoformat(),
            "melding": local_time(item.created_at),
            "refs": {str(c.id): c.case_reference for c in item.children},
            "may_decide": item.status in ("open", "proposed", "introduction"),
        })

    @get("/{request_id:uuid}/besluiten", **allow(PLAATSER, child_data=True))
    async def page(self, request_id: UUID, request: Request[Any, Any, Any],
                   principal: Principal, decisions: DecisionService,
                   occupancy_service: OccupancyService, request_service: RequestService,
                   matching: MatchingService) -> Template:
        return await self._page(request_id, request, principal, decisions, occupancy_service,
                                request_service, matching)

    async def _act(self, request_id: UUID, request: Request[Any, Any, Any],
                   principal: Principal, decisions: DecisionService,
                   occupancy_service: OccupancyService, request_service: RequestService,
                   matching: MatchingService, action: Any) -> Any:
        try:
            await action()
        except DomainError as exc:
            if exc.status in (401, 403, 404):
                raise
            errors = exc.errors or [FieldError("besluit", exc.detail)]
            return await self._page(request_id, request, principal, decisions,
                                    occupancy_service, request_service, matching,
                                    errors=errors, status=exc.status)
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
                stored = msgspec.json.decode(await matching.snapshot_json(UUID(snapshot_id)),
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

        return await self._act(request_id, request, principal, decisions, occupancy_service,
                               request_service, matching, action)

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
                raise DomainError("onbekende stap", errors=[FieldError("step", step)])

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
                raise DomainError("end_reason: kies een reden", errors=[
                    FieldError("end_reason", "kies een reden om te beëindigen")])
            body = _convert({"version": _form_value(form, "version") or None,
                             "end": _form_value(form, "end") or None,
                             "end_reason": _form_value(form, "end_reason") or None,
                             "end_note": _form_value(form, "end_note") or None},
                            OccupancyUpdate)
            await occupancy_service.update(occupancy_id, body, None)

        return await self._act(request_id, request, principal, decisions, occupancy_service,
                               request_service, matching, action)
