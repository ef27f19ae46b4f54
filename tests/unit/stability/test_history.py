"""The synthetic history: deterministic, labelled by who ended a placement, effects switchable."""

from __future__ import annotations

import datetime as dt

import numpy as np

from placement.stability.effects import NO_KINSHIP_EFFECT
from placement.stability.features import BREAKDOWN_REASONS, PLANNED_REASONS
from placement.stability.history import generate_history

LAST = dt.date(2025, 12, 31)


def test_same_seed_same_history_other_seed_other_history() -> None:
    assert generate_history(300, seed=4) == generate_history(300, seed=4)
    assert generate_history(300, seed=4) != generate_history(300, seed=5)


def test_endings_say_who_ended_them_and_running_placements_have_no_end(history) -> None:  # type: ignore[no-untyped-def]
    reasons = {r.end_reason for r in history}
    assert set(BREAKDOWN_REASONS) <= reasons
    assert {"planned", "return_home"} <= reasons
    assert reasons <= set(BREAKDOWN_REASONS) | set(PLANNED_REASONS) | {None}
    for r in history:
        assert (r.end is None) == (r.end_reason is None)
        if r.end is not None:
            assert r.start < r.end <= LAST
    assert any(r.end is None for r in history)


def _two_year_breakdown_by_kind(records) -> dict[str, float]:  # type: ignore[no-untyped-def]
    out = {}
    for kind in ("network", "general"):
        rows = [r for r in records if r.carer.kind == kind and r.start <= dt.date(2023, 12, 31)]
        out[kind] = float(np.mean([bool(r.end_reason in BREAKDOWN_REASONS
                                        and (r.end - r.start).days < 730) for r in rows]))
    return out


def test_non_kinship_raises_breakdown_unless_the_effect_is_set_to_zero() -> None:
    default = _two_year_breakdown_by_kind(generate_history(4000, seed=8))
    none = _two_year_breakdown_by_kind(generate_history(4000, seed=8, effects=NO_KINSHIP_EFFECT))
    assert default["general"] - default["network"] > 0.05
    assert abs(none["general"] - none["network"]) < abs(default["general"] - default["network"]) / 2
