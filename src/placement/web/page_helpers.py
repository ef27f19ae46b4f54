"""What the officer and commission pages share: reading the filters of a request list, and the
children of a request through ChildService (which applies scope, redaction and the audit)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Template

from placement.children.schemas import ChildOut
from placement.children.service import ChildService
from placement.core.errors import DomainError, FieldError
from placement.core.validation import Errors, raise_if_errors
from placement.geo.service import GeoIndex
from placement.requests.schemas import RequestOut
from placement.web.labels import NEED_LEVELS, STATUSES, URGENCIES

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
        errors.append(FieldError("status", f"kies uit {', '.join([*STATUSES, ALL])}"))
    if urgency != ALL and urgency not in URGENCIES:
        errors.append(FieldError("urgency", f"kies uit {', '.join([*URGENCIES, ALL])}"))
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


# --- errors on pages: the same status codes as the API, as a readable Dutch page -----------

ERROR_TITLES = {400: "Controleer de invoer", 401: "Log eerst in", 403: "Geen toegang",
                404: "Niet gevonden", 409: "Dat kan nu niet"}


def error_page(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """A refused or failed page request as HTML (status kept, so the access log and any client
    see the same answer as from the API); the problem+json stays for /api."""
    if isinstance(exc, DomainError):
        status, detail, errors = exc.status, exc.detail, exc.errors or []
    elif isinstance(exc, HTTPException):
        status, detail, errors = exc.status_code, str(exc.detail), []
    else:  # pragma: no cover - only DomainError and HTTPException are routed here
        raise exc
    return Template("officer/error.html", status_code=status, context={
        "status": status, "title": ERROR_TITLES.get(status, "Er ging iets mis"),
        "detail": detail, "errors": errors, "path": request.url.path})


PAGE_ERROR_HANDLERS: dict[type[Exception], Any] = {DomainError: error_page,
                                                    HTTPException: error_page}
