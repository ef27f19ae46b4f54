"""Helpers for page tests: signing in through the login form, reading the CSRF token, and the
page routes of the app (everything outside /api, /schema, /health and /static)."""

from __future__ import annotations

import re
import uuid
from typing import Any
from uuid import UUID

from litestar import Litestar
from litestar.routes import HTTPRoute

from placement.web.errors import is_page
from tests.security.helpers import PASSWORD, make_login_user


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, page
    return match.group(1)


async def sign_in(client: Any, conn: Any, organisation_id: UUID, *roles: str, email: str) -> str:
    """Sign in through the login form; returns the session's CSRF token from the home page."""
    await make_login_user(conn, organisation_id, *roles, email=email)
    token = csrf_of((await client.get("/login")).text)
    home = await client.post("/auth/login", data={"email": email, "password": PASSWORD,
                                                  "csrf_token": token})
    assert home.status_code == 200, home.text
    return csrf_of(home.text)


def fill(path: str) -> str:
    """A concrete address for a route path: random ids (nothing exists under them)."""
    path = re.sub(r"\{[^}:]+:uuid\}", lambda _: str(uuid.uuid4()), path)
    path = re.sub(r"\{[^}:]+:int\}", "1", path)
    return re.sub(r"\{[^}:]+(:[a-z]+)?\}", "x", path)


def page_routes(app: Litestar) -> list[tuple[str, str]]:
    """(method, path) of every page route in the route table."""
    found = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or not is_page(route.path):
            continue
        for method in sorted({m for h in route.route_handlers for m in h.http_methods}):
            if method not in ("OPTIONS", "HEAD"):
                found.append((method, route.path))
    return found


def is_html(response: Any) -> bool:
    return response.headers.get("content-type", "") == "text/html; charset=utf-8"
