"""Sibling plans as the officer reads them (found by the mutation run): which ties a plan
breaks and whether it needs a recorded reason, each part's places and score, the siblings
factor per child, the soft distance cost between apart children, and the plan's Dutch lines.

The children's own factors here are school travel (3), parents' distance (2), own wijk (1.5),
age order (1) and availability (1): 8.5 in all, every one at its best for these carers, so a
child's score is 1.0, or 8.5 / 11.5 with a together-tie that the plan breaks (siblings
factor weight 3, share 0)."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest

from placement.matching.core.policy import DEFAULT_POLICY, Policy
from placement.matching.core.profiles import Filters, SiblingTie
from placement.matching.core.siblings import plan_group
from tests.unit.matching_helpers import START, TODAY, carer, child, index_of, request

ANNA, BRAM, CAS = child("anna", age=12), child("bram", age=9), child("cas", age=6)


def tie(a, b, intent="together", reason=None, kind="full") -> SiblingTie:  # type: ignore[no-untyped-def]
    return SiblingTie(child_a=a.child_id, child_b=b.child_id, kind=kind, intent=intent,
                      apart_reason=reason)


class MinutesPerKm:
    """A stand-in router: two minutes per km whatever the mode."""

    name = "proef"

    def minutes(self, origin_lat, origin_lon, lats, lons, km, mode, policy):  # type: ignore[no-untyped-def]
        return np.asarray(km) * 2.0

    def basis(self, km: float, minutes: float, mode: str, policy: Policy) -> str:
        return f"{minutes:.0f} min (proef)"


def carers_of(plan) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.carer_name for p in plan.parts]


def siblings_line(option) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.explanation for f in option.factors if f.key == "siblings_together"]


def test_a_contact_tie_broken_needs_no_reason_and_apart_homes_cost_less_further_apart() -> None:
    ties = (tie(ANNA, BRAM), tie(BRAM, CAS, "contact", kind="half"), tie(ANNA, CAS, "apart"))
    carers = [carer("Twee", east=1, places=2), carer("Een", east=2), carer("Buur", east=2.3)]
    result = plan_group(index_of(carers), request(ANNA, BRAM, CAS, ties=ties), DEFAULT_POLICY,
                        Filters(limit=4, today=TODAY))
    # Anna and Cas never share a home: 3 of the 5 partitions remain. Only the plans that keep
    # Anna and Bram together are shown while there are such plans.
    assert (result.search, result.partitions_considered) == ("exact", 3)
    assert not result.all_together_feasible
    assert [carers_of(p) for p in result.plans] == [["Twee", "Buur"], ["Twee", "Een"]]
    assert [p.rank for p in result.plans] == [1, 2]
    for plan, km in zip(result.plans, (1.3, 1.0)):
        assert not plan.all_together and not plan.requires_split_reason
        assert [(b.kind, b.intent) for b in plan.broken_ties] == [("half", "contact")]
        assert plan.split_penalty == 0.0
        (apart,) = plan.apart_distances
        assert (apart.child_a, apart.child_b, apart.reason, apart.min_km) == (
            ANNA.child_id, CAS.child_id, None, None)
        assert apart.km == pytest.approx(km, abs=0.02)
        assert apart.penalty == pytest.approx(0.05 * (1 - apart.km / 5), abs=1e-3)
        assert plan.apart_penalty == pytest.approx(apart.penalty)
        assert plan.members_score == pytest.approx((1.0 + 1.0 + 1.0) / 3, abs=0.01)
        assert plan.score == pytest.approx(plan.members_score - apart.penalty)
        assert [(d.parts, d.km) for d in plan.part_distances_km] == [((0, 1), apart.km)]
        together, alone = plan.parts
        assert together.child_ids == [ANNA.child_id, BRAM.child_id] and together.free_places == 2
        assert alone.child_ids == [CAS.child_id] and alone.free_places == 1
        for part in plan.parts:
            assert part.score == pytest.approx(sum(m.score for m in part.members)
                                               / len(part.members))
        assert [siblings_line(m) for m in together.members] == [
            ["Woont samen met 1 van de 1 broers/zussen met wie samenwonen de bedoeling is"]] * 2
        assert siblings_line(alone.members[0]) == []
    assert result.plans[0].explanation == [
        "Gemiddelde score van de kinderen: 1,00",
        "Kind 1 en kind 3 apart (geen reden vastgelegd): 1,3 km tussen de huizen; dichtbij "
        "elkaar, aftrek -0,04",
        "Score van het plan: 0,96",
    ]
    # Per child: the summary of the search, no options of its own; the siblings factor
    # applies to the children with a together-tie only.
    assert [pc.child_id for pc in result.per_child] == [c.child_id for c in (ANNA, BRAM, CAS)]
    assert all(pc.options == [] and pc.exclusion_summary.eligible == 3
               for pc in result.per_child)
    assert ["siblings_together" in pc.factors_not_applicable for pc in result.per_child] == [
        False, False, True]


def test_a_split_with_two_close_apart_pairs_shows_each_cost_and_their_sum() -> None:
    ties = (tie(ANNA, BRAM), tie(ANNA, CAS, "apart", "specialist_care"),
            tie(BRAM, CAS, "apart", "onbekende_reden"))
    carers = [carer("X", east=1), carer("Y", east=2), carer("Z", east=3)]
    result = plan_group(index_of(carers), request(ANNA, BRAM, CAS, ties=ties), DEFAULT_POLICY,
                        Filters(limit=2, today=TODAY))
    assert result.partitions_considered == 2  # only {Anna, Bram} {Cas} and all apart
    first = result.plans[0]
    assert carers_of(first) == ["X", "Y", "Z"]
    assert first.requires_split_reason
    assert [(b.child_a, b.child_b, b.kind, b.intent) for b in first.broken_ties] == [
        (ANNA.child_id, BRAM.child_id, "full", "together")]
    assert first.split_penalty == pytest.approx(0.1)
    anna, bram, cas = (part.members[0] for part in first.parts)
    assert anna.score == pytest.approx(8.5 / 11.5) and bram.score == pytest.approx(8.5 / 11.5)
    assert cas.score == pytest.approx(1.0)
    assert siblings_line(anna) == [
        "Woont samen met 0 van de 1 broers/zussen met wie samenwonen de bedoeling is"]
    assert first.members_score == pytest.approx((2 * 8.5 / 11.5 + 1.0) / 3)
    costs = [a.penalty for a in first.apart_distances]
    assert costs == pytest.approx([0.05 * (1 - 2.0 / 5), 0.05 * (1 - 1.0 / 5)], abs=1e-3)
    assert first.apart_penalty == pytest.approx(sum(costs))
    assert first.score == pytest.approx(first.members_score - 0.1 - sum(costs))
    assert first.explanation == [
        "Gemiddelde score van de kinderen: 0,83",
        "Aftrek voor 1 verbroken band (samen wonen was de bedoeling): -0,10",
        "Kind 1 en kind 3 apart (een van beiden heeft specialistische zorg nodig): 2,0 km "
        "tussen de huizen; dichtbij elkaar, aftrek -0,03",
        "Kind 2 en kind 3 apart (onbekende_reden): 1,0 km tussen de huizen; dichtbij elkaar, "
        "aftrek -0,04",
        "Aftrek voor huizen dicht bij elkaar samen: -0,07",
        "Score van het plan: 0,66",
    ]
    assert [p.score for p in result.plans] == sorted((p.score for p in result.plans),
                                                     reverse=True)


def test_apart_homes_beyond_the_good_distance_cost_nothing_and_say_nothing_of_it() -> None:
    ties = (tie(ANNA, BRAM, "apart", "severe_conflict"),)
    carers = [carer("West", east=-3), carer("Oost", east=3)]
    (plan, *_) = plan_group(index_of(carers), request(ANNA, BRAM, ties=ties), DEFAULT_POLICY,
                            Filters(limit=1, today=TODAY)).plans
    (apart,) = plan.apart_distances
    assert apart.km > 5 and apart.penalty == 0.0 and plan.apart_penalty == 0.0
    assert plan.broken_ties == [] and not plan.requires_split_reason
    assert plan.explanation[1] == (
        f"Kind 1 en kind 2 apart (ernstig conflict): {apart.km:.1f} km tussen de huizen"
        .replace(".", ","))
    assert len(plan.explanation) == 3


def test_two_broken_together_ties_read_in_the_plural_and_cost_twice() -> None:
    ties = (tie(ANNA, BRAM), tie(BRAM, CAS), tie(ANNA, CAS))
    carers = [carer("Twee", east=1, places=2), carer("Een", east=2)]
    plans = plan_group(index_of(carers), request(ANNA, BRAM, CAS, ties=ties), DEFAULT_POLICY,
                       Filters(limit=3, today=TODAY)).plans
    assert plans and all(len(p.parts) == 2 for p in plans)
    for plan in plans:
        assert len(plan.broken_ties) == 2 and plan.split_penalty == pytest.approx(0.2)
        assert "Aftrek voor 2 verbroken banden (samen wonen was de bedoeling): -0,20" in \
            plan.explanation
        pair = next(p for p in plan.parts if len(p.child_ids) == 2)
        # Each child of the pair keeps one of its two together-ties.
        assert [siblings_line(m) for m in pair.members] == [
            ["Woont samen met 1 van de 2 broers/zussen met wie samenwonen de bedoeling is"]] * 2
        share = next(f for f in pair.members[0].factors if f.key == "siblings_together")
        assert (share.score, share.raw, share.unit) == (0.5, 50.0, "%")


def test_a_large_group_is_split_into_as_few_parts_as_the_places_allow() -> None:
    # Eight children who should all live together, two of them never in one home; homes take
    # four. The beam search must still find two parts of four (15 ties broken), not more parts.
    kids = [child(f"k{i}", age=4 + i) for i in range(8)]
    ties = tuple(tie(a, b) for a, b in itertools.combinations(kids, 2))
    ties = (*ties[:-1], tie(kids[6], kids[7], "apart", "severe_conflict"))
    carers = [carer(f"C{i}", east=i * 0.7, places=4) for i in range(5)]
    result = plan_group(index_of(carers), request(*kids, ties=ties), DEFAULT_POLICY,
                        Filters(limit=3, today=TODAY))
    assert result.search == "beam" and result.plans
    for plan in result.plans:
        assert [len(part.child_ids) for part in plan.parts] == [4, 4]
        assert len(plan.broken_ties) == 15
        assert plan.split_penalty == pytest.approx(1.5)


def test_a_tie_to_a_child_outside_the_request_is_left_out_of_the_plans() -> None:
    elsewhere = child("elders", age=14)  # a sibling not in this request
    ties = (tie(ANNA, BRAM), tie(ANNA, elsewhere), tie(elsewhere, CAS, "apart", "threat"))
    result = plan_group(index_of([carer("Twee", places=2), carer("Een", east=1)]),
                        request(ANNA, BRAM, ties=ties), DEFAULT_POLICY,
                        Filters(limit=5, today=TODAY))
    first = result.plans[0]
    assert first.all_together and first.broken_ties == [] and first.apart_distances == []
    assert result.child_ids == [ANNA.child_id, BRAM.child_id]


def summary(plan) -> tuple:  # type: ignore[no-untyped-def,type-arg]
    return (tuple((p.carer_name, tuple(p.child_ids)) for p in plan.parts), round(plan.score, 9))


def test_asking_for_fewer_plans_gives_the_first_of_the_longer_list() -> None:
    ties = (tie(ANNA, BRAM), tie(BRAM, CAS, "contact"), tie(ANNA, CAS, "apart"))
    carers = [carer("Twee", east=1, places=2), carer("TweeVer", east=6, places=2),
              carer("Een", east=2), carer("Buur", east=2.3), carer("Verder", east=4),
              carer("Ver", east=8)]
    index = index_of(carers)
    req = request(ANNA, BRAM, CAS, ties=ties)
    longest = plan_group(index, req, DEFAULT_POLICY, Filters(limit=12, today=TODAY)).plans
    assert len(longest) > 4
    for limit in (1, 2, 3, 4):
        plans = plan_group(index, req, DEFAULT_POLICY, Filters(limit=limit, today=TODAY)).plans
        assert [summary(p) for p in plans] == [summary(p) for p in longest[:limit]], limit
        assert [p.rank for p in plans] == list(range(1, limit + 1))
    for plan in longest:
        members = [m.score for part in plan.parts for m in part.members]
        assert plan.members_score == pytest.approx(sum(members) / len(members))


def test_children_without_ties_may_each_go_to_a_home_of_one() -> None:
    result = plan_group(index_of([carer("A", east=1), carer("B", east=2), carer("C", east=3)]),
                        request(ANNA, BRAM, CAS), DEFAULT_POLICY, Filters(limit=10, today=TODAY))
    assert result.plans and all(len(p.parts) == 3 for p in result.plans)
    assert sorted(p.carer_name for p in result.plans[0].parts) == ["A", "B", "C"]


def test_contact_only_siblings_see_the_home_for_both_first_then_the_splits() -> None:
    ties = (tie(ANNA, BRAM, "contact"),)
    carers = [carer("Samen", east=5, places=2), carer("Een", east=0.5), carer("Twee", east=1)]
    plans = plan_group(index_of(carers), request(ANNA, BRAM, ties=ties), DEFAULT_POLICY,
                       Filters(limit=10, today=TODAY)).plans
    assert plans[0].all_together and [p.carer_name for p in plans[0].parts] == ["Samen"]
    splits = plans[1:]
    assert splits and all(len(p.parts) == 2 and not p.requires_split_reason for p in splits)
    # The splits score higher (nearer homes), yet living together comes first.
    assert max(p.score for p in splits) > plans[0].score


def test_without_a_together_tie_the_travel_limit_is_not_stretched() -> None:
    ties = (tie(ANNA, BRAM, "contact"),)
    far_home = carer("Gezinshuis", east=13, places=2, kind="family_home", foster_kind=None)
    plans = plan_group(index_of([far_home, carer("Een", east=1), carer("Twee", east=2)]),
                       request(ANNA, BRAM, ties=ties), DEFAULT_POLICY,
                       Filters(limit=10, today=TODAY)).plans
    assert plans and all(not p.all_together and not p.travel_exceptions for p in plans)


def test_together_within_the_limit_shows_no_splits_and_no_home_beyond_it() -> None:
    ties = (tie(ANNA, BRAM),)
    carers = [carer("Samen", east=3, places=2),
              carer("SamenVer", east=13, places=2),  # about 68 min by bike: beyond 60
              carer("Een", east=1), carer("Twee", east=2)]
    result = plan_group(index_of(carers), request(ANNA, BRAM, ties=ties), DEFAULT_POLICY,
                        Filters(limit=10, today=TODAY, include_exclusions=True))
    # Both homes for two: the one beyond the limit with its travel exception; no splits.
    assert [[p.carer_name for p in plan.parts] for plan in result.plans] == [
        ["Samen"], ["SamenVer"]]
    assert [bool(p.travel_exceptions) for p in result.plans] == [False, True]
    # A split is looked for only when no home takes both within the limit; then no part of a
    # split may lie beyond the limit either.
    away_result = plan_group(index_of(carers[1:]), request(ANNA, BRAM, ties=ties),
                             DEFAULT_POLICY, Filters(limit=10, today=TODAY))
    away = away_result.plans
    # Anna has two homes within her limit: the hint says what a longer trip would add.
    assert [h.text for h in away_result.per_child[0].relaxations] == [
        "met 75 min maximale reistijd: 1 extra"]
    assert away[0].all_together and away[0].travel_exceptions
    # Bram, 9, is driven there within the limit; Anna, 12, would cycle 68 minutes.
    splits = away[1:]
    assert splits and all(not p.all_together for p in splits)
    assert all(ANNA.child_id not in part.child_ids for plan in splits for part in plan.parts
               if part.carer_name == "SamenVer")
    assert any(part.carer_name == "SamenVer" for plan in splits for part in plan.parts)
    # Per child: the search's summary, the exclusions asked for, the basis and the version.
    for pc in result.per_child:
        assert pc.policy_version == 1 and pc.travel_basis == "offline"
    assert [[e.carer_name for e in pc.exclusions or []] for pc in result.per_child] == [
        ["SamenVer"], []]
    assert result.policy_version == 1


def test_a_light_policy_still_plans_and_a_router_times_the_members_trips() -> None:
    ties = (tie(ANNA, BRAM),)
    carers = [carer("Samen", east=3, places=2), carer("Een", east=1), carer("Twee", east=2)]
    light = Policy(version=4, weights={"school_travel": 0.2, "siblings_together": 0.3})
    plans = plan_group(index_of(carers), request(ANNA, BRAM, ties=ties), light,
                       Filters(limit=10, today=TODAY)).plans
    assert [[p.carer_name for p in plan.parts] for plan in plans] == [["Samen"]]
    (part,) = plans[0].parts
    assert plans[0].members_score == pytest.approx(
        sum(m.score for m in part.members) / 2)
    router = MinutesPerKm()
    plans = plan_group(index_of(carers), request(ANNA, BRAM, ties=ties), DEFAULT_POLICY,
                       Filters(limit=10, today=TODAY), router).plans
    school = next(f for f in plans[0].parts[0].members[0].factors if f.key == "school_travel")
    assert school.explanation == "Naar school (school): 6 min (proef)"


def test_a_sibling_living_elsewhere_is_not_counted_twice_in_a_plan() -> None:
    brother_home = carer("BijBroer", east=1, places=2)
    anna = child("anna", age=12, together_sibling_carers=(brother_home["id"],))
    plans = plan_group(index_of([brother_home, carer("Ander", east=2, places=2)]),
                       request(anna, BRAM, ties=(tie(anna, BRAM),)), DEFAULT_POLICY,
                       Filters(limit=10, today=TODAY)).plans
    for plan in plans:
        for member in plan.parts[0].members:
            assert [f.key for f in member.factors].count("siblings_together") == 1


def test_a_period_booked_later_leaves_room_for_the_whole_group() -> None:
    ties = (tie(ANNA, BRAM),)
    home = carer("Samen", east=2, places=2)
    index = index_of([home, carer("Een", east=1), carer("Twee", east=1.5)],
                     occupied={"Samen": [(START + dt.timedelta(days=40), None)]})
    short = plan_group(index, request(ANNA, BRAM, ties=ties, duration=30), DEFAULT_POLICY,
                       Filters(limit=10, today=TODAY)).plans
    assert short[0].all_together and short[0].parts[0].carer_name == "Samen"
    assert short[0].parts[0].free_places == 2
    open_ended = plan_group(index, request(ANNA, BRAM, ties=ties), DEFAULT_POLICY,
                            Filters(limit=10, today=TODAY)).plans
    assert all(not p.all_together for p in open_ended)


def test_six_children_are_still_planned_exactly() -> None:
    kids = [child(f"z{i}", age=5 + i) for i in range(6)]
    ties = tuple(tie(a, b) for a, b in itertools.combinations(kids, 2))
    result = plan_group(index_of([carer("Groot", places=6)]), request(*kids, ties=ties),
                        DEFAULT_POLICY, Filters(limit=3, today=TODAY))
    assert (result.search, result.partitions_considered) == ("exact", 203)
    assert result.plans[0].all_together
