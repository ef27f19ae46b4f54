"""SQL for the append-only audit log."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg


async def insert_entry(
    conn: asyncpg.Connection, *, actor_user_id: UUID | None, actor_label: str,
    organisation_id: UUID | None, role: str | None, action: str, entity: str,
    record_ids: list[str], child_ids: list[UUID], source_address: str | None,
    detail: dict[str, Any],
) -> None:
    await conn.execute(
        """
        INSERT INTO audit_log (actor_user_id, actor_label, organisation_id, role, action, entity,
                               record_ids, child_ids, source_address, detail)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        """,
        actor_user_id, actor_label, organisation_id, role, action, entity, record_ids, child_ids,
        source_address, detail,
    )


_ORG_SCOPE = """
    ($%(org)d::uuid IS NULL OR a.organisation_id = $%(org)d OR EXISTS (
        SELECT 1 FROM children c WHERE c.id = ANY (a.child_ids) AND c.organisation_id = $%(org)d))
"""

_COLUMNS = """a.id, a.occurred_at, a.actor_user_id, a.actor_label, a.organisation_id, a.role,
               a.action, a.entity, a.record_ids, a.source_address, a.detail"""


async def child_organisation(conn: asyncpg.Connection, child_id: UUID) -> UUID | None:
    return await conn.fetchval("SELECT organisation_id FROM children WHERE id = $1", child_id)


async def child_access_history(
    conn: asyncpg.Connection, child_id: UUID, *, limit: int, offset: int
) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"""
        SELECT {_COLUMNS}
        FROM audit_log a
        WHERE a.child_ids @> ARRAY[$1]::uuid[]
           -- refused attempts name the id they tried, but were never given the child
           OR (a.action LIKE '%refused' AND a.record_ids @> ARRAY[$1::text])
        ORDER BY a.occurred_at DESC, a.id DESC
        LIMIT $2 OFFSET $3
        """,
        child_id, limit, offset,
    )


async def list_entries(
    conn: asyncpg.Connection, *, scope_org: UUID | None, action: str | None,
    actor_user_id: UUID | None, child_id: UUID | None, since: Any, until: Any,
    limit: int, offset: int, case: tuple[list[UUID], list[str]] | None = None,
) -> list[asyncpg.Record]:
    """Entries in scope, newest first. `case` (children, their requests' ids) keeps the entries
    about one case: naming one of the children, or one of the requests as a record (a request
    read names the request, not always its children). Each entry comes with the dossier numbers
    of the children it names (and those children's ids, `shown_children`, for the listing's own
    audit entry)."""
    case_children, case_requests = case if case is not None else (None, None)
    return await conn.fetch(
        f"""
        SELECT {_COLUMNS},
               ARRAY(SELECT c.case_reference FROM children c WHERE c.id = ANY (a.child_ids)
                     ORDER BY c.case_reference) AS case_references,
               ARRAY(SELECT c.id FROM children c WHERE c.id = ANY (a.child_ids)) AS shown_children
        FROM audit_log a
        WHERE {_ORG_SCOPE % {"org": 1}}
          AND ($2::text IS NULL OR a.action = $2 OR a.action LIKE $2 || '.%')
          AND ($3::uuid IS NULL OR a.actor_user_id = $3)
          AND ($4::uuid IS NULL OR a.child_ids @> ARRAY[$4]::uuid[])
          AND ($5::timestamptz IS NULL OR a.occurred_at >= $5)
          AND ($6::timestamptz IS NULL OR a.occurred_at < $6)
          AND ($9::uuid[] IS NULL OR a.child_ids && $9::uuid[] OR a.record_ids && $10::text[])
        ORDER BY a.occurred_at DESC, a.id DESC
        LIMIT $7 OFFSET $8
        """,
        scope_org, action, actor_user_id, child_id, since, until, limit, offset,
        case_children, case_requests,
    )


async def case_by_reference(conn: asyncpg.Connection, case_reference: str,
                            organisation_id: UUID | None) -> tuple[list[UUID], list[str]]:
    """The children with this dossier number (any letter case, surrounding spaces ignored)
    that the organisation may see (its own, or in a case shared with it; None: every one),
    and the ids of their placement requests, as the audit log stores record ids (text)."""
    children = [r["id"] for r in await conn.fetch(
        """SELECT c.id FROM children c
           WHERE lower(c.case_reference) = lower($1)
             AND ($2::uuid IS NULL OR c.organisation_id = $2 OR EXISTS (
                 SELECT 1 FROM placement_request_children rc
                 JOIN case_shares cs ON cs.request_id = rc.request_id
                 WHERE rc.child_id = c.id AND cs.organisation_id = $2))""",
        case_reference.strip(), organisation_id)]
    requests = [str(r["request_id"]) for r in await conn.fetch(
        """SELECT DISTINCT request_id FROM placement_request_children
           WHERE child_id = ANY ($1::uuid[])""", children)] if children else []
    return children, requests


async def request_children(conn: asyncpg.Connection, request_id: UUID) -> list[UUID]:
    rows = await conn.fetch(
        "SELECT child_id FROM placement_request_children WHERE request_id = $1", request_id)
    return [r["child_id"] for r in rows]


async def existing_children(conn: asyncpg.Connection, child_ids: list[UUID]) -> set[UUID]:
    if not child_ids:
        return set()
    rows = await conn.fetch("SELECT id FROM children WHERE id = ANY ($1::uuid[])", child_ids)
    return {r["id"] for r in rows}


async def child_visible_to(conn: asyncpg.Connection, child_id: UUID,
                           organisation_id: UUID | None) -> bool:
    """The child belongs to this organisation, or is in a case shared with it (or does not
    exist: then there is nobody whose log should show the attempt)."""
    return bool(await conn.fetchval(
        """
        SELECT NOT EXISTS (SELECT 1 FROM children WHERE id = $1)
            OR EXISTS (SELECT 1 FROM children WHERE id = $1 AND organisation_id = $2)
            OR EXISTS (SELECT 1 FROM placement_request_children rc
                       JOIN case_shares cs ON cs.request_id = rc.request_id
                       WHERE rc.child_id = $1 AND cs.organisation_id = $2)
        """,
        child_id, organisation_id))


# --- the hash chain (migration 0007) ---------------------------------------------------------
# The database computes every entry's hash (trigger audit_log_chain) with audit_entry_hash();
# verification recomputes it with the same function, so there is one definition of the content.

async def first_broken_links(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """Per chain, the first entry whose content, link to its predecessor or sequence number
    does not check out."""
    return await conn.fetch(
        """
        WITH checked AS (
            SELECT a.chain_id, a.chain_seq, a.id, a.occurred_at, a.action,
                   a.entry_hash = audit_entry_hash(a) AS content_ok,
                   a.prev_hash IS NOT DISTINCT FROM lag(a.entry_hash) OVER w AS link_ok,
                   a.chain_seq = coalesce(lag(a.chain_seq) OVER w, 0) + 1 AS seq_ok
            FROM audit_log a
            WINDOW w AS (PARTITION BY a.chain_id ORDER BY a.chain_seq)
        )
        SELECT DISTINCT ON (c.chain_id) c.*, o.name AS organisation_name
        FROM checked c LEFT JOIN organisations o ON o.id = c.chain_id
        WHERE NOT (c.content_ok AND c.link_ok AND c.seq_ok)
        ORDER BY c.chain_id, c.chain_seq
        """
    )


async def chain_heads(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """Every chain's length and last hash: noted elsewhere (an anchor), they reveal entries cut
    off the end of a chain, which no link inside the chain can show."""
    return await conn.fetch(
        """
        SELECT h.chain_id, h.entries, h.last_seq, encode(a.entry_hash, 'hex') AS head,
               o.name AS organisation_name
        FROM (SELECT chain_id, count(*) AS entries, max(chain_seq) AS last_seq
              FROM audit_log GROUP BY chain_id) h
        JOIN audit_log a ON a.chain_id = h.chain_id AND a.chain_seq = h.last_seq
        LEFT JOIN organisations o ON o.id = h.chain_id
        ORDER BY o.name NULLS FIRST, h.chain_id
        """
    )
