"""All SQL of the commission: referrals, the commission's decisions, the referred cases, and
read-only views of the officer decisions, family answers and introductions for the dossier.

What the database guarantees here (migration 0005): referrals and commission decisions are never
changed or deleted (records_are_immutable trigger); a decision names a snapshot of its own
request (composite foreign key); a decision is replaced at most once
(commission_decisions_replaced_once_key), so two commissions replacing the same decision at once
cannot both succeed; the outcome's own required fields and a non-blank motivation are CHECKs.

The reads of `decisions`, `family_answers` and `introductions` are here only until the decisions
domain offers them through its service; they never write those tables."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

# --- requests (the commission's one write on them: the referred flag) ----------------------


async def request_for_referral(conn: asyncpg.Connection,
                               request_id: UUID) -> asyncpg.Record | None:
    """The request, locked, so that its status cannot change between the check and the
    referral."""
    return await conn.fetchrow(
        """SELECT r.id, r.organisation_id, r.status, r.referred_to_commission,
                  COALESCE(array_agg(prc.child_id ORDER BY prc.child_id)
                           FILTER (WHERE prc.child_id IS NOT NULL), '{}') AS child_ids
           FROM placement_requests r
           LEFT JOIN placement_request_children prc ON prc.request_id = r.id
           WHERE r.id = $1 GROUP BY r.id""", request_id)


async def lock_request(conn: asyncpg.Connection, request_id: UUID) -> None:
    await conn.execute("SELECT 1 FROM placement_requests WHERE id = $1 FOR UPDATE", request_id)


async def mark_referred(conn: asyncpg.Connection, request_id: UUID) -> None:
    # The version moves like any other change of the request, so an officer's open edit form
    # learns that the request changed underneath it.
    await conn.execute(
        """UPDATE placement_requests
           SET referred_to_commission = true, version = version + 1, updated_at = now()
           WHERE id = $1""", request_id)


async def referred_request(conn: asyncpg.Connection, request_id: UUID) -> asyncpg.Record | None:
    """A request as the dossier shows it; None unless referred to the commission."""
    return await conn.fetchrow(
        """SELECT r.id, r.organisation_id, o.name AS organisation_name, r.placement_type,
                  r.urgency, r.desired_start, r.expected_duration_days, r.status, r.notes,
                  r.created_at, r.referred_to_commission,
                  COALESCE(array_agg(prc.child_id ORDER BY c.case_reference)
                           FILTER (WHERE prc.child_id IS NOT NULL), '{}') AS child_ids
           FROM placement_requests r
           JOIN organisations o ON o.id = r.organisation_id
           LEFT JOIN placement_request_children prc ON prc.request_id = r.id
           LEFT JOIN children c ON c.id = prc.child_id
           WHERE r.id = $1 AND r.referred_to_commission
           GROUP BY r.id, o.name""", request_id)


async def list_cases(conn: asyncpg.Connection, *, status: str | None, limit: int,
                     offset: int) -> tuple[list[asyncpg.Record], int]:
    where = "WHERE r.referred_to_commission AND ($1::text IS NULL OR r.status = $1)"
    total = await conn.fetchval(f"SELECT count(*) FROM placement_requests r {where}", status)
    rows = await conn.fetch(
        f"""SELECT r.id AS request_id, r.organisation_id, o.name AS organisation_name,
                   r.placement_type, r.urgency, r.status, r.desired_start, r.created_at,
                   ref.referred_at, ref.question,
                   (SELECT count(*) FROM ranking_snapshots s WHERE s.request_id = r.id)
                       AS snapshots,
                   (SELECT d.outcome FROM commission_decisions d
                    WHERE d.request_id = r.id AND NOT EXISTS (
                        SELECT 1 FROM commission_decisions n WHERE n.replaces_decision_id = d.id)
                    ORDER BY d.created_at DESC LIMIT 1) AS current_outcome,
                   COALESCE((SELECT json_agg(json_build_object('id', c.id,
                                                               'case_reference', c.case_reference)
                                             ORDER BY c.case_reference)
                             FROM placement_request_children prc
                             JOIN children c ON c.id = prc.child_id
                             WHERE prc.request_id = r.id), '[]') AS children
            FROM placement_requests r
            JOIN organisations o ON o.id = r.organisation_id
            LEFT JOIN LATERAL (
                SELECT cr.referred_at, cr.question FROM commission_referrals cr
                WHERE cr.request_id = r.id ORDER BY cr.referred_at DESC LIMIT 1) ref ON true
            {where}
            ORDER BY CASE r.urgency WHEN 'crisis' THEN 0 WHEN 'high' THEN 1 ELSE 2 END,
                     COALESCE(ref.referred_at, r.created_at), r.id
            LIMIT $2 OFFSET $3""", status, limit, offset)
    return rows, int(total)


# --- referrals -------------------------------------------------------------------------------

_REFERRAL = """SELECT id, request_id, organisation_id, question, motivation, referred_by_label,
                      referred_at FROM commission_referrals"""


async def insert_referral(conn: asyncpg.Connection, values: dict[str, Any]) -> asyncpg.Record:
    columns = list(values)
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    return await conn.fetchrow(
        f"""INSERT INTO commission_referrals ({', '.join(columns)}) VALUES ({placeholders})
            RETURNING id, request_id, organisation_id, question, motivation,
                      referred_by_label, referred_at""", *values.values())


async def referrals_of(conn: asyncpg.Connection, request_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(f"{_REFERRAL} WHERE request_id = $1 ORDER BY referred_at DESC, id",
                            request_id)


async def open_referral(conn: asyncpg.Connection, request_id: UUID) -> UUID | None:
    """The newest referral that no commission decision answers yet."""
    return await conn.fetchval(
        """SELECT cr.id FROM commission_referrals cr
           WHERE cr.request_id = $1 AND NOT EXISTS (
               SELECT 1 FROM commission_decisions d WHERE d.referral_id = cr.id)
           ORDER BY cr.referred_at DESC LIMIT 1""", request_id)


async def latest_referral(conn: asyncpg.Connection, request_id: UUID) -> UUID | None:
    return await conn.fetchval(
        """SELECT id FROM commission_referrals WHERE request_id = $1
           ORDER BY referred_at DESC, id LIMIT 1""", request_id)


# --- the commission's decisions ----------------------------------------------------------------

_DECISION = """
    SELECT d.id, d.referral_id, d.request_id, d.outcome, d.snapshot_id, d.option_rank, d.carer_id,
           d.extra_support, d.relax, d.motivation, d.decided_on, d.members_present,
           d.replaces_decision_id, d.decided_by_label, d.created_at, c.name AS carer_name,
           EXISTS (SELECT 1 FROM commission_decisions n WHERE n.replaces_decision_id = d.id)
               AS replaced
    FROM commission_decisions d LEFT JOIN carers c ON c.id = d.carer_id
"""


async def decisions_of(conn: asyncpg.Connection, request_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(f"{_DECISION} WHERE d.request_id = $1 ORDER BY d.created_at DESC, d.id",
                            request_id)


async def current_decision_id(conn: asyncpg.Connection, request_id: UUID) -> UUID | None:
    return await conn.fetchval(
        """SELECT d.id FROM commission_decisions d
           WHERE d.request_id = $1 AND NOT EXISTS (
               SELECT 1 FROM commission_decisions n WHERE n.replaces_decision_id = d.id)
           ORDER BY d.created_at DESC LIMIT 1""", request_id)


async def insert_decision(conn: asyncpg.Connection, values: dict[str, Any]) -> asyncpg.Record:
    columns = list(values)
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    new_id = await conn.fetchval(
        f"""INSERT INTO commission_decisions ({', '.join(columns)}) VALUES ({placeholders})
            RETURNING id""", *values.values())
    row = await conn.fetchrow(f"{_DECISION} WHERE d.id = $1", new_id)
    assert row is not None
    return row


# --- officer decisions, family answers, introductions (read only) ----------------------------

async def officer_decisions(conn: asyncpg.Connection, request_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT id, snapshot_id, option_kind, option_rank, chosen, reason_code, motivation,
                  broken_together_ties, split_reasons, supply_changed, replaces_decision_id,
                  source, decided_by_label, decided_at
           FROM decisions WHERE request_id = $1 ORDER BY decided_at, id""", request_id)


async def family_answers(conn: asyncpg.Connection,
                         decision_ids: list[UUID]) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT a.decision_id, a.carer_id, c.name AS carer_name, a.answer, a.decline_reason,
                  a.note, a.answered_on, a.recorded_by_label, a.recorded_at
           FROM family_answers a JOIN carers c ON c.id = a.carer_id
           WHERE a.decision_id = ANY($1::uuid[]) ORDER BY a.recorded_at, a.id""", decision_ids)


async def introductions(conn: asyncpg.Connection,
                        decision_ids: list[UUID]) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT i.decision_id, i.carer_id, c.name AS carer_name, i.outcome, i.stop_reason,
                  i.note, i.held_on, i.recorded_by_label, i.recorded_at
           FROM introductions i JOIN carers c ON c.id = i.carer_id
           WHERE i.decision_id = ANY($1::uuid[]) ORDER BY i.recorded_at, i.id""", decision_ids)
