"""Pages for the recruiter (werver) that change things: a lead's detail (history, tasks, possible
duplicates with merge), adding a lead, moving a lead to another stage (with the drop-out
reason), approving a lead into a carer from a form prefilled with what recruitment knows,
creating and editing campaigns, and uploading a lead CSV with its row-by-row report.

Everything goes through the recruitment services (scope, rules, audit)."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from litestar import Request, get, post
from litestar.response import Redirect, Template

from placement.auth.access import allow
from placement.auth.principal import BEHEERDER, WERVER, Principal
from placement.core.errors import DomainError, FieldError
from placement.core.providers import from_request
from placement.recruitment.campaigns.schemas import CampaignCreate, CampaignUpdate
from placement.recruitment.campaigns.service import CampaignService
from placement.recruitment.leads.schemas import LeadCreate, LeadUpdate, StageChange, TaskCreate
from placement.recruitment.leads.service import (
    ImportService,
    LeadService,
    MergeService,
    StageService,
)
from placement.recruitment.leads.tasks import TaskService
from placement.recruitment.reference import APPROVED, CHANNELS, REASON_CODES, STAGES
from placement.recruitment.reports.charts import STAGE_LABELS
from placement.web.forms import FormInvalid, convert, from_domain, one, read_form
from placement.web.labels import PLACEMENT_TYPES, local_time
from placement.web.messages import dutch_reason
from placement.web.page_helpers import PageController, csrf_token, page

TASK_KINDS = {"contact_opnemen": "Contact opnemen", "informatiepakket_sturen":
              "Informatiepakket sturen", "uitnodigen": "Uitnodigen", "terugbellen": "Terugbellen",
              "other": "Anders"}
HOW = {"entered": "doorlopen", "skipped": "overgeslagen", "reverted": "teruggezet",
       "merged": "samengevoegd"}
DUPLICATE_REASONS = {"email": "zelfde e-mailadres", "phone": "zelfde telefoonnummer",
                     "name_postcode": "zelfde naam en postcode", "name": "lijkende naam"}
FOSTER_KINDS = {"general": "Bestandspleeggezin", "network": "Netwerkpleeggezin"}
AGE_BANDS = {"0-3": "0 tot 3 jaar", "4-11": "4 tot 11 jaar", "12-17": "12 tot 17 jaar",
             "18-23": "18 tot 23 jaar"}


# What the recruitment and carer services say in English (for API clients) as the lead page
# says it, and the fields by the labels of the page's forms. The shared translator knows the
# common reasons; these are the pipeline's own.
LEAD_REASONS: list[tuple[str, str]] = [
    (r"approval needs these stages done, not skipped: .*",
     "goedkeuren kan pas als de screening echt doorlopen is (niet overgeslagen)"),
    (r"name at least one placement type before approval|name at least one",
     "kies minstens één pleegzorgvorm"),
    (r"at least one spare room is needed for a place",
     "minstens één vrije slaapkamer nodig voor een plek"),
    (r"unknown: the lead's details were erased", "onbekend: de gegevens zijn gewist"),
    (r"the lead already left the path.*", "deze aanmelding is al afgehaakt of afgewezen"),
    (r"a lead that left the path cannot be approved",
     "een afgehaakte of afgewezen aanmelding kan niet worden goedgekeurd"),
    (r"this lead is approved and is a carer now.*",
     "deze aanmelding is goedgekeurd en staat in het bestand; wijzig daar het gezin"),
    (r"(\d+ )?is above age_max( \d+)?", "hoger dan 'leeftijd tot en met'"),
    (r"\d+ is below age_min \d+", "lager dan 'leeftijd vanaf'"),
    (r"must be between \d+ and \d+", "buiten het toegestane bereik"),
    (r"required for a foster family: network or general", "kies de soort pleeggezin"),
]
LEAD_FIELDS = {
    "to_stage": "Nieuwe fase", "reason_code": "Reden", "note": "Toelichting",
    "interest_placement_types": "Pleegzorgvormen", "spare_rooms": "Plekken (vrije slaapkamers)",
    "places": "Plekken (vrije slaapkamers)", "age_min": "Leeftijd vanaf",
    "age_max": "Leeftijd tot en met", "foster_kind": "Soort pleeggezin", "version": "Aanmelding",
    "placement_types": "Pleegzorgvormen", "full_name": "Naam", "heard_via": "Gehoord via",
    "campaign_code": "Campagne", "title": "Taak", "due_on": "Uiterlijk",
}


def lead_problem(exc: DomainError) -> FormInvalid:
    """A service's refusal as the lead pages show it: Dutch labels and reasons, no raw names."""
    problem = from_domain(exc)
    originals = exc.errors or [FieldError("body", exc.detail)]
    for shown, original in zip(problem.errors, originals, strict=False):
        field = str(original.get("field", "")).removeprefix("carer.")
        base = field.split("[")[0].split(".")[0]
        shown["label"] = LEAD_FIELDS.get(base, shown["label"])
        reason = str(original.get("reason", ""))
        for pattern, dutch in LEAD_REASONS:
            if re.fullmatch(pattern, reason.strip(), re.I):
                shown["reason"] = dutch
                break
    return problem


def _whole(text: str) -> bool:
    """A whole number as typed: ASCII digits only (str.isdigit() also passes '²', which int()
    refuses)."""
    return text.isascii() and text.isdigit()


def _version(raw: dict[str, list[str]]) -> int | None:
    """The record version the form was rendered with; a tampered one is a form error."""
    text = one(raw, "version")
    if text and not _whole(text):
        raise FormInvalid([FieldError("version", "laad de pagina opnieuw")])
    return int(text) or None if text else None


def _base(request: Request[Any, Any, Any], principal: Principal) -> dict[str, Any]:
    return {"principal": principal, "csrf_token": csrf_token(request),
            "is_werver": principal.has(WERVER), "stage_labels": STAGE_LABELS,
            "channel_labels": CHANNELS, "placement_types": PLACEMENT_TYPES}


class LeadPages(PageController):
    path = "/werving"
    dependencies = {
        "leads": from_request(LeadService),
        "stages": from_request(StageService),
        "merges": from_request(MergeService),
        "tasks": from_request(TaskService),
        "importer": from_request(ImportService),
        "campaigns": from_request(CampaignService),
    }

    # --- leads --------------------------------------------------------------------------------

    @get("/aanmeldingen/nieuw", **allow(WERVER))
    async def new_lead(self, request: Request[Any, Any, Any], principal: Principal,
                       campaigns: CampaignService) -> Template:
        return page("recruitment/lead_form.html", {
            **_base(request, principal), "form": {}, "errors": [],
            "campaigns": await campaigns.list(None)})

    @post("/aanmeldingen/nieuw", **allow(WERVER), status_code=303)
    async def create_lead(self, request: Request[Any, Any, Any], principal: Principal,
                          leads: LeadService, campaigns: CampaignService) -> Any:
        raw = await read_form(request)
        form = {k: one(raw, k) for k in ("full_name", "postcode", "email", "phone",
                                         "campaign_code", "heard_via")}
        try:
            missing = [FieldError(k, "verplicht") for k in ("full_name", "postcode")
                       if not form[k]]
            if not form["email"] and not form["phone"]:
                missing.append(FieldError("email", "vul een e-mailadres of telefoonnummer in"))
            if missing:
                raise FormInvalid(missing)
            lead = await leads.create(convert({k: v or None for k, v in form.items()},
                                              LeadCreate))
        except (FormInvalid, DomainError) as exc:
            problem = exc if isinstance(exc, FormInvalid) else lead_problem(exc)
            return page("recruitment/lead_form.html", {
                **_base(request, principal), "form": form, "errors": problem.errors,
                "campaigns": await campaigns.list(None)}, status_code=problem.status)
        return Redirect(f"/werving/aanmeldingen/{lead.id}", status_code=303)

    @get("/aanmeldingen/{lead_id:uuid}", **allow(WERVER))
    async def lead_page(self, lead_id: UUID, request: Request[Any, Any, Any],
                        principal: Principal, leads: LeadService) -> Template:
        return await _lead_page(request, principal, leads, lead_id)

    @post("/aanmeldingen/{lead_id:uuid}/fase", **allow(WERVER), status_code=303)
    async def move_stage(self, lead_id: UUID, request: Request[Any, Any, Any],
                         principal: Principal, leads: LeadService, stages: StageService) -> Any:
        raw = await read_form(request)
        try:
            values = {"to_stage": one(raw, "to_stage"), "version": _version(raw),
                      "reason_code": one(raw, "reason_code") or None,
                      "note": one(raw, "note") or None}
            if values["to_stage"] not in STAGES or values["to_stage"] == APPROVED:
                raise FormInvalid([FieldError("to_stage", "kies een fase uit de lijst")])
            await stages.change(lead_id, convert(values, StageChange), None)
        except (FormInvalid, DomainError) as exc:
            problem = exc if isinstance(exc, FormInvalid) else lead_problem(exc)
            return await _lead_page(request, principal, leads, lead_id,
                                    stage_errors=problem.errors, status=problem.status)
        return Redirect(f"/werving/aanmeldingen/{lead_id}", status_code=303)

    @post("/aanmeldingen/{lead_id:uuid}/goedkeuren", **allow(WERVER), status_code=303)
    async def approve(self, lead_id: UUID, request: Request[Any, Any, Any],
                      principal: Principal, leads: LeadService, stages: StageService) -> Any:
        """The checked carer details are saved on the lead and the carer made from them in one
        transaction: a refused approval saves nothing, and the form shows what was typed."""
        raw = await read_form(request)
        try:
            rooms, age_min, age_max = (one(raw, k) for k in ("spare_rooms", "age_min", "age_max"))
            errors = [FieldError(k, "een heel getal") for k, v in
                      (("spare_rooms", rooms), ("age_min", age_min), ("age_max", age_max))
                      if v and not _whole(v)]
            if errors:
                raise FormInvalid(errors)
            family_home = bool(one(raw, "interest_family_home"))
            update = convert({
                "version": _version(raw),
                "interest_placement_types": [t for t in raw.get("interest_placement_types", [])
                                             if t in PLACEMENT_TYPES],
                "interest_family_home": family_home,
                "foster_kind": None if family_home else (one(raw, "foster_kind") or "general"),
                "spare_rooms": int(rooms or 0),
                "age_min": int(age_min) if age_min else None,
                "age_max": int(age_max) if age_max else None}, LeadUpdate)
            await stages.approve(lead_id, update, one(raw, "note") or None)
        except (FormInvalid, DomainError) as exc:
            problem = exc if isinstance(exc, FormInvalid) else lead_problem(exc)
            return await _lead_page(request, principal, leads, lead_id,
                                    approve_errors=problem.errors, status=problem.status,
                                    approve_typed=raw)
        return Redirect(f"/werving/aanmeldingen/{lead_id}", status_code=303)

    @post("/aanmeldingen/{lead_id:uuid}/samenvoegen", **allow(WERVER), status_code=303)
    async def merge(self, lead_id: UUID, request: Request[Any, Any, Any],
                    merges: MergeService) -> Redirect:
        raw = await read_form(request)
        other = one(raw, "other_lead_id")
        try:
            other_id = UUID(other)
        except ValueError as exc:
            raise FormInvalid([FieldError("other_lead_id", "kies een aanmelding")]) from exc
        await merges.merge(lead_id, other_id)
        return Redirect(f"/werving/aanmeldingen/{lead_id}", status_code=303)

    @post("/aanmeldingen/{lead_id:uuid}/taak", **allow(WERVER), status_code=303)
    async def add_task(self, lead_id: UUID, request: Request[Any, Any, Any],
                       principal: Principal, leads: LeadService, tasks: TaskService) -> Any:
        raw = await read_form(request)
        values = {"title": one(raw, "title"), "due_on": one(raw, "due_on") or None,
                  "kind": one(raw, "kind") or "other", "note": one(raw, "note") or None}
        try:
            missing = [FieldError(k, "verplicht") for k in ("title", "due_on") if not values[k]]
            if missing:
                raise FormInvalid(missing)
            await tasks.create(lead_id, convert(values, TaskCreate))
        except (FormInvalid, DomainError) as exc:
            problem = exc if isinstance(exc, FormInvalid) else lead_problem(exc)
            return await _lead_page(request, principal, leads, lead_id,
                                    task_errors=problem.errors, status=problem.status)
        return Redirect(f"/werving/aanmeldingen/{lead_id}#taken", status_code=303)

    # --- CSV upload ---------------------------------------------------------------------------

    @get("/import", **allow(WERVER))
    async def import_page(self, request: Request[Any, Any, Any], principal: Principal) -> Template:
        return page("recruitment/import.html", {**_base(request, principal), "result": None,
                                                "rows": [], "detail": ""})

    @post("/import", **allow(WERVER))
    async def import_upload(self, request: Request[Any, Any, Any], principal: Principal,
                            importer: ImportService) -> Template:
        form = await request.form()
        upload = form.get("bestand")
        dry_run = bool(form.get("proef"))
        raw = await upload.read() if upload is not None and hasattr(upload, "read") else b""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        rows: list[dict[str, Any]] = []
        result, status, detail = None, 200, ""
        if not text.strip():
            detail, status = "Kies een CSV-bestand met aanmeldingen.", 400
        else:
            try:
                result = await importer.import_csv(text, dry_run=dry_run)
            except DomainError as exc:
                status = exc.status
                detail = "Niets ingelezen: het bestand heeft fouten. Verbeter ze en probeer opnieuw."
                rows = [{"row": e.get("row", "–"), "field": e.get("field", ""),
                         "reason": dutch_reason(str(e.get("reason", ""))),
                         "original": str(e.get("reason", ""))} for e in exc.errors]
        return page("recruitment/import.html", {**_base(request, principal), "result": result,
                                                "rows": rows, "detail": detail},
                    status_code=status)

    # --- campaigns ----------------------------------------------------------------------------

    @get("/campagnes/nieuw", **allow(WERVER, BEHEERDER))
    async def new_campaign(self, request: Request[Any, Any, Any],
                           principal: Principal) -> Template:
        return _campaign_form(request, principal, None, {"channels": [], "target_age_bands": [],
                                                         "target_placement_types": []}, [])

    @post("/campagnes/nieuw", **allow(WERVER, BEHEERDER), status_code=303)
    async def create_campaign(self, request: Request[Any, Any, Any], principal: Principal,
                              campaigns: CampaignService) -> Any:
        raw = await read_form(request)
        form = _campaign_values(raw)
        try:
            if not form["code"] or not form["name"] or not form["starts_on"]:
                raise FormInvalid([FieldError(k, "verplicht") for k in
                                   ("code", "name", "starts_on") if not form[k]])
            await campaigns.create(convert(_campaign_body(form, creating=True), CampaignCreate))
        except (FormInvalid, DomainError) as exc:
            problem = exc if isinstance(exc, FormInvalid) else lead_problem(exc)
            return _campaign_form(request, principal, None, form, problem.errors, problem.status)
        return Redirect("/werving", status_code=303)

    @get("/campagnes/{campaign_id:uuid}", **allow(WERVER, BEHEERDER))
    async def campaign_page(self, campaign_id: UUID, request: Request[Any, Any, Any],
                            principal: Principal, campaigns: CampaignService) -> Template:
        found = await campaigns.get(campaign_id)
        form = {"code": found.code, "name": found.name, "channels": found.channels,
                "starts_on": found.starts_on.isoformat(),
                "ends_on": found.ends_on.isoformat() if found.ends_on else "",
                "budget_euros": "" if found.budget_euros is None else f"{found.budget_euros:g}",
                "target_placement_types": found.target_placement_types,
                "target_age_bands": found.target_age_bands, "version": str(found.version)}
        return _campaign_form(request, principal, found, form, [])

    @post("/campagnes/{campaign_id:uuid}", **allow(WERVER, BEHEERDER), status_code=303)
    async def update_campaign(self, campaign_id: UUID, request: Request[Any, Any, Any],
                              principal: Principal, campaigns: CampaignService) -> Any:
        raw = await read_form(request)
        form = _campaign_values(raw)
        found = await campaigns.get(campaign_id)
        try:
            body = _campaign_body(form, creating=False)
            body["version"] = _version(raw)
            await campaigns.update(campaign_id, convert(body, CampaignUpdate), None)
        except (FormInvalid, DomainError) as exc:
            problem = exc if isinstance(exc, FormInvalid) else lead_problem(exc)
            return _campaign_form(request, principal, found, form, problem.errors,
                                  problem.status)
        return Redirect("/werving", status_code=303)


def _campaign_values(raw: dict[str, list[str]]) -> dict[str, Any]:
    form: dict[str, Any] = {k: one(raw, k) for k in ("code", "name", "starts_on", "ends_on",
                                                     "budget_euros", "version")}
    form["channels"] = [c for c in raw.get("channels", []) if c in CHANNELS]
    form["target_placement_types"] = [t for t in raw.get("target_placement_types", [])
                                      if t in PLACEMENT_TYPES]
    form["target_age_bands"] = [b for b in raw.get("target_age_bands", []) if b in AGE_BANDS]
    return form


def _campaign_body(form: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    errors = []
    if not form["channels"]:
        errors.append(FieldError("channels", "kies minstens één kanaal"))
    budget = form["budget_euros"].replace(",", ".")
    try:
        budget_value = float(budget) if budget else None
    except ValueError:
        errors.append(FieldError("budget_euros", "een bedrag in euro's"))
        budget_value = None
    if errors:
        raise FormInvalid(errors)
    body: dict[str, Any] = {"name": form["name"], "channels": form["channels"],
                            "starts_on": form["starts_on"], "ends_on": form["ends_on"] or None,
                            "budget_euros": budget_value,
                            "target_placement_types": form["target_placement_types"],
                            "target_age_bands": form["target_age_bands"]}
    if creating:
        body["code"] = form["code"].upper()
    return body


def _campaign_form(request: Request[Any, Any, Any], principal: Principal, campaign: Any,
                   form: dict[str, Any], errors: list[dict[str, Any]],
                   status: int = 200) -> Template:
    return page("recruitment/campaign_form.html", {
        **_base(request, principal), "campaign": campaign, "form": form, "errors": errors,
        "age_bands": AGE_BANDS}, status_code=status)


async def _lead_page(request: Request[Any, Any, Any], principal: Principal, leads: LeadService,
                     lead_id: UUID, *, stage_errors: list[dict[str, Any]] | None = None,
                     approve_errors: list[dict[str, Any]] | None = None,
                     task_errors: list[dict[str, Any]] | None = None,
                     approve_typed: dict[str, list[str]] | None = None,
                     status: int = 200) -> Template:
    lead = await leads.get(lead_id)
    approve_form = {"types": lead.interest_placement_types,
                    "family_home": lead.interest_family_home, "foster_kind": lead.foster_kind,
                    "spare_rooms": lead.spare_rooms, "age_min": lead.age_min,
                    "age_max": lead.age_max, "note": ""}
    if approve_typed is not None:  # a refused approval: the form as it was sent
        approve_form = {"types": approve_typed.get("interest_placement_types", []),
                        "family_home": bool(one(approve_typed, "interest_family_home")),
                        **{k: one(approve_typed, k) for k in
                           ("foster_kind", "spare_rooms", "age_min", "age_max", "note")}}
    history = [{"when": local_time(e.occurred_at), "stage": STAGE_LABELS.get(e.stage, e.stage),
                "how": HOW.get(e.how, "vastgelegd"), "who": e.actor_label,
                "reason": REASON_CODES.get(e.stage, {}).get(e.reason_code or "", "")
                if e.reason_code else "", "note": e.note or ""}
               for e in lead.history]
    duplicates = [{"id": d.lead_id, "name": d.full_name or "(gewist)",
                   "stage": STAGE_LABELS.get(d.stage, d.stage),
                   "reasons": ", ".join(DUPLICATE_REASONS.get(r, "gelijkenis") for r in d.reasons)}
                  for d in lead.duplicates]
    return page("recruitment/lead.html", {
        **_base(request, principal), "lead": lead, "history": history,
        "duplicates": duplicates, "task_kinds": TASK_KINDS, "foster_kinds": FOSTER_KINDS,
        "stages": [s for s in STAGES if s != APPROVED], "reasons": REASON_CODES,
        "closed": lead.stage == APPROVED or lead.merged_into is not None,
        "dropped_out": lead.stage in ("afgehaakt", "afgewezen"),
        "registered": local_time(lead.registered_at),
        "stage_errors": stage_errors or [], "approve_errors": approve_errors or [],
        "approve_form": approve_form,
        "task_errors": task_errors or []}, status_code=status)
