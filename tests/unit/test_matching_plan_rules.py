"""Sibling plans on hand-made scenarios (issue 12, points 1-3): truthful plan scores, "samen,
tenzij" before the travel limit, and the distance between the homes of an apart pair."""

from __future__ import annotations

import msgspec
import pytest

from placement.matching.core.policy import DEFAULT_POLICY, Policy
from placement.matching.core.profiles import Filters, SiblingTie
from placement.matching.core.siblings import plan_group
from tests.unit.matching_helpers import TODAY, carer, child, index_of, request

FILTERS = Filters(limit=20, today=TODAY)


def tie(a, b, intent="together", reason=None) -> SiblingTie:  # type: ignore[no-untyped-def]
    return SiblingTie(child_a=a.child_id, child_b=b.child_id, kind="full", intent=intent,
                      apart_reason=reason)


def with_thresholds(**values: float) -> Policy:
    return msgspec.structs.replace(
        DEFAULT_POLICY, thresholds=msgspec.structs.replace(DEFAULT_POLICY.thresholds, **values))


def test_split_plans_rank_on_their_true_score_even_below_zero() -> None:
    anna, bram, cas = child("anna", age=12), child("bram", age=9), child("cas", age=6)
    ties = (tie(anna, bram), tie(bram, cas), tie(anna, cas))
    # Nobody takes three; a harsh penalty pushes every split below zero.
    two = carer("Twee", east=0.5, places=2)
    near = carer("Dichtbij", east=0.5, north=1.8, places=1)  # 1.8 km from Twee
    far = carer("Verder", east=0.5, north=-5.6, places=1)  # 5.6 km from Twee
    policy = with_thresholds(split_penalty_per_tie=1.0)
    plans = plan_group(index_of([two, near, far]), request(anna, bram, cas, ties=ties),
                       policy, FILTERS).plans
    two_parts = [p for p in plans if len(p.parts) == 2 and "Twee" in
                 {part.carer_name for part in p.parts if len(part.child_ids) == 2}]
    with_near = max((p for p in two_parts if "Dichtbij" in {x.carer_name for x in p.parts}),
                    key=lambda p: p.score)
    with_far = max((p for p in two_parts if "Verder" in {x.carer_name for x in p.parts}),
                   key=lambda p: p.score)
    assert with_near.score < 0 and with_far.score < 0
    assert with_near.members_score > with_far.members_score
    assert with_near.rank < with_far.rank
    for plan in plans:
        assert plan.score == pytest.approx(plan.members_score - plan.split_penalty)
    assert [p.score for p in plans] == sorted((p.score for p in plans), reverse=True)
    assert "Aftrek voor 2 verbroken banden (samen wonen was de bedoeling): -2,00" in \
        with_near.explanation
    assert with_near.explanation[-1].startswith("Score van het plan: -")


def _beyond_limit_group():  # type: ignore[no-untyped-def]
    anna, bram = child("anna", age=12), child("bram", age=11)
    # Cycling 13 km x 1.3 detour at 15 km/u is about 68 min: just beyond the 60-minute limit.
    home = carer("Gezinshuis", east=13, places=2, kind="family_home", foster_kind=None)
    ones = [carer("Een", east=1), carer("Twee", east=2)]
    return anna, bram, index_of([home, *ones]), request(anna, bram, ties=(tie(anna, bram),))


def test_a_group_that_fits_together_only_beyond_the_travel_limit_is_offered_first() -> None:
    anna, bram, index, req = _beyond_limit_group()
    result = plan_group(index, req, DEFAULT_POLICY, FILTERS)
    first = result.plans[0]
    assert first.all_together and first.parts[0].carer_name == "Gezinshuis"
    assert {e.child_id for e in first.travel_exceptions} == {anna.child_id, bram.child_id}
    assert all(60 < e.minutes < 75 and e.limit_minutes == 60 for e in first.travel_exceptions)
    assert any(line.startswith("Samen plaatsen gaat voor de reistijd: kind 1 reist ca. 68 min "
                               "(fietsen), boven het maximum van 60 min: vervoer regelen")
               for line in first.explanation)
    # The splits follow as alternatives, and each child's summary still counts the limit.
    assert any(p.requires_split_reason for p in result.plans[1:])
    assert all(not p.travel_exceptions for p in result.plans[1:])
    beyond = {r.code: r.count for r in result.per_child[0].exclusion_summary.by_reason}
    assert beyond["beyond_max_travel_time"] == 1
    assert result.per_child[0].exclusion_summary.eligible == 2


def test_the_policy_can_let_the_travel_limit_split_the_group_again() -> None:
    _, _, index, req = _beyond_limit_group()
    policy = with_thresholds(together_max_travel_minutes=60.0)
    plans = plan_group(index, req, policy, FILTERS).plans
    assert plans and all(not p.all_together for p in plans)


def _apart_pair(reason: str):  # type: ignore[no-untyped-def]
    anna, bram = child("anna", age=12), child("bram", age=9)
    street = [carer("Huisnummer1", east=1.0), carer("Huisnummer9", east=1.05)]
    far = carer("Verweg", east=-4.0, north=10.0)  # about 10.8 km from the street
    return index_of([*street, far]), request(anna, bram, ties=(tie(anna, bram, "apart", reason),))


def test_threat_keeps_the_two_homes_at_least_the_policy_distance_apart() -> None:
    index, req = _apart_pair("threat")
    plans = plan_group(index, req, DEFAULT_POLICY, FILTERS).plans
    assert plans
    for plan in plans:
        names = {p.carer_name for p in plan.parts}
        assert names != {"Huisnummer1", "Huisnummer9"}
        (distance,) = plan.apart_distances
        assert distance.km >= 10 and distance.min_km == 10
    km = f"{plans[0].apart_distances[0].km:.1f}".replace(".", ",")
    assert (f"Kind 1 en kind 2 apart (dreiging): {km} km tussen de huizen (minimaal 10,0 km "
            "vereist)") in plans[0].explanation


def test_for_a_conflict_the_same_street_is_allowed_at_a_cost_shown_in_the_plan() -> None:
    index, req = _apart_pair("severe_conflict")
    plans = plan_group(index, req, DEFAULT_POLICY, FILTERS).plans
    same_street = next(p for p in plans
                       if {x.carer_name for x in p.parts} == {"Huisnummer1", "Huisnummer9"})
    (distance,) = same_street.apart_distances
    assert distance.km < 0.1 and distance.min_km is None
    assert distance.penalty == pytest.approx(0.05 * (1 - distance.km / 5.0), abs=1e-3)
    assert same_street.score == pytest.approx(same_street.members_score - distance.penalty)
    assert ("Kind 1 en kind 2 apart (ernstig conflict): 0,1 km tussen de huizen; dichtbij "
            "elkaar, aftrek -0,05") in same_street.explanation
