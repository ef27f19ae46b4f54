"""Sibling-group placement plans on hand-made scenarios."""

from __future__ import annotations

import itertools

import pytest

from placement.matching.core.policy import DEFAULT_POLICY
from placement.matching.core.profiles import Filters, SiblingTie
from placement.matching.core.siblings import beam_partitions, plan_group, set_partitions
from tests.unit.matching_helpers import TODAY, carer, child, index_of, request

FILTERS = Filters(limit=10, today=TODAY)


def tie(a, b, intent="together", reason=None) -> SiblingTie:  # type: ignore[no-untyped-def]
    return SiblingTie(child_a=a.child_id, child_b=b.child_id, kind="full", intent=intent,
                      apart_reason=reason)


def three_siblings():  # type: ignore[no-untyped-def]
    anna, bram, cas = child("anna", age=12), child("bram", age=9), child("cas", age=6)
    return anna, bram, cas, (tie(anna, bram), tie(bram, cas), tie(anna, cas))


@pytest.mark.parametrize("n, bell", [(1, 1), (2, 2), (3, 5), (4, 15), (5, 52), (6, 203)])
def test_every_partition_is_enumerated_once(n: int, bell: int) -> None:
    found = [tuple(sorted(tuple(sorted(b)) for b in p)) for p in set_partitions(list(range(n)))]
    assert len(found) == bell == len(set(found))


def test_a_group_of_three_stays_together_ahead_of_closer_splits() -> None:
    anna, bram, cas, ties = three_siblings()
    big = carer("Gezinshuis", east=9, places=3, kind="family_home", foster_kind=None)
    close = [carer(f"Dichtbij{i}", east=0.5 * i, places=1) for i in range(1, 4)]
    plans = plan_group(index_of([big, *close]), request(anna, bram, cas, ties=ties),
                       DEFAULT_POLICY, FILTERS)
    first = plans.plans[0]
    assert first.all_together and not first.requires_split_reason
    assert first.parts[0].carer_name == "Gezinshuis"
    assert sorted(first.parts[0].child_ids) == sorted([anna.child_id, bram.child_id, cas.child_id])
    assert plans.all_together_feasible
    # The closer carers would score higher one by one, yet no plan splits the group.
    assert all(not p.requires_split_reason for p in plans.plans)
    sib = next(f for f in first.parts[0].members[0].factors if f.key == "siblings_together")
    assert sib.score == 1.0


def test_without_a_carer_for_all_three_the_best_split_comes_first_with_its_broken_ties() -> None:
    anna, bram, cas, ties = three_siblings()
    two_places = carer("Twee", east=1, places=2)
    one_place = carer("Een", east=2, places=1)
    far_one = carer("VerEen", east=7, places=1)
    plans = plan_group(index_of([two_places, one_place, far_one]),
                       request(anna, bram, cas, ties=ties), DEFAULT_POLICY, FILTERS)
    assert not plans.all_together_feasible
    first = plans.plans[0]
    assert first.requires_split_reason and len(first.parts) == 2
    sizes = sorted(len(p.child_ids) for p in first.parts)
    assert sizes == [1, 2]  # two together, one apart: breaks two ties, not three
    assert len(first.broken_ties) == 2
    assert {p.carer_name for p in first.parts} == {"Twee", "Een"}
    assert first.part_distances_km and 0.5 < first.part_distances_km[0].km < 1.5
    assert [p.score for p in plans.plans] == sorted((p.score for p in plans.plans), reverse=True)


def test_an_apart_pair_is_never_in_one_home_in_any_plan() -> None:
    anna, bram, cas = child("anna", age=12), child("bram", age=9), child("cas", age=6)
    ties = (tie(anna, bram, "apart", "severe_conflict"), tie(bram, cas), tie(anna, cas))
    carers = [carer("Groot", places=3), carer("Twee", east=1, places=2),
              carer("Een", east=2, places=1), carer("Nog1", east=3, places=1)]
    plans = plan_group(index_of(carers), request(anna, bram, cas, ties=ties), DEFAULT_POLICY,
                       Filters(limit=50, today=TODAY))
    assert plans.plans
    for plan in plans.plans:
        for part in plan.parts:
            assert not {anna.child_id, bram.child_id} <= set(part.child_ids)
        assert len({p.carer_id for p in plan.parts}) == len(plan.parts)
    assert not plans.all_together_feasible


def test_a_carer_needs_a_free_place_for_every_child_of_its_part() -> None:
    anna, bram, cas, ties = three_siblings()
    plans = plan_group(index_of([carer("Twee", places=2), carer("Een", east=1)]),
                       request(anna, bram, cas, ties=ties), DEFAULT_POLICY, FILTERS)
    for plan in plans.plans:
        for part in plan.parts:
            assert len(part.child_ids) <= part.free_places


def test_large_groups_use_a_beam_search_that_respects_apart() -> None:
    kids = [child(f"k{i}", age=4 + i) for i in range(8)]
    ties = tuple(tie(a, b) for a, b in itertools.combinations(kids, 2))
    ties = ties[:-1] + (tie(kids[6], kids[7], "apart", "severe_conflict"),)
    carers = [carer(f"C{i}", east=i * 0.7, places=4) for i in range(5)]
    plans = plan_group(index_of(carers), request(*kids, ties=ties), DEFAULT_POLICY, FILTERS)
    assert plans.search == "beam" and plans.plans
    for plan in plans.plans:
        for part in plan.parts:
            assert not {kids[6].child_id, kids[7].child_id} <= set(part.child_ids)
            assert len(part.child_ids) <= 4
    found = beam_partitions(4, {frozenset((0, 1))}, set(), max_block=4)
    assert all(not ({0, 1} <= set(b)) for p in found for b in p)
