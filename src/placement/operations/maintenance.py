"""The maintenance job: retention rules that run by themselves, inside the serving process.

Every PLACEMENT_MAINTENANCE_INTERVAL_MINUTES each worker wakes up; the first to take a
PostgreSQL advisory lock, when no run finished within the interval, runs every rule in one
transaction with one audit entry per rule and one maintenance_runs row. A failed run rolls back
whole, is logged and counted, and is retried at the next wake-up. `placement maintenance
--dry-run` runs the same selection and erases nothing.

Rules (settings in brackets):
- recruitment leads that dropped out [recruitment_retention_months], via recruitment.leads.privacy;
- sessions that ended or expired [session_retention_days];
- login attempts [login_attempt_retention_days];
- ranking snapshots of placed or cancelled requests [snapshot_retention_months];
- children's files after the end of care [child_file_retention_years; Jeugdwet: 20].
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import random
from collections.abc import AsyncIterator
from typing import Any

import asyncpg

from placement.audit.service import record
from placement.auth.principal import Principal, system_principal
from placement.core.database import Database
from placement.operations import metrics, queries
from placement.operations.schemas import MaintenanceReport, RuleOutcome
from placement.recruitment.leads.privacy import months_before, purge
from placement.settings import Settings

log = logging.getLogger(__name__)

# pg_try_advisory_xact_lock key: "placement maintenance", fixed so every worker agrees.
LOCK_KEY = 0x706C_6D61_696E


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


async def _apply_rules(conn: asyncpg.Connection, principal: Principal, settings: Settings,
                       now: dt.datetime, dry_run: bool) -> list[RuleOutcome]:
    outcomes = []

    leads = await purge(conn, principal, retention_months=settings.recruitment_retention_months,
                        now=now, dry_run=dry_run)  # audits itself ("lead.purge")
    outcomes.append(RuleOutcome(rule="recruitment_leads", count=len(leads),
                                detail={"retention_months": settings.recruitment_retention_months}))

    before = now - dt.timedelta(days=settings.session_retention_days)
    idle = settings.session_idle_minutes
    sessions = (await queries.sessions_over(conn, before=before, idle_minutes=idle) if dry_run
                else await queries.delete_sessions_over(conn, before=before, idle_minutes=idle))
    outcomes.append(RuleOutcome(rule="sessions", count=sessions,
                                detail={"ended_before": before.isoformat()}))

    before = now - dt.timedelta(days=settings.login_attempt_retention_days)
    attempts = (await queries.login_attempts_before(conn, before) if dry_run
                else await queries.delete_login_attempts_before(conn, before))
    outcomes.append(RuleOutcome(rule="login_attempts", count=attempts,
                                detail={"before": before.isoformat()}))

    before = months_before(now, settings.snapshot_retention_months)
    rows = await queries.snapshots_of_requests_closed_before(conn, before)
    snapshot_ids = [r["id"] for r in rows]
    if snapshot_ids and not dry_run:
        await queries.erase_snapshots(conn, snapshot_ids)
        await record(conn, principal, "ranking_snapshot.retention_erase", "ranking_snapshot",
                     record_ids=snapshot_ids,
                     detail={"closed_before": before.isoformat(),
                             "requests": sorted({str(r["request_id"]) for r in rows})})
    outcomes.append(RuleOutcome(rule="ranking_snapshots", count=len(snapshot_ids),
                                detail={"closed_before": before.isoformat()}))

    care_ended_before = _years_before(now.date(), settings.child_file_retention_years)
    children = await queries.children_whose_care_ended_before(conn, care_ended_before)
    erased: dict[str, int] = {}
    if children and not dry_run:
        erased = await queries.erase_children(conn, children)
        await record(conn, principal, "child.retention_erase", "child", record_ids=children,
                     child_ids=children,
                     detail={"care_ended_before": care_ended_before.isoformat(), **erased})
    outcomes.append(RuleOutcome(rule="children", count=len(children),
                                detail={"care_ended_before": care_ended_before.isoformat(),
                                        **erased}))
    return outcomes


async def run_once(db: Database, settings: Settings, *, dry_run: bool, started_by: str,
                   now: dt.datetime | None = None, respect_interval: bool = True
                   ) -> MaintenanceReport:
    """One run, if this caller gets the lock (and, with respect_interval, when no run finished
    within the interval): the rules, their audit entries and the run's row in one transaction."""
    moment = now or dt.datetime.now(dt.UTC)
    principal = system_principal(f"maintenance ({started_by})")
    async with db.transaction() as conn:
        if not await queries.try_maintenance_lock(conn, LOCK_KEY):
            return MaintenanceReport(dry_run=dry_run, ran=False)
        if respect_interval and not dry_run:
            last = await queries.last_run_started(conn)
            interval = dt.timedelta(minutes=settings.maintenance_interval_minutes)
            if last is not None and moment - last < interval * 0.9:
                return MaintenanceReport(dry_run=dry_run, ran=False)
        outcomes = await _apply_rules(conn, principal, settings, moment, dry_run)
        summary = {o.rule: o.count for o in outcomes}
        await queries.insert_run(conn, dry_run=dry_run, started_by=started_by,
                                 outcome=summary)
        await record(conn, principal, "maintenance.dry_run" if dry_run else "maintenance.run",
                     "maintenance", detail=summary)
    if not dry_run:
        metrics.MAINTENANCE_RUNS.labels("ran").inc()
        for outcome in outcomes:
            metrics.MAINTENANCE_ERASED.labels(outcome.rule).inc(outcome.count)
    return MaintenanceReport(dry_run=dry_run, ran=True, outcomes=outcomes)


async def _loop(db: Database, settings: Settings, worker: str) -> None:
    interval = settings.maintenance_interval_minutes * 60
    # The first run a while after start (not at once: a restart loop must not turn into a
    # maintenance loop), then every interval; spread so workers do not all wake at the same
    # moment. The lock and the last-run check keep it to one run anyway.
    delay = interval * random.uniform(0.1, 0.2)
    while True:
        await asyncio.sleep(delay)
        delay = interval * random.uniform(0.9, 1.0)
        try:
            report = await run_once(db, settings, dry_run=False, started_by=worker)
            if report.ran:
                log.info("maintenance run", extra={"erased": {o.rule: o.count
                                                              for o in report.outcomes}})
        except Exception:
            metrics.MAINTENANCE_RUNS.labels("failed").inc()
            log.exception("maintenance run failed; retried at the next interval")


@contextlib.asynccontextmanager
async def running(db: Database, settings: Settings, worker: str) -> AsyncIterator[None]:
    """The periodic task for the app's lifespan (nothing when the interval is 0)."""
    if settings.maintenance_interval_minutes <= 0:
        yield
        return
    task = asyncio.create_task(_loop(db, settings, worker), name="placement-maintenance")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def report_lines(report: MaintenanceReport) -> list[str]:
    verb = "would erase" if report.dry_run else "erased"
    if not report.ran:
        return ["another worker is running maintenance (or ran it within the interval)"]
    lines: list[Any] = []
    for outcome in report.outcomes:
        extra = ", ".join(f"{k}={v}" for k, v in outcome.detail.items())
        lines.append(f"{outcome.rule:<20} {verb} {outcome.count:>6}   ({extra})")
    return lines
