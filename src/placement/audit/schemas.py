"""Response structs for the access log."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import msgspec


class AuditEntry(msgspec.Struct, kw_only=True):
    id: int
    occurred_at: dt.datetime
    actor_user_id: UUID | None
    actor_label: str
    organisation_id: UUID | None
    role: str | None
    action: str
    entity: str
    record_ids: list[str]
    source_address: str | None
    detail: dict[str, Any]
    case_references: list[str] = []  # dossier numbers of the children the entry names


class AuditPage(msgspec.Struct, kw_only=True):
    items: list[AuditEntry]
    limit: int
    offset: int
