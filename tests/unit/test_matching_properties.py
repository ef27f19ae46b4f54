"""Properties of ranking that hold for any scenario (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from placement.matching.core.engine import rank_child
from placement.matching.core.policy import FACTOR_KEYS, Policy
from placement.matching.core.profiles import Filters, Spot
from tests.unit.matching_helpers import START, TODAY, at, carer, child, index_of, need, request

NEEDS = ("trauma", "adhd", "autisme")


@st.composite
def scenarios(draw):  # type: ignore[no-untyped-def]
    n = draw(st.integers(1, 25))
    carers, competences, occupied = [], [], {}
    for i in range(n):
        row = carer(
            f"c{i}", east=draw(st.floats(-30, 30)), north=draw(st.floats(-30, 30)),
            places=draw(st.integers(1, 3)),
            foster_kind=draw(st.sampled_from(["general", "network"])),
            wijk_code=draw(st.sampled_from(["binnenstad", "oost", None])),
            placement_types=draw(st.sampled_from([["long_term"], ["crisis"], ["long_term", "crisis"]])),
            age_min=draw(st.integers(0, 12)), age_max=draw(st.integers(8, 18)),
            genders_accepted=draw(st.sampled_from([["f"], ["m"], ["f", "m", "x"]])),
            own_children_birth_years=draw(st.lists(st.integers(2000, 2024), max_size=3)),
            languages=draw(st.sampled_from([["nederlands"], ["arabisch"], []])),
            availability_confirmed_at=draw(st.one_of(
                st.none(), st.integers(0, 400).map(lambda d: TODAY - dt.timedelta(days=d)))),
            status=draw(st.sampled_from(["active", "active", "paused"])),
        )
        carers.append(row)
        for code in NEEDS:
            level = draw(st.sampled_from([None, "full", "with_support"]))
            if level:
                competences.append(need(row, code, level))
        if draw(st.booleans()):
            start = START + dt.timedelta(days=draw(st.integers(-100, 100)))
            occupied[row["name"]] = [(start, draw(st.one_of(
                st.none(), st.integers(1, 200).map(lambda d, s=start: s + dt.timedelta(days=d)))))]
    club = at(draw(st.floats(-5, 5)), draw(st.floats(-5, 5)))
    kid = child(
        age=draw(st.integers(0, 17)), gender=draw(st.sampled_from(["f", "m", "x"])),
        school_east=draw(st.one_of(st.none(), st.floats(-10, 10))),
        clubs=draw(st.sampled_from([(), (Spot(latitude=club[0], longitude=club[1]),)])),
        must_needs=tuple(draw(st.lists(st.sampled_from(NEEDS), unique=True, max_size=2))),
        should_needs=(),
        wishes=draw(st.sampled_from([{}, {"language": "arabisch"}, {"food": "halal"}])),
        network_ties=({carers[0]["id"]: "aunt_uncle"} if draw(st.booleans()) else {}),
    )
    weights = {k: draw(st.floats(0, 10)) for k in FACTOR_KEYS}
    weights["school_travel"] += 0.1  # never all zero
    return carers, competences, occupied, kid, Policy(version=9, weights=weights)


FILTERS = Filters(limit=50, today=TODAY, include_exclusions=True)


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_scores_lie_in_0_1_and_contributions_add_up(scenario) -> None:  # type: ignore[no-untyped-def]
    carers, competences, occupied, kid, policy = scenario
    ranking = rank_child(index_of(carers, competences=competences, occupied=occupied), kid,
                         request(kid), policy, FILTERS)
    for option in ranking.options:
        assert 0.0 <= option.score <= 1.0
        assert abs(sum(f.contribution for f in option.factors) - option.score) < 1e-9
        for factor in option.factors:
            assert 0.0 <= factor.score <= 1.0 and factor.explanation


@settings(max_examples=60, deadline=None)
@given(scenarios(), st.randoms(use_true_random=False))
def test_order_does_not_depend_on_the_order_of_the_carers(scenario, rnd) -> None:  # type: ignore[no-untyped-def]
    carers, competences, occupied, kid, policy = scenario
    shuffled = list(carers)
    rnd.shuffle(shuffled)
    one = rank_child(index_of(carers, competences=competences, occupied=occupied), kid,
                     request(kid), policy, FILTERS)
    two = rank_child(index_of(shuffled, competences=competences, occupied=occupied), kid,
                     request(kid), policy, FILTERS)
    assert [o.carer_id for o in one.options] == [o.carer_id for o in two.options]
    assert one.exclusion_summary == two.exclusion_summary


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_an_excluded_carer_is_never_ranked(scenario) -> None:  # type: ignore[no-untyped-def]
    carers, competences, occupied, kid, policy = scenario
    ranking = rank_child(index_of(carers, competences=competences, occupied=occupied), kid,
                         request(kid), policy, FILTERS)
    excluded = {e.carer_id for e in ranking.exclusions or []}
    ranked = {o.carer_id for o in ranking.options}
    assert not excluded & ranked
    assert all(e.reasons for e in ranking.exclusions or [])
    assert len(excluded) + len(ranked) == len(carers)
    assert ranking.exclusion_summary.eligible == len(ranked)
