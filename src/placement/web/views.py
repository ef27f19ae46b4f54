"""Server-rendered pages: sign in, sign out, and a home page listing what your role may use.

No inline scripts (the Content-Security-Policy forbids them); every form carries a CSRF token,
checked by the PrincipalMiddleware before any handler runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.response import Redirect
from litestar.static_files import create_static_files_router

from placement.auth.access import public, signed_in
from placement.auth.controllers import session_cookie
from placement.auth.login import LoginService
from placement.auth.principal import BEHEERDER, COMMISSIE, PLAATSER, WERVER, Principal
from placement.auth.sessions import (
    cookie_kwargs,
    login_csrf_cookie_name,
    new_secret,
    session_cookie_name,
)
from placement.core.errors import NotAuthenticated, TooManyRequests
from placement.core.providers import from_request
from placement.settings import Settings
from placement.web.messages import dutch_detail
from placement.web.page_helpers import page

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

# What each role may use, in the words of the people using it (UI in Dutch).
ROLE_SECTIONS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    PLAATSER: ("Plaatser", [
        ("/plaatsingen", "Plaatsingsverzoeken en rangschikkingen"),
        ("/plaatsingen/nieuw", "Nieuw plaatsingsverzoek"),
        ("/jeugdigen", "Jeugdigen van je organisatie"),
        ("/jeugdigen/nieuw", "Jeugdige aanmelden"),
    ]),
    COMMISSIE: ("Commissie Passend Alternatief", [
        ("/commissie", "Voorgelegde casussen (zonder naam en adres) en hun rangschikkingen"),
    ]),
    WERVER: ("Werving", [
        ("/werving", "Campagnes en de wervingsfunnel"),
        ("/werving/aanmeldingen", "Aanmeldingen"),
        ("/werving/aanmeldingen/nieuw", "Aanmelding toevoegen"),
        ("/werving/import", "Aanmeldingen inlezen (CSV)"),
        ("/werving/taken", "Verlopen taken"),
        ("/werving/tekort", "Tekort aan plekken per wijk"),
    ]),
    BEHEERDER: ("Beheer", [
        ("/beheer/accounts", "Accounts van je organisatie"),
        ("/beheer/beleid", "Matchingbeleid (gewichten)"),
        ("/beheer/logboek", "Toegangslogboek"),
        ("/beheer/organisatie", "Instellingen van de organisatie"),
        ("/schema", "API-documentatie"),
    ]),
}
ROLE_NAMES = {PLAATSER: "plaatser", COMMISSIE: "commissielid", WERVER: "werver",
              BEHEERDER: "beheerder"}


def static_files_router() -> Any:
    return create_static_files_router(path="/static", directories=[STATIC], **public(),
                                      include_in_schema=False, name="static")


class WebController(Controller):
    path = "/"
    include_in_schema = False
    dependencies = {"logins": from_request(LoginService)}

    @get("/", **public())
    async def home(self, principal: Principal, request: Request[Any, Any, Any]) -> Any:
        if not principal.is_authenticated:
            return Redirect("/login")
        sections = [ROLE_SECTIONS[r] for r in sorted(principal.roles) if r in ROLE_SECTIONS]
        return page("home.html", context={
            "principal": principal, "sections": sections,
            "role_names": ", ".join(ROLE_NAMES[r] for r in sorted(principal.roles)
                                    if r in ROLE_NAMES),
        })

    @get("/login", **public())
    async def login_page(self, principal: Principal, settings: Settings) -> Any:
        if principal.is_authenticated:
            return Redirect("/")
        return _login_form(settings)

    @post("/auth/login", **public(), status_code=303)
    async def login(self, request: Request[Any, Any, Any], logins: LoginService,
                    settings: Settings) -> Any:
        form = await request.form()
        email, password = str(form.get("email") or ""), str(form.get("password") or "")
        try:
            result = await logins.login(
                email, password, source_address=request.client.host if request.client else None,
                previous_session_id=request.cookies.get(session_cookie_name(settings)))
        except (NotAuthenticated, TooManyRequests) as exc:
            return _login_form(settings, error=dutch_detail(exc.status, exc.detail), email=email, status=exc.status)
        response = Redirect("/", status_code=303)
        response.cookies.append(session_cookie(result.session_id, settings))
        response.delete_cookie(login_csrf_cookie_name(settings), path="/")
        return response

    @post("/auth/logout", **signed_in(), status_code=303)
    async def logout(self, logins: LoginService, principal: Principal,
                     settings: Settings) -> Any:
        await logins.logout(principal)
        response = Redirect("/login", status_code=303)
        response.delete_cookie(session_cookie_name(settings), path="/")
        return response


def _login_form(settings: Settings, *, error: str | None = None, email: str = "",
                status: int = 200) -> Response[Any]:
    token = new_secret()
    return page("login.html", {"csrf_token": token, "error": error, "email": email},
                status_code=status,
                cookies=[Cookie(key=login_csrf_cookie_name(settings), value=token,
                                **cookie_kwargs(settings))])
