"""HTTP handlers of the commission: the officer's referral and view of the commission's answer on
a request, and the commission's cases, dossier (JSON and PDF) and decision."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get, post
from litestar.di import Provide
from litestar.params import Parameter

from placement.auth.access import allow
from placement.auth.principal import COMMISSIE, PLAATSER, Principal
from placement.children.service import ChildService
from placement.commission.pdf import dossier_pdf
from placement.commission.schemas import (
    CasePage,
    CaseStatus,
    CommissionDecisionIn,
    CommissionDecisionOut,
    CommissionOnRequest,
    Dossier,
    ReferralIn,
    ReferralOut,
)
from placement.commission.service import CommissionService
from placement.core.database import Database
from placement.core.schemas import Limit, Offset
from placement.geo.service import GeoIndex
from placement.matching.controllers import provide_matching
from placement.matching.service import MatchingService


async def provide_commission(db: Database, principal: Principal, matching: MatchingService,
                             geo: GeoIndex) -> CommissionService:
    return CommissionService(db, principal, matching, ChildService(db, geo, principal))


DEPENDENCIES = {"matching": Provide(provide_matching),
                "commission": Provide(provide_commission)}


class ReferralController(Controller):
    path = "/api/v1/requests/{request_id:uuid}/commission"
    tags = ["commission"]
    dependencies = DEPENDENCIES

    @post("/referrals", **allow(PLAATSER, child_data=True),
          summary="Refer an open request to the Commissie Passend Alternatief")
    async def refer(self, request_id: UUID, data: ReferralIn,
                    commission: CommissionService) -> Response[ReferralOut]:
        return Response(await commission.refer(request_id, data), status_code=201)

    @get("/", **allow(PLAATSER, COMMISSIE, child_data=True),
         summary="The request's referrals and the commission's decisions (the one in force first)")
    async def on_request(self, request_id: UUID,
                         commission: CommissionService) -> CommissionOnRequest:
        return await commission.on_request(request_id)


class CommissionController(Controller):
    path = "/api/v1/commission/cases"
    tags = ["commission"]
    dependencies = DEPENDENCIES

    @get("/", **allow(COMMISSIE, child_data=True), summary="Referred cases")
    async def cases(self, commission: CommissionService, status: CaseStatus | None = None,
                    limit: Annotated[Limit, Parameter(ge=1, le=500)] = 50,
                    offset: Annotated[Offset, Parameter(ge=0)] = 0) -> CasePage:
        return await commission.cases(status=status, limit=limit, offset=offset)

    @get("/{request_id:uuid}", **allow(COMMISSIE, child_data=True),
         summary="The dossier of a referred case, assembled from what is stored")
    async def dossier(self, request_id: UUID, commission: CommissionService) -> Dossier:
        return await commission.dossier(request_id)

    @get("/{request_id:uuid}/dossier.pdf", **allow(COMMISSIE, child_data=True),
         summary="The dossier with the commission's decision as a PDF (vertrouwelijk)",
         media_type="application/pdf")
    async def dossier_pdf(self, request_id: UUID, commission: CommissionService,
                          geo: GeoIndex, db: Database) -> Response[bytes]:
        dossier = await commission.dossier(request_id)
        content = await dossier_pdf(dossier, geo, db)
        await commission.record_pdf_download(dossier, len(content))
        name = f"dossier-{'-'.join(c.case_reference for c in dossier.children) or 'casus'}.pdf"
        return Response(content, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store"})

    @post("/{request_id:uuid}/decisions", **allow(COMMISSIE, child_data=True),
          summary="Record the commission's decision (it replaces the decision in force)")
    async def decide(self, request_id: UUID, data: CommissionDecisionIn,
                     commission: CommissionService) -> Response[CommissionDecisionOut]:
        return Response(await commission.decide(request_id, data), status_code=201)
