"""HTTP handlers for signing in and out (JSON), the caller's own profile and API tokens, and
user administration."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.datastructures import Cookie
from litestar.params import Parameter

from placement.auth.access import allow, public, signed_in
from placement.auth.login import LoginService
from placement.auth.principal import BEHEERDER, FUNCTIONEEL_BEHEER, Principal
from placement.auth.schemas import (
    LoginIn,
    Me,
    PasswordChange,
    SignedOut,
    TokenCreate,
    TokenCreated,
    TokenOut,
    UserCreate,
    UserOut,
    UserPage,
    UserUpdate,
)
from placement.auth.sessions import cookie_kwargs, session_cookie_name
from placement.auth.users import UserService
from placement.core.concurrency import IfMatch, etag
from placement.core.providers import from_request
from placement.core.schemas import Limit, Offset
from placement.settings import Settings


def session_cookie(session_id: str, settings: Settings) -> Cookie:
    return Cookie(key=session_cookie_name(settings), value=session_id, **cookie_kwargs(settings))


def me_of(principal: Principal, csrf_token: str | None = None) -> Me:
    assert principal.user_id is not None
    return Me(user_id=principal.user_id, organisation_id=principal.organisation_id,
              email=principal.label, roles=sorted(principal.roles), via=principal.via,
              csrf_token=csrf_token)


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]
    dependencies = {
        "logins": from_request(LoginService),
        "users": from_request(UserService),
    }

    @post("/login", **public(), summary="Sign in with e-mail and password (starts a session)",
          security=[])
    async def login(self, data: LoginIn, logins: LoginService, settings: Settings,
                    request: Request[Any, Any, Any]) -> Response[Me]:
        result = await logins.login(
            data.email, data.password,
            source_address=request.client.host if request.client else None,
            previous_session_id=request.cookies.get(session_cookie_name(settings)))
        return Response(me_of(result.principal, result.csrf_secret), status_code=200,
                        cookies=[session_cookie(result.session_id, settings)])

    @post("/logout", **signed_in(), status_code=200, summary="Sign out (ends the session)")
    async def logout(self, logins: LoginService, principal: Principal,
                     settings: Settings) -> Response[SignedOut]:
        await logins.logout(principal)
        response = Response(SignedOut(session_ended=principal.session_id is not None))
        response.delete_cookie(session_cookie_name(settings), path="/")
        return response

    @get("/me", **signed_in(), summary="Who am I (and the CSRF token of a browser session)")
    async def me(self, principal: Principal, request: Request[Any, Any, Any]) -> Me:
        return me_of(principal, request.scope.get("csrf_secret"))  # type: ignore[arg-type]

    @post("/password", **signed_in(), status_code=204, summary="Change your own password")
    async def change_password(self, data: PasswordChange, users: UserService) -> None:
        await users.change_own_password(data)

    @get("/tokens", **signed_in(), summary="Your API tokens (without their secret)")
    async def list_tokens(self, users: UserService) -> list[TokenOut]:
        return await users.list_tokens()

    @post("/tokens", **signed_in(), summary="Create an API token for yourself (shown once)")
    async def create_token(self, data: TokenCreate, users: UserService) -> TokenCreated:
        return await users.create_token(data.name)

    @delete("/tokens/{token_id:uuid}", **signed_in(), summary="Revoke an API token")
    async def revoke_token(self, token_id: UUID, users: UserService) -> None:
        await users.revoke_token(token_id)


class UserController(Controller):
    path = "/api/v1/users"
    tags = ["users"]
    dependencies = {"users": from_request(UserService)}

    @get("/", **allow(BEHEERDER, FUNCTIONEEL_BEHEER), summary="Accounts of your organisation")
    async def list_users(
        self, users: UserService,
        limit: Annotated[Limit, Parameter(ge=1, le=500)] = 50,
        offset: Annotated[Offset, Parameter(ge=0)] = 0,
    ) -> UserPage:
        return await users.list(limit=limit, offset=offset)

    @post("/", **allow(BEHEERDER, FUNCTIONEEL_BEHEER), summary="Create an account")
    async def create_user(self, data: UserCreate, users: UserService) -> Response[UserOut]:
        user = await users.create(data)
        return Response(user, status_code=201, headers={"ETag": etag(user.version)})

    @get("/{user_id:uuid}", **allow(BEHEERDER, FUNCTIONEEL_BEHEER), summary="One account")
    async def read_user(self, user_id: UUID, users: UserService) -> Response[UserOut]:
        user = await users.get(user_id)
        return Response(user, headers={"ETag": etag(user.version)})

    @patch("/{user_id:uuid}", **allow(BEHEERDER, FUNCTIONEEL_BEHEER), summary="Change name or roles")
    async def update_user(
        self, user_id: UUID, data: UserUpdate, users: UserService,
        if_match: IfMatch = None,
    ) -> Response[UserOut]:
        user = await users.update(user_id, data, if_match)
        return Response(user, headers={"ETag": etag(user.version)})

    @post("/{user_id:uuid}/disable", **allow(BEHEERDER, FUNCTIONEEL_BEHEER), status_code=200,
          summary="Disable an account (ends its sessions and tokens at once)")
    async def disable_user(self, user_id: UUID, users: UserService) -> UserOut:
        return await users.set_active(user_id, False)

    @post("/{user_id:uuid}/enable", **allow(BEHEERDER, FUNCTIONEEL_BEHEER), status_code=200,
          summary="Enable an account again")
    async def enable_user(self, user_id: UUID, users: UserService) -> UserOut:
        return await users.set_active(user_id, True)

    @post("/{user_id:uuid}/tokens", **allow(BEHEERDER, FUNCTIONEEL_BEHEER), status_code=201,
          summary="Create an API token for an account of your organisation (shown once)")
    async def create_user_token(self, user_id: UUID, data: TokenCreate,
                                users: UserService) -> TokenCreated:
        return await users.create_token(data.name, for_user=user_id)
