"""The KPI report: scope, period check, the rows from queries.py, the pure figures of compute.py,
and the audit entry of the read, in one transaction.

Who may read it: a plaatser or beheerder, for their own organisation only; the command line
(system principal) for one organisation or all. Recruitment (werver) never: the figures are
about children. Travel to school before placement is estimated with matching's offline
estimator (the current policy's detour factor and speed for the child's age); after placement
it is the chosen option's school_travel factor as the snapshot showed it (docs/indicators.md).
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import msgspec
import numpy as np

from placement.audit.service import record
from placement.auth.principal import BEHEERDER, PLAATSER, Principal
from placement.core.clock import local_today
from placement.core.database import Database
from placement.core.errors import FieldError, Forbidden, ValidationFailed
from placement.geo.distance import geodesic_km
from placement.indicators import compute, queries
from placement.indicators.schemas import KpiReport
from placement.matching import queries as matching_queries
from placement.matching.core.policy import Policy, policy_from_row
from placement.matching.core.profiles import age_on
from placement.matching.core.travel import OfflineEstimator

MAX_PERIOD_DAYS = 366 * 10
DEFAULT_PERIOD_DAYS = 365


def kpi_scope(principal: Principal) -> UUID | None:
    """The organisation whose figures this caller sees (None: all, the command line only)."""
    if principal.via == "system":
        return principal.organisation_id
    if principal.has(PLAATSER, BEHEERDER) and principal.organisation_id is not None:
        return principal.organisation_id
    raise Forbidden("the KPI reports are for placement officers and administrators")


def period(start: dt.date | None, end: dt.date | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """Defaults: the year up to today. `from` after `to`, or a period over ten years: 400."""
    end = end or today
    if start is None:
        start = max(dt.date.min + dt.timedelta(days=DEFAULT_PERIOD_DAYS), end) - dt.timedelta(
            days=DEFAULT_PERIOD_DAYS - 1)
    errors = []
    if start > end:
        errors.append(FieldError("from", "must not be after 'to'"))
    elif (end - start).days > MAX_PERIOD_DAYS:
        errors.append(FieldError("from", "the period may span at most ten years"))
    if errors:
        raise ValidationFailed("invalid report period", errors=errors)
    return start, end


def minutes(policy: Policy, age: int, lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    km = geodesic_km(lat1, lon1, lat2, lon2)
    estimate = OfflineEstimator().minutes(lat1, lon1, np.array([lat2]), np.array([lon2]),
                                          np.array([km]), policy.mode_for_age(age), policy)
    return round(float(estimate[0]), 1)


def history_from_rows(requests, placements, decisions, snapshots, travel, policy: Policy,  # type: ignore[no-untyped-def]
                      names: dict[UUID, str]) -> compute.History:
    history = compute.History(carer_names=names)
    history.requests = [compute.RequestRow(r["id"], r["melding"], r["child_count"])
                        for r in requests]
    history.placements = [compute.PlacementRow(
        r["child_id"], r["carer_id"], r["placement_type"], r["start"], r["end_day"],
        r["end_reason"], r["request_id"], r["decision_id"]) for r in placements]
    history.decisions = [compute.DecisionRow(
        r["id"], r["request_id"], r["decided_on"], r["option_rank"], r["reason_code"],
        tuple(r["chosen_carers"]), split_codes(r["split_reasons"]), r["broken_together_ties"])
        for r in decisions]
    history.snapshots = [compute.SnapshotRow(r["id"], r["request_id"], r["created_on"],
                                             tuple(r["top_carers"])) for r in snapshots]
    for r in travel:
        age = age_on(r["birth_date"], r["start"])
        before = minutes(policy, age, r["home_latitude"], r["home_longitude"],
                         r["school_latitude"], r["school_longitude"])
        chosen = msgspec.json.decode(r["chosen"]) if r["chosen"] else None
        after = compute.chosen_school_minutes(chosen, r["child_id"])
        if after is None:  # a placement without a decision (from before decisions were kept)
            after = minutes(policy, age, r["carer_latitude"], r["carer_longitude"],
                            r["school_latitude"], r["school_longitude"])
        history.travel.append(compute.TravelRow(r["child_id"], r["start"], before, after))
    return history


def split_codes(raw: str | None) -> tuple[str, ...]:
    """decisions.split_reasons: a JSON array with one entry per broken tie, each a reason code
    or an object naming it ("reason_code", or "code")."""
    codes = []
    for item in msgspec.json.decode(raw) if raw else []:
        if isinstance(item, str):
            codes.append(item)
        elif isinstance(item, dict):
            code = item.get("reason_code") or item.get("code") or item.get("reason")
            if isinstance(code, str):
                codes.append(code)
    return tuple(codes)


class KpiService:
    def __init__(self, db: Database, principal: Principal) -> None:
        self.db, self.principal = db, principal

    async def report(self, start: dt.date | None = None, end: dt.date | None = None, *,
                     as_of: dt.date | None = None) -> KpiReport:
        org = kpi_scope(self.principal)
        now = dt.datetime.now(dt.UTC)
        today = as_of or local_today(now)
        start, end = period(start, end, today)
        async with self.db.transaction() as conn:
            requests = await queries.requests(conn, org, end)
            placements = await queries.placements(conn, org, end)
            decisions = await queries.decisions(conn, org, start, end)
            snapshots = await queries.snapshots(conn, org, start, end)
            travel = await queries.placed_with_school(conn, org, start, end)
            policy = policy_from_row(await matching_queries.current_policy(conn))
            carers = sorted({c for r in snapshots for c in r["top_carers"]}
                            | {c for r in decisions for c in r["chosen_carers"]})
            names = await queries.carer_names(conn, carers)
            groups = [r["id"] for r in requests if r["child_count"] > 1]
            apart = await queries.apart_reasons(conn, groups)
            await record(conn, self.principal, "report.kpi", "kpi_report",
                         detail={"from": start.isoformat(), "to": end.isoformat(),
                                 "organisation_id": str(org) if org else None,
                                 "aggregate_only": True})
        history = history_from_rows(requests, placements, decisions, snapshots, travel, policy,
                                    names)
        for row in apart:
            history.apart_reasons[row["request_id"]] = (
                *history.apart_reasons.get(row["request_id"], ()), row["apart_reason"])
        return compute.kpi_report(history, start=start, end=end, as_of=today,
                                  organisation_id=org, generated_at=now)
