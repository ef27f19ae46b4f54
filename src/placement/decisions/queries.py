"""All SQL on the decision spine's own tables: decisions, family_answers, introductions.

What the database guarantees (migration 0005): a decision names a snapshot of its own request;
rank > 1 carries a reason code and motivation; at least one split reason per broken `together`
tie; decisions, answers and introductions are never updated or deleted; a decision is replaced
at most once (decisions_replaced_once_key). Occupancies and requests are read and written through
placement.placements.queries and placement.requests.queries, never here."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

_DECISION = """
    SELECT d.id, d.request_id, d.organisation_id, d.snapshot_id, d.option_kind, d.option_rank,
           d.chosen, d.reason_code, d.motivation, d.broken_together_ties, d.split_reasons,
           d.supply_counter_at_search, d.supply_counter_at_decision, d.supply_changed,
           d.replaces_decision_id, n.id AS replaced_by_decision_id, d.source,
           d.decided_by_label, d.decided_at
    FROM decisions d LEFT JOIN decisions n ON n.replaces_decision_id = d.id
"""


async def insert_decision(conn: asyncpg.Connection, values: dict[str, Any]) -> UUID:
    return await conn.fetchval(  # type: ignore[no-any-return]
        """INSERT INTO decisions (request_id, organisation_id, snapshot_id, option_kind,
               option_rank, chosen, reason_code, motivation, broken_together_ties, split_reasons,
               supply_counter_at_search, supply_counter_at_decision, replaces_decision_id,
               source, decided_by, decided_by_label)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10::jsonb, $11, $12, $13, $14,
                   $15, $16)
           RETURNING id""",
        values["request_id"], values["organisation_id"], values["snapshot_id"],
        values["option_kind"], values["option_rank"], values["chosen"], values["reason_code"],
        values["motivation"], values["broken_together_ties"], values["split_reasons"],
        values["supply_counter_at_search"], values["supply_counter_at_decision"],
        values["replaces_decision_id"], values.get("source", "officer"), values["decided_by"],
        values["decided_by_label"])


async def get_decision(conn: asyncpg.Connection, decision_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(f"{_DECISION} WHERE d.id = $1", decision_id)


async def decisions_of_request(conn: asyncpg.Connection,
                               request_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(f"{_DECISION} WHERE d.request_id = $1 ORDER BY d.decided_at, d.id",
                            request_id)


async def insert_answer(conn: asyncpg.Connection, values: dict[str, Any]) -> UUID:
    return await conn.fetchval(  # type: ignore[no-any-return]
        """INSERT INTO family_answers (decision_id, carer_id, answer, decline_reason, note,
                                       answered_on, recorded_by, recorded_by_label)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""",
        values["decision_id"], values["carer_id"], values["answer"], values["decline_reason"],
        values["note"], values["answered_on"], values["recorded_by"], values["recorded_by_label"])


async def answers_of(conn: asyncpg.Connection, decision_ids: list[UUID]) -> list[asyncpg.Record]:
    """In recording order, so the last row per (decision, carer) is the answer that counts."""
    return await conn.fetch(
        """SELECT id, decision_id, carer_id, answer, decline_reason, note, answered_on,
                  recorded_by_label, recorded_at
           FROM family_answers WHERE decision_id = ANY($1::uuid[])
           ORDER BY recorded_at, id""", decision_ids)


async def insert_introduction(conn: asyncpg.Connection, values: dict[str, Any]) -> UUID:
    return await conn.fetchval(  # type: ignore[no-any-return]
        """INSERT INTO introductions (decision_id, carer_id, outcome, stop_reason, note, held_on,
                                      recorded_by, recorded_by_label)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""",
        values["decision_id"], values["carer_id"], values["outcome"], values["stop_reason"],
        values["note"], values["held_on"], values["recorded_by"], values["recorded_by_label"])


async def introductions_of(conn: asyncpg.Connection,
                           decision_ids: list[UUID]) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT id, decision_id, carer_id, outcome, stop_reason, note, held_on,
                  recorded_by_label, recorded_at
           FROM introductions WHERE decision_id = ANY($1::uuid[])
           ORDER BY recorded_at, id""", decision_ids)
