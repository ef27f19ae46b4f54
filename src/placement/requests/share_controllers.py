"""HTTP handlers for /api/v1/requests/{id}/shares: sharing a case with another organisation."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, post

from placement.auth.access import allow
from placement.auth.principal import PLAATSER
from placement.core.providers import from_request
from placement.requests.schemas import ShareCreate, ShareOut
from placement.requests.shares import ShareService


class ShareController(Controller):
    path = "/api/v1/requests/{request_id:uuid}/shares"
    tags = ["placement requests"]
    dependencies = {"shares": from_request(ShareService)}

    @post("/", **allow(PLAATSER, child_data=True), status_code=201,
          summary="Share the case with another organisation (owning organisation only)")
    async def share(self, request_id: UUID, data: ShareCreate, shares: ShareService) -> ShareOut:
        return await shares.share(request_id, data)

    @get("/", **allow(PLAATSER, child_data=True),
         summary="Organisations this case is shared with")
    async def list_shares(self, request_id: UUID, shares: ShareService) -> list[ShareOut]:
        return await shares.list(request_id)

    @delete("/{organisation_id:uuid}", **allow(PLAATSER, child_data=True),
            summary="Stop sharing the case with an organisation (owning organisation only)")
    async def unshare(self, request_id: UUID, organisation_id: UUID,
                      shares: ShareService) -> None:
        await shares.unshare(request_id, organisation_id)
