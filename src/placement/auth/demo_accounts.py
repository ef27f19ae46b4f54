"""Demo accounts for `make run`: one per organisation role in each of two demo organisations,
and one functioneel beheer account (the platform role) in the first.

The password comes from PLACEMENT_DEMO_PASSWORD; without it a random one is generated and
printed once at start-up (and set on the demo accounts, so it is the one that works now).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from uuid import UUID

import asyncpg

from placement.audit.service import record
from placement.auth import queries
from placement.auth.passwords import check_policy, hash_password
from placement.auth.principal import FUNCTIONEEL_BEHEER, ORGANISATION_ROLES, system_principal
from placement.settings import Settings

# Used when the demo data (placement.demo) has not created its organisations.
FALLBACK_ORGANISATIONS = ("Demo Organisatie Noord", "Demo Organisatie Zuid")
DEMO_DOMAIN = "demo.placement.test"  # a reserved test domain: no mail ever leaves


@dataclass
class DemoAccounts:
    emails: list[str]
    password: str
    generated: bool


def demo_organisation_names() -> tuple[str, ...]:
    try:
        from placement.demo.generate import ORGANISATIONS
    except ImportError:
        return FALLBACK_ORGANISATIONS
    return tuple(ORGANISATIONS.values())


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


async def _organisations(conn: asyncpg.Connection) -> list[tuple[UUID, str]]:
    names = list(demo_organisation_names())
    rows = await conn.fetch("SELECT id, name FROM organisations WHERE name = ANY($1::text[])",
                            names)
    if len(rows) >= 2:
        return sorted(((r["id"], r["name"]) for r in rows), key=lambda r: names.index(r[1]))[:2]
    found = []
    for name in FALLBACK_ORGANISATIONS:
        org_id = await conn.fetchval(
            """INSERT INTO organisations (name, kind) VALUES ($1, 'provider')
               ON CONFLICT ON CONSTRAINT organisations_name_key DO UPDATE SET name = EXCLUDED.name
               RETURNING id""", name)
        found.append((org_id, name))
    return found


async def create_demo_accounts(conn: asyncpg.Connection, password: str) -> list[str]:
    """Create (or reset the password of) the demo accounts; returns their e-mail addresses."""
    check_policy(password, field="PLACEMENT_DEMO_PASSWORD")
    password_hash = hash_password(password)
    emails = []
    organisations = await _organisations(conn)
    wanted = [(org_id, org_name, role, f"{role}@{slug(org_name)}.{DEMO_DOMAIN}")
              for org_id, org_name in organisations for role in sorted(ORGANISATION_ROLES)]
    first_id, first_name = organisations[0]
    wanted.append((first_id, first_name, FUNCTIONEEL_BEHEER,
                   f"{FUNCTIONEEL_BEHEER}@{DEMO_DOMAIN}"))
    for org_id, org_name, role, email in wanted:
        existing = await queries.user_for_login(conn, email)
        if existing is None:
            user_id = await queries.insert_user(
                conn, organisation_id=org_id, email=email,
                display_name=f"Demo {role} ({org_name})", password_hash=password_hash,
                roles=[role])
            await record(conn, system_principal("demo accounts", org_id), "user.create",
                         "user", record_ids=[user_id], detail={"roles": [role], "demo": True})
        else:
            await queries.set_password(conn, existing["id"], password_hash)
        emails.append(email)
    return emails


async def ensure_demo_accounts(settings: Settings) -> DemoAccounts:
    from placement.db.pool import connect, resolve_dsn

    generated = not settings.demo_password
    password = settings.demo_password or secrets.token_urlsafe(12)
    conn = await connect(resolve_dsn(settings))
    try:
        async with conn.transaction():
            emails = await create_demo_accounts(conn, password)
    finally:
        await conn.close()
    accounts = DemoAccounts(emails, password, generated)
    _announce(accounts)
    return accounts


def _announce(accounts: DemoAccounts) -> None:
    # Printed to the operator's terminal, once, on purpose; never written to a log.
    print("Demo accounts (one per role in two demo organisations):")
    for email in accounts.emails:
        print(f"  {email}")
    if accounts.generated:
        print(f"Password for all demo accounts (generated for this start): {accounts.password}")
        print("Set PLACEMENT_DEMO_PASSWORD to choose it yourself.")
    else:
        print("Password: the value of PLACEMENT_DEMO_PASSWORD.")
