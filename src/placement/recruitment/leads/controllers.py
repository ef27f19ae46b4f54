"""HTTP handlers for /api/v1/recruitment leads, tasks and the purge: thin; rules live in the
services."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import HeaderParameter, Parameter

from placement.auth.access import allow
from placement.auth.principal import WERVER
from placement.core.concurrency import IfMatch, etag
from placement.core.providers import from_request
from placement.core.schemas import Limit, Offset
from placement.recruitment.leads.privacy import PrivacyService
from placement.recruitment.leads.schemas import (
    ConsentIn,
    ConsentOut,
    ImportResult,
    LeadApproval,
    LeadCreate,
    LeadOut,
    LeadPage,
    LeadUpdate,
    MergeRequest,
    OverdueReport,
    PurgeResult,
    StageChange,
    TaskCreate,
    TaskOut,
    TaskUpdate,
)
from placement.recruitment.leads.service import (
    ImportService,
    LeadService,
    MergeService,
    StageService,
)
from placement.recruitment.leads.tasks import TaskService
from placement.settings import Settings


class LeadPurgeController(Controller):
    path = "/api/v1/recruitment"
    tags = ["recruitment"]
    dependencies = {"privacy": from_request(PrivacyService)}

    @post("/purge", **allow(WERVER), status_code=200,
          summary="Erase leads that dropped out longer ago than the retention period")
    async def purge(self, privacy: PrivacyService, settings: Settings,
                    dry_run: bool = True) -> PurgeResult:
        erased = await privacy.purge(retention_months=settings.recruitment_retention_months,
                                     dry_run=dry_run)
        return PurgeResult(dry_run=dry_run, retention_months=settings.recruitment_retention_months,
                           erased=erased)


class LeadController(Controller):
    path = "/api/v1/recruitment/leads"
    tags = ["recruitment"]
    dependencies = {
        "leads": from_request(LeadService),
        "stages": from_request(StageService),
        "merges": from_request(MergeService),
        "privacy": from_request(PrivacyService),
        "tasks": from_request(TaskService),
        "importer": from_request(ImportService),
    }

    @post("/", **allow(WERVER), summary="Register a lead (aanmelding)")
    async def create(self, data: LeadCreate, leads: LeadService) -> Response[LeadOut]:
        lead = await leads.create(data)
        return Response(lead, status_code=201, headers={"ETag": etag(lead.version)})

    @get("/", **allow(WERVER), summary="List your organisation's leads")
    async def list_leads(
        self, leads: LeadService, stage: str | None = None,
        campaign: Annotated[str | None, Parameter(max_length=40)] = None,
        assigned_to: UUID | None = None, include_merged: bool = False,
        limit: Annotated[Limit, Parameter(ge=1, le=500)] = 50,
        offset: Annotated[Offset, Parameter(ge=0)] = 0,
    ) -> LeadPage:
        return await leads.list(stage=stage, campaign_code=campaign,
                                assigned_user_id=assigned_to, include_merged=include_merged,
                                limit=limit, offset=offset)

    @get("/{lead_id:uuid}", **allow(WERVER),
         summary="Read a lead with its stage history, tasks, consents and possible duplicates")
    async def read(self, lead_id: UUID, leads: LeadService) -> Response[LeadOut]:
        lead = await leads.get(lead_id)
        return Response(lead, headers={"ETag": etag(lead.version)})

    @patch("/{lead_id:uuid}", **allow(WERVER), summary="Change a lead's details")
    async def update(self, lead_id: UUID, data: LeadUpdate, leads: LeadService,
                     if_match: IfMatch = None) -> Response[LeadOut]:
        lead = await leads.update(lead_id, data, if_match)
        return Response(lead, headers={"ETag": etag(lead.version)})

    @post("/{lead_id:uuid}/stage", **allow(WERVER),
          summary="Move a lead to another stage (goedgekeurd creates the carer)")
    async def change_stage(self, lead_id: UUID, data: StageChange, stages: StageService,
                           if_match: IfMatch = None) -> Response[LeadOut]:
        lead = await stages.change(lead_id, data, if_match)
        return Response(lead, status_code=200, headers={"ETag": etag(lead.version)})

    @post("/{lead_id:uuid}/approve", **allow(WERVER), status_code=200,
          summary="Approve a lead with its checked details in one act: the details saved and "
                  "the carer created, or nothing when refused")
    async def approve(self, lead_id: UUID, data: LeadApproval, stages: StageService,
                      if_match: IfMatch = None) -> Response[LeadOut]:
        lead = await stages.approve(lead_id, data.details, data.note, if_match)
        return Response(lead, status_code=200, headers={"ETag": etag(lead.version)})

    @post("/{lead_id:uuid}/consents", **allow(WERVER), summary="Record a consent")
    async def add_consent(self, lead_id: UUID, data: ConsentIn, leads: LeadService) -> ConsentOut:
        return await leads.add_consent(lead_id, data)

    @post("/{lead_id:uuid}/consents/{consent_id:uuid}/withdraw", **allow(WERVER), status_code=200,
          summary="Record that a consent was withdrawn")
    async def withdraw_consent(self, lead_id: UUID, consent_id: UUID,
                               leads: LeadService) -> list[ConsentOut]:
        return await leads.withdraw_consent(lead_id, consent_id)

    @post("/{lead_id:uuid}/merge", **allow(WERVER), status_code=200,
          summary="Merge another lead (the same person) into this one, keeping both histories")
    async def merge(self, lead_id: UUID, data: MergeRequest, merges: MergeService) -> LeadOut:
        return await merges.merge(lead_id, data.other_lead_id)

    @delete("/{lead_id:uuid}", **allow(WERVER),
            summary="Erase a lead's personal data on request (funnel facts stay, anonymous)")
    async def erase(self, lead_id: UUID, privacy: PrivacyService) -> None:
        await privacy.erase(lead_id)

    @post("/{lead_id:uuid}/tasks", **allow(WERVER), summary="Add a follow-up task")
    async def add_task(self, lead_id: UUID, data: TaskCreate, tasks: TaskService) -> TaskOut:
        return await tasks.create(lead_id, data)

    @post("/import", **allow(WERVER), status_code=201,
          summary="Import leads from a web-form CSV export (all or nothing)")
    async def import_csv(self, request: Request[Any, Any, Any], importer: ImportService,
                         dry_run: bool = False) -> ImportResult:
        raw = await request.body()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")  # spreadsheet exports on Windows
        return await importer.import_csv(text, dry_run=dry_run)


class TaskController(Controller):
    path = "/api/v1/recruitment/tasks"
    tags = ["recruitment"]
    dependencies = {"tasks": from_request(TaskService)}

    @get("/", **allow(WERVER), summary="Open follow-up tasks (yours, or a colleague's)")
    async def open_tasks(self, tasks: TaskService,
                         assigned_to: UUID | None = None) -> list[TaskOut]:
        return await tasks.open_for(assigned_to)

    @get("/overdue", **allow(WERVER), summary="Overdue tasks per recruiter and per campaign")
    async def overdue(self, tasks: TaskService, as_of: dt.date | None = None) -> OverdueReport:
        return await tasks.overdue(as_of)

    @patch("/{task_id:uuid}", **allow(WERVER), summary="Mark a task done, move or reassign it")
    async def update(self, task_id: UUID, data: TaskUpdate, tasks: TaskService,
                     if_match: Annotated[str | None, HeaderParameter(name="If-Match")] = None,
                     ) -> TaskOut:
        return await tasks.update(task_id, data, if_match)
