"""SQL for erasing leads: personal data goes, anonymous funnel facts stay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from uuid import UUID

import asyncpg


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
