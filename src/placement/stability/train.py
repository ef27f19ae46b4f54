"""Training: from placement records to a calibrated scikit-learn model and the figures on it.

Order of the work: label every record (features.breakdown_within_horizon; still-running
placements watched for less than 12 months are left out), split on time (older 75% to train,
newest 25% to test), choose between two candidate pipelines on the newest fifth of the training
part, refit the chosen one with sigmoid calibration on the whole training part, then measure on
the test part: AUROC, Brier score, calibration error, a calibration curve and the same per group.

The candidates: logistic regression over splines of the continuous features (additive: each
feature's contribution can be read off exactly, and the ranking can add precomputed carer
contributions) and histogram gradient boosting (finds interactions, explains less). The additive
model is kept unless boosting lowers the validation log loss by more than `PREFER_ADDITIVE_BY`:
a small gain does not pay for explanations that are only approximate.

Pure apart from CPU: no database, no files. Deterministic for the same records and seed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import msgspec
import numpy as np
from threadpoolctl import threadpool_limits

from placement.stability.features import (
    CONTINUOUS,
    FEATURES,
    age_band,
    breakdown_within_horizon,
    features,
    matrix,
)
from placement.stability.history import PlacementRecord

PREFER_ADDITIVE_BY = 0.002
TEST_SHARE = 0.25
Progress = Callable[[str, int, int], None]


def no_progress(step: str, done: int, total: int) -> None:
    del step, done, total


class Metrics(msgspec.Struct, frozen=True, kw_only=True):
    n: int
    auroc: float | None
    brier: float
    calibration_error: float
    mean_predicted: float
    observed: float


class GroupMetrics(msgspec.Struct, frozen=True, kw_only=True):
    dimension: str  # age_band, gender, carer_kind
    group: str
    n: int
    auroc: float | None
    calibration_error: float
    mean_predicted: float
    observed: float


class CurvePoint(msgspec.Struct, frozen=True, kw_only=True):
    mean_predicted: float
    observed: float
    n: int


class ProxyCheck(msgspec.Struct, frozen=True, kw_only=True):
    wish: str  # language, religion
    n_with_wish: int
    strongest_feature: str | None
    strongest_r: float
    auroc_all_features: float | None  # how well all features together guess the wish


class TrainingReport(msgspec.Struct, frozen=True, kw_only=True):
    algorithm: str
    seed: int
    source: str  # synthetic or database
    data_from: dt.date
    data_to: dt.date
    split_day: dt.date
    n_train: int
    n_test: int
    n_left_out: int  # still running, watched less than 12 months
    features: list[str]
    validation_log_loss: dict[str, float]
    test: Metrics
    groups: list[GroupMetrics]
    curve: list[CurvePoint]
    proxies: list[ProxyCheck]
    # What the ranking's additive view needs (predictor.py): a typical row, the value range
    # seen in training per feature, and which features only take whole numbers.
    reference: dict[str, float] = msgspec.field(default_factory=dict)
    ranges: dict[str, list[float]] = msgspec.field(default_factory=dict)
    discrete: list[str] = msgspec.field(default_factory=list)


class Trained(msgspec.Struct, frozen=True, kw_only=True):
    model: Any  # the fitted CalibratedClassifierCV; predict_proba[:, 1] = breakdown in 12 months
    report: TrainingReport


# scikit-learn is imported where it is used, not with this module: the app imports this module
# at start-up and needs scikit-learn only to train (seconds of start-up otherwise).

def candidates(seed: int) -> dict[str, Any]:
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import SplineTransformer, StandardScaler

    continuous = [FEATURES.index(name) for name in CONTINUOUS]
    others = [i for i in range(len(FEATURES)) if i not in continuous]
    splines = ColumnTransformer(
        [("splines", SplineTransformer(n_knots=5, degree=3, extrapolation="constant"), continuous),
         ("as_is", "passthrough", others)])
    return {
        "spline_logistic": Pipeline([
            ("features", splines), ("scale", StandardScaler()),
            ("logistic", LogisticRegression(C=0.5, max_iter=2000))]),
        "gradient_boosting": HistGradientBoostingClassifier(
            max_iter=150, learning_rate=0.05, max_leaf_nodes=15, l2_regularization=1.0,
            random_state=seed),
    }


def labelled(records: Sequence[PlacementRecord], observed_until: dt.date
             ) -> tuple[list[PlacementRecord], np.ndarray, int]:
    kept, labels = [], []
    for r in records:
        label = breakdown_within_horizon(r.start, r.end, r.end_reason, observed_until)
        if label is not None:
            kept.append(r)
            labels.append(label)
    return kept, np.array(labels, dtype=np.int64), len(records) - len(kept)


def feature_matrix(records: Sequence[PlacementRecord]) -> np.ndarray:
    return matrix(features(r.child, r.carer, r.match) for r in records)


def train(records: Sequence[PlacementRecord], *, observed_until: dt.date, seed: int = 0,
          source: str = "synthetic", progress: Progress = no_progress) -> Trained:
    # One thread: these sets are small, and OpenMP threads fighting over shared cores made
    # gradient boosting a hundred times slower (a server runs training beside the API).
    with threadpool_limits(limits=1):
        return _train(records, observed_until=observed_until, seed=seed, source=source,
                      progress=progress)


def _train(records: Sequence[PlacementRecord], *, observed_until: dt.date, seed: int,
           source: str, progress: Progress) -> Trained:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.metrics import log_loss

    steps = 6
    progress("labelling", 0, steps)
    ordered = sorted(records, key=lambda r: (r.start, r.placement_id))
    kept, y, left_out = labelled(ordered, observed_until)
    if len(kept) < 200 or y.sum() < 20 or y.sum() > len(y) - 20:
        raise ValueError(f"too little history to train on: {len(kept)} placements with an "
                         f"outcome, {int(y.sum())} ended unplanned within 12 months")
    x = feature_matrix(kept)
    cut = int(len(kept) * (1 - TEST_SHARE))
    x_train, y_train, x_test, y_test = x[:cut], y[:cut], x[cut:], y[cut:]

    progress("choosing the model", 1, steps)
    inner = int(cut * 0.8)
    losses = {}
    for name, estimator in candidates(seed).items():
        estimator.fit(x_train[:inner], y_train[:inner])
        p = estimator.predict_proba(x_train[inner:])[:, 1]
        losses[name] = round(float(log_loss(y_train[inner:], p, labels=[0, 1])), 5)
    algorithm = ("gradient_boosting"
                 if losses["gradient_boosting"] < losses["spline_logistic"] - PREFER_ADDITIVE_BY
                 else "spline_logistic")

    progress("calibrating", 2, steps)
    model = CalibratedClassifierCV(candidates(seed)[algorithm], method="sigmoid", cv=3,
                                   ensemble=False)
    model.fit(x_train, y_train)

    progress("testing", 3, steps)
    p_test = model.predict_proba(x_test)[:, 1]
    test_records = kept[cut:]
    report = TrainingReport(
        algorithm=algorithm, seed=seed, source=source,
        data_from=ordered[0].start, data_to=observed_until, split_day=kept[cut].start,
        n_train=cut, n_test=len(kept) - cut, n_left_out=left_out, features=list(FEATURES),
        validation_log_loss=losses,
        test=metrics(y_test, p_test),
        groups=group_metrics(test_records, y_test, p_test),
        curve=calibration_curve(y_test, p_test),
        proxies=[],
        reference={n: float(np.median(x_train[:, j])) for j, n in enumerate(FEATURES)},
        ranges={n: [float(x[:, j].min()), float(x[:, j].max())] for j, n in enumerate(FEATURES)},
        discrete=[n for j, n in enumerate(FEATURES) if np.all(x[:, j] == np.round(x[:, j]))],
    )
    progress("checking proxies", 4, steps)
    report = msgspec.structs.replace(report, proxies=proxy_checks(kept, x, seed))
    progress("done", steps, steps)
    return Trained(model=model, report=report)


def calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error over equal-count bins: the mean gap between predicted and
    observed, weighted by the bin's size."""
    if len(y) == 0:
        return 0.0
    order = np.argsort(p, kind="stable")
    total = 0.0
    for part in np.array_split(order, min(bins, len(y))):
        if len(part):
            total += len(part) * abs(float(p[part].mean()) - float(y[part].mean()))
    return total / len(y)


def _auroc(y: np.ndarray, p: np.ndarray) -> float | None:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else None


def metrics(y: np.ndarray, p: np.ndarray) -> Metrics:
    from sklearn.metrics import brier_score_loss

    return Metrics(n=len(y), auroc=_round(_auroc(y, p)), brier=round(float(brier_score_loss(y, p)), 4),
                   calibration_error=round(calibration_error(y, p), 4),
                   mean_predicted=round(float(p.mean()), 4), observed=round(float(y.mean()), 4))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def group_of(record: PlacementRecord) -> dict[str, str]:
    return {"age_band": age_band(record.child.age_at_start), "gender": record.gender,
            "carer_kind": record.carer.kind}


def group_metrics(records: Sequence[PlacementRecord], y: np.ndarray,
                  p: np.ndarray) -> list[GroupMetrics]:
    out = []
    groups = [group_of(r) for r in records]
    for dimension in ("age_band", "gender", "carer_kind"):
        for value in sorted({g[dimension] for g in groups}):
            mask = np.array([g[dimension] == value for g in groups])
            m = metrics(y[mask], p[mask])
            out.append(GroupMetrics(dimension=dimension, group=value, n=m.n, auroc=m.auroc,
                                    calibration_error=m.calibration_error,
                                    mean_predicted=m.mean_predicted, observed=m.observed))
    return out


def calibration_curve(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[CurvePoint]:
    order = np.argsort(p, kind="stable")
    return [CurvePoint(mean_predicted=round(float(p[part].mean()), 4),
                       observed=round(float(y[part].mean()), 4), n=len(part))
            for part in np.array_split(order, min(bins, len(y))) if len(part)]


def proxy_checks(records: Sequence[PlacementRecord], x: np.ndarray,
                 seed: int) -> list[ProxyCheck]:
    """Does any feature, or all of them together, stand in for an expressed language or
    religion wish? Correlation per feature, and the cross-validated AUROC of a logistic
    regression guessing the wish from all features (0.5 = no better than chance)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import cross_val_predict
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    out = []
    for wish in ("language", "religion"):
        target = np.array([1 if r.wishes.get(wish) else 0 for r in records])
        best, best_r = None, 0.0
        for j, name in enumerate(FEATURES):
            column = x[:, j]
            if column.std() == 0 or target.std() == 0:
                continue
            r = float(np.corrcoef(column, target)[0, 1])
            if abs(r) > abs(best_r):
                best, best_r = name, r
        auroc = None
        if 10 <= target.sum() <= len(target) - 10:
            guess = cross_val_predict(
                Pipeline([("scale", StandardScaler()), ("logistic", LogisticRegression(max_iter=500))]),
                x, target, cv=3, method="predict_proba")[:, 1]
            auroc = round(float(roc_auc_score(target, guess)), 4)
        out.append(ProxyCheck(wish=wish, n_with_wish=int(target.sum()), strongest_feature=best,
                              strongest_r=round(best_r, 4), auroc_all_features=auroc))
    return out


def predictor_for(model: Any, report: TrainingReport, version: int) -> Any:
    """The ranking's additive view of a trained model (predictor.StabilityPredictor), or None
    when the model is not additive. Checked on rows spread over the training ranges."""
    from placement.stability.predictor import additive_view

    rng = np.random.default_rng(report.seed)
    rows = np.empty((200, len(FEATURES)))
    for j, name in enumerate(FEATURES):
        lo, hi = report.ranges[name]
        rows[:, j] = rng.uniform(lo, hi, 200)
        if name in report.discrete:
            rows[:, j] = np.round(rows[:, j])
    return additive_view(model, version, report.reference, report.ranges, report.discrete, rows)
