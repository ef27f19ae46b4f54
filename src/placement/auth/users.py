"""User administration (beheerder, own organisation) and API tokens (own, or by a beheerder)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from placement.audit.service import record
from placement.auth import queries
from placement.auth.passwords import check_policy, hash_password_async, verify_password_async
from placement.auth.principal import BEHEERDER, FUNCTIONEEL_BEHEER, Principal
from placement.auth.schemas import (
    PasswordChange,
    TokenCreated,
    TokenOut,
    UserCreate,
    UserOut,
    UserPage,
    UserUpdate,
)
from placement.auth.tokens import forget_everywhere, new_token, token_hash
from placement.core.concurrency import expected_version, stale
from placement.core.database import Database
from placement.core.errors import (
    Conflict,
    Forbidden,
    NotAuthenticated,
    NotFound,
    ValidationFailed,
)


def user_out(row: asyncpg.Record) -> UserOut:
    return UserOut(id=row["id"], organisation_id=row["organisation_id"], email=row["email"],
                   display_name=row["display_name"], roles=sorted(row["roles"]),
                   is_active=row["is_active"], has_password=row["has_password"],
                   version=row["version"], created_at=row["created_at"],
                   updated_at=row["updated_at"])


def token_out(row: asyncpg.Record) -> TokenOut:
    return TokenOut(id=row["id"], user_id=row["user_id"], name=row["name"],
                    created_at=row["created_at"], last_used_at=row["last_used_at"],
                    revoked_at=row["revoked_at"])


class UserService:
    def __init__(self, db: Database, principal: Principal) -> None:
        self.db, self.principal = db, principal

    def _admin_scope(self) -> UUID | None:
        """Administrators manage the accounts of their own organisation; functioneel beheer
        (setting up a new organisation's first administrator) those of every organisation."""
        if self.principal.via == "system" or self.principal.has(FUNCTIONEEL_BEHEER):
            return None
        if not self.principal.has(BEHEERDER):
            raise Forbidden("only an administrator manages accounts")
        return self.principal.organisation_id

    def _check_platform_role(self, *role_lists: object) -> None:
        """Only the platform's own administrators (or the command line) give or take the
        platform role: an organisation's beheerder must not be able to raise itself above it."""
        if self.principal.via == "system" or self.principal.has(FUNCTIONEEL_BEHEER):
            return
        if any(FUNCTIONEEL_BEHEER in (roles or ()) for roles in role_lists):  # type: ignore[operator]
            raise Forbidden("only functioneel beheer gives or takes the role functioneel_beheer")

    async def _managed_user(self, conn: asyncpg.Connection, user_id: UUID) -> asyncpg.Record:
        scope = self._admin_scope()
        row = await queries.get_user(conn, user_id)
        if row is None or (scope is not None and row["organisation_id"] != scope):
            raise NotFound("no such account in your organisation")
        return row

    async def list(self, *, limit: int, offset: int) -> UserPage:
        scope = self._admin_scope()
        async with self.db.transaction() as conn:
            rows, total = await queries.list_users(conn, organisation_id=scope, limit=limit,
                                                   offset=offset)
        return UserPage(items=[user_out(r) for r in rows], total=total, limit=limit, offset=offset)

    async def get(self, user_id: UUID) -> UserOut:
        async with self.db.transaction() as conn:
            return user_out(await self._managed_user(conn, user_id))

    async def create(self, data: UserCreate, *, must_change_password: bool = False) -> UserOut:
        """must_change_password: the password given is a one-time password (the command line's
        generated one); the user must choose their own at first sign-in."""
        scope = self._admin_scope()
        organisation_id = data.organisation_id or self.principal.organisation_id
        errors: list[dict[str, Any]] = []
        if organisation_id is None:
            errors.append({"field": "organisation_id", "reason": "required"})
        elif scope is not None and organisation_id != scope:
            raise Forbidden("you can only create accounts in your own organisation")
        self._check_platform_role(data.roles)
        if len(set(data.roles)) != len(data.roles):
            errors.append({"field": "roles", "reason": "a role is listed twice"})
        if data.password is not None:
            from placement.auth.passwords import policy_problems

            errors.extend(policy_problems(data.password, personal=(
                data.email.split("@")[0], data.display_name)))
        password_hash = await hash_password_async(data.password) if data.password else None
        async with self.db.transaction() as conn:
            if organisation_id is not None and \
                    not await queries.organisation_exists(conn, organisation_id):
                errors.append({"field": "organisation_id", "reason": "no such organisation"})
            if errors:
                raise ValidationFailed("; ".join(f"{e['field']}: {e['reason']}" for e in errors),
                                       errors=errors)
            assert organisation_id is not None
            user_id = await queries.insert_user(
                conn, organisation_id=organisation_id, email=data.email,
                display_name=data.display_name,
                password_hash=password_hash,
                roles=sorted(set(data.roles)),
                must_change_password=must_change_password and password_hash is not None)
            await record(conn, self.principal, "user.create", "user", record_ids=[user_id],
                         detail={"roles": sorted(set(data.roles))})
            row = await queries.get_user(conn, user_id)
        return user_out(row)

    async def update(self, user_id: UUID, data: UserUpdate, if_match: str | None) -> UserOut:
        version, from_header = expected_version(data.version, if_match)
        values: dict[str, object] = {}
        if data.display_name is not msgspec.UNSET:
            values["display_name"] = data.display_name
        if data.roles is not msgspec.UNSET:
            if len(set(data.roles)) != len(data.roles):
                raise ValidationFailed.field("roles", "a role is listed twice")
            values["roles"] = sorted(data.roles)
        async with self.db.transaction() as conn:
            current = await self._managed_user(conn, user_id)
            if "roles" in values:
                self._check_platform_role(values["roles"], current["roles"])
            if values:
                new_version = await queries.update_user(conn, user_id, version, values)
                if new_version is None:
                    raise stale(current["version"], version, from_header)
                if "roles" in values:
                    # A changed role must not live on in sessions opened under the old one.
                    await queries.end_user_sessions(conn, user_id, "replaced")
            elif current["version"] != version:
                raise stale(current["version"], version, from_header)
            await record(conn, self.principal, "user.update", "user", record_ids=[user_id],
                         detail={"fields": sorted(values), "roles": values.get("roles")})
            row = await queries.get_user(conn, user_id)
        forget_everywhere()  # committed: no token of theirs may act on the old roles
        return user_out(row)

    async def set_active(self, user_id: UUID, active: bool) -> UserOut:
        async with self.db.transaction() as conn:
            target = await self._managed_user(conn, user_id)
            self._check_platform_role(target["roles"])
            if not active and user_id == self.principal.user_id:
                raise ValidationFailed.field("user_id", "you cannot disable your own account")
            await queries.set_user_active(conn, user_id, active)
            if not active:
                await queries.end_user_sessions(conn, user_id, "disabled")
            await record(conn, self.principal, "user.enable" if active else "user.disable",
                         "user", record_ids=[user_id])
            row = await queries.get_user(conn, user_id)
        forget_everywhere()
        return user_out(row)

    async def change_own_password(self, data: PasswordChange) -> None:
        if self.principal.user_id is None:
            raise NotAuthenticated("sign in first")
        async with self.db.transaction() as conn:
            user = await queries.user_for_login(conn, self.principal.label)
            if user is None or not await verify_password_async(user["password_hash"],
                                                               data.current_password):
                raise ValidationFailed.field("current_password", "is wrong")
            check_policy(data.new_password, field="new_password",
                         personal=(user["email"].split("@")[0], user["display_name"]))
            await queries.set_password(conn, user["id"],
                                       await hash_password_async(data.new_password))
            # Whoever knew the old password may have opened a session or made a token with it:
            # they all end here; only the session that made the change stays.
            sessions = await queries.end_other_sessions(conn, user["id"],
                                                        self.principal.session_id,
                                                        "password_changed")
            tokens = await queries.revoke_user_tokens(conn, user["id"])
            await record(conn, self.principal, "auth.password.change", "user",
                         record_ids=[user["id"]],
                         detail={"sessions_ended": sessions, "tokens_revoked": tokens})
        forget_everywhere()

    async def replace_one_time_password(self, new_password: str, repeated: str) -> None:
        """The first sign-in with a one-time password: the user chooses their own. The current
        password is not asked again (this session was opened with it moments ago); only an
        account still marked must_change_password may do this. Other sessions end (whoever
        else saw the one-time password); API tokens stay."""
        if self.principal.user_id is None:
            raise NotAuthenticated("sign in first")
        if self.principal.via != "session":  # an API token never signs in with one
            raise Conflict("only a signed-in browser session replaces a one-time password")
        async with self.db.transaction() as conn:
            user = await queries.user_for_login(conn, self.principal.label)
            if user is None or not user["must_change_password"]:
                raise Conflict("your password need not be replaced; change it with the "
                               "current one")
            if new_password != repeated:
                raise ValidationFailed.field("new_password_repeat",
                                             "is not the same as the new password")
            check_policy(new_password, field="new_password",
                         personal=(user["email"].split("@")[0], user["display_name"]))
            if await verify_password_async(user["password_hash"], new_password):
                raise ValidationFailed.field("new_password", "is the one-time password")
            await queries.set_password(conn, user["id"], await hash_password_async(new_password))
            sessions = await queries.end_other_sessions(conn, user["id"],
                                                        self.principal.session_id,
                                                        "password_changed")
            await record(conn, self.principal, "auth.password.first_change", "user",
                         record_ids=[user["id"]], detail={"sessions_ended": sessions})

    # --- API tokens ---------------------------------------------------------------------

    async def create_token(self, name: str, for_user: UUID | None = None) -> TokenCreated:
        async with self.db.transaction() as conn:
            if for_user is not None and for_user != self.principal.user_id:
                user = await self._managed_user(conn, for_user)
                if not user["is_active"]:
                    raise ValidationFailed.field("user_id", "the account is disabled")
                owner = for_user
            elif self.principal.user_id is not None:
                owner = self.principal.user_id
            else:
                raise NotAuthenticated("sign in first")
            token = new_token()
            row = await queries.insert_token_by(conn, user_id=owner, name=name,
                                                token_hash=token_hash(token),
                                                created_by=self.principal.user_id)
            await record(conn, self.principal, "auth.token.create", "api_token",
                         record_ids=[row["id"]], detail={"for_user": str(owner)})
        return TokenCreated(**msgspec.structs.asdict(token_out(row)), token=token)

    async def list_tokens(self) -> list[TokenOut]:
        if self.principal.user_id is None:
            raise NotAuthenticated("sign in first")
        async with self.db.transaction() as conn:
            return [token_out(r) for r in await queries.list_tokens(conn, self.principal.user_id)]

    async def revoke_token(self, token_id: UUID) -> None:
        async with self.db.transaction() as conn:
            row = await queries.get_token(conn, token_id)
            own = row is not None and row["user_id"] == self.principal.user_id
            admin = row is not None and self.principal.has(BEHEERDER) and \
                row["organisation_id"] == self.principal.organisation_id
            if not (own or admin):
                raise NotFound("no such token")
            await queries.revoke_token(conn, token_id)
            await record(conn, self.principal, "auth.token.revoke", "api_token",
                         record_ids=[token_id])
        forget_everywhere()
