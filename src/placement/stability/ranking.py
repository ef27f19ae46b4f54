"""The stability factor's arithmetic for one search: pure, numpy only.

The matching engine calls `option_stability` with the carer contributions precomputed in the
candidate index (`CarerStability`, built once per index and model version by
stability/service.prepare_carer_stability), the child's side and the match's arrays, and gets
back the chance per option that the placement lasts 12 months plus a Dutch explanation naming
the two or three carer or match features that move this option's prediction most.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from placement.stability.features import (
    CARER_FEATURES,
    LABELS_NL,
    MATCH_FEATURES,
    UNKNOWN_SCHOOL_MINUTES,
    ChildSide,
    child_features,
)
from placement.stability.predictor import StabilityPredictor


@dataclass(frozen=True)
class CarerStability:
    predictor: StabilityPredictor
    carer_values: dict[str, np.ndarray]  # per index row, every CARER_FEATURES column
    carer_part: np.ndarray  # per index row: sum of the carer contributions (log-odds)
    # Per CARER_FEATURES name, per index row: that feature's contribution (log-odds), so an
    # explanation reads the carer's drivers instead of computing them again.
    carer_contributions: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def version(self) -> int:
        return self.predictor.version

    @classmethod
    def build(cls, predictor: StabilityPredictor,
              carer_values: dict[str, np.ndarray]) -> CarerStability:
        contributions = {n: predictor.contribution(n, carer_values[n]) for n in CARER_FEATURES}
        # The same sum as predictor.carer_part, from the contributions kept.
        part = np.sum([contributions[n] for n in CARER_FEATURES], axis=0)
        return cls(predictor, carer_values, part, contributions)


def _value_text(name: str, value: float) -> str:
    if name in ("carer_network", "carer_family_home", "siblings_apart"):
        return "" if value else "niet "
    if name == "needs_fit":
        return f" ({value:.0%})"
    if name == "school_travel_minutes":
        return f" ({value:.0f} min)"
    if name == "carer_experience_years":
        return f" ({value:.0f})"
    return f" ({value:.0f})"


def _phrase(name: str, value: float) -> str:
    text = _value_text(name, value)
    if name in ("carer_network", "carer_family_home", "siblings_apart"):
        return f"{text}{LABELS_NL[name]}"
    return f"{LABELS_NL[name]}{text}"


def option_stability(cs: CarerStability, rows: np.ndarray, child: ChildSide,
                     needs_fit: np.ndarray | float, school_minutes: np.ndarray | None,
                     siblings_apart: np.ndarray | bool) -> tuple[np.ndarray, Callable[[int], str]]:
    """Per eligible carer (rows): the chance of lasting 12 months, and the explanation of
    position j (built only for the options shown). A match value the same for every carer may
    be given as one number."""
    p = cs.predictor
    minutes = (UNKNOWN_SCHOOL_MINUTES if school_minutes is None
               else np.nan_to_num(school_minutes, nan=UNKNOWN_SCHOOL_MINUTES))
    match = {"needs_fit": needs_fit, "school_travel_minutes": minutes,
             "siblings_apart": np.asarray(siblings_apart, dtype=np.float64)}
    lasting = p.lasting(child_features(child), cs.carer_part[rows], match)

    contributions = cs.carer_contributions

    def explain(j: int) -> str:
        r = int(rows[j])
        row = {n: float(cs.carer_values[n][r]) for n in CARER_FEATURES}
        for n, v in match.items():  # a value the same for every option is one number
            row[n] = float(v[j]) if isinstance(v, np.ndarray) and v.ndim else float(v)
        if contributions:
            drivers = p.strongest([(n, float(contributions[n][r])) for n in CARER_FEATURES]
                                  + [(n, p.contribution_one(n, row[n])) for n in MATCH_FEATURES])
        else:
            drivers = p.drivers(row)
        text = f"Kans dat de plaatsing 12 maanden standhoudt: {lasting[j]:.0%} (model {p.version})"
        down = [_phrase(n, row[n]) for n, change in drivers if change > 0]
        up = [_phrase(n, row[n]) for n, change in drivers if change < 0]
        if down:
            text += "; omlaag door " + ", ".join(down)
        if up:
            text += "; omhoog door " + ", ".join(up)
        return text

    return lasting, explain
