"""Data shapes of the operations commands and endpoints."""

from __future__ import annotations

from uuid import UUID

import msgspec


class CreatedAccount(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
    organisation_id: UUID
    email: str
    roles: list[str]
    # Only set when the command generated the password: shown once, never stored in clear.
    generated_password: str | None = None


class TableCount(msgspec.Struct, frozen=True):
    table: str
    rows: int


class RuleOutcome(msgspec.Struct, frozen=True, kw_only=True):
    rule: str
    count: int
    detail: dict[str, object] = {}


class MaintenanceReport(msgspec.Struct, frozen=True, kw_only=True):
    dry_run: bool
    ran: bool  # False when another worker held the lock
    outcomes: list[RuleOutcome] = []


class Readiness(msgspec.Struct, frozen=True, kw_only=True):
    status: str  # "ready" or "not ready"
    database: bool
    migrations_at_head: bool
    index_loaded: bool
