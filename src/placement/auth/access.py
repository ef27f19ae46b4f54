"""Route-level access rules. Every route declares one (create_app refuses a route without).

    @get("/children", **allow(PLAATSER, COMMISSIE))

Route rules say which roles may call at all; record scope (own organisation, referred cases,
redaction) is enforced in each domain's service layer.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from placement.auth.principal import ALL_ROLES, Principal
from placement.core.errors import Forbidden, NotAuthenticated

ACCESS_KEY = "access"
PUBLIC = "public"
AUTHENTICATED = "authenticated"


def principal_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    principal = connection.scope.get("user")
    if isinstance(principal, Principal):
        return principal
    from placement.auth.principal import ANONYMOUS

    return ANONYMOUS


def _guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    rule = handler.opt.get(ACCESS_KEY)
    if rule is None:
        raise Forbidden("no access rule for this route")
    if rule == PUBLIC:
        return
    principal = principal_of(connection)
    if not principal.is_authenticated:
        raise NotAuthenticated("sign in first")
    if rule == AUTHENTICATED:
        return
    if not principal.has(*rule):
        raise Forbidden("your role does not give access to this")


def allow(*roles: str) -> dict[str, Any]:
    """Only these roles (at least one of them) may call the route."""
    unknown = set(roles) - ALL_ROLES
    if unknown or not roles:
        raise ValueError(f"unknown roles {unknown}")
    return {"guards": [_guard], "opt": {ACCESS_KEY: frozenset(roles)}}


def public() -> dict[str, Any]:
    """Anyone, signed in or not (login page, health check, static files)."""
    return {"guards": [_guard], "opt": {ACCESS_KEY: PUBLIC}}


def signed_in() -> dict[str, Any]:
    """Any signed-in user, whatever the role (own profile, logout)."""
    return {"guards": [_guard], "opt": {ACCESS_KEY: AUTHENTICATED}}


def rule_of(handler: BaseRouteHandler) -> object:
    return handler.opt.get(ACCESS_KEY)


def allowed_roles(handler: BaseRouteHandler) -> frozenset[str] | str | None:
    rule = handler.opt.get(ACCESS_KEY)
    return rule  # type: ignore[no-any-return]
