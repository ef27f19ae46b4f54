"""HTTP handlers for /api/v1/recruitment campaigns: thin; rules live in the service."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from litestar import Controller, Response, get, patch, post

from placement.auth.access import allow
from placement.auth.principal import BEHEERDER, WERVER
from placement.core.concurrency import IfMatch, etag
from placement.core.providers import from_request
from placement.recruitment.campaigns.schemas import CampaignCreate, CampaignOut, CampaignUpdate
from placement.recruitment.campaigns.service import CampaignService


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
