"""The first accounts of a real installation: organisations and users from the command line.

Relies on the organisation and user services, acting as the operator (a system principal), so
the same validation and the same audit entries apply as through the API.
"""

from __future__ import annotations

import secrets
from typing import TypeVar

import asyncpg
import msgspec

from placement.auth.principal import system_principal
from placement.auth.schemas import UserCreate
from placement.auth.users import UserService
from placement.core.database import Database
from placement.core.errors import Conflict, ValidationFailed
from placement.operations import queries
from placement.operations.schemas import CreatedAccount
from placement.organisations.schemas import OrganisationCreate, OrganisationOut
from placement.organisations.service import OrganisationService

OPERATOR = "placement command line"
T = TypeVar("T")


async def create_organisation(db: Database, name: str, kind: str) -> OrganisationOut:
    service = OrganisationService(db, system_principal(OPERATOR))
    try:
        data = _convert({"name": name, "kind": kind}, OrganisationCreate)
        return await service.create(data)
    except asyncpg.UniqueViolationError:
        raise Conflict(f"an organisation named {name!r} exists already") from None


def _convert(values: dict[str, object], type_: type[T]) -> T:
    """The API's own input rules (e-mail shape, name length, known role) for the command line."""
    try:
        return msgspec.convert(values, type_, strict=False)
    except msgspec.ValidationError as exc:
        message = str(exc)
        field = message.rsplit("$.", 1)[-1].rstrip("`").split("[")[0] if "$." in message else "input"
        raise ValidationFailed.field(field, message.split(" - at ")[0]) from None


def generate_password() -> str:
    # 16 URL-safe characters (~96 bits): passes the policy and is typed once, then changed.
    return secrets.token_urlsafe(12)


async def create_user(db: Database, *, organisation: str, email: str, roles: list[str],
                      display_name: str | None, password: str | None) -> CreatedAccount:
    """Create an account; with no password given, generate one and return it (once)."""
    async with db.transaction() as conn:
        organisation_id = await queries.organisation_id_by_name(conn, organisation)
    if organisation_id is None:
        raise ValidationFailed.field("organisation", f"no organisation named {organisation!r}")
    generated = None if password is not None else generate_password()
    service = UserService(db, system_principal(OPERATOR, organisation_id))
    try:
        user = await service.create(_convert({
            "email": email, "display_name": display_name or email.split("@")[0], "roles": roles,
            "password": password if password is not None else generated,
            "organisation_id": str(organisation_id)}, UserCreate),
            must_change_password=generated is not None)
    except asyncpg.UniqueViolationError:
        raise Conflict(f"an account for {email} exists already") from None
    return CreatedAccount(user_id=user.id, organisation_id=organisation_id, email=user.email,
                          roles=user.roles, generated_password=generated)
