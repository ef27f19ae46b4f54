"""Errors on pages as a Dutch HTML page; the API keeps its problem+json.

The app-level exception handlers are wrapped once (`page_aware`): for a page path (anything
outside /api, /schema, /health, /ready, /metrics and /static) the answer is the HTML error page with the same
status code, so an unknown page, a malformed id in a page address or a refused form post never
shows a browser raw JSON. The Dutch wording comes from `placement.web.messages`; domain services
speak English to API clients.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import asyncpg
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Template
from litestar.types import Receive, Scope, Send

from placement.auth.sessions import resolve_session, session_cookie_name
from placement.core.errors import DomainError
from placement.web.messages import dutch_detail, dutch_errors

log = logging.getLogger("placement.web")

NON_PAGE_PREFIXES = ("/api/", "/schema", "/health", "/ready", "/metrics", "/static/",
                     "/schema-ui")

ERROR_TITLES = {400: "Controleer de invoer", 401: "Log eerst in", 403: "Geen toegang",
                404: "Niet gevonden", 405: "Dat kan hier niet", 409: "Dat kan nu niet",
                412: "Gewijzigd door een ander", 413: "Te groot", 429: "Te veel pogingen",
                500: "Er ging iets mis"}


def is_page(path: str) -> bool:
    return not path.startswith(NON_PAGE_PREFIXES)


def html_error(request: Request[Any, Any, Any], status: int, detail: str,
               errors: list[dict[str, Any]] | None = None) -> Response[Any]:
    # No "user" in the scope: no route took the request (an unknown address, a malformed id),
    # so no middleware has read the session yet.
    page = Template if "user" in request.scope else _UnroutedErrorPage
    return page("error.html", status_code=status, media_type=MediaType.HTML, context={
        "status": status, "title": ERROR_TITLES.get(status, "Er ging iets mis"),
        "detail": detail, "errors": errors or [], "path": request.url.path})


class _UnroutedErrorPage(Template):
    """The error page for a request that no route took. Litestar answers those before any
    middleware runs, so the session cookie is read here, just before rendering (an exception
    handler cannot wait for the database), and a signed-in user sees the page as every other
    page: name, menu and "Uitloggen"."""

    def to_asgi_response(self, app: Any, request: Request[Any, Any, Any],
                         **kwargs: Any) -> Any:
        render = super().to_asgi_response

        async def respond(scope: Scope, receive: Receive, send: Send) -> None:
            await _read_session(request)
            await render(app, request, **kwargs)(scope, receive, send)

        return respond


async def _read_session(request: Request[Any, Any, Any]) -> None:
    """Put the signed-in principal (and the CSRF secret the logout button needs) in the scope,
    the way PrincipalMiddleware does. An error page must render whatever happens here, so a
    failure leaves the visitor anonymous."""
    try:
        state = request.app.state
        cookie = request.cookies.get(session_cookie_name(state.settings))
        if not cookie or "db" not in state:
            return
        address = request.client.host if request.client else None
        async with state.db.transaction() as conn:
            found = await resolve_session(conn, state.settings, cookie, address)
    except Exception:  # the page is shown anonymous instead
        log.warning("could not read the session for an error page", exc_info=True)
        return
    if found is not None:
        request.scope["user"], request.scope["csrf_secret"] = found  # type: ignore[typeddict-unknown-key]


def error_page(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """A refused or failed page request as HTML (status kept, so the access log and any client
    see the same answer as from the API)."""
    if isinstance(exc, DomainError):
        return html_error(request, exc.status, dutch_detail(exc.status, exc.detail),
                          dutch_errors(exc.errors))
    if isinstance(exc, HTTPException):
        return html_error(request, exc.status_code, dutch_detail(exc.status_code, ""))
    if isinstance(exc, asyncpg.IntegrityConstraintViolationError | asyncpg.ExclusionViolationError):
        return html_error(request, 409, "Dit botst met gegevens die er al zijn.")
    if isinstance(exc, asyncpg.DataError):
        return html_error(request, 400, "Een waarde is te groot of bevat tekens die niet "
                                        "bewaard kunnen worden.")
    return html_error(request, 500, "Er ging aan onze kant iets mis; er is niets opgeslagen.")


def page_aware(handlers: dict[type[Exception], Callable[..., Any]]
               ) -> dict[type[Exception], Callable[..., Any]]:
    """The app's exception handlers, answering pages with HTML and everything else as before."""
    def either(api_handler: Callable[..., Any]) -> Callable[..., Any]:
        def handle(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
            if not is_page(request.url.path):
                return api_handler(request, exc)  # type: ignore[no-any-return]
            if not isinstance(exc, DomainError | HTTPException):
                api_handler(request, exc)  # logs unexpected failures (type and route only)
            return error_page(request, exc)
        return handle
    return {exc_type: either(handler) for exc_type, handler in handlers.items()}


PAGE_ERROR_HANDLERS: dict[type[Exception], Any] = {DomainError: error_page,
                                                    HTTPException: error_page}
