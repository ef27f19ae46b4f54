"""Hard constraints, vectorised: each carer gets a bit set of the reasons that exclude it.

Cheap checks (status, places, type, age, gender, needs, per-child exclusions, apart siblings)
run on every carer. The distance checks (safety zones, maximum travel time) run on the carers that
passed the cheap checks only, so a carer already excluded is not measured: its reasons list what
the cheap checks found.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from placement.matching.core.index import (
    LEVEL_FULL,
    LEVEL_NONE,
    CandidateIndex,
    gender_bit,
    type_bit,
)
from placement.matching.core.profiles import ChildProfile

# (code, bit, Dutch text) in the order the summary lists them.
REASONS: list[tuple[str, str]] = [
    ("carer_not_active", "Opvanglocatie is niet actief (gepauzeerd of gestopt)"),
    ("no_free_place", "Geen vrije plek in de gevraagde periode"),
    ("type_not_offered", "Biedt deze pleegzorgvorm niet aan"),
    ("age_outside_range", "Leeftijd van het kind valt buiten wat de opvanglocatie accepteert"),
    ("gender_not_accepted", "Gender van het kind wordt niet geaccepteerd"),
    ("must_need_not_covered", "Een noodzakelijke zorgbehoefte wordt niet gedekt"),
    ("apart_sibling_together", "Een broer of zus met wie het kind niet samen mag wonen, woont hier"),
    ("carer_excluded_for_child", "Uitgesloten voor dit kind"),
    ("safety_distance", "Te dicht bij een adres dat het kind niet mag vinden"),
    ("beyond_max_travel_time", "Reistijd boven het maximum van het beleid"),
]
BIT = {code: 1 << i for i, (code, _) in enumerate(REASONS)}
TEXT = dict(REASONS)


def reason_codes(bits: int) -> list[str]:
    return [code for code, _ in REASONS if bits & BIT[code]]


def _mark(bits: np.ndarray, mask: np.ndarray, reason: str) -> None:
    """Set a reason bit where mask holds. Multiplying the mask is an order of magnitude faster
    than boolean-index assignment over 20,000 carers, and this runs several times per search."""
    np.bitwise_or(bits, mask.astype(np.int32) * np.int32(BIT[reason]), out=bits)


def cheap_reasons(index: CandidateIndex, child: ChildProfile, *, age: int, placement_type: str,
                  free: np.ndarray, places_needed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Reason bits per carer for the checks that need no distance, and the with_support mask
    (a must-need covered only with extra support keeps the option)."""
    n = len(index)
    # The checks on the carer's fixed columns only, kept per type, gender and age in the index.
    bits = (index.derived(("reasons", placement_type, child.gender),
                          lambda: _fixed_reasons(index, placement_type, child.gender))
            | index.derived(("age_reason", age), lambda: _age_reason(index, age)))
    _mark(bits, free < places_needed, "no_free_place")
    with_support = np.zeros(n, dtype=bool)
    for code in child.must_needs:
        level = index.need_column(code)
        _mark(bits, level == LEVEL_NONE, "must_need_not_covered")
        with_support |= (level > LEVEL_NONE) & (level < LEVEL_FULL)
    for carer_ids, code in ((child.excluded_carers, "carer_excluded_for_child"),
                            (child.apart_sibling_carers, "apart_sibling_together")):
        rows = [index.row_of[c] for c in carer_ids if c in index.row_of]
        if rows:
            bits[rows] |= BIT[code]
    return bits, with_support


def _fixed_reasons(index: CandidateIndex, placement_type: str, gender: str) -> np.ndarray:
    bits = np.zeros(len(index), dtype=np.int32)
    _mark(bits, ~index.active, "carer_not_active")
    _mark(bits, (index.type_mask & type_bit(placement_type)) == 0, "type_not_offered")
    _mark(bits, (index.gender_mask & gender_bit(gender)) == 0, "gender_not_accepted")
    bits.setflags(write=False)
    return bits


def _age_reason(index: CandidateIndex, age: int) -> np.ndarray:
    bits = np.zeros(len(index), dtype=np.int32)
    _mark(bits, (index.age_min > age) | (index.age_max < age), "age_outside_range")
    bits.setflags(write=False)
    return bits


def safety_violations(child: ChildProfile, n: int,
                      distances: Callable[[float, float, float], np.ndarray]) -> np.ndarray:
    """True where one of `n` carers lies within the minimum distance of a safety zone
    (`distances(lat, lon, within_km)`: km from that point to each of them; a carer certainly
    further than `within_km` may be given as inf)."""
    near = np.zeros(n, dtype=bool)
    for zone in child.safety_zones:
        km = distances(zone.latitude, zone.longitude, zone.min_distance_km)
        near |= km < zone.min_distance_km
    return near
