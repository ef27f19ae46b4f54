"""Resolve the caller (Principal) once per request; anonymous when no credentials are given."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from placement.auth import queries
from placement.auth.principal import ANONYMOUS, Principal
from placement.auth.tokens import token_hash
from placement.core.errors import NotAuthenticated


class PrincipalMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        address = connection.client.host if connection.client else None
        authorization = connection.headers.get("authorization", "")
        if authorization:
            scheme, _, token = authorization.partition(" ")
            if scheme.lower() != "bearer" or not token:
                raise NotAuthenticated("use 'Authorization: Bearer <token>'")
            db = connection.app.state.db
            async with db.transaction() as conn:
                row = await queries.principal_for_token(conn, token_hash(token.strip()))
            if row is None:
                raise NotAuthenticated("unknown or revoked token")
            principal = Principal(
                user_id=row["user_id"], organisation_id=row["organisation_id"],
                roles=frozenset(row["roles"]), label=row["email"], via="token",
                source_address=address,
            )
            return AuthenticationResult(user=principal, auth=None)
        return AuthenticationResult(user=_anonymous_from(address), auth=None)


def _anonymous_from(address: str | None) -> Principal:
    import msgspec

    return msgspec.structs.replace(ANONYMOUS, source_address=address)
