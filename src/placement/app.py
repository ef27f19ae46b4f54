"""The application factory: create_app(settings) wires every domain together."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, Request, get
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware.base import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from litestar.template.config import TemplateConfig

from placement import __version__
from placement.auth.access import ACCESS_KEY, PUBLIC, enforce_access_rule, principal_of, public
from placement.auth.middleware import PrincipalMiddleware
from placement.auth.principal import Principal
from placement.auth.refusals import RefusalAuditMiddleware
from placement.core.database import Database
from placement.core.problem_docs import document_problem_responses
from placement.core.problems import EXCEPTION_HANDLERS
from placement.core.security_headers import security_headers
from placement.db.pool import create_pool, resolve_dsn
from placement.geo.service import GeoIndex, seed_utrecht
from placement.matching.service import holder_in
from placement.operations.lifespan import operations_lifespan
from placement.operations.metrics import MetricsMiddleware
from placement.settings import Settings
from placement.web.api_docs import LocalSwaggerPlugin, swagger_assets_router
from placement.web.errors import page_aware
from placement.web.page_helpers import configure_templates
from placement.web.views import TEMPLATES

log = logging.getLogger("placement")


def route_handlers() -> list[Any]:
    """Every controller of every domain. Imported here so the route table has one home."""
    from placement.audit.controllers import AuditController
    from placement.auth.controllers import AuthController, UserController
    from placement.auth.views import ChoosePasswordPage
    from placement.carers.controllers import CarerController
    from placement.children.controllers import ChildController
    from placement.children.views import ChildPages
    from placement.commission.controllers import CommissionController, ReferralController
    from placement.commission.views import CommissionPages
    from placement.decisions.controllers import DecisionController
    from placement.decisions.views import DecisionPages
    from placement.indicators.controllers import KpiController
    from placement.indicators.views import KpiPages
    from placement.matching.controllers import MatchingController, PolicyController
    from placement.matching.views import RankingPages
    from placement.networkties.controllers import NetworkTieController
    from placement.operations.controllers import OperationsController
    from placement.organisations.controllers import OrganisationController
    from placement.placements.controllers import OccupancyController
    from placement.recruitment.campaigns.controllers import CampaignController
    from placement.recruitment.controllers import RecruitmentReferenceController
    from placement.recruitment.leads.controllers import (
        LeadController,
        LeadPurgeController,
        TaskController,
    )
    from placement.recruitment.leads.views import LeadPages
    from placement.recruitment.reports.controllers import RecruitmentReportController
    from placement.recruitment.reports.views import RecruitmentPages
    from placement.reference.controllers import (
        ClubController,
        ReferenceController,
        SchoolController,
    )
    from placement.requests.controllers import RequestController
    from placement.requests.share_controllers import ShareController
    from placement.requests.views import OfficerPages
    from placement.scenario.controllers import ScenarioController
    from placement.siblings.controllers import SiblingController
    from placement.stability.controllers import ModelController
    from placement.waitinglist.controllers import WaitingListController
    from placement.waitinglist.views import WaitingListPages
    from placement.web.admin_views import AdminPages
    from placement.web.views import WebController, static_files_router

    return [
        health, OperationsController,
        # foundation records
        OrganisationController, ChildController, CarerController, OccupancyController,
        SiblingController, NetworkTieController, RequestController, ShareController,
        SchoolController, ClubController, ReferenceController, ScenarioController,
        # access control and audit
        AuthController, UserController, AuditController, ChoosePasswordPage,
        # matching
        MatchingController, PolicyController,
        # decisions and the waiting list
        DecisionController, DecisionPages, WaitingListController,
        # the Commissie Passend Alternatief (API and pages)
        ReferralController, CommissionController, CommissionPages,
        # indicators (KPIs)
        KpiController, KpiPages,
        ModelController,  # stability model versions
        # recruitment
        CampaignController, LeadController, TaskController, LeadPurgeController,
        RecruitmentReportController, RecruitmentReferenceController,
        # pages
        WebController, OfficerPages, RankingPages, RecruitmentPages, WaitingListPages,
        ChildPages, AdminPages, LeadPages, static_files_router(),
        swagger_assets_router(),
    ]


@get("/health", **public(), summary="Liveness and database check", tags=["meta"])
async def health(state: State) -> dict[str, str]:
    async with state.db.connection() as conn:
        await conn.fetchval("SELECT 1")
    return {"status": "ok", "version": __version__}


async def provide_db(state: State) -> Database:
    return state.db  # type: ignore[no-any-return]


async def provide_geo(state: State) -> GeoIndex:
    return state.geo  # type: ignore[no-any-return]


async def provide_principal(request: Request[Any, Any, Any]) -> Principal:
    return principal_of(request)


async def provide_settings(state: State) -> Settings:
    return state.settings  # type: ignore[no-any-return]


def create_app(settings: Settings) -> Litestar:
    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        # Read from the app's state, not the factory's argument: the state is what every request
        # sees, and a test may start the same app again on a fresh state (tests/apps.py).
        settings = app.state.settings
        dsn = resolve_dsn(settings)
        pool = await create_pool(dsn, min_size=settings.pool_min_size,
                                 max_size=settings.pool_max_size)
        # Opened at the first search, not at start-up: most requests never use it.
        by_key = await create_pool(dsn, min_size=0, max_size=settings.pool_max_size,
                                   generic_plans=True)
        app.state.dsn = dsn
        app.state.db = Database(pool, by_key)
        async with app.state.db.transaction() as conn:
            await seed_utrecht(conn, settings.geodata_dir)
            app.state.geo = await GeoIndex().load(conn)
            # Build the candidate index now, so the first officer's search is as fast as the rest.
            await holder_in(app.state).current(conn, app.state.db)
        try:
            yield
        finally:
            await pool.close()
            await by_key.close()

    app = Litestar(
        route_handlers=route_handlers(),
        lifespan=[lifespan, operations_lifespan],
        state=State({"settings": settings}),
        dependencies={
            "db": Provide(provide_db),
            "geo": Provide(provide_geo),
            "principal": Provide(provide_principal),
            "settings": Provide(provide_settings),
        },
        before_request=enforce_access_rule,
        exception_handlers=page_aware(EXCEPTION_HANDLERS),  # type: ignore[arg-type]
        middleware=[MetricsMiddleware, security_headers(settings.secure_cookies),
                    DefineMiddleware(PrincipalMiddleware), RefusalAuditMiddleware],
        template_config=TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine,
                                       engine_callback=configure_templates),
        openapi_config=OpenAPIConfig(
            title="Placement API", version=__version__, path="/schema",
            description="Matching children in care with foster families and family homes.",
            render_plugins=[LocalSwaggerPlugin()],
            components=Components(security_schemes={
                "bearer": SecurityScheme(type="http", scheme="bearer"),
            }),
            security=[{"bearer": []}],
        ),
        debug=settings.debug,
    )
    _check_every_route_has_a_rule(app)
    document_problem_responses(app)
    return app


def _check_every_route_has_a_rule(app: Litestar) -> None:
    """A route without an explicit access rule is a bug: refuse to start. So is a handler whose
    before_request hook is not the access check (a controller's own hook would replace it)."""
    missing, unchecked = [], []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            methods = set(getattr(handler, "http_methods", []))
            if methods == {"OPTIONS"} or _is_framework_route(route.path):
                # Litestar's automatic CORS preflight answer and its OpenAPI pages (no
                # personal data): public, and said so where the access check looks.
                handler.opt.setdefault(ACCESS_KEY, PUBLIC)
            if handler.opt.get(ACCESS_KEY) is None:
                missing.append(f"{sorted(methods)} {route.path}")
            if handler.resolve_before_request() is not enforce_access_rule:
                unchecked.append(f"{sorted(methods)} {route.path}")
    if missing:
        raise RuntimeError("routes without an access rule: " + ", ".join(missing))
    if unchecked:
        raise RuntimeError("routes whose before_request is not the access check: "
                           + ", ".join(unchecked))


def _is_framework_route(path: str) -> bool:
    return path.startswith("/schema")
