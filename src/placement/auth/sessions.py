"""Server-side sessions: the cookie carries a random id, the database keeps its hash, the user,
the timestamps that drive the idle and absolute timeouts, and the CSRF secret.

Every request looks its session up again, so logging out or disabling the user ends access at
once, not when some cached token expires.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

import asyncpg

from placement.auth import queries
from placement.auth.principal import Principal
from placement.settings import Settings

SESSION_COOKIE = "placement_session"
# Double-submit cookie protecting forms posted before there is a session (the login form).
LOGIN_CSRF_COOKIE = "placement_login_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"


def session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


async def start_session(conn: asyncpg.Connection, settings: Settings, *, user_id: Any,
                        source_address: str | None) -> tuple[str, str]:
    """A brand-new session id (never one the browser brought along: no fixation).
    Returns (session id for the cookie, csrf secret)."""
    session_id = new_secret()
    csrf_secret = new_secret()
    await queries.insert_session(conn, id_hash=session_hash(session_id), user_id=user_id,
                                 absolute_hours=settings.session_absolute_hours,
                                 csrf_secret=csrf_secret, source_address=source_address)
    return session_id, csrf_secret


def expiry_reason(row: asyncpg.Record, settings: Settings) -> str | None:
    """Why this session may no longer be used, or None when it is still good."""
    if row["ended_at"] is not None:
        return "ended"
    if not row["is_active"]:
        return "disabled"
    now: dt.datetime = row["db_now"]
    if now >= row["expires_at"] or \
            now - row["created_at"] >= dt.timedelta(hours=settings.session_absolute_hours):
        return "absolute"
    if now - row["last_seen_at"] >= dt.timedelta(minutes=settings.session_idle_minutes):
        return "idle"
    return None


async def resolve_session(conn: asyncpg.Connection, settings: Settings, session_id: str,
                          source_address: str | None) -> tuple[Principal, str] | None:
    """The principal and CSRF secret of a live session; ends a session that has timed out."""
    id_hash = session_hash(session_id)
    row = await queries.session_principal(conn, id_hash)
    if row is None:
        return None
    reason = expiry_reason(row, settings)
    if reason is not None:
        if reason != "ended":
            await queries.end_session(conn, id_hash, reason)
        return None
    await queries.touch_session(conn, id_hash)
    principal = Principal(
        user_id=row["user_id"], organisation_id=row["organisation_id"],
        roles=frozenset(row["roles"]), label=row["email"], via="session",
        source_address=source_address, session_id=id_hash,
        must_change_password=row["must_change_password"],
    )
    return principal, row["csrf_secret"]


def cookie_kwargs(settings: Settings) -> dict[str, Any]:
    return {"httponly": True, "samesite": "lax", "secure": settings.secure_cookies, "path": "/"}


HOST_PREFIX = "__Host-"


def session_cookie_name(settings: Settings) -> str:
    """With secure cookies (HTTPS), the `__Host-` prefix: browsers then accept the cookie only
    when Secure, for path / and without a Domain, so no subdomain can set or shadow it."""
    return HOST_PREFIX + SESSION_COOKIE if settings.secure_cookies else SESSION_COOKIE


def login_csrf_cookie_name(settings: Settings) -> str:
    return HOST_PREFIX + LOGIN_CSRF_COOKIE if settings.secure_cookies else LOGIN_CSRF_COOKIE
