"""Route-level access rules. Every route declares one (create_app refuses a route without).

    @get("/children", **allow(PLAATSER, COMMISSIE))

Route rules say which roles may call at all; record scope (own organisation, referred cases,
redaction) is enforced in each domain's service layer.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from placement.auth.principal import ALL_ROLES, Principal
from placement.core.errors import Forbidden, NotAuthenticated

ACCESS_KEY = "access"
# Routes that read or write a child's data: refusals there are audited (auth/refusals.py), and
# the audit completeness test calls each of them and expects an audit entry naming the child.
CHILD_DATA_KEY = "child_data"
PUBLIC = "public"
AUTHENTICATED = "authenticated"


def principal_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    principal = connection.scope.get("user")
    if isinstance(principal, Principal):
        return principal
    from placement.auth.principal import ANONYMOUS

    return ANONYMOUS


async def enforce_access_rule(request: Request[Any, Any, Any]) -> None:
    """The app's `before_request` hook: the route's rule against the signed-in principal.

    Not a Litestar guard: Litestar copies the route handler for every guard call (copy.copy,
    about 0.1 ms per request). Runs at the same point a guard would, after authentication and
    before the body is read; create_app refuses a handler with any other before_request, so no
    controller can replace this check by declaring its own hook."""
    handler = request.scope["route_handler"]
    rule = handler.opt.get(ACCESS_KEY)
    if rule is None:
        raise Forbidden("no access rule for this route")
    if rule == PUBLIC:
        return
    principal = principal_of(request)
    if not principal.is_authenticated:
        raise NotAuthenticated("sign in first")
    if rule == AUTHENTICATED:
        return
    if not principal.has(*rule):
        raise Forbidden("your role does not give access to this")


def _rule(value: object, child_data: bool) -> dict[str, Any]:
    opt: dict[str, Any] = {ACCESS_KEY: value}
    if child_data:
        opt[CHILD_DATA_KEY] = True
    return {"opt": opt}


def allow(*roles: str, child_data: bool = False) -> dict[str, Any]:
    """Only these roles (at least one of them) may call the route.
    child_data=True marks a route that reads or writes a child's data (see CHILD_DATA_KEY)."""
    unknown = set(roles) - ALL_ROLES
    if unknown or not roles:
        raise ValueError(f"unknown roles {unknown}")
    return _rule(frozenset(roles), child_data)


def public() -> dict[str, Any]:
    """Anyone, signed in or not (login page, health check, static files)."""
    return _rule(PUBLIC, False)


def signed_in(child_data: bool = False) -> dict[str, Any]:
    """Any signed-in user, whatever the role (own profile, logout)."""
    return _rule(AUTHENTICATED, child_data)


def child_data_route(handler: BaseRouteHandler) -> bool:
    return bool(handler.opt.get(CHILD_DATA_KEY))


def may_call(rule: object, roles: frozenset[str] | None) -> bool:
    """Would the route rule let a caller with these roles (None: anonymous) through?"""
    if rule == PUBLIC:
        return True
    if roles is None:
        return False
    if rule == AUTHENTICATED:
        return True
    return isinstance(rule, frozenset) and bool(rule & roles)


def rule_of(handler: BaseRouteHandler) -> object:
    return handler.opt.get(ACCESS_KEY)


def allowed_roles(handler: BaseRouteHandler) -> frozenset[str] | str | None:
    rule = handler.opt.get(ACCESS_KEY)
    return rule  # type: ignore[no-any-return]
