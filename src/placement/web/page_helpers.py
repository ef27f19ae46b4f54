"""What the officer and commission pages share: reading the filters of a request list, and the
children of a request through ChildService (which applies scope, redaction and the audit)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar import Controller, MediaType, Request
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.response import Template

from placement.children.schemas import ChildOut
from placement.children.service import ChildService
from placement.core.errors import FieldError
from placement.core.validation import Errors, raise_if_errors
from placement.geo.service import GeoIndex
from placement.requests.schemas import RequestOut
from placement.web.errors import PAGE_ERROR_HANDLERS
from placement.web.labels import NEED_LEVELS, STATUSES, URGENCIES, register_filters

ALL = "alle"
PAGE_SIZE = 25


@dataclass
class ListFilters:
    status: str  # a request status, or ALL
    urgency: str  # an urgency, or ALL
    page: int

    def service_args(self, *, referred: bool | None = None) -> dict[str, Any]:
        """Arguments for RequestService.list (which wants every filter named)."""
        return {"status": None if self.status == ALL else self.status,
                "urgency": None if self.urgency == ALL else self.urgency,
                "placement_type": None, "referred": referred, "child_id": None,
                "limit": PAGE_SIZE, "offset": (self.page - 1) * PAGE_SIZE}


def list_filters(status: str | None, urgency: str | None, page: str | None) -> ListFilters:
    """Query parameters of a list page; every unknown value is named in one 400."""
    errors: Errors = []
    status = status or "open"
    urgency = urgency or ALL
    if status != ALL and status not in STATUSES:
        errors.append(FieldError("status", f"kies uit {', '.join([*STATUSES.values(), 'Alle'])}"))
    if urgency != ALL and urgency not in URGENCIES:
        errors.append(FieldError("urgency", f"kies uit {', '.join([*URGENCIES.values(), 'Alle'])}"))
    number = 1
    if page:
        if not page.isdigit() or int(page) < 1 or int(page) > 100000:
            errors.append(FieldError("pagina", "een paginanummer vanaf 1"))
        else:
            number = int(page)
    raise_if_errors(errors)
    return ListFilters(status, urgency, number)


@dataclass
class ChildRow:
    id: UUID
    case_reference: str
    age: int | None
    wijk: str
    must: list[str]
    should: list[str]
    child: ChildOut | None  # None: outside the caller's view (e.g. a case shared partly)


async def children_of(requests: list[RequestOut], children: ChildService,
                      geo: GeoIndex) -> dict[UUID, ChildRow]:
    """Each child of these requests once, as the caller may see it (redacted for the commission:
    the service decides)."""
    refs = {ref.id: ref.case_reference for request in requests for ref in request.children}
    files = await children.get_many(list(refs)) if refs else {}
    return {child_id: child_row(child_id, case_reference, files.get(child_id), geo)
            for child_id, case_reference in refs.items()}


def child_row(child_id: UUID, case_reference: str, child: ChildOut | None,
              geo: GeoIndex) -> ChildRow:
    if child is None:
        return ChildRow(child_id, case_reference, None, "–", [], [], None)
    wijk = geo.wijk_names.get(child.home_wijk_code or "", child.home_wijk_code or "onbekend")
    return ChildRow(child_id, case_reference, child.age, wijk,
                    [n.label for n in child.needs if n.level == "must"],
                    [n.label for n in child.needs if n.level == "should"], child)


def csrf_token(request: Request[Any, Any, Any]) -> str:
    return str(request.scope.get("csrf_secret", ""))  # type: ignore[call-overload]


def filter_options() -> dict[str, Any]:
    return {"status_options": [*STATUSES.items(), (ALL, "Alle")],
            "urgency_options": [(ALL, "Alle"), *URGENCIES.items()],
            "need_levels": NEED_LEVELS}


class PageController(Controller):
    """Base of every controller of server-rendered pages: they are not part of the API's
    OpenAPI document, and a refusal or bad input comes back as a Dutch HTML page
    (placement.web.errors), never as problem+json."""

    include_in_schema = False
    exception_handlers = PAGE_ERROR_HANDLERS


def page(template: str, context: dict[str, Any], *, status_code: int = 200,
         **kwargs: Any) -> Template:
    """A rendered page, always text/html (a handler typed Any would otherwise answer JSON)."""
    return Template(template, context=context, status_code=status_code,
                    media_type=MediaType.HTML, **kwargs)


def configure_templates(engine: JinjaTemplateEngine) -> None:
    """The app's template engine with the shared filters (`komma` for every number shown)."""
    register_filters(engine.engine)
