"""HTTP handlers for /api/v1/recruitment campaigns and leads: thin; rules live in the services."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import Parameter

from placement.auth.access import allow
from placement.auth.principal import BEHEERDER, WERVER
from placement.core.concurrency import IfMatch, etag
from placement.core.providers import from_request
from placement.core.schemas import Limit, Offset, Page
from placement.recruitment.campaigns import CampaignService
from placement.recruitment.duplicates import MergeService
from placement.recruitment.import_service import ImportService
from placement.recruitment.leads import LeadService
from placement.recruitment.privacy import PrivacyService
from placement.recruitment.schemas import (
    CampaignCreate,
    CampaignOut,
    CampaignUpdate,
    ConsentIn,
    ConsentOut,
    ImportResult,
    LeadCreate,
    LeadOut,
    LeadUpdate,
    MergeRequest,
    StageChange,
    TaskCreate,
    TaskOut,
)
from placement.recruitment.stage_service import StageService
from placement.recruitment.tasks import TaskService


class CampaignController(Controller):
    path = "/api/v1/recruitment/campaigns"
    tags = ["recruitment"]
    dependencies = {"campaigns": from_request(CampaignService)}

    @post("/", **allow(WERVER, BEHEERDER), summary="Start a recruitment campaign")
    async def create(self, data: CampaignCreate, campaigns: CampaignService) -> Response[CampaignOut]:
        campaign = await campaigns.create(data)
        return Response(campaign, status_code=201, headers={"ETag": etag(campaign.version)})

    @get("/", **allow(WERVER, BEHEERDER), summary="List campaigns (optionally those running on a day)")
    async def list_campaigns(self, campaigns: CampaignService,
                             active_on: dt.date | None = None) -> list[CampaignOut]:
        return await campaigns.list(active_on)

    @get("/{campaign_id:uuid}", **allow(WERVER, BEHEERDER), summary="Read a campaign")
    async def read(self, campaign_id: UUID, campaigns: CampaignService) -> Response[CampaignOut]:
        campaign = await campaigns.get(campaign_id)
        return Response(campaign, headers={"ETag": etag(campaign.version)})

    @patch("/{campaign_id:uuid}", **allow(WERVER, BEHEERDER), summary="Change a campaign")
    async def update(self, campaign_id: UUID, data: CampaignUpdate, campaigns: CampaignService,
                     if_match: IfMatch = None) -> Response[CampaignOut]:
        campaign = await campaigns.update(campaign_id, data, if_match)
        return Response(campaign, headers={"ETag": etag(campaign.version)})


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
    ) -> Page[LeadOut]:
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
