"""The maintenance job: each retention rule erases what is due, audits it, and leaves the rest;
across two workers it runs once; a dry run erases nothing."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from uuid import UUID

import asyncpg
import pytest
from click.testing import CliRunner

from placement.cli import main
from placement.core.clock import local_today
from placement.core.database import Database
from placement.db.pool import create_pool
from placement.operations.maintenance import run_once
from placement.settings import Settings
from tests.factories import make_organisation
from tests.factories_matching import make_carer, make_child, make_request

TODAY = local_today()


def years_ago(years: int) -> dt.date:
    return TODAY.replace(year=TODAY.year - years, day=1)


async def cared_for_until(conn: asyncpg.Connection, org: UUID, reference: str,
                          ended: dt.date | None, *, request_status: str = "placed") -> UUID:
    """A child with one request and one placement that ended on `ended` (None: still running);
    the file and the request were last changed when the care ended."""
    child = await make_child(conn, org, reference)
    request = await make_request(conn, org, child)
    carer = await make_carer(conn, org, f"Gezin {reference}")
    place = await conn.fetchval("SELECT id FROM places WHERE carer_id = $1", carer)
    start = (ended or TODAY) - dt.timedelta(days=400)
    await conn.execute(
        """INSERT INTO occupancies (place_id, child_id, request_id, kind, period, placement_type,
                                    status)
           VALUES ($1, $2, $3, 'placement', daterange($4, $5), 'long_term', $6)""",
        place, child, request, start, ended, "ended" if ended else "active")
    changed = dt.datetime.combine(ended or TODAY, dt.time(12), dt.UTC)
    await conn.execute("UPDATE placement_requests SET status = $2, updated_at = $3 WHERE id = $1",
                       request, request_status, changed)
    await conn.execute("UPDATE children SET updated_at = $2 WHERE id = $1", child, changed)
    return child


async def snapshot(conn: asyncpg.Connection, request_id: UUID, child_id: UUID) -> UUID:
    org, version = await conn.fetchrow(
        """SELECT r.organisation_id, (SELECT max(version) FROM matching_policies)
           FROM placement_requests r WHERE r.id = $1""", request_id)
    snapshot_id = uuid.uuid4()
    await conn.execute(
        """INSERT INTO ranking_snapshots (id, request_id, organisation_id, kind, child_ids, inputs,
                                          result, top_carers, exclusion_summary, policy_version,
                                          asked_by_label)
           VALUES ($1, $2, $3, 'single', $4, '{}', '{}', '{}', '{}', $5, 'test')""",
        snapshot_id, request_id, org, [child_id], version)
    return snapshot_id


async def request_of(conn: asyncpg.Connection, child: UUID) -> UUID:
    return await conn.fetchval(
        "SELECT request_id FROM placement_request_children WHERE child_id = $1", child)


@pytest.fixture
async def db(settings: Settings):  # type: ignore[no-untyped-def]
    pool = await create_pool(settings.database_url, min_size=1, max_size=2)  # type: ignore[arg-type]
    yield Database(pool)
    await pool.close()


async def test_children_files_go_twenty_years_after_end_of_care_and_no_sooner(
        conn, db: Database, settings: Settings) -> None:
    org = await make_organisation(conn, "Jeugdzorg Retentie")
    old = await cared_for_until(conn, org, "OUD-1", years_ago(21))
    recent = await cared_for_until(conn, org, "RECENT-1", years_ago(19))
    running = await cared_for_until(conn, org, "LOOPT-1", None, request_status="placed")
    old_snapshot = await snapshot(conn, await request_of(conn, old), old)

    dry = await run_once(db, settings, dry_run=True, started_by="test")
    assert {o.rule: o.count for o in dry.outcomes}["children"] == 1
    assert await conn.fetchval("SELECT count(*) FROM children") == 3

    report = await run_once(db, settings, dry_run=False, started_by="test")
    assert {o.rule: o.count for o in report.outcomes}["children"] == 1
    left = {r["id"] for r in await conn.fetch("SELECT id FROM children")}
    assert left == {recent, running}
    assert await conn.fetchval("SELECT count(*) FROM ranking_snapshots WHERE id = $1",
                               old_snapshot) == 0
    assert await conn.fetchval("SELECT count(*) FROM occupancies WHERE child_id = $1", old) == 0
    assert await conn.fetchval("SELECT count(*) FROM placement_requests") == 2
    entry = await conn.fetchrow(
        "SELECT record_ids, child_ids, detail FROM audit_log WHERE action = 'child.retention_erase'")
    assert entry["child_ids"] == [old] and entry["record_ids"] == [str(old)]
    assert entry["detail"]["children"] == 1 and entry["detail"]["requests"] == 1


async def test_snapshots_of_requests_closed_long_enough_ago_only(
        conn, db: Database, settings: Settings) -> None:
    org = await make_organisation(conn, "Snapshots BV")
    closed_long_ago = await cared_for_until(conn, org, "S-1", TODAY - dt.timedelta(days=800))
    closed_lately = await cared_for_until(conn, org, "S-2", TODAY - dt.timedelta(days=200))
    open_child = await make_child(conn, org, "S-3")
    open_request = await make_request(conn, org, open_child)
    await conn.execute("UPDATE placement_requests SET updated_at = now() - interval '5 years' "
                       "WHERE id = $1", open_request)
    due = await snapshot(conn, await request_of(conn, closed_long_ago), closed_long_ago)
    kept = {await snapshot(conn, await request_of(conn, closed_lately), closed_lately),
            await snapshot(conn, open_request, open_child)}

    await run_once(db, settings, dry_run=False, started_by="test")
    left = {r["id"] for r in await conn.fetch("SELECT id FROM ranking_snapshots")}
    assert left == kept
    entry = await conn.fetchrow("SELECT record_ids FROM audit_log "
                                "WHERE action = 'ranking_snapshot.retention_erase'")
    assert entry["record_ids"] == [str(due)]


async def test_a_plain_delete_of_a_snapshot_is_still_refused(conn) -> None:
    org = await make_organisation(conn, "Onveranderlijk")
    child = await cared_for_until(conn, org, "I-1", TODAY - dt.timedelta(days=3000))
    await snapshot(conn, await request_of(conn, child), child)
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await conn.execute("DELETE FROM ranking_snapshots")


async def test_old_sessions_and_login_attempts_go_recent_ones_stay(
        conn, db: Database, settings: Settings) -> None:
    org = await make_organisation(conn, "Sessies")
    user = await conn.fetchval(
        """INSERT INTO users (organisation_id, email, display_name, roles)
           VALUES ($1, 's@x.test', 'S', '{plaatser}') RETURNING id""", org)
    for key, created_days_ago, ended in (("old-ended", 40, True), ("old-idle", 40, False),
                                         ("fresh-ended", 2, True), ("live", 0, False)):
        await conn.execute(
            """INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at,
                                     csrf_secret, ended_at, end_reason)
               VALUES ($1, $2, now() - make_interval(days => $3),
                       now() - make_interval(days => $3),
                       now() - make_interval(days => $3) + interval '10 hours', 'x',
                       CASE WHEN $4 THEN now() - make_interval(days => $3) END,
                       CASE WHEN $4 THEN 'logout' END)""", key, user, created_days_ago, ended)
    for days in (45, 31, 3):
        await conn.execute(
            """INSERT INTO login_attempts (occurred_at, account, succeeded)
               VALUES (now() - make_interval(days => $1), 's@x.test', false)""", days)

    report = await run_once(db, settings, dry_run=False, started_by="test")
    counts = {o.rule: o.count for o in report.outcomes}
    assert counts["sessions"] == 2 and counts["login_attempts"] == 2
    assert {r["id_hash"] for r in await conn.fetch("SELECT id_hash FROM sessions")} == \
        {"fresh-ended", "live"}
    assert await conn.fetchval("SELECT count(*) FROM login_attempts") == 1
    run = await conn.fetchrow("SELECT detail FROM audit_log WHERE action = 'maintenance.run'")
    assert run["detail"]["sessions"] == 2 and run["detail"]["login_attempts"] == 2


async def test_two_workers_one_run(conn, settings: Settings) -> None:
    pools = [await create_pool(settings.database_url, min_size=1, max_size=1)  # type: ignore[arg-type]
             for _ in range(2)]
    try:
        reports = await asyncio.gather(*(
            run_once(Database(pool), settings, dry_run=False, started_by=f"worker {k}")
            for k, pool in enumerate(pools)))
        assert sorted(r.ran for r in reports) == [False, True]
        # A worker waking later within the interval does not run it again either.
        later = await run_once(Database(pools[0]), settings, dry_run=False, started_by="late")
        assert later.ran is False
    finally:
        for pool in pools:
            await pool.close()
    assert await conn.fetchval("SELECT count(*) FROM maintenance_runs") == 1
    assert await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'maintenance.run'") == 1


async def test_dry_run_command_lists_every_rule_and_erases_nothing(
        database_dsn: str, conn) -> None:
    for days in (45, 50):
        await conn.execute(
            """INSERT INTO login_attempts (occurred_at, account, succeeded)
               VALUES (now() - make_interval(days => $1), 'a@x.test', false)""", days)
    result = await asyncio.to_thread(CliRunner().invoke, main, ["maintenance", "--dry-run"],
                                     env={"DATABASE_URL": database_dsn})
    assert result.exit_code == 0, result.output
    for rule in ("recruitment_leads", "sessions", "login_attempts", "ranking_snapshots",
                 "children"):
        assert rule in result.output
    assert "login_attempts       would erase      2" in result.output
    assert await conn.fetchval("SELECT count(*) FROM login_attempts") == 2
    assert await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'maintenance.dry_run'") == 1


async def decided(conn: asyncpg.Connection, child: UUID, snapshot_id: UUID) -> UUID:
    """The decision trail of a child's request: a decision on the snapshot, the family's yes,
    the introduction, a referral and the commission's decision."""
    request = await request_of(conn, child)
    org, carer = await conn.fetchrow(
        """SELECT r.organisation_id, p.carer_id FROM placement_requests r
           JOIN occupancies o ON o.request_id = r.id JOIN places p ON p.id = o.place_id
           WHERE r.id = $1""", request)
    decision = await conn.fetchval(
        """INSERT INTO decisions (request_id, organisation_id, snapshot_id, option_kind,
               option_rank, chosen, supply_counter_at_search, supply_counter_at_decision,
               decided_by_label)
           VALUES ($1, $2, $3, 'carer', 1, '{}', 0, 0, 'test') RETURNING id""",
        request, org, snapshot_id)
    await conn.execute(
        """INSERT INTO family_answers (decision_id, carer_id, answer, answered_on,
               recorded_by_label) VALUES ($1, $2, 'accepted', $3, 'test')""",
        decision, carer, TODAY)
    await conn.execute(
        """INSERT INTO introductions (decision_id, carer_id, outcome, held_on, recorded_by_label)
           VALUES ($1, $2, 'go_ahead', $3, 'test')""", decision, carer, TODAY)
    referral = await conn.fetchval(
        """INSERT INTO commission_referrals (request_id, organisation_id, question, motivation,
               referred_by_label) VALUES ($1, $2, 'Vraag', 'Motivatie', 'test') RETURNING id""",
        request, org)
    await conn.execute(
        """INSERT INTO commission_decisions (referral_id, request_id, outcome, motivation,
               decided_on, members_present, decided_by_label)
           VALUES ($1, $2, 'non_family_care', 'Motivatie', $3, '{lid}', 'test')""",
        referral, request, TODAY)
    return decision


async def test_a_childs_decision_trail_goes_with_the_file_and_its_evidence_stays_until_then(
        conn, db: Database, settings: Settings) -> None:
    org = await make_organisation(conn, "Beslissingen Retentie")
    old = await cared_for_until(conn, org, "BESL-OUD", years_ago(21))
    recent = await cared_for_until(conn, org, "BESL-RECENT", TODAY - dt.timedelta(days=900))
    await decided(conn, old, await snapshot(conn, await request_of(conn, old), old))
    evidence = await snapshot(conn, await request_of(conn, recent), recent)
    await decided(conn, recent, evidence)

    report = await run_once(db, settings, dry_run=False, started_by="test")
    assert {o.rule: o.count for o in report.outcomes}["children"] == 1
    for table in ("decisions", "family_answers", "introductions", "commission_referrals",
                  "commission_decisions"):
        assert await conn.fetchval(f"SELECT count(*) FROM {table}") == 1, table
    # The recent request is closed long enough for snapshot retention, but a decision was made
    # on its snapshot: that evidence stays with the file.
    assert await conn.fetchval("SELECT count(*) FROM ranking_snapshots WHERE id = $1",
                               evidence) == 1
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await conn.execute("DELETE FROM decisions")
