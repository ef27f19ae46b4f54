"""The model's features: one pure function over the child, the carer and the match, used alike
for training (history.py records, database rows) and in the ranking (the same profiles).

What may be a feature is the allow-list `FEATURES` below; a unit test holds the list to it and
to the forbidden words. Never a feature: nationality, ethnicity, country of birth, language,
religion, name, or place of living as such (postcode and wijk stand in for origin). Gender is
not a feature either; the model card checks the model per gender instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import msgspec
import numpy as np

# Need codes (need_codes table) grouped the way the literature counts them.
NEED_GROUPS: dict[str, tuple[str, ...]] = {
    "behaviour": ("gedrag", "seksueel_grensoverschrijdend", "middelen"),
    "trauma": ("trauma", "hechting"),  # stands for a history of maltreatment
    "development": ("lvb", "autisme", "adhd", "onderwijs"),
    "care": ("medisch", "lichamelijk", "zuigeling"),
    "emotional": ("angst_depressie", "loyaliteit"),
}
PLACEMENT_TYPES = ("crisis", "short_term", "long_term", "part_time", "family_home")
CARER_KINDS = ("network", "general", "family_home")
UNKNOWN_SCHOOL_MINUTES = 15.0  # no school known (young children): a typical short trip

CHILD_FEATURES = (
    "age_at_start", "needs_behaviour", "needs_trauma", "needs_development", "needs_care",
    "needs_emotional", "need_count", "previous_placements",
    "type_crisis", "type_short_term", "type_long_term", "type_part_time", "type_family_home",
)
CARER_FEATURES = (
    "carer_network", "carer_family_home", "carer_experience_years", "carer_past_placements",
    "carer_past_breakdowns",
)
MATCH_FEATURES = ("needs_fit", "school_travel_minutes", "siblings_apart")
FEATURES = CHILD_FEATURES + CARER_FEATURES + MATCH_FEATURES
# Continuous features get splines; the rest are counts or yes/no flags used as they are.
CONTINUOUS = ("age_at_start", "carer_experience_years", "needs_fit", "school_travel_minutes")

LABELS_NL = {
    "age_at_start": "leeftijd bij start",
    "needs_behaviour": "gedragsproblematiek",
    "needs_trauma": "trauma of hechtingsproblematiek",
    "needs_development": "ontwikkelingsbehoeften",
    "needs_care": "medische of lichamelijke zorg",
    "needs_emotional": "angst, depressie of loyaliteitsconflict",
    "need_count": "aantal zorgbehoeften",
    "previous_placements": "eerdere plaatsingen van het kind",
    "type_crisis": "crisisplaatsing",
    "type_short_term": "perspectiefzoekende plaatsing",
    "type_long_term": "perspectiefbiedende plaatsing",
    "type_part_time": "deeltijdplaatsing",
    "type_family_home": "gezinshuisplaatsing",
    "carer_network": "netwerkpleeggezin",
    "carer_family_home": "gezinshuis",
    "carer_experience_years": "ervaring van de opvang (jaren)",
    "carer_past_placements": "eerdere plaatsingen bij deze opvang",
    "carer_past_breakdowns": "eerdere onvoorziene beëindigingen bij deze opvang",
    "needs_fit": "aansluiting op de zorgbehoeften",
    "school_travel_minutes": "reistijd naar school",
    "siblings_apart": "gescheiden van broer of zus",
}

BREAKDOWN_REASONS = ("breakdown_carer", "breakdown_child", "breakdown_agency")
PLANNED_REASONS = ("planned", "return_home", "to_network", "to_independence")
HORIZON_DAYS = 365  # the ranking shows the chance a placement lasts 12 months


class ChildSide(msgspec.Struct, frozen=True, kw_only=True):
    age_at_start: float
    need_codes: tuple[str, ...] = ()
    previous_placements: int = 0
    placement_type: str = "long_term"


class CarerSide(msgspec.Struct, frozen=True, kw_only=True):
    kind: str  # network, general, family_home
    experience_years: float = 0.0
    past_placements: int = 0
    past_breakdowns: int = 0


class MatchSide(msgspec.Struct, frozen=True, kw_only=True):
    needs_fit: float = 1.0  # 0..1 as the ranking's needs_fit factor
    school_travel_minutes: float | None = None
    siblings_apart: bool = False


def child_features(child: ChildSide) -> dict[str, float]:
    codes = set(child.need_codes)
    row = {"age_at_start": float(child.age_at_start)}
    for group, members in NEED_GROUPS.items():
        row[f"needs_{group}"] = float(bool(codes & set(members)))
    row["need_count"] = float(len(codes))
    row["previous_placements"] = float(child.previous_placements)
    for kind in PLACEMENT_TYPES:
        row[f"type_{kind}"] = float(child.placement_type == kind)
    return row


def carer_features(carer: CarerSide) -> dict[str, float]:
    return {
        "carer_network": float(carer.kind == "network"),
        "carer_family_home": float(carer.kind == "family_home"),
        "carer_experience_years": float(carer.experience_years),
        "carer_past_placements": float(carer.past_placements),
        "carer_past_breakdowns": float(carer.past_breakdowns),
    }


def match_features(match: MatchSide) -> dict[str, float]:
    minutes = match.school_travel_minutes
    return {
        "needs_fit": float(match.needs_fit),
        "school_travel_minutes": UNKNOWN_SCHOOL_MINUTES if minutes is None else float(minutes),
        "siblings_apart": float(match.siblings_apart),
    }


def features(child: ChildSide, carer: CarerSide, match: MatchSide) -> dict[str, float]:
    """The one function that turns a child, a carer and their match into model inputs."""
    return {**child_features(child), **carer_features(carer), **match_features(match)}


def matrix(rows: Iterable[dict[str, float]], names: Sequence[str] = FEATURES) -> np.ndarray:
    return np.array([[row[name] for name in names] for row in rows], dtype=np.float64).reshape(
        -1, len(names))


def needs_fit_of(need_codes: Iterable[str], full: Iterable[str],
                 with_support: Iterable[str] = (), support_fit: float = 0.5) -> float:
    """The ranking's needs fit (factors.needs_fit) for one carer: full 1, with support 0.5."""
    codes = list(need_codes)
    if not codes:
        return 1.0
    full_set, support_set = set(full), set(with_support)
    return sum(1.0 if c in full_set else support_fit if c in support_set else 0.0
               for c in codes) / len(codes)


def breakdown_within_horizon(start: dt.date, end: dt.date | None, end_reason: str | None,
                             observed_until: dt.date) -> int | None:
    """1: an unplanned ending within 12 months; 0: lasted 12 months or ended as planned before;
    None: started less than 12 months before `observed_until`, left out of training. Leaving
    out only the running ones would keep the early breakdowns of that last year and drop their
    quiet peers, which inflates the breakdown rate of the newest placements."""
    if (observed_until - start).days < HORIZON_DAYS:
        return None
    if end is not None and end_reason in BREAKDOWN_REASONS and (end - start).days < HORIZON_DAYS:
        return 1
    return 0


def age_band(age: float) -> str:
    if age < 4:
        return "0-3"
    if age < 12:
        return "4-11"
    return "12+"
