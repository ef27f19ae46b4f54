"""Signing in and out: password check, throttling and lockout, sessions, audit entries.

A failed login answers the same whatever went wrong (no such account, wrong password, disabled
account), and an unknown account costs the same argon2 work as a known one, so the answer does
not tell which e-mail addresses have accounts.
"""

from __future__ import annotations

import msgspec

from placement.audit.service import record
from placement.auth import queries
from placement.auth.passwords import burn_time_async, verify_password_async
from placement.auth.principal import ANONYMOUS, Principal
from placement.auth.sessions import session_hash, start_session
from placement.core.database import Database
from placement.core.errors import NotAuthenticated, TooManyRequests
from placement.settings import Settings

WINDOW_MINUTES = 15
# Per account: after this many failures in the window the account is locked for the window.
ACCOUNT_MAX_FAILURES = 5
# Per source address: more tries are allowed (an office shares one address), then throttled.
ADDRESS_MAX_FAILURES = 20
MAX_ACCOUNT_LENGTH = 254

FAILED_MESSAGE = "e-mail address or password is wrong"
LOCKED_MESSAGE = f"too many failed attempts; try again in {WINDOW_MINUTES} minutes"


class LoginResult(msgspec.Struct, frozen=True):
    principal: Principal
    display_name: str
    session_id: str
    csrf_secret: str


class LoginService:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db, self.settings = db, settings

    async def login(self, email: str, password: str, *, source_address: str | None,
                    previous_session_id: str | None = None) -> LoginResult:
        account = email.strip().lower()[:MAX_ACCOUNT_LENGTH]
        caller = msgspec.structs.replace(ANONYMOUS, source_address=source_address,
                                         label="login attempt")
        async with self.db.transaction() as conn:
            # Serialise attempts on one account so parallel guesses cannot slip past the count.
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", account)
            by_account = await queries.recent_failures_for_account(conn, account, WINDOW_MINUTES)
            by_address = await queries.recent_failures_from_address(conn, source_address,
                                                                    WINDOW_MINUTES)
            locked = by_account >= ACCOUNT_MAX_FAILURES or by_address >= ADDRESS_MAX_FAILURES
            user = await queries.user_for_login(conn, account)
            if user is None:
                await burn_time_async(password)
                ok = False
            else:
                ok = await verify_password_async(user["password_hash"], password)
            ok = ok and not locked and user is not None and user["is_active"]
            await queries.insert_login_attempt(conn, account, source_address, ok)
            if not ok:
                await record(conn, caller, "auth.login.locked" if locked else "auth.login.failed",
                             "user", record_ids=[user["id"]] if user else [],
                             detail={"account": account,
                                     "by_account": by_account, "by_address": by_address})
            else:
                assert user is not None
                if previous_session_id:
                    await queries.end_session(conn, session_hash(previous_session_id), "replaced")
                session_id, csrf_secret = await start_session(
                    conn, self.settings, user_id=user["id"], source_address=source_address)
                principal = Principal(
                    user_id=user["id"], organisation_id=user["organisation_id"],
                    roles=frozenset(user["roles"]), label=user["email"], via="session",
                    source_address=source_address, session_id=session_hash(session_id),
                )
                await record(conn, principal, "auth.login", "user", record_ids=[user["id"]])
        # Raised after the transaction, so the failed attempt and its audit entry are kept.
        if locked:
            raise TooManyRequests(LOCKED_MESSAGE, extra={"retry_after_minutes": WINDOW_MINUTES})
        if not ok:
            raise NotAuthenticated(FAILED_MESSAGE)
        return LoginResult(principal, user["display_name"], session_id, csrf_secret)

    async def logout(self, principal: Principal) -> None:
        async with self.db.transaction() as conn:
            if principal.session_id is not None:
                await queries.end_session(conn, principal.session_id, "logout")
            await record(conn, principal, "auth.logout", "user", record_ids=[principal.user_id])
