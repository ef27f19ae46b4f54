"""Model versions: store a trained model, list and read versions, activate one (administrator,
audited), read the active one for the ranking, and monitor it against the endings observed
since it was trained. One transaction per act, the audit entry inside it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import msgspec
import numpy as np

from placement.audit.service import record
from placement.auth.principal import BEHEERDER, Principal
from placement.core.clock import local_today
from placement.core.database import Database
from placement.core.errors import Conflict, Forbidden, NotFound
from placement.geo.distance import geodesic_km
from placement.stability import queries, store
from placement.stability.card import calibration_svg, model_card
from placement.stability.features import (
    CarerSide,
    ChildSide,
    MatchSide,
    breakdown_within_horizon,
    needs_fit_of,
)
from placement.stability.history import PlacementRecord
from placement.stability.schemas import (
    ActiveModelOut,
    ModelCardOut,
    ModelVersionOut,
    ModelVersionPage,
)
from placement.stability.train import (
    Trained,
    TrainingReport,
    calibration_error,
    feature_matrix,
    group_of,
    predictor_for,
)

# The ranking policy's default basis for travel to school (docs/matching.md): 1.3 detour, by
# car under 10, by bike from 10, by public transport from 16. Used only for stored history,
# where no ranking computed the trip.
_DETOUR = 1.3
_SPEEDS = ((16, 25.0), (10, 15.0), (0, 30.0))
RETRAIN_GAP = 0.05  # mean predicted against observed, overall or in a group of 50 or more
RETRAIN_ERROR = 0.08  # calibration error overall


def school_minutes(km: float, age: float) -> float:
    speed = next(s for from_age, s in _SPEEDS if age >= from_age)
    return km * _DETOUR / speed * 60.0


def _age(birth: dt.date, day: dt.date) -> float:
    return round((day - birth).days / 365.25, 2)


def record_from_row(row: Any) -> PlacementRecord:
    """One placement_history row as the training record the synthetic history also makes."""
    age = _age(row["birth_date"], row["start"])
    km = (geodesic_km(row["school_latitude"], row["school_longitude"], row["carer_latitude"],
                      row["carer_longitude"]) if row["school_latitude"] is not None else None)
    kind = "family_home" if row["carer_kind"] == "family_home" else (row["foster_kind"] or "general")
    first = row["carer_first_start"] or row["start"]
    wishes = json.loads(row["wishes"] or "{}")
    return PlacementRecord(
        placement_id=row["placement_id"], carer_id=row["carer_id"], start=row["start"],
        end=row["end"], end_reason=row["end_reason"],
        child=ChildSide(age_at_start=age, need_codes=tuple(row["need_codes"]),
                        previous_placements=int(row["previous_placements"]),
                        placement_type=row["placement_type"]),
        carer=CarerSide(kind=kind, experience_years=round((row["start"] - first).days / 365.25, 2),
                        past_placements=int(row["carer_past_placements"]),
                        past_breakdowns=int(row["carer_past_breakdowns"])),
        match=MatchSide(needs_fit=needs_fit_of(row["need_codes"], row["full_codes"],
                                               row["support_codes"]),
                        school_travel_minutes=None if km is None else round(school_minutes(km, age), 1),
                        siblings_apart=bool(row["siblings_apart"])),
        gender=row["gender"],
        wishes={k: str(v) for k, v in wishes.items() if k in ("language", "religion") and v},
    )


def _out(row: Any) -> ModelVersionOut:
    report = json.loads(row["report"])
    return ModelVersionOut(
        version=row["version"], trained_at=row["trained_at"], trained_by=row["trained_by"],
        source=row["source"], algorithm=row["algorithm"], data_from=row["data_from"],
        data_to=row["data_to"], n_train=row["n_train"], n_test=row["n_test"],
        features=list(row["features"]), metrics=report["test"], groups=report["groups"],
        is_active=row["is_active"], activated_at=row["activated_at"],
        activated_by=row["activated_by"], artifact_sha256=row["artifact_sha256"])


class MonitorGroup(msgspec.Struct, kw_only=True):
    dimension: str
    group: str
    n: int
    mean_predicted: float
    observed: float
    calibration_error: float


class MonitorReport(msgspec.Struct, kw_only=True):
    version: int
    since: dt.date
    n: int
    mean_predicted: float | None
    observed: float | None
    calibration_error: float | None
    groups: list[MonitorGroup]
    retrain: bool
    advice: str


def monitor_report(version: int, since: dt.date, model: Any, records: Sequence[PlacementRecord],
                   today: dt.date) -> MonitorReport:
    """Pure: predictions of `model` against the outcomes of placements started after `since`
    and watched for 12 months by `today`."""
    kept = [(r, y) for r in records if r.start > since
            and (y := breakdown_within_horizon(r.start, r.end, r.end_reason, today)) is not None]
    if not kept:
        return MonitorReport(version=version, since=since, n=0, mean_predicted=None,
                             observed=None, calibration_error=None, groups=[], retrain=False,
                             advice="Nog geen plaatsingen die na de training begonnen en 12 "
                                    "maanden gevolgd zijn: nog niets te vergelijken.")
    rs = [r for r, _ in kept]
    y = np.array([label for _, label in kept])
    p = model.predict_proba(feature_matrix(rs))[:, 1]
    groups = []
    labels = [group_of(r) for r in rs]
    for dimension in ("age_band", "gender", "carer_kind"):
        for value in sorted({g[dimension] for g in labels}):
            mask = np.array([g[dimension] == value for g in labels])
            groups.append(MonitorGroup(
                dimension=dimension, group=value, n=int(mask.sum()),
                mean_predicted=round(float(p[mask].mean()), 4),
                observed=round(float(y[mask].mean()), 4),
                calibration_error=round(calibration_error(y[mask], p[mask]), 4)))
    error = calibration_error(y, p)
    drifted = [g for g in groups if g.n >= 50 and abs(g.mean_predicted - g.observed) > RETRAIN_GAP]
    overall_gap = abs(float(p.mean()) - float(y.mean()))
    retrain = overall_gap > RETRAIN_GAP or error > RETRAIN_ERROR or bool(drifted)
    if retrain:
        named = ", ".join(f"{g.dimension}={g.group}" for g in drifted) or "alle plaatsingen"
        advice = f"Hertrainen: de voorspellingen wijken af van wat er gebeurde ({named})."
    else:
        advice = "Geen afdrijving boven de grenzen: hertrainen is nog niet nodig."
    return MonitorReport(version=version, since=since, n=len(rs),
                         mean_predicted=round(float(p.mean()), 4),
                         observed=round(float(y.mean()), 4), calibration_error=round(error, 4),
                         groups=groups, retrain=retrain, advice=advice)


class ModelService:
    def __init__(self, db: Database, principal: Principal) -> None:
        self.db, self.principal = db, principal

    def _admin(self) -> None:
        if not self.principal.has(BEHEERDER):
            raise Forbidden("only an administrator manages the stability model")

    async def history(self, until: dt.date) -> list[PlacementRecord]:
        """Every recorded placement up to `until` as training records; the read of the
        children's data is logged in the same transaction."""
        async with self.db.transaction() as conn:
            rows = await queries.placement_history(conn, until)
            child_ids = await conn.fetch(
                "SELECT DISTINCT o.child_id FROM occupancies o WHERE o.kind = 'placement' "
                "AND o.child_id IS NOT NULL AND lower(o.period) <= $1", until)
            await record(conn, self.principal, "model.history.read", "occupancy",
                         record_ids=[r["placement_id"] for r in rows],
                         child_ids=[r["child_id"] for r in child_ids],
                         detail={"until": until.isoformat(), "placements": len(rows)})
        return [record_from_row(r) for r in rows]

    async def store(self, trained: Trained, *, trained_at: dt.datetime | None = None) -> int:
        self._admin()
        trained_at = trained_at or dt.datetime.now(dt.UTC)
        report = trained.report
        data = store.dumps(trained.model)
        async with self.db.transaction() as conn:
            version = await queries.next_version(conn)
            await queries.insert_version(conn, {
                "version": version, "trained_at": trained_at, "trained_by": self.principal.label,
                "source": report.source, "algorithm": report.algorithm,
                "data_from": report.data_from, "data_to": report.data_to,
                "n_train": report.n_train, "n_test": report.n_test,
                "features": report.features, "report": msgspec.json.encode(report).decode(),
                "card": model_card(report, version=version, trained_at=trained_at),
                "calibration_svg": calibration_svg(report), "artifact": data,
                "artifact_sha256": store.sha256(data)})
            await record(conn, self.principal, "model.train", "model_version",
                         record_ids=[version],
                         detail={"source": report.source, "algorithm": report.algorithm,
                                 "auroc": report.test.auroc, "brier": report.test.brier})
        return version

    async def list(self, limit: int, offset: int) -> ModelVersionPage:
        self._admin()
        async with self.db.transaction() as conn:
            rows, total = await queries.list_versions(conn, limit, offset)
        return ModelVersionPage(items=[_out(r) for r in rows],
                                total=total, limit=limit, offset=offset)

    async def get(self, version: int) -> ModelVersionOut:
        self._admin()
        async with self.db.transaction() as conn:
            row = await queries.get_version(conn, version)
        if row is None:
            raise NotFound(f"no model version {version}")
        return _out(row)

    async def card(self, version: int) -> ModelCardOut:
        async with self.db.transaction() as conn:
            row = await queries.get_version(conn, version)
        if row is None:
            raise NotFound(f"no model version {version}")
        return ModelCardOut(version=version, card=row["card"],
                            calibration_svg=row["calibration_svg"])

    async def activate(self, version: int) -> ModelVersionOut:
        self._admin()
        async with self.db.transaction() as conn:
            row = await queries.get_version(conn, version)
            if row is None:
                raise NotFound(f"no model version {version}")
            model = store.loads(await queries.artifact(conn, version))  # refuses untrusted types
            report = msgspec.json.decode(row["report"], type=TrainingReport)
            if predictor_for(model, report, version) is None:
                raise Conflict(f"model version {version} ({row['algorithm']}) is not additive; "
                               "the ranking cannot explain it per feature",
                               errors=[{"field": "version", "reason": "not additive"}])
            previous = await queries.active_version_number(conn)
            await queries.activate(conn, version, self.principal.label)
            await record(conn, self.principal, "model.activate", "model_version",
                         record_ids=[version], detail={"previous_version": previous})
            row = await queries.get_version(conn, version)
        return _out(row)

    async def deactivate(self) -> ActiveModelOut:
        self._admin()
        async with self.db.transaction() as conn:
            previous = await queries.deactivate(conn)
            await record(conn, self.principal, "model.deactivate", "model_version",
                         record_ids=[previous] if previous else [],
                         detail={"previous_version": previous})
        return ActiveModelOut(version=None)

    async def active(self) -> ActiveModelOut:
        async with self.db.transaction() as conn:
            return ActiveModelOut(version=await queries.active_version_number(conn))

    async def monitor(self, today: dt.date) -> MonitorReport | None:
        """None when no model is active."""
        async with self.db.transaction() as conn:
            row = await queries.active_version(conn)
        if row is None:
            return None
        model = store.loads(row["artifact"])
        records = await self.history(today)
        return monitor_report(row["version"], row["data_to"], model, records, today)


# A stored version never changes, so its view is built once per process (loading the skops
# bytes and reading the tables off the model takes a second or two; an index rebuild, which
# follows every change of supply, must not pay that again).
_PREDICTORS: dict[tuple[int, str], Any] = {}  # (version, sha256 of the bytes) -> view


async def load_active_predictor(conn: Any) -> Any:
    """The ranking's view of the active model (predictor.StabilityPredictor), or None when no
    model is active. Reads no child data."""
    key = await queries.active_version_key(conn)
    if key is None:
        return None
    cache_key = (key["version"], key["artifact_sha256"])
    if cache_key not in _PREDICTORS:
        row = await queries.active_version(conn)
        if row is None or row["version"] != key["version"]:  # switched meanwhile: next search
            return None
        if store.sha256(row["artifact"]) != row["artifact_sha256"]:
            return None  # bytes changed after storing: rank without the factor, never on them
        model = store.loads(row["artifact"])
        report = msgspec.json.decode(row["report"], type=TrainingReport)
        _PREDICTORS[cache_key] = predictor_for(model, report, row["version"])
    return _PREDICTORS[cache_key]


async def prepare_carer_stability(conn: Any, index: Any, today: dt.date | None = None) -> Any:
    """The carer-side arrays of the active model for a candidate index (rows in index order),
    or None when no model is active: then the ranking has no stability factor."""
    from placement.stability.ranking import CarerStability

    predictor = await load_active_predictor(conn)
    if predictor is None:
        return None
    today = today or local_today()
    n = len(index)
    first = np.full(n, np.nan)
    past = np.zeros(n)
    broke = np.zeros(n)
    for r in await queries.carer_histories(conn, today):
        row = index.row_of.get(r["carer_id"])
        if row is not None:
            first[row] = (today - r["first_start"]).days / 365.25
            past[row], broke[row] = r["past_placements"], r["past_breakdowns"]
    values = {"carer_network": index.network.astype(np.float64),
              "carer_family_home": index.family_home.astype(np.float64),
              "carer_experience_years": np.nan_to_num(first, nan=0.0),
              "carer_past_placements": past, "carer_past_breakdowns": broke}
    return CarerStability.build(predictor, values)
