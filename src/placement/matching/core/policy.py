"""The matching policy: weights of the soft factors and the thresholds of the hard rules.

A policy is a versioned database record (table matching_policies); a change is a new version.
`DEFAULT_POLICY` is version 1, the seed; docs/matching.md explains every value.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any
from uuid import UUID

import msgspec
import numpy as np

FACTOR_KEYS = (
    "school_travel", "club_travel", "parents_distance", "own_wijk", "siblings_together",
    "needs_fit", "network_tie", "age_order", "expressed_wishes", "availability_freshness",
)
# Factors added after policy version 1 (seeded with FACTOR_KEYS): a stored policy without them
# uses this weight; an administrator may set them like any other.
OPTIONAL_WEIGHTS: dict[str, float] = {"stability": 1.0}  # modest: a signal, never decisive

MODES = ("walk", "bike", "transit", "car")
MODE_LABELS_NL = {"walk": "lopen", "bike": "fietsen", "transit": "met het openbaar vervoer",
                  "car": "met de auto (gebracht)"}


class ModeBand(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """From `from_age` (inclusive) up to the next band's age, this mode for trips up to `max_km`
    (geodesic); the band's rule without `max_km` covers every longer trip."""

    from_age: int
    mode: str
    max_km: float | None = None


class Thresholds(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    max_travel_minutes: float = 60.0
    good_travel_minutes: float = 15.0
    contact_good_km: float = 5.0
    contact_max_km: float = 50.0
    fresh_availability_days: int = 30
    stale_availability_days: int = 90
    detour_factor: float = 1.3
    speeds_kmh: dict[str, float] = msgspec.field(default_factory=lambda: {
        "walk": 4.5, "bike": 15.0, "transit": 25.0, "car": 30.0})
    mode_bands: list[ModeBand] = msgspec.field(default_factory=lambda: [
        ModeBand(from_age=0, mode="walk", max_km=1.5), ModeBand(from_age=0, mode="car"),
        ModeBand(from_age=10, mode="walk", max_km=1.0), ModeBand(from_age=10, mode="bike"),
        ModeBand(from_age=16, mode="bike", max_km=7.5), ModeBand(from_age=16, mode="transit")])
    safety_default_km: float = 10.0
    with_support_fit: float = 0.5
    age_order_older_score: float = 0.4
    split_penalty_per_tie: float = 0.1
    plan_top_k: int = 8
    exact_partitions_up_to: int = 6
    # The joint waiting-list proposal (docs/waitinglist.md): how much worse than first come
    # first served a request's option may be, what a year of waiting weighs per child, and how
    # many options of each request's search the proposal chooses from.
    waiting_fairness_bound: float = 0.10
    waiting_days_weight: float = 0.20
    waiting_candidates: int = 25
    # "Samen, tenzij" outranks the travel limit: an all-together plan may exceed
    # max_travel_minutes up to this (transport to be arranged); equal to max_travel_minutes
    # lets the travel limit split a group again.
    together_max_travel_minutes: float = 120.0
    # Apart ties: for the reasons in HARD_APART_REASONS the homes must be at least apart_min_km
    # apart (hard); for other reasons closeness costs up to apart_near_penalty, nothing from
    # apart_good_km on (soft).
    apart_min_km: float = 10.0
    apart_good_km: float = 5.0
    apart_near_penalty: float = 0.05
    # Fewer eligible carers than this: the answer lists which single relaxation adds options.
    min_options: int = 3


HARD_APART_REASONS = ("threat", "sexual_abuse")
APART_REASONS_NL = {"specialist_care": "een van beiden heeft specialistische zorg nodig",
                    "threat": "dreiging", "severe_conflict": "ernstig conflict",
                    "sexual_abuse": "(vermoeden van) seksueel misbruik"}

DEFAULT_WEIGHTS: dict[str, float] = {
    "school_travel": 3.0, "club_travel": 1.0, "parents_distance": 2.0, "own_wijk": 1.5,
    "siblings_together": 3.0, "needs_fit": 2.5, "network_tie": 3.0, "age_order": 1.0,
    "expressed_wishes": 1.0, "availability_freshness": 1.0,
}


class Policy(msgspec.Struct, frozen=True, kw_only=True):
    version: int
    weights: dict[str, float] = msgspec.field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    thresholds: Thresholds = msgspec.field(default_factory=Thresholds)
    reasoning: dict[str, str] = msgspec.field(default_factory=dict)
    note: str = ""
    created_by: str | None = None
    created_at: dt.datetime | None = None
    organisation_id: UUID | None = None  # None: the platform default

    def weight(self, key: str) -> float:
        return float(self.weights.get(key, OPTIONAL_WEIGHTS.get(key, 0.0)))

    def mode_rules(self, age: int) -> list[tuple[str, float | None]]:
        """(mode, max_km) for a child of this age, shortest reach first, the open rule last."""
        bands = self.thresholds.mode_bands
        start = max((b.from_age for b in bands if b.from_age <= age), default=0)
        rules = [(b.mode, b.max_km) for b in bands if b.from_age == start]
        return sorted(rules, key=lambda r: math.inf if r[1] is None else r[1])

    def mode_for_age(self, age: int) -> str:
        """The mode for longer trips (the band's rule without max_km)."""
        return self.mode_rules(age)[-1][0]

    def modes_for(self, age: int, km: np.ndarray) -> np.ndarray:
        """Per trip, the index into MODES of the mode a child of this age takes."""
        rules = self.mode_rules(age)
        modes = np.full(len(km), MODES.index(rules[-1][0]), dtype=np.int8)
        for mode, max_km in reversed(rules[:-1]):
            modes[km <= max_km] = MODES.index(mode)  # type: ignore[operator]
        return modes

    def speed(self, mode: str) -> float:
        return float(self.thresholds.speeds_kmh[mode])


DEFAULT_POLICY = Policy(version=1, note="Startbeleid (standaardwaarden, zie docs/matching.md)")


def policy_problems(weights: dict[str, float], thresholds: Thresholds) -> list[tuple[str, str]]:
    """Every reason a proposed policy cannot be used, as (field, reason)."""
    problems: list[tuple[str, str]] = []
    for key, value in weights.items():
        if key not in FACTOR_KEYS and key not in OPTIONAL_WEIGHTS:
            problems.append((f"weights.{key}", "unknown factor"))
        elif not 0 <= value <= 100:
            problems.append((f"weights.{key}", "must be between 0 and 100"))
    if sum(v for k, v in weights.items() if k in FACTOR_KEYS or k in OPTIONAL_WEIGHTS) <= 0:
        problems.append(("weights", "at least one weight must be positive"))
    t = thresholds
    if not 1 <= t.max_travel_minutes <= 600:
        problems.append(("thresholds.max_travel_minutes", "must be between 1 and 600"))
    if not 0 <= t.good_travel_minutes < t.max_travel_minutes:
        problems.append(("thresholds.good_travel_minutes", "must be below max_travel_minutes"))
    if not 0 <= t.contact_good_km < t.contact_max_km:
        problems.append(("thresholds.contact_good_km", "must be below contact_max_km"))
    if not 0 <= t.fresh_availability_days < t.stale_availability_days:
        problems.append(("thresholds.fresh_availability_days",
                         "must be below stale_availability_days"))
    if not 1.0 <= t.detour_factor <= 3.0:
        problems.append(("thresholds.detour_factor", "must be between 1.0 and 3.0"))
    for mode in MODES:
        speed = t.speeds_kmh.get(mode)
        if speed is None or not 1 <= speed <= 150:
            problems.append((f"thresholds.speeds_kmh.{mode}", "needs a speed between 1 and 150"))
    unknown_speeds = set(t.speeds_kmh) - set(MODES)
    problems.extend((f"thresholds.speeds_kmh.{m}", "unknown mode") for m in sorted(unknown_speeds))
    if not t.mode_bands or min(b.from_age for b in t.mode_bands) != 0:
        problems.append(("thresholds.mode_bands", "the first band must start at age 0"))
    for age in sorted({b.from_age for b in t.mode_bands}):
        open_rules = [b for b in t.mode_bands if b.from_age == age and b.max_km is None]
        if len(open_rules) != 1:
            problems.append(("thresholds.mode_bands",
                             f"from age {age}: exactly one mode without max_km"))
    problems.extend((f"thresholds.mode_bands[{i}].max_km", "must be between 0 and 100")
                    for i, b in enumerate(t.mode_bands)
                    if b.max_km is not None and not 0 < b.max_km <= 100)
    problems.extend((f"thresholds.mode_bands[{i}].mode", "unknown mode")
                    for i, b in enumerate(t.mode_bands) if b.mode not in MODES)
    if not t.max_travel_minutes <= t.together_max_travel_minutes <= 600:
        problems.append(("thresholds.together_max_travel_minutes",
                         "must be between max_travel_minutes and 600"))
    if not 0 <= t.apart_min_km <= 300:
        problems.append(("thresholds.apart_min_km", "must be between 0 and 300"))
    if not 0 < t.apart_good_km <= 300:
        problems.append(("thresholds.apart_good_km", "must be between 0 and 300"))
    for name in ("with_support_fit", "age_order_older_score", "split_penalty_per_tie",
                 "apart_near_penalty"):
        if not 0 <= getattr(t, name) <= 1:
            problems.append((f"thresholds.{name}", "must be between 0 and 1"))
    if not 0 < t.safety_default_km <= 300:
        problems.append(("thresholds.safety_default_km", "must be between 0 and 300"))
    if not 1 <= t.min_options <= 20:
        problems.append(("thresholds.min_options", "must be between 1 and 20"))
    if not 1 <= t.plan_top_k <= 50:
        problems.append(("thresholds.plan_top_k", "must be between 1 and 50"))
    if not 0 <= t.waiting_fairness_bound <= 1:
        problems.append(("thresholds.waiting_fairness_bound", "must be between 0 and 1"))
    if not 0 <= t.waiting_days_weight <= 5:
        problems.append(("thresholds.waiting_days_weight", "must be between 0 and 5"))
    if not 5 <= t.waiting_candidates <= 100:
        problems.append(("thresholds.waiting_candidates", "must be between 5 and 100"))
    if not 2 <= t.exact_partitions_up_to <= 7:
        problems.append(("thresholds.exact_partitions_up_to", "must be between 2 and 7"))
    return problems


def policy_from_row(row: Any) -> Policy:
    """A matching_policies row (weights, thresholds and reasoning are JSON) to a Policy."""
    return Policy(
        version=row["version"],
        weights=msgspec.json.decode(_text(row["weights"]), type=dict[str, float]),
        thresholds=msgspec.json.decode(_text(row["thresholds"]), type=Thresholds),
        reasoning=msgspec.json.decode(_text(row["reasoning"]), type=dict[str, str]),
        note=row["note"], created_by=row["created_by_label"], created_at=row["created_at"],
        organisation_id=row.get("organisation_id"),
    )


def _text(value: Any) -> bytes:
    return value.encode() if isinstance(value, str) else msgspec.json.encode(value)
