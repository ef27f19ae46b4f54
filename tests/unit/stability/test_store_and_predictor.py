"""Loading refuses untrusted types; the ranking's additive view equals the model."""

from __future__ import annotations

import os

import numpy as np
import pytest
import skops.io as sio
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer
from threadpoolctl import threadpool_limits

from placement.stability import store
from placement.stability.features import (
    FEATURES,
    CarerSide,
    ChildSide,
    MatchSide,
    carer_features,
    child_features,
    features,
    match_features,
)
from placement.stability.predictor import additive_view
from placement.stability.train import feature_matrix, predictor_for


def test_a_stored_model_loads_back_with_the_same_predictions(trained, history) -> None:  # type: ignore[no-untyped-def]
    data = store.dumps(trained.model)
    x = feature_matrix(history[:200])
    assert np.array_equal(store.loads(data).predict_proba(x), trained.model.predict_proba(x))
    assert len(store.sha256(data)) == 64


def test_loading_refuses_a_file_with_an_untrusted_type(tmp_path) -> None:  # type: ignore[no-untyped-def]
    hostile = Pipeline([("run", FunctionTransformer(func=os.system))])
    path = tmp_path / "hostile.skops"
    path.write_bytes(sio.dumps(hostile))
    with pytest.raises(store.UntrustedModel, match="system"):
        store.load_file(path)


def test_the_additive_view_gives_the_models_own_prediction(trained, history) -> None:  # type: ignore[no-untyped-def]
    view = predictor_for(trained.model, trained.report, version=1)
    assert view is not None
    records = history[:300]
    x = feature_matrix(records)
    carer = {n: x[:, FEATURES.index(n)] for n in ("carer_network", "carer_family_home",
                                                  "carer_experience_years",
                                                  "carer_past_placements", "carer_past_breakdowns")}
    match = {n: x[:, FEATURES.index(n)] for n in ("needs_fit", "school_travel_minutes",
                                                  "siblings_apart")}
    for i, r in enumerate(records[:20]):
        one_carer = {k: v[i:i + 1] for k, v in carer.items()}
        one_match = {k: v[i:i + 1] for k, v in match.items()}
        got = view.lasting(child_features(r.child), view.carer_part(one_carer), one_match)[0]
        want = 1 - trained.model.predict_proba(x[i:i + 1])[0, 1]
        assert abs(got - want) < 0.005


def test_a_model_that_is_not_additive_gets_no_view(trained, history) -> None:  # type: ignore[no-untyped-def]
    x = feature_matrix(history[:2000])
    y = np.array([int((r.end_reason or "").startswith("breakdown")) for r in history[:2000]])
    with threadpool_limits(limits=1):
        boosted = HistGradientBoostingClassifier(max_iter=60, random_state=0).fit(x, y)
    report = trained.report
    assert additive_view(boosted, 2, report.reference, report.ranges, report.discrete, x[:200]) is None


def test_an_otherwise_equal_carer_with_past_breakdowns_is_predicted_less_stable(trained) -> None:  # type: ignore[no-untyped-def]
    view = predictor_for(trained.model, trained.report, version=1)
    child = ChildSide(age_at_start=10, need_codes=("gedrag",), placement_type="long_term")
    match = MatchSide(needs_fit=1.0, school_travel_minutes=12)
    steady = CarerSide(kind="general", experience_years=8, past_placements=6, past_breakdowns=0)
    shaky = CarerSide(kind="general", experience_years=8, past_placements=6, past_breakdowns=3)
    arrays = {n: np.array([carer_features(steady)[n], carer_features(shaky)[n]])
              for n in carer_features(steady)}
    m = {n: np.array([v, v]) for n, v in match_features(match).items()}
    lasting = view.lasting(child_features(child), view.carer_part(arrays), m)
    assert lasting[0] > lasting[1]
    named = [name for name, change in view.drivers(features(child, shaky, match))]
    assert "carer_past_breakdowns" in named
