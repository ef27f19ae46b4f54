"""What the ranking sees of a stability model: an additive view with one lookup table per
feature, so a search adds precomputed carer contributions to the child's and the match's.

The model's log-odds of a breakdown are base + Σ f_j(x_j) when the model is additive (the spline
logistic regression is; sigmoid calibration keeps it so on the log-odds scale). `additive_view`
reads each f_j off the fitted model on a grid of values and checks on real rows that the sum
gives back the model's own prediction; a model that is not additive (gradient boosting) gets no
view, and the ranking then runs without the factor. Pure: numpy only, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from placement.stability.features import CARER_FEATURES, CHILD_FEATURES, FEATURES, MATCH_FEATURES

GRID_POINTS = 401
ADDITIVE_TOLERANCE = 0.02  # log-odds; linear interpolation between grid points of a spline


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return np.log(p / (1 - p))


@dataclass(frozen=True)
class StabilityPredictor:
    version: int
    base: float  # log-odds of breakdown at the reference row
    reference: dict[str, float]
    grids: dict[str, np.ndarray]
    tables: dict[str, np.ndarray]  # contribution relative to the reference value

    def contribution(self, name: str, values: np.ndarray | float) -> np.ndarray:
        """f_name(values), linear between grid points, constant beyond the training range.
        Grids are evenly spaced, so the cell is found by arithmetic, not a search (a few times
        faster than np.interp over 20,000 carers)."""
        grid, table = self.grids[name], self.tables[name]
        x = np.asarray(values, dtype=np.float64)
        if len(grid) == 1:
            return np.full(x.shape, table[0])
        step = (grid[-1] - grid[0]) / (len(grid) - 1)
        pos = np.clip((x - grid[0]) / step, 0.0, len(grid) - 1.0)
        cell = np.minimum(pos.astype(np.int64), len(grid) - 2)
        return table[cell] + (pos - cell) * (table[cell + 1] - table[cell])

    def contribution_one(self, name: str, value: float) -> float:
        """The same as `contribution` for one number, in plain Python: explanations and the
        child's side call it a few dozen times per search, where numpy's overhead dominates."""
        grid, table = self.grids[name], self.tables[name]
        if len(grid) == 1:
            return float(table[0])
        lo, hi = float(grid[0]), float(grid[-1])
        pos = min(max((value - lo) / ((hi - lo) / (len(grid) - 1)), 0.0), len(grid) - 1.0)
        cell = min(int(pos), len(grid) - 2)
        a, b = float(table[cell]), float(table[cell + 1])
        return a + (pos - cell) * (b - a)

    def carer_part(self, carer: Mapping[str, np.ndarray]) -> np.ndarray:
        """Sum of the carer-side contributions, per carer: precomputed in the candidate index."""
        return np.sum([self.contribution(n, carer[n]) for n in CARER_FEATURES], axis=0)

    def child_part(self, child: Mapping[str, float]) -> float:
        return sum(self.contribution_one(n, child[n]) for n in CHILD_FEATURES)

    def match_part(self, match: Mapping[str, np.ndarray | float]) -> np.ndarray | float:
        total: np.ndarray | float = 0.0
        for n in MATCH_FEATURES:  # numbers stay numbers; only per-carer arrays cost per carer
            total = total + self.contribution(n, match[n])
        return total

    def lasting(self, child: Mapping[str, float], carer_part: np.ndarray,
                match: Mapping[str, np.ndarray | float]) -> np.ndarray:
        """Chance per option that the placement lasts 12 months (no unplanned ending)."""
        z = self.base + self.child_part(child) + carer_part + self.match_part(match)
        return 1.0 / (1.0 + np.exp(z))

    def drivers(self, row: Mapping[str, float], top: int = 3,
                names: Sequence[str] = CARER_FEATURES + MATCH_FEATURES) -> list[tuple[str, float]]:
        """The features that move this one option's prediction most away from a typical
        placement, as (feature, log-odds change of breakdown), largest first. By default only
        the carer's and the match's: the child's are the same for every option."""
        return self.strongest([(n, self.contribution_one(n, row[n])) for n in names], top)

    @staticmethod
    def strongest(moved: list[tuple[str, float]], top: int = 3) -> list[tuple[str, float]]:
        """Of (feature, log-odds change) pairs, the `top` that matter (|change| >= 0.05),
        largest first (ties keep their order)."""
        moved = [m for m in moved if abs(m[1]) >= 0.05]
        return sorted(moved, key=lambda m: -abs(m[1]))[:top]


def additive_view(model: Any, version: int, reference: Mapping[str, float],
                  ranges: Mapping[str, Sequence[float]], discrete: Sequence[str],
                  check_rows: np.ndarray) -> StabilityPredictor | None:
    """The lookup-table view of `model`, or None when the model is not additive."""
    ref = np.array([reference[n] for n in FEATURES], dtype=np.float64)
    base = float(_logit(model.predict_proba(ref[None, :])[:, 1])[0])
    grids, tables = {}, {}
    for j, name in enumerate(FEATURES):
        lo, hi = float(ranges[name][0]), float(ranges[name][1])
        grid = (np.arange(lo, hi + 1.0) if name in discrete
                else np.linspace(lo, hi, GRID_POINTS)) if hi > lo else np.array([lo])
        rows = np.repeat(ref[None, :], len(grid), axis=0)
        rows[:, j] = grid
        grids[name] = grid
        tables[name] = _logit(model.predict_proba(rows)[:, 1]) - base
    view = StabilityPredictor(version=version, base=base, reference=dict(reference),
                              grids=grids, tables=tables)
    if len(check_rows):
        expected = _logit(model.predict_proba(check_rows)[:, 1])
        summed = base + np.sum([view.contribution(n, check_rows[:, j])
                                for j, n in enumerate(FEATURES)], axis=0)
        if float(np.max(np.abs(expected - summed))) > ADDITIVE_TOLERANCE:
            return None
    return view
