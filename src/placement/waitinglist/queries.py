"""All SQL of the waiting list: the open requests of an organisation and the stored proposals.
The proposals table refuses every UPDATE and DELETE (migration 0009); nothing here changes one."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import asyncpg


async def open_requests(conn: asyncpg.Connection, organisation_id: UUID) -> list[asyncpg.Record]:
    """Every open request of the organisation with what a search needs (the columns of
    matching.queries.get_request) plus melding date, urgency and case references."""
    return await conn.fetch(
        """SELECT r.id, r.organisation_id, r.placement_type, r.desired_start,
                  r.expected_duration_days, r.status, r.referred_to_commission, r.urgency,
                  r.created_at,
                  ARRAY(SELECT c.case_reference FROM placement_request_children prc
                        JOIN children c ON c.id = prc.child_id
                        WHERE prc.request_id = r.id ORDER BY c.case_reference) AS case_references
           FROM placement_requests r
           WHERE r.organisation_id = $1 AND r.status = 'open'
             AND EXISTS (SELECT 1 FROM placement_request_children prc WHERE prc.request_id = r.id)
           ORDER BY r.created_at, r.id""", organisation_id)


async def insert_proposal(conn: asyncpg.Connection, *, proposal_id: UUID, created_at: dt.datetime,
                          organisation_id: UUID, policy_version: int, model_version: str | None,
                          supply_counter: int, solver_status: str, request_ids: list[UUID],
                          child_ids: list[UUID], inputs: Any, result: Any,
                          created_by: UUID | None, created_by_label: str) -> None:
    await conn.execute(
        """INSERT INTO waiting_list_proposals (id, created_at, organisation_id, policy_version,
                  model_version, supply_counter, solver_status, request_ids, child_ids, inputs,
                  result, created_by, created_by_label)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12, $13)""",
        proposal_id, created_at, organisation_id, policy_version, model_version, supply_counter,
        solver_status, request_ids, child_ids, inputs, result, created_by, created_by_label)


async def get_proposal(conn: asyncpg.Connection, proposal_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT id, organisation_id, child_ids, request_ids, result::text
           FROM waiting_list_proposals WHERE id = $1""", proposal_id)


async def list_proposals(conn: asyncpg.Connection, organisation_id: UUID, *, limit: int,
                         offset: int) -> tuple[list[asyncpg.Record], int]:
    total = await conn.fetchval(
        "SELECT count(*) FROM waiting_list_proposals WHERE organisation_id = $1", organisation_id)
    rows = await conn.fetch(
        """SELECT id, created_at, created_by_label, policy_version, solver_status,
                  cardinality(request_ids) AS requests
           FROM waiting_list_proposals WHERE organisation_id = $1
           ORDER BY created_at DESC, id LIMIT $2 OFFSET $3""", organisation_id, limit, offset)
    return rows, int(total)


async def children_of(conn: asyncpg.Connection, request_ids: list[UUID]) -> list[UUID]:
    rows = await conn.fetch(
        """SELECT DISTINCT child_id FROM placement_request_children
           WHERE request_id = ANY($1::uuid[]) ORDER BY child_id""", request_ids)
    return [r["child_id"] for r in rows]
