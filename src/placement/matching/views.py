"""The stored ranking page (officer of the request's organisation, or the commission for
referred requests) and the commission's list of referred cases, children redacted.

Views only call services: MatchingService decides who may read a snapshot and audits it;
RequestService and ChildService give the commission referred cases only, without names."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from litestar import Request, get
from litestar.di import Provide
from litestar.response import Template

from placement.auth.access import allow
from placement.auth.principal import COMMISSIE, PLAATSER, Principal
from placement.carers.service import CarerService
from placement.children.service import ChildService
from placement.core.database import Database
from placement.core.errors import ValidationFailed
from placement.core.providers import from_request
from placement.geo.service import GeoIndex
from placement.matching.controllers import provide_matching
from placement.matching.display import ranking_context
from placement.matching.map import ranking_map
from placement.matching.schemas import SearchOut
from placement.matching.service import MatchingService
from placement.reference.service import ClubService, SchoolService, need_codes
from placement.requests.service import RequestService
from placement.web.labels import REQUEST_LABELS, local_time
from placement.web.page_helpers import (
    PAGE_SIZE,
    PageController,
    children_of,
    csrf_token,
    filter_options,
    list_filters,
    page,
)


class RankingPages(PageController):
    path = "/"
    dependencies = {
        "request_service": from_request(RequestService),
        "child_service": from_request(ChildService),
        "matching": Provide(provide_matching),
        "school_service": from_request(SchoolService),
        "club_service": from_request(ClubService),
        "carer_service": from_request(CarerService),
    }

    @get("/rangschikkingen/{snapshot_id:uuid}", **allow(PLAATSER, COMMISSIE, child_data=True))
    async def ranking_page(self, snapshot_id: UUID, request: Request[Any, Any, Any],
                           principal: Principal, matching: MatchingService,
                           request_service: RequestService, child_service: ChildService,
                           school_service: SchoolService, club_service: ClubService,
                           carer_service: CarerService, geo: GeoIndex,
                           db: Database) -> Template:
        out = msgspec.json.decode(await matching.snapshot_json(snapshot_id), type=SearchOut)
        found = await request_service.get(out.request_id)
        case_refs = {c.id: c.case_reference for c in found.children}
        need_labels = {n.code: n.label for n in await need_codes(db)}
        # The commission came from its case list; the officer from the request page.
        officer = principal.has(PLAATSER) and found.organisation_id == principal.organisation_id
        back = f"/plaatsingen/{out.request_id}" if officer else "/commissie"
        map_view, distances = None, []
        if officer:  # the commission sees children redacted: no school or home on a map
            map_view, distances = await ranking_map(out, found.child_ids, geo, child_service,
                                                    school_service, club_service, carer_service)
        return page("officer/ranking.html", context={
            **ranking_context(out, case_refs, geo.wijk_names, need_labels), "item": found,
            "back": back, "map": map_view, "distances": distances,
            "principal": principal, "csrf_token": csrf_token(request), "labels": REQUEST_LABELS,
        })

    @get("/rangschikkingen/{snapshot_id:uuid}/vergelijken",
         **allow(PLAATSER, COMMISSIE, child_data=True))
    async def compare_page(self, snapshot_id: UUID, request: Request[Any, Any, Any],
                           principal: Principal, matching: MatchingService,
                           request_service: RequestService, geo: GeoIndex, db: Database,
                           rang: list[int] | None = None) -> Template:
        """Two or three candidates of one stored ranking side by side, factor by factor."""
        chosen = sorted(set(rang or []))
        if not 2 <= len(chosen) <= 3:
            raise ValidationFailed.field("rang", "kies twee of drie kandidaten om te vergelijken")
        out = msgspec.json.decode(await matching.snapshot_json(snapshot_id), type=SearchOut)
        found = await request_service.get(out.request_id)
        need_labels = {n.code: n.label for n in await need_codes(db)}
        context = ranking_context(out, {c.id: c.case_reference for c in found.children},
                                  geo.wijk_names, need_labels)
        candidates = [c for c in context["candidates"] if c.rank in chosen]
        if len(candidates) != len(chosen):
            raise ValidationFailed.field("rang", "een gekozen rangnummer staat niet in deze "
                                                 "rangschikking")
        factor_rows = [(f.label, [c.factors[i] for c in candidates])
                       for i, f in enumerate(candidates[0].factors)]
        return page("officer/compare.html", {
            "principal": principal, "csrf_token": csrf_token(request), "item": found,
            "snapshot_id": snapshot_id, "candidates": candidates, "factor_rows": factor_rows,
            "bar_width": context["bar_width"], "legend": context["legend"]})

    @get("/commissie", **allow(COMMISSIE, child_data=True))
    async def commission_page(self, request: Request[Any, Any, Any], principal: Principal,
                              request_service: RequestService, child_service: ChildService,
                              matching: MatchingService, geo: GeoIndex,
                              status: str | None = None, urgency: str | None = None,
                              pagina: str | None = None) -> Template:
        filters = list_filters(status, urgency, pagina)
        found = await request_service.list(**filters.service_args(referred=True))
        children = await children_of(found.items, child_service, geo)
        snapshots = {r.id: await matching.snapshots_of(r.id) for r in found.items}
        return page("commission/cases.html", context={
            "principal": principal, "csrf_token": csrf_token(request), "page": found,
            "children": children, "snapshots": snapshots, "filters": filters,
            "labels": REQUEST_LABELS, "melding": {r.id: local_time(r.created_at) for r in found.items},
            "created": {s["id"]: local_time(s["created_at"])
                        for items in snapshots.values() for s in items},
            "pages": max(1, -(-found.total // PAGE_SIZE)), **filter_options(),
        })
