"""The policy seed, its validation, and the offline travel estimate."""

from __future__ import annotations

import importlib.util

import msgspec
import numpy as np

from placement.matching.core.policy import DEFAULT_POLICY, FACTOR_KEYS, Thresholds, policy_problems
from placement.matching.core.travel import OfflineEstimator
from placement.matching.router import estimator_for
from placement.settings import PROJECT_ROOT


def _migration(name: str = "0002_matching"):  # type: ignore[no-untyped-def]
    path = PROJECT_ROOT / "migrations" / "versions" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"migration_{name}", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_the_latest_seeded_platform_version_is_the_code_default() -> None:
    seed = _migration()
    assert seed.SEED_WEIGHTS == DEFAULT_POLICY.weights  # 0006 keeps the weights in force
    assert set(seed.SEED_WEIGHTS) == set(FACTOR_KEYS)
    latest = _migration("0006_matching_quality")
    assert latest.SEED_THRESHOLDS == msgspec.to_builtins(DEFAULT_POLICY.thresholds)
    assert not policy_problems(seed.SEED_WEIGHTS,
                               msgspec.convert(latest.SEED_THRESHOLDS, Thresholds))


def test_a_bad_policy_is_refused_with_every_problem_named() -> None:
    thresholds = msgspec.structs.replace(Thresholds(), max_travel_minutes=0,
                                         detour_factor=9.0)
    problems = dict(policy_problems({"school_travel": -1, "nationality": 1}, thresholds))
    assert set(problems) >= {"weights.school_travel", "weights.nationality",
                             "thresholds.max_travel_minutes", "thresholds.detour_factor"}
    assert policy_problems(DEFAULT_POLICY.weights, DEFAULT_POLICY.thresholds) == []


def test_mode_follows_age_bands() -> None:
    assert DEFAULT_POLICY.mode_for_age(6) == "car"  # beyond a short walk
    assert DEFAULT_POLICY.mode_for_age(10) == "bike"
    assert DEFAULT_POLICY.mode_for_age(17) == "transit"


def test_offline_estimate_states_its_basis() -> None:
    estimate = OfflineEstimator()
    minutes = estimate.minutes(52.09, 5.12, np.array([52.1]), np.array([5.13]), np.array([3.1]),
                               "bike", DEFAULT_POLICY)
    assert abs(minutes[0] - 3.1 * 1.3 / 15 * 60) < 1e-9
    text = estimate.basis(3.1, float(minutes[0]), "bike", DEFAULT_POLICY)
    assert text == "ca. 16 min fietsen (schatting: 3,1 km hemelsbreed x 1,3 omweg, 15 km/u)"
    assert isinstance(estimator_for(None), OfflineEstimator)
