"""Resolve the caller (Principal) once per request; anonymous when no credentials are given.

Credentials are either `Authorization: Bearer <api token>` (machine clients) or the session
cookie (browsers). Browser writes must also prove they come from our own pages (CSRF): a
cookie-session call carries the session's CSRF token in the `X-CSRF-Token` header or the
`csrf_token` form field; a form posted before sign-in (the login form) uses a double-submit
cookie. Bearer-token calls are exempt: a browser never adds that header by itself.
"""

from __future__ import annotations

import hmac
import time
from typing import Any

import msgspec
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.types import Receive, Scope, Send

from placement.auth import queries
from placement.auth.access import ACCESS_KEY, PUBLIC
from placement.auth.principal import ANONYMOUS, Principal
from placement.auth.sessions import (
    CSRF_FIELD,
    CSRF_HEADER,
    login_csrf_cookie_name,
    resolve_session,
    session_cookie_name,
)
from placement.auth.tokens import TOKEN_CACHE_KEY, TokenCache, token_hash
from placement.core.errors import Forbidden, NotAuthenticated

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


_RECEIVE_KEY = "placement.receive"

# Where a session whose one-time password is not yet replaced may go: the page that asks for
# a new password (and its API twin), signing out, and what those pages need.
CHOOSE_PASSWORD_PAGE = "/wachtwoord-kiezen"
_WHILE_PASSWORD_MUST_CHANGE = (CHOOSE_PASSWORD_PAGE, "/auth/logout", "/api/v1/auth/logout",
                               "/api/v1/auth/password", "/api/v1/auth/me", "/static/",
                               "/login", "/health")


class _ChoosePasswordFirst(Exception):
    """A page visit by a session that must first replace its one-time password."""


class PrincipalMiddleware(AbstractAuthenticationMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # The base class hands authenticate_request a connection that cannot read the body;
        # the CSRF check of a form post needs it, so keep the real receive at hand.
        scope[_RECEIVE_KEY] = receive  # type: ignore[typeddict-unknown-key]
        try:
            await super().__call__(scope, receive, send)
        except _ChoosePasswordFirst:
            await send({"type": "http.response.start", "status": 303,
                        "headers": [(b"location", CHOOSE_PASSWORD_PAGE.encode()),
                                    (b"content-length", b"0"),
                                    (b"cache-control", b"no-store")]})
            await send({"type": "http.response.body", "body": b""})

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        address = connection.client.host if connection.client else None
        authorization = connection.headers.get("authorization", "")
        if authorization:
            return AuthenticationResult(user=await _from_token(connection, authorization, address),
                                        auth=None)
        # Public routes (the login form) do not act on the session's authority: a form posted
        # to them is checked against the pre-session double-submit cookie instead.
        handler = connection.scope.get("route_handler")
        public_route = handler is not None and handler.opt.get(ACCESS_KEY) == PUBLIC
        principal = _anonymous_from(address)
        session_id = connection.cookies.get(session_cookie_name(connection.app.state.settings))
        if session_id:
            state = connection.app.state
            async with state.db.transaction() as conn:
                found = await resolve_session(conn, state.settings, session_id, address)
            if found is not None:
                principal, csrf_secret = found
                connection.scope["csrf_secret"] = csrf_secret  # type: ignore[typeddict-unknown-key]
                if principal.must_change_password:
                    _only_the_password_page(connection)
                if not public_route:
                    await _check_csrf(connection, expected=csrf_secret)
                    return AuthenticationResult(user=principal, auth=None)
        if _is_form_post(connection):
            await _check_csrf(connection, expected=connection.cookies.get(
                login_csrf_cookie_name(connection.app.state.settings)))
        return AuthenticationResult(user=principal, auth=None)


async def _from_token(connection: ASGIConnection[Any, Any, Any, Any], authorization: str,
                      address: str | None) -> Principal:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise NotAuthenticated("use 'Authorization: Bearer <token>'")
    hashed = token_hash(token.strip())
    cache: TokenCache | None = connection.app.state.get(TOKEN_CACHE_KEY)
    now = time.monotonic()
    row = cache.get(hashed, now) if cache is not None else None
    if row is None:
        async with connection.app.state.db.connection() as conn:
            row = await queries.principal_for_token(conn, hashed)
        if row is None:
            raise NotAuthenticated("unknown or revoked token")
        if cache is not None:
            cache.put(hashed, row, now)
    return Principal(
        user_id=row["user_id"], organisation_id=row["organisation_id"],
        roles=frozenset(row["roles"]), label=row["email"], via="token",
        source_address=address,
    )


def _only_the_password_page(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    """Nothing but choosing a new password until it is done: pages lead there, anything else
    is refused. API tokens never get here (they are not sessions)."""
    path = connection.scope.get("path", "/")
    if path.startswith(_WHILE_PASSWORD_MUST_CHANGE):
        return
    if connection.scope.get("method") == "GET" and not path.startswith(("/api/", "/schema")):
        raise _ChoosePasswordFirst
    raise Forbidden("choose a new password first: your account still has its one-time password")


def _is_form_post(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    content_type = connection.headers.get("content-type", "")
    return connection.scope.get("method", "GET") not in SAFE_METHODS and \
        content_type.startswith(FORM_TYPES)


async def _check_csrf(connection: ASGIConnection[Any, Any, Any, Any],
                      expected: str | None) -> None:
    if connection.scope.get("method", "GET") in SAFE_METHODS:
        return
    sent = connection.headers.get(CSRF_HEADER.lower())
    if not sent and _is_form_post(connection):
        # Litestar keeps the parsed form in the connection state, so the handler reads it again
        # without consuming the body twice.
        receive = connection.scope.get(_RECEIVE_KEY, connection.receive)  # type: ignore[misc]
        form = await Request(connection.scope, receive=receive).form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Forbidden("missing or wrong CSRF token: reload the page and try again")


def _anonymous_from(address: str | None) -> Principal:
    return msgspec.structs.replace(ANONYMOUS, source_address=address)
