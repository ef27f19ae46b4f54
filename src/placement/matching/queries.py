"""All SQL of matching: the candidate index, a request with its children, policies, snapshots."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any
from uuid import UUID

import asyncpg
import zstandard

from placement.matching.core.index import CandidateIndex


async def supply_counter(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval("SELECT value FROM change_counters WHERE name = 'supply'"))


async def supply_counter_and_policy_version(
        conn: asyncpg.Connection, organisation_id: UUID | None) -> tuple[int, int, int | None]:
    """What a search must know is current, in one round trip: the supply counter, the policy
    version in force for the organisation (its own, else the platform default) and the active
    stability model's version (None: no model)."""
    row = await conn.fetchrow(
        """SELECT (SELECT value FROM change_counters WHERE name = 'supply') AS counter,
                  (SELECT version FROM matching_policies
                   WHERE organisation_id = $1 OR organisation_id IS NULL
                   ORDER BY organisation_id IS NULL, version DESC LIMIT 1) AS policy_version,
                  (SELECT version FROM model_versions WHERE is_active) AS model_version""",
        organisation_id)
    return int(row["counter"]), int(row["policy_version"]), row["model_version"]


async def load_index(conn: asyncpg.Connection) -> CandidateIndex:
    """Every carer, competence, active place and live occupancy, read in one snapshot."""
    async with conn.transaction(isolation="repeatable_read", readonly=True):
        counter = await supply_counter(conn)
        carers = await conn.fetch(
            """SELECT id, organisation_id, name, kind, foster_kind, latitude, longitude, wijk_code,
                      placement_types, age_min, age_max, genders_accepted,
                      own_children_birth_years, languages, religion, availability_confirmed_at,
                      status
               FROM carers ORDER BY id""")
        competences = await conn.fetch(
            "SELECT carer_id, need_code, level, support_note FROM carer_competences")
        places = await conn.fetch("SELECT id, carer_id, is_active FROM places WHERE is_active")
        occupancies = await conn.fetch(
            """SELECT place_id, lower(period) AS period_start,
                      CASE WHEN upper_inf(period) THEN NULL ELSE upper(period) END AS period_end
               FROM occupancies WHERE status <> 'cancelled'""")
        wijken = await conn.fetch("SELECT code, name FROM wijken")
        needs = await conn.fetch("SELECT code, label_nl FROM need_codes")
    return CandidateIndex.from_rows(carers, competences, places, occupancies, counter=counter,
                                    wijk_labels={w["code"]: w["name"] for w in wijken},
                                    need_labels={n["code"]: n["label_nl"] for n in needs})


async def get_request(conn: asyncpg.Connection, request_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT id, organisation_id, placement_type, desired_start, expected_duration_days,
                  status, referred_to_commission
           FROM placement_requests WHERE id = $1""", request_id)


# What the engine needs of one child (profiles_db.child_profile reads these names).
_CHILD_COLUMNS = (
    ("c.id", "id"), ("c.birth_date", "birth_date"), ("c.gender", "gender"),
    ("c.home_latitude", "home_latitude"), ("c.home_longitude", "home_longitude"),
    ("c.home_wijk_code", "home_wijk_code"), ("c.parents_latitude", "parents_latitude"),
    ("c.parents_longitude", "parents_longitude"), ("c.wishes", "wishes"),
    ("s.name", "school_name"), ("s.latitude", "school_latitude"),
    ("s.longitude", "school_longitude"),
    ("""COALESCE((SELECT json_agg(json_build_object('name', cl.name, 'latitude',
                  cl.latitude, 'longitude', cl.longitude) ORDER BY cl.name)
                  FROM child_activities a JOIN clubs cl ON cl.id = a.club_id
                  WHERE a.child_id = c.id), '[]')""", "clubs"),
    ("""COALESCE((SELECT array_agg(n.need_code ORDER BY n.need_code) FROM child_needs n
                  WHERE n.child_id = c.id AND n.level = 'must'), '{}')""", "must_needs"),
    ("""COALESCE((SELECT array_agg(n.need_code ORDER BY n.need_code) FROM child_needs n
                  WHERE n.child_id = c.id AND n.level = 'should'), '{}')""", "should_needs"),
    ("""COALESCE((SELECT json_agg(json_build_object('latitude', z.latitude, 'longitude',
                  z.longitude, 'min_distance_km', z.min_distance_km))
                  FROM child_safety_zones z WHERE z.child_id = c.id), '[]')""", "safety_zones"),
    ("""COALESCE((SELECT json_object_agg(e.carer_id, e.reason)
                  FROM child_carer_exclusions e WHERE e.child_id = c.id), '{}')""",
     "excluded_carers"),
    ("""COALESCE((SELECT json_object_agg(t.carer_id, t.relation)
                  FROM network_ties t WHERE t.child_id = c.id), '{}')""", "network_ties"),
)
CHILD_PREFIX = "child_"  # the child columns' names in search_context


def _child_columns(prefix: str = "") -> str:
    return ",\n".join(f"{expr} AS {prefix}{name}" for expr, name in _CHILD_COLUMNS)


async def request_children(conn: asyncpg.Connection, request_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"""SELECT {_child_columns()}
            FROM placement_request_children prc
            JOIN children c ON c.id = prc.child_id
            LEFT JOIN schools s ON s.id = c.school_id
            WHERE prc.request_id = $1
            ORDER BY c.birth_date, c.id""", request_id)


async def search_context(conn: asyncpg.Connection, request_id: UUID) -> list[asyncpg.Record]:
    """Everything a search reads about its request, in one round trip: one row per child (as
    request_children, names prefixed with CHILD_PREFIX, same order) carrying the request's own
    columns (as get_request) and, as JSON, every sibling tie touching its children (as
    sibling_ties). No rows: no such request; one row with child_id NULL: no children."""
    return await conn.fetch(
        f"""WITH members AS (
                SELECT child_id FROM placement_request_children WHERE request_id = $1),
            ties AS (
                SELECT COALESCE(json_agg(json_build_object(
                           'child_a_id', t.child_a_id, 'child_b_id', t.child_b_id,
                           'kind', t.kind, 'intent', t.intent,
                           'apart_reason', t.apart_reason) ORDER BY t.id), '[]') AS ties
                FROM sibling_ties t
                WHERE t.child_a_id IN (SELECT child_id FROM members)
                   OR t.child_b_id IN (SELECT child_id FROM members))
            SELECT pr.id, pr.organisation_id, pr.placement_type, pr.desired_start,
                   pr.expected_duration_days, pr.status, pr.referred_to_commission,
                   ties.ties,
                   {_child_columns(CHILD_PREFIX)}
            FROM placement_requests pr
            CROSS JOIN ties
            LEFT JOIN placement_request_children prc ON prc.request_id = pr.id
            LEFT JOIN children c ON c.id = prc.child_id
            LEFT JOIN schools s ON s.id = c.school_id
            WHERE pr.id = $1
            ORDER BY c.birth_date, c.id""", request_id)


async def sibling_ties(conn: asyncpg.Connection, child_ids: list[UUID]) -> list[asyncpg.Record]:
    """Every tie touching these children, with where the other child lives now (if placed)."""
    return await conn.fetch(
        """SELECT t.child_a_id, t.child_b_id, t.kind, t.intent, t.apart_reason
           FROM sibling_ties t
           WHERE t.child_a_id = ANY($1::uuid[]) OR t.child_b_id = ANY($1::uuid[])""", child_ids)


async def carers_of_children(conn: asyncpg.Connection, child_ids: list[UUID], start: dt.date,
                             end: dt.date | None) -> dict[UUID, list[UUID]]:
    """child -> carers where the child lives or is expected in [start, end)."""
    rows = await conn.fetch(
        """SELECT o.child_id, p.carer_id FROM occupancies o JOIN places p ON p.id = o.place_id
           WHERE o.child_id = ANY($1::uuid[]) AND o.status = 'active'
             AND o.period && daterange($2::date, $3::date)""", child_ids, start, end)
    found: dict[UUID, list[UUID]] = {}
    for r in rows:
        found.setdefault(r["child_id"], []).append(r["carer_id"])
    return found


# --- policies -----------------------------------------------------------------------------
# A row without organisation_id is the platform default; an organisation's own versions
# replace it for that organisation. Versions are one global sequence. The database refuses any
# change to a stored row (migration 0006): a change is a new version.

_POLICY_COLUMNS = ("version, organisation_id, weights, thresholds, reasoning, note, "
                   "created_by_label, created_at")


async def current_policy(conn: asyncpg.Connection,
                         organisation_id: UUID | None = None) -> asyncpg.Record:
    """The organisation's newest version, else the newest platform default."""
    return await conn.fetchrow(
        f"""SELECT {_POLICY_COLUMNS} FROM matching_policies
            WHERE organisation_id = $1 OR organisation_id IS NULL
            ORDER BY organisation_id IS NULL, version DESC LIMIT 1""", organisation_id)


async def policy_version(conn: asyncpg.Connection, version: int) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"SELECT {_POLICY_COLUMNS} FROM matching_policies WHERE version = $1", version)


async def list_policies(conn: asyncpg.Connection, organisation_id: UUID | None, limit: int,
                        offset: int) -> tuple[list[asyncpg.Record], int]:
    """The organisation's own versions and the platform defaults, newest first."""
    total = await conn.fetchval(
        "SELECT count(*) FROM matching_policies WHERE organisation_id = $1 "
        "OR organisation_id IS NULL", organisation_id)
    rows = await conn.fetch(
        f"""SELECT {_POLICY_COLUMNS} FROM matching_policies
            WHERE organisation_id = $1 OR organisation_id IS NULL
            ORDER BY version DESC LIMIT $2 OFFSET $3""", organisation_id, limit, offset)
    return rows, int(total)


async def insert_policy(conn: asyncpg.Connection, *, organisation_id: UUID | None,
                        weights: dict[str, float], thresholds: Any, reasoning: dict[str, str],
                        note: str, created_by: UUID | None,
                        created_by_label: str) -> asyncpg.Record:
    # The table lock makes concurrent changes take turns, so versions never collide.
    await conn.execute("LOCK TABLE matching_policies IN SHARE ROW EXCLUSIVE MODE")
    return await conn.fetchrow(
        f"""INSERT INTO matching_policies (version, organisation_id, weights, thresholds,
                                          reasoning, note, created_by, created_by_label)
            SELECT COALESCE(max(version), 0) + 1, $1, $2::jsonb, $3::jsonb, $4::jsonb, $5, $6, $7
            FROM matching_policies
            RETURNING {_POLICY_COLUMNS}""",
        organisation_id, weights, thresholds, reasoning, note, created_by, created_by_label)


async def recent_searched_requests(conn: asyncpg.Connection, organisation_id: UUID,
                                   limit: int) -> list[asyncpg.Record]:
    """The requests of the organisation's last `limit` searches (newest first, each once)."""
    return await conn.fetch(
        """SELECT request_id, max(created_at) AS searched_at FROM (
               SELECT request_id, created_at FROM ranking_snapshots
               WHERE organisation_id = $1 ORDER BY created_at DESC LIMIT $2) recent
           GROUP BY request_id ORDER BY searched_at DESC""", organisation_id, limit)


async def case_references(conn: asyncpg.Connection, request_id: UUID) -> list[str]:
    """The dossier numbers of a request's children, as the policy preview names its searches."""
    rows = await conn.fetch(
        """SELECT c.case_reference FROM placement_request_children rc
           JOIN children c ON c.id = rc.child_id
           WHERE rc.request_id = $1 ORDER BY c.case_reference""", request_id)
    return [r["case_reference"] for r in rows]


# --- snapshots ----------------------------------------------------------------------------
# A snapshot's answer is stored as the JSON bytes it was sent as, compressed here with zstd
# (migration 0013 says why; its CHECK admits a zstd frame or, from before it, the JSON text).

_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_codecs = threading.local()  # a zstd context is not for two threads at once, and costs to make


def _packed(result_json: bytes) -> bytes:
    compressor = getattr(_codecs, "compressor", None)
    if compressor is None:
        compressor = _codecs.compressor = zstandard.ZstdCompressor(level=3)
    return compressor.compress(result_json)  # type: ignore[no-any-return]


def stored_json(stored: bytes) -> bytes:
    """A stored answer as the JSON bytes that were sent."""
    if not stored.startswith(_ZSTD_MAGIC):
        return stored
    decompressor = getattr(_codecs, "decompressor", None)
    if decompressor is None:
        decompressor = _codecs.decompressor = zstandard.ZstdDecompressor()
    return decompressor.decompress(stored)  # type: ignore[no-any-return]


_INSERT_SNAPSHOT = """
    INSERT INTO ranking_snapshots (id, created_at, request_id, organisation_id, kind, child_ids,
                                   inputs, result, top_carers, exclusion_summary, policy_version,
                                   model_version, asked_by, asked_by_label)
    VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10::jsonb, $11, $12, $13, $14)"""


async def insert_snapshot(conn: asyncpg.Connection, *, snapshot_id: UUID, created_at: dt.datetime,
                          request_id: UUID, organisation_id: UUID, kind: str,
                          child_ids: list[UUID], inputs: Any, result_json: bytes,
                          top_carers: list[UUID], exclusion_summary: Any, policy_version: int,
                          model_version: str | None, asked_by: UUID | None,
                          asked_by_label: str) -> None:
    await conn.execute(
        _INSERT_SNAPSHOT, snapshot_id, created_at, request_id, organisation_id, kind, child_ids,
        inputs, _packed(result_json), top_carers, exclusion_summary, policy_version,
        model_version, asked_by, asked_by_label)


async def insert_snapshot_and_audit(
        conn: asyncpg.Connection, *, snapshot_id: UUID, created_at: dt.datetime,
        request_id: UUID, organisation_id: UUID, kind: str, child_ids: list[UUID], inputs: Any,
        result_json: bytes, top_carers: list[UUID], exclusion_summary: Any, policy_version: int,
        model_version: str | None, asked_by: UUID | None, asked_by_label: str,
        audit: tuple[Any, ...]) -> None:
    """A search's two writes in one statement (one round trip): the snapshot, with its result as
    the JSON bytes already encoded for the answer, and its audit entry (`audit`: the values of
    placement.audit.service.entry_values, in audit_log's column order there)."""
    await conn.execute(
        f"""WITH snapshot AS ({_INSERT_SNAPSHOT})
           INSERT INTO audit_log (actor_user_id, actor_label, organisation_id, role, action,
                                  entity, record_ids, child_ids, source_address, detail)
           VALUES ($15, $16, $17, $18, $19, $20, $21, $22, $23, $24)""",
        snapshot_id, created_at, request_id, organisation_id, kind, child_ids, inputs,
        _packed(result_json), top_carers, exclusion_summary, policy_version, model_version,
        asked_by, asked_by_label, *audit)


async def get_snapshot(conn: asyncpg.Connection, snapshot_id: UUID) -> dict[str, Any] | None:
    """A snapshot with its scope, `result` as the JSON bytes that were sent."""
    row = await conn.fetchrow(
        """SELECT s.id, s.request_id, s.organisation_id, s.kind, s.child_ids, s.result,
                  pr.referred_to_commission
           FROM ranking_snapshots s JOIN placement_requests pr ON pr.id = s.request_id
           WHERE s.id = $1""", snapshot_id)
    return None if row is None else {**row, "result": stored_json(row["result"])}


async def snapshots_of_request(conn: asyncpg.Connection,
                               request_id: UUID) -> list[asyncpg.Record]:
    """The stored rankings of one request, newest first (no result bodies: a listing)."""
    return await conn.fetch(
        """SELECT id, created_at, kind, policy_version, model_version, asked_by_label, child_ids
           FROM ranking_snapshots WHERE request_id = $1
           ORDER BY created_at DESC, id""", request_id)
