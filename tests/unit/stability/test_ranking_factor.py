"""The stability factor in a ranking: a hand-made case where an otherwise equal carer with past
breakdowns ranks lower and the explanation says why; no active model, no factor."""

from __future__ import annotations

import numpy as np
import pytest

from placement.matching.core.engine import rank_child
from placement.matching.core.policy import DEFAULT_POLICY
from placement.matching.core.profiles import Filters
from placement.stability.features import ChildSide
from placement.stability.history import generate_history
from placement.stability.ranking import CarerStability, option_stability
from placement.stability.train import Trained, predictor_for, train
from tests.unit.matching_helpers import TODAY, carer, child, index_of, need, request
from tests.unit.stability.conftest import LAST_DAY


@pytest.fixture(scope="module")
def trained() -> Trained:
    """A smaller training than the package's shared one (0.4 s instead of 3 s): these tests need
    a model with the direction of its effects, not its accuracy, and the mutation run
    (`make mutation`) sets this module up again for every mutant of the ranking core."""
    return train(generate_history(1500, seed=11, last_day=LAST_DAY), observed_until=LAST_DAY,
                 seed=11)


def _index_with_history(trained, past_breakdowns: list[int]):  # type: ignore[no-untyped-def]
    carers = [carer(f"Familie {k}", east=1.0) for k in range(len(past_breakdowns))]
    index = index_of(carers)
    n = len(carers)
    values = {"carer_network": np.zeros(n), "carer_family_home": np.zeros(n),
              "carer_experience_years": np.full(n, 6.0), "carer_past_placements": np.full(n, 6.0),
              "carer_past_breakdowns": np.array(past_breakdowns, dtype=np.float64)}
    index.stability = CarerStability.build(predictor_for(trained.model, trained.report, 7), values)
    return index


def test_an_otherwise_equal_carer_with_past_breakdowns_ranks_lower_and_the_reason_is_named(
        trained) -> None:  # type: ignore[no-untyped-def]
    index = _index_with_history(trained, [3, 0])
    kid = child(age=11)
    ranking = rank_child(index, kid, request(kid), DEFAULT_POLICY, Filters(today=TODAY))
    assert [o.carer_name for o in ranking.options] == ["Familie 1", "Familie 0"]
    factor = {o.carer_name: next(f for f in o.factors if f.key == "stability")
              for o in ranking.options}
    assert factor["Familie 1"].score > factor["Familie 0"].score
    assert factor["Familie 0"].weight == 1.0  # the modest default for policies without it
    text = factor["Familie 0"].explanation
    assert text.startswith("Kans dat de plaatsing 12 maanden standhoudt:")
    assert "(model 7)" in text
    assert "omlaag door eerdere onvoorziene beëindigingen bij deze opvang (3)" in text
    others = {o.carer_name: [f.score for f in o.factors if f.key != "stability"]
              for o in ranking.options}
    assert others["Familie 0"] == others["Familie 1"]  # only the stability factor differs


def test_no_active_model_means_no_stability_factor_and_no_error() -> None:
    index = index_of([carer("Familie A"), carer("Familie B", east=2.0)])
    assert index.stability is None
    kid = child()
    ranking = rank_child(index, kid, request(kid), DEFAULT_POLICY, Filters(today=TODAY))
    assert ranking.options
    assert all(f.key != "stability" for o in ranking.options for f in o.factors)


def _lasting(index, ranking, side, fit, school, apart):  # type: ignore[no-untyped-def]
    rows = np.array([index.row_of[o.carer_id] for o in ranking.options])
    return option_stability(index.stability, rows, side, fit, school, apart)[0]


def test_the_factor_gets_the_match_as_the_ranking_measured_it(trained) -> None:  # type: ignore[no-untyped-def]
    """The chance shown is the model's for this child at this carer: the needs fit, the school
    trip and whether a sibling lives elsewhere, as the ranking itself measured them (found by
    the mutation run: passing another value went unnoticed)."""
    carers = [carer("Vol", east=1.0), carer("Steun", east=4.0), carer("Geen", east=9.0)]
    index = index_of(carers, competences=[need(carers[0], "trauma"),
                                          need(carers[1], "trauma", "with_support")])
    n = len(carers)
    values = {"carer_network": np.zeros(n), "carer_family_home": np.zeros(n),
              "carer_experience_years": np.full(n, 6.0), "carer_past_placements": np.full(n, 6.0),
              "carer_past_breakdowns": np.zeros(n)}
    index.stability = CarerStability.build(predictor_for(trained.model, trained.report, 7), values)
    kid = child(age=11, should_needs=("trauma",), together_sibling_carers=(carers[1]["id"],))
    for placement_type in ("long_term", "crisis"):
        ranking = rank_child(index, kid, request(kid), DEFAULT_POLICY,
                             Filters(today=TODAY, placement_type=placement_type))
        by_key = [{f.key: f for f in o.factors} for o in ranking.options]
        fit = np.array([f["needs_fit"].score for f in by_key])
        school = np.array([f["school_travel"].raw for f in by_key], dtype=np.float64)
        apart = np.array([o.carer_name != "Steun" for o in ranking.options])
        side = ChildSide(age_at_start=11.0, need_codes=("trauma",), placement_type=placement_type)
        expected = _lasting(index, ranking, side, fit, school, apart)
        shown = np.array([f["stability"].score for f in by_key])
        np.testing.assert_allclose(shown, expected, atol=1e-3)
        assert [f["stability"].raw for f in by_key] == pytest.approx(list(shown * 100), abs=0.006)
    # No needs, no school, no siblings: a perfect fit, the model's unknown trip, nobody apart.
    plain = child(age=11, school_east=None)
    ranking = rank_child(index, plain, request(plain), DEFAULT_POLICY, Filters(today=TODAY))
    side = ChildSide(age_at_start=11.0, need_codes=(), placement_type="long_term")
    expected = _lasting(index, ranking, side, 1.0, None, False)
    shown = np.array([next(f.score for f in o.factors if f.key == "stability")
                      for o in ranking.options])
    np.testing.assert_allclose(shown, expected, atol=1e-9)
