"""All SQL for leads, their stage events, consents, duplicate flags and follow-up tasks, and for
erasing leads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from placement.core import sql

_LEAD = """
    SELECT l.*, c.code AS campaign_code
    FROM recruitment_leads l LEFT JOIN recruitment_campaigns c ON c.id = l.campaign_id
"""


# Leads

async def users_of_organisation(conn: asyncpg.Connection, organisation_id: UUID,
                                user_ids: Sequence[UUID]) -> set[UUID]:
    rows = await conn.fetch(
        "SELECT id FROM users WHERE organisation_id = $1 AND id = ANY($2::uuid[])",
        organisation_id, list(user_ids))
    return {r["id"] for r in rows}


async def insert_lead(conn: asyncpg.Connection, values: dict[str, Any]) -> UUID:
    return await sql.insert_row(conn, "recruitment_leads", values)


async def update_lead(conn: asyncpg.Connection, lead_id: UUID, expected_version: int,
                      values: dict[str, Any]) -> int | None:
    return await sql.update_versioned(conn, "recruitment_leads", lead_id, expected_version, values)


async def get_lead(conn: asyncpg.Connection, lead_id: UUID, *, scope_org: UUID | None,
                   for_update: bool = False) -> asyncpg.Record | None:
    lock = " FOR UPDATE OF l" if for_update else ""
    return await conn.fetchrow(
        f"{_LEAD} WHERE l.id = $1 AND ($2::uuid IS NULL OR l.organisation_id = $2){lock}",
        lead_id, scope_org)


async def list_leads(conn: asyncpg.Connection, *, scope_org: UUID | None, stage: str | None,
                     campaign_code: str | None, assigned_user_id: UUID | None,
                     include_merged: bool, limit: int, offset: int) -> tuple[list[asyncpg.Record], int]:
    where = """
        WHERE ($1::uuid IS NULL OR l.organisation_id = $1)
        AND ($2::text IS NULL OR l.stage = $2)
        AND ($3::text IS NULL OR c.code = $3)
        AND ($4::uuid IS NULL OR l.assigned_user_id = $4)
        AND ($5 OR l.merged_into IS NULL)
        AND l.erased_at IS NULL
    """
    args = (scope_org, stage, campaign_code, assigned_user_id, include_merged)
    total = await conn.fetchval(
        f"""SELECT count(*) FROM recruitment_leads l
            LEFT JOIN recruitment_campaigns c ON c.id = l.campaign_id {where}""", *args)
    rows = await conn.fetch(f"{_LEAD} {where} ORDER BY l.registered_at DESC, l.id LIMIT $6 OFFSET $7",
                            *args, limit, offset)
    return rows, int(total)


async def set_lead_stage(conn: asyncpg.Connection, lead_id: UUID, stage: str,
                         changed_at: dt.datetime, outcome_reason: str | None) -> int:
    return await conn.fetchval(
        """UPDATE recruitment_leads
           SET stage = $2, stage_changed_at = $3, outcome_reason = $4,
               version = version + 1, updated_at = now()
           WHERE id = $1 RETURNING version""",
        lead_id, stage, changed_at, outcome_reason)


async def set_lead_carer(conn: asyncpg.Connection, lead_id: UUID, carer_id: UUID) -> None:
    await conn.execute("UPDATE recruitment_leads SET carer_id = $2 WHERE id = $1", lead_id, carer_id)


# Stage events

async def insert_stage_events(conn: asyncpg.Connection, lead_id: UUID,
                              events: Sequence[tuple[str, str | None, str, dt.datetime,
                                                     str | None, str | None]],
                              *, actor_user_id: UUID | None, actor_label: str) -> None:
    """events: (stage, from_stage, how, occurred_at, reason_code, note)."""
    await conn.executemany(
        """INSERT INTO recruitment_stage_events (lead_id, origin_lead_id, stage, from_stage, how,
               occurred_at, reason_code, note, actor_user_id, actor_label)
           VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8, $9)""",
        [(lead_id, *event, actor_user_id, actor_label) for event in events])


async def stage_events(conn: asyncpg.Connection, lead_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT * FROM recruitment_stage_events WHERE lead_id = $1 ORDER BY occurred_at, id""",
        lead_id)


async def last_event_at(conn: asyncpg.Connection, lead_id: UUID) -> dt.datetime | None:
    return await conn.fetchval(
        "SELECT max(occurred_at) FROM recruitment_stage_events WHERE lead_id = $1", lead_id)


# Consents

async def insert_consents(conn: asyncpg.Connection, lead_id: UUID,
                          consents: Sequence[tuple[str, str, dt.datetime]]) -> None:
    """consents: (purpose, text_version, given_at)."""
    await conn.executemany(
        """INSERT INTO recruitment_consents (lead_id, purpose, text_version, given_at)
           VALUES ($1, $2, $3, $4)""",
        [(lead_id, *c) for c in consents])


async def insert_consent(conn: asyncpg.Connection, lead_id: UUID, purpose: str,
                         text_version: str, given_at: dt.datetime) -> asyncpg.Record:
    return await conn.fetchrow(
        """INSERT INTO recruitment_consents (lead_id, purpose, text_version, given_at)
           VALUES ($1, $2, $3, $4) RETURNING *""", lead_id, purpose, text_version, given_at)


async def consents(conn: asyncpg.Connection, lead_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT * FROM recruitment_consents WHERE lead_id = $1 ORDER BY given_at, id", lead_id)


async def withdraw_consent(conn: asyncpg.Connection, lead_id: UUID, consent_id: UUID,
                           at: dt.datetime) -> bool:
    done = await conn.fetchval(
        """UPDATE recruitment_consents SET withdrawn_at = greatest($3, given_at)
           WHERE id = $2 AND lead_id = $1 AND withdrawn_at IS NULL RETURNING id""",
        lead_id, consent_id, at)
    return done is not None


# Duplicates

async def find_resembling(conn: asyncpg.Connection, *, lead_id: UUID, organisation_id: UUID,
                          email: str | None, phone: str | None, full_name: str | None,
                          pc4: str, min_similarity: float) -> list[asyncpg.Record]:
    """Other live leads of the organisation with the same e-mail or phone (normalised), or a
    similar name (pg_trgm similarity) in the same PC4 area."""
    return await conn.fetch(
        """
        SELECT l.id,
               ($3::text IS NOT NULL AND l.email_normalised = $3) AS same_email,
               ($4::text IS NOT NULL AND l.phone_normalised = $4) AS same_phone,
               CASE WHEN l.pc4 = $6 AND $5::text IS NOT NULL
                    THEN similarity(l.full_name, $5) END AS name_similarity
        FROM recruitment_leads l
        WHERE l.id <> $1 AND l.organisation_id = $2
          AND l.merged_into IS NULL AND l.erased_at IS NULL
          AND (l.email_normalised = $3 OR l.phone_normalised = $4
               OR (l.pc4 = $6 AND similarity(l.full_name, $5) >= $7))
        ORDER BY l.registered_at
        """,
        lead_id, organisation_id, email, phone, full_name, pc4, min_similarity)


async def insert_duplicate_flags(conn: asyncpg.Connection, lead_id: UUID,
                                 flags: Sequence[tuple[UUID, list[str], float | None]]) -> None:
    await conn.executemany(
        """INSERT INTO recruitment_duplicate_flags (lead_id, candidate_id, reasons, name_similarity)
           VALUES ($1, $2, $3, $4) ON CONFLICT ON CONSTRAINT recruitment_duplicate_flags_pkey
           DO UPDATE SET reasons = EXCLUDED.reasons, name_similarity = EXCLUDED.name_similarity""",
        [(lead_id, *flag) for flag in flags])


async def duplicate_flags(conn: asyncpg.Connection, lead_id: UUID) -> list[asyncpg.Record]:
    """Flags in both directions, seen from `lead_id`."""
    return await conn.fetch(
        """
        SELECT CASE WHEN f.lead_id = $1 THEN f.candidate_id ELSE f.lead_id END AS other_id,
               f.reasons, f.name_similarity, f.status, o.full_name, o.stage
        FROM recruitment_duplicate_flags f
        JOIN recruitment_leads o
          ON o.id = CASE WHEN f.lead_id = $1 THEN f.candidate_id ELSE f.lead_id END
        WHERE f.lead_id = $1 OR f.candidate_id = $1
        ORDER BY f.created_at
        """, lead_id)


async def merge_leads(conn: asyncpg.Connection, keep_id: UUID, merge_id: UUID) -> dict[str, int]:
    """Move the merged lead's history, tasks and consents to the kept lead; mark it merged."""
    moved = {}
    for table in ("recruitment_stage_events", "recruitment_tasks", "recruitment_consents"):
        status = await conn.execute(f"UPDATE {table} SET lead_id = $1 WHERE lead_id = $2",
                                    keep_id, merge_id)
        moved[table.removeprefix("recruitment_")] = int(status.split()[-1])
    await conn.execute(
        """UPDATE recruitment_duplicate_flags SET status = 'merged'
           WHERE (lead_id = $1 AND candidate_id = $2) OR (lead_id = $2 AND candidate_id = $1)""",
        keep_id, merge_id)
    # Leads merged into the merged one earlier now point at the kept lead.
    await conn.execute("UPDATE recruitment_leads SET merged_into = $1 WHERE merged_into = $2",
                       keep_id, merge_id)
    await conn.execute(
        """UPDATE recruitment_leads SET merged_into = $1, version = version + 1, updated_at = now()
           WHERE id = $2""", keep_id, merge_id)
    return moved


async def count_leads(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval("SELECT count(*) FROM recruitment_leads"))


async def organisation_named(conn: asyncpg.Connection, name: str) -> bool:
    return bool(await conn.fetchval("SELECT count(*) FROM organisations WHERE name = $1", name))


async def demo_recruitment_organisation(conn: asyncpg.Connection, preferred: str) -> UUID:
    """The organisation that runs the demo campaigns: `preferred` when it exists, else a
    recruitment organisation, else the first organisation by name, else a new one."""
    found = await conn.fetchval(
        """SELECT id FROM organisations
           ORDER BY name = $1 DESC, kind = 'recruitment' DESC, name LIMIT 1""", preferred)
    if found is not None:
        return found  # type: ignore[no-any-return]
    return await conn.fetchval(  # type: ignore[no-any-return]
        "INSERT INTO organisations (name, kind) VALUES ('Werving Utrecht (demo)', 'recruitment') "
        "RETURNING id")


# Follow-up tasks

_TASK = """
    SELECT t.*, l.full_name AS lead_name, l.organisation_id, c.code AS campaign_code,
           u.display_name AS assignee_name
    FROM recruitment_tasks t
    JOIN recruitment_leads l ON l.id = t.lead_id
    LEFT JOIN recruitment_campaigns c ON c.id = l.campaign_id
    LEFT JOIN users u ON u.id = t.assigned_user_id
"""


async def insert_task(conn: asyncpg.Connection, values: dict[str, Any]) -> UUID:
    columns = list(values)
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    return await conn.fetchval(
        f"INSERT INTO recruitment_tasks ({', '.join(columns)}) VALUES ({placeholders}) RETURNING id",
        *values.values())


async def get_task(conn: asyncpg.Connection, task_id: UUID, *,
                   scope_org: UUID | None) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"{_TASK} WHERE t.id = $1 AND ($2::uuid IS NULL OR l.organisation_id = $2)",
        task_id, scope_org)


async def update_task(conn: asyncpg.Connection, task_id: UUID, expected_version: int,
                      values: dict[str, Any]) -> int | None:
    sets = [f"{column} = ${i}" for i, column in enumerate(values, start=3)]
    sets += ["version = version + 1", "updated_at = now()"]
    return await conn.fetchval(
        f"UPDATE recruitment_tasks SET {', '.join(sets)} WHERE id = $1 AND version = $2 "
        "RETURNING version", task_id, expected_version, *values.values())


async def tasks_of_lead(conn: asyncpg.Connection, lead_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(f"{_TASK} WHERE t.lead_id = $1 ORDER BY t.due_on, t.created_at",
                            lead_id)


async def open_tasks(conn: asyncpg.Connection, *, scope_org: UUID | None,
                     due_before: dt.date | None, assigned_user_id: UUID | None) -> list[asyncpg.Record]:
    """Open tasks of live leads; with due_before only those due before that day (overdue)."""
    return await conn.fetch(
        f"""{_TASK}
        WHERE t.done_at IS NULL AND l.erased_at IS NULL AND l.merged_into IS NULL
          AND ($1::uuid IS NULL OR l.organisation_id = $1)
          AND ($2::date IS NULL OR t.due_on < $2)
          AND ($3::uuid IS NULL OR t.assigned_user_id = $3)
        ORDER BY t.due_on, t.created_at""",
        scope_org, due_before, assigned_user_id)


async def close_tasks_of_lead(conn: asyncpg.Connection, lead_id: UUID,
                              done_by: UUID | None) -> None:
    """A lead that leaves the path or is approved needs no more follow-up."""
    await conn.execute(
        """UPDATE recruitment_tasks SET done_at = now(), done_by = $2, version = version + 1,
                  updated_at = now()
           WHERE lead_id = $1 AND done_at IS NULL""", lead_id, done_by)


# Erasing leads: personal data goes, anonymous funnel facts stay.

async def purge_candidates(conn: asyncpg.Connection, *, left_before: dt.datetime,
                           scope_org: UUID | None) -> list[UUID]:
    """Leads that dropped out (afgehaakt/afgewezen) before `left_before`, not yet erased, with
    no standing consent to be kept. Leads merged into such a lead go with it."""
    rows = await conn.fetch(
        """
        WITH expired AS (
            SELECT l.id FROM recruitment_leads l
            WHERE l.stage IN ('afgehaakt', 'afgewezen') AND l.stage_changed_at < $1
              AND l.erased_at IS NULL AND l.merged_into IS NULL
              AND ($2::uuid IS NULL OR l.organisation_id = $2)
              AND NOT EXISTS (
                  SELECT 1 FROM recruitment_consents k
                  WHERE k.lead_id = l.id AND k.purpose = 'keep_after_dropout'
                    AND k.withdrawn_at IS NULL)
        )
        SELECT id FROM expired
        UNION
        SELECT m.id FROM recruitment_leads m JOIN expired e ON m.merged_into = e.id
        WHERE m.erased_at IS NULL
        ORDER BY id
        """, left_before, scope_org)
    return [r["id"] for r in rows]


async def merged_into(conn: asyncpg.Connection, lead_id: UUID) -> list[UUID]:
    rows = await conn.fetch(
        "SELECT id FROM recruitment_leads WHERE merged_into = $1 AND erased_at IS NULL", lead_id)
    return [r["id"] for r in rows]


async def erase_leads(conn: asyncpg.Connection, lead_ids: Sequence[UUID]) -> int:
    """Empty every personal field; keep stage, timestamps, campaign, channel, PC4 and wijk."""
    ids = list(lead_ids)
    status = await conn.execute(
        """
        UPDATE recruitment_leads SET
            full_name = NULL, email = NULL, email_normalised = NULL, phone = NULL,
            phone_normalised = NULL, address = NULL, postcode = pc4, latitude = NULL,
            longitude = NULL, own_children_birth_years = '{}', competences = '[]'::jsonb,
            age_min = NULL, age_max = NULL, foster_kind = NULL, spare_rooms = 0,
            erased_at = now(), version = version + 1, updated_at = now()
        WHERE id = ANY($1::uuid[]) AND erased_at IS NULL
        """, ids)
    # Free text may name the person; codes and timestamps stay for the funnel.
    await conn.execute(
        "UPDATE recruitment_stage_events SET note = NULL WHERE lead_id = ANY($1::uuid[]) "
        "AND how <> 'reverted'", ids)
    await conn.execute(
        "UPDATE recruitment_stage_events SET note = '(gewist)' WHERE lead_id = ANY($1::uuid[]) "
        "AND how = 'reverted'", ids)
    await conn.execute(
        """UPDATE recruitment_tasks SET note = NULL,
                  done_at = COALESCE(done_at, now()) WHERE lead_id = ANY($1::uuid[])""", ids)
    await conn.execute(
        """DELETE FROM recruitment_duplicate_flags
           WHERE lead_id = ANY($1::uuid[]) OR candidate_id = ANY($1::uuid[])""", ids)
    return int(status.split()[-1])
