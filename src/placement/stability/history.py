"""A synthetic placement history: generated children, carers and placements whose unplanned
endings follow the published effects in effects.py. Pure and deterministic (seed in, records
out); no real person ever enters it.

Used by `placement model train --synthetic`, the unit tests and the benchmark. Until the platform
has recorded enough real endings, this is what the model learns from, and the model card says so.
"""

from __future__ import annotations

import datetime as dt
import math

import msgspec
import numpy as np

from placement.stability.effects import DEFAULT_EFFECTS, Effects, logit_binary, logit_per_sd
from placement.stability.features import (
    CarerSide,
    ChildSide,
    MatchSide,
)

LANGUAGE_WISHES = ("arabisch", "turks", "pools", "engels", "tigrinya")
RELIGION_WISHES = ("islam", "christelijk", "katholiek", "hindoeïstisch")


class PlacementRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One placement as the model sees it, plus what the model card groups by and checks."""

    placement_id: str
    carer_id: str
    start: dt.date
    end: dt.date | None
    end_reason: str | None
    child: ChildSide
    carer: CarerSide
    match: MatchSide
    gender: str  # for the per-group check only, never a feature
    wishes: dict[str, str] = msgspec.field(default_factory=dict)  # for the proxy check only


def generate_history(n_placements: int = 5000, *, seed: int = 0,
                     effects: Effects = DEFAULT_EFFECTS,
                     first_day: dt.date = dt.date(2016, 1, 1),
                     last_day: dt.date = dt.date(2025, 12, 31),
                     n_carers: int | None = None) -> list[PlacementRecord]:
    """Placements starting between first_day and last_day, in start order. Placements still
    running on last_day have no end; the others end planned or unplanned (who ended it)."""
    rng = np.random.default_rng(seed)
    n = n_placements
    n_carers = n_carers or max(30, n // 6)
    span = (last_day - first_day).days

    # Carers: kind shares roughly as in the Netherlands (network ~47% of placements).
    carer_kind = rng.choice(np.array(("network", "general", "family_home")), size=n_carers,
                            p=(0.45, 0.40, 0.15))
    carer_quality = rng.normal(0.0, 1.0, n_carers)  # latent quality of parenting, never observed
    carer_experience0 = np.where(carer_kind == "network", rng.gamma(1.0, 1.0, n_carers),
                                 rng.gamma(2.0, 3.0, n_carers))

    starts = np.sort(rng.integers(0, span, n))
    age = np.clip(rng.gamma(2.2, 3.6, n), 0.0, 17.9)
    gender = rng.choice(np.array(("f", "m", "x")), size=n, p=(0.48, 0.48, 0.04))
    behaviour = rng.random(n) < np.clip(0.10 + 0.025 * age, 0, 0.6)
    trauma = rng.random(n) < 0.45
    development = rng.random(n) < 0.25
    care = (age < 1) | (rng.random(n) < 0.05)
    emotional = rng.random(n) < np.clip(0.05 + 0.02 * age, 0, 0.4)
    previous = rng.poisson(0.3 + 0.09 * age)
    has_siblings_in_care = rng.random(n) < 0.4
    siblings_apart = has_siblings_in_care & (rng.random(n) < 0.35)
    # Children with heavier needs go to family homes more often.
    weight_fh = np.where(behaviour | (previous >= 3), 3.0, 1.0)
    carer_of = np.empty(n, dtype=np.int64)
    by_kind = {k: np.flatnonzero(carer_kind == k) for k in ("network", "general", "family_home")}
    kind_draw = rng.random(n)
    for i in range(n):
        p_fh = 0.15 * weight_fh[i] / (0.85 + 0.15 * weight_fh[i])
        p_net = (1 - p_fh) * 0.53
        kind = ("family_home" if kind_draw[i] < p_fh else
                "network" if kind_draw[i] < p_fh + p_net else "general")
        pool = by_kind[kind] if len(by_kind[kind]) else np.arange(n_carers)
        carer_of[i] = pool[rng.integers(0, len(pool))]
    kind_of = carer_kind[carer_of]
    placement_type = np.where(
        kind_of == "family_home", "family_home",
        rng.choice(np.array(("crisis", "short_term", "long_term", "part_time")), size=n,
                   p=(0.15, 0.30, 0.45, 0.10)))
    fit_noise = rng.normal(0.0, 0.25, n)
    needs_fit = np.clip(np.round((0.6 + fit_noise + 0.15 * (kind_of == "family_home")) * 20) / 20,
                        0.0, 1.0)
    has_needs = behaviour | trauma | development | care | emotional
    needs_fit = np.where(has_needs, needs_fit, 1.0)
    school_known = age >= 4
    travel = np.where(kind_of == "network", rng.lognormal(math.log(18), 0.6, n),
                      rng.lognormal(math.log(12), 0.5, n))
    travel = np.round(np.clip(travel, 2, 90))

    e = effects
    k = e.overlap
    age_sd = float(np.std(age)) or 1.0
    logit = (
        k * logit_binary(e.behaviour_problems_r) * behaviour
        + k * logit_binary(e.non_kinship_r) * (kind_of != "network")
        - k * logit_per_sd(e.parenting_quality_r) * carer_quality[carer_of]
        + k * logit_per_sd(e.age_at_placement_r) * (age - age.mean()) / age_sd
        + k * logit_binary(e.siblings_apart_r) * siblings_apart
        + k * logit_binary(e.maltreatment_r) * trauma
        + e.previous_placement_logit * previous
        + e.needs_fit_logit * (1.0 - needs_fit)
        + e.school_travel_logit_per_30min * np.where(school_known, travel, 15.0) / 30.0
        + e.family_home_logit * (kind_of == "family_home")
    )
    intercept = _intercept_for(logit, e.base_rate_two_years)

    wish_language = rng.random(n) < 0.15
    wish_religion = rng.random(n) < 0.2
    language_pick = rng.integers(0, len(LANGUAGE_WISHES), n)
    religion_pick = rng.integers(0, len(RELIGION_WISHES), n)
    draw_breakdown = rng.random(n)
    draw_days = rng.lognormal(math.log(e.median_days_to_breakdown), 0.7, n)
    draw_planned = rng.random(n)
    draw_who = rng.random(n)
    draw_reason = rng.random(n)

    carer_log: list[list[tuple[int, bool]]] = [[] for _ in range(n_carers)]  # (end day, breakdown)
    records: list[PlacementRecord] = []
    for i in range(n):
        c = int(carer_of[i])
        start_day = int(starts[i])
        ended_before = [b for end_day, b in carer_log[c] if end_day <= start_day]
        past_breakdowns = sum(ended_before)
        p = _sigmoid(intercept + logit[i] + e.carer_past_breakdown_logit * past_breakdowns)
        planned_days = _planned_days(str(placement_type[i]), float(age[i]), draw_planned[i])
        breakdown_day = int(np.clip(draw_days[i], 7, 729)) if draw_breakdown[i] < p else None
        if breakdown_day is not None and breakdown_day < planned_days:
            length, reason = breakdown_day, _who_ended(bool(behaviour[i]), float(age[i]),
                                                      float(carer_quality[c]), draw_who[i])
        else:
            length = planned_days
            reason = _planned_reason(str(placement_type[i]), float(age[i]), start_day + length,
                                     draw_reason[i])
        end_day = start_day + length
        carer_log[c].append((end_day, reason.startswith("breakdown")))
        ongoing = end_day > span
        start = first_day + dt.timedelta(days=start_day)
        needs = _need_codes(behaviour[i], trauma[i], development[i], care[i], emotional[i],
                            float(age[i]))
        wishes = {}
        if wish_language[i]:
            wishes["language"] = LANGUAGE_WISHES[language_pick[i]]
        if wish_religion[i]:
            wishes["religion"] = RELIGION_WISHES[religion_pick[i]]
        records.append(PlacementRecord(
            placement_id=f"p{i:06d}", carer_id=f"c{c:05d}", start=start,
            end=None if ongoing else first_day + dt.timedelta(days=end_day),
            end_reason=None if ongoing else reason,
            child=ChildSide(age_at_start=round(float(age[i]), 2), need_codes=needs,
                            previous_placements=int(previous[i]),
                            placement_type=str(placement_type[i])),
            carer=CarerSide(kind=str(kind_of[i]),
                            experience_years=round(float(carer_experience0[c]) + start_day / 365.25, 2),
                            past_placements=len(ended_before), past_breakdowns=past_breakdowns),
            match=MatchSide(needs_fit=float(needs_fit[i]),
                            school_travel_minutes=float(travel[i]) if school_known[i] else None,
                            siblings_apart=bool(siblings_apart[i])),
            gender=str(gender[i]), wishes=wishes,
        ))
    return records


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _intercept_for(logit: np.ndarray, rate: float) -> float:
    """The intercept that makes the mean chance of breakdown equal `rate` (bisection)."""
    lo, hi = -12.0, 12.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if np.mean(1.0 / (1.0 + np.exp(-(mid + logit)))) < rate:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _planned_days(placement_type: str, age: float, draw: float) -> int:
    """How long the placement was meant to last; long placements run until 18 at most."""
    until_18 = max(int((18.0 - age) * 365.25), 30)
    if placement_type == "crisis":
        return int(28 + draw * 62)
    if placement_type == "short_term":
        return int(120 + draw * 420)
    if placement_type == "part_time":
        return min(int(365 + draw * 1100), until_18)
    return min(int(730 + draw * 2900), until_18)


def _who_ended(behaviour: bool, age: float, quality: float, draw: float) -> str:
    child = 0.25 + 0.25 * behaviour + 0.02 * max(age - 10, 0)
    carer = max(0.45 - 0.12 * quality, 0.1)
    agency = 0.2
    total = child + carer + agency
    if draw < child / total:
        return "breakdown_child"
    if draw < (child + carer) / total:
        return "breakdown_carer"
    return "breakdown_agency"


def _planned_reason(placement_type: str, age: float, end_day: int, draw: float) -> str:
    del end_day
    if placement_type in ("long_term", "family_home", "part_time") and age >= 12 and draw < 0.5:
        return "to_independence"
    if placement_type in ("crisis", "short_term"):
        return ("return_home" if draw < 0.45 else "to_network" if draw < 0.65 else "planned")
    return "return_home" if draw < 0.2 else "planned"


def _need_codes(behaviour: bool, trauma: bool, development: bool, care: bool, emotional: bool,
                age: float) -> tuple[str, ...]:
    codes: list[str] = []
    if behaviour:
        codes.append("gedrag")
    if trauma:
        codes.append("trauma" if age >= 3 else "hechting")
    if development:
        codes.append("adhd" if age >= 6 else "onderwijs")
    if care:
        codes.append("zuigeling" if age < 1 else "medisch")
    if emotional:
        codes.append("angst_depressie")
    return tuple(codes)
