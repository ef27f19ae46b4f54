"""Request and response structs for sign-in, API tokens and user administration."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from placement.core.schemas import Page, Strict

Role = Literal["plaatser", "commissie", "werver", "beheerder", "functioneel_beheer"]
Email = Annotated[str, msgspec.Meta(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")]
DisplayName = Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
TokenName = Annotated[str, msgspec.Meta(min_length=1, max_length=80)]


class LoginIn(Strict):
    email: Annotated[str, msgspec.Meta(min_length=1, max_length=254)]
    password: Password


class Me(msgspec.Struct, kw_only=True):
    user_id: UUID
    organisation_id: UUID | None
    email: str
    roles: list[str]
    via: str
    csrf_token: str | None = None  # for browser sessions: send it as X-CSRF-Token on writes


class SignedOut(msgspec.Struct, kw_only=True):
    # False for an API-token caller: a token stays valid until revoked (DELETE /auth/tokens/{id}).
    session_ended: bool


class TokenCreate(Strict):
    name: TokenName


class TokenOut(msgspec.Struct, kw_only=True):
    id: UUID
    user_id: UUID
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreated(TokenOut, kw_only=True):
    token: str  # shown once; only its hash is stored


class UserCreate(Strict):
    email: Email
    display_name: DisplayName
    roles: Annotated[list[Role], msgspec.Meta(min_length=1, max_length=5)]
    password: Password | None = None  # None: token-only or single sign-on account
    organisation_id: UUID | None = None  # defaults to the administrator's organisation


class UserUpdate(Strict):
    version: int | None = None
    display_name: DisplayName | msgspec.UnsetType = msgspec.UNSET
    roles: Annotated[list[Role], msgspec.Meta(min_length=1, max_length=5)] | msgspec.UnsetType = \
        msgspec.UNSET


class PasswordChange(Strict):
    current_password: Password
    new_password: Password


class UserOut(msgspec.Struct, kw_only=True):
    id: UUID
    organisation_id: UUID
    email: str
    display_name: str
    roles: list[str]
    is_active: bool
    has_password: bool
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class UserPage(Page[UserOut]):
    items: list[UserOut]
