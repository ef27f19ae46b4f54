"""Ranking details an officer relies on, on hand-made scenarios (found by the mutation run):
which single relaxation is offered and with how many extra carers, the order of equal options
and of the excluded carers, and the counts of the exclusion summary."""

from __future__ import annotations

import dataclasses
import uuid

import numpy as np

from placement.geo.distance import geodesic_km_many
from placement.matching.core.engine import rank_child
from placement.matching.core.policy import DEFAULT_POLICY, Policy
from placement.matching.core.profiles import Filters, SafetyZone
from tests.unit.matching_helpers import ORG, TODAY, at, carer, child, index_of, need, request

OTHER_ORG = uuid.UUID("00000000-0000-0000-0000-00000000b002")


def test_each_single_relaxation_counts_only_carers_it_would_really_add() -> None:
    # An 11-year-old cycles beyond 1 km: 5.2 min per km, so 60 min reaches 11.5 km, 75 min
    # 14.4 km, 90 min 17.3 km.
    carers = [
        carer("Past", east=1),
        carer("TeOud1", east=2, age_max=10), carer("TeOud2", east=3, age_max=10),
        carer("TeOudVer", east=25, age_max=10),  # also beyond the limit: not added
        carer("AlleenCrisis", east=2, placement_types=["crisis"]),
        carer("Ver16", east=16),  # 83 min: added only at 90 min
        carer("Ver30", east=30),  # 156 min: beyond every step
    ]
    kid = child(age=11)
    ranking = rank_child(index_of(carers), kid, request(kid), DEFAULT_POLICY,
                         Filters(today=TODAY))
    assert [o.carer_name for o in ranking.options] == ["Past"]
    assert [(h.code, h.value, h.extra, h.text) for h in ranking.relaxations] == [
        ("age_outside_range", None, 2, "met een uitzondering op de leeftijdsgrens: 2 extra"),
        ("max_travel_minutes", "90", 1, "met 90 min maximale reistijd: 1 extra"),
        ("type_not_offered", None, 1, "als een andere pleegzorgvorm kan: 1 extra"),
    ]
    # The ranking itself is unchanged by the hints.
    assert ranking.exclusion_summary.eligible == 1
    assert ranking.exclusion_summary.considered == 7 and ranking.exclusion_summary.excluded == 6


def test_the_first_travel_step_that_adds_a_carer_is_the_one_offered() -> None:
    kid = child(age=11)
    ranking = rank_child(index_of([carer("Ver13", east=13), carer("Ver16", east=16)]), kid,
                         request(kid), DEFAULT_POLICY, Filters(today=TODAY))
    assert [h.text for h in ranking.relaxations] == ["met 75 min maximale reistijd: 1 extra"]
    wider = rank_child(index_of([carer("Ver22", east=22)]), kid, request(kid), DEFAULT_POLICY,
                       Filters(today=TODAY))
    assert [h.text for h in wider.relaxations] == ["met 120 min maximale reistijd: 1 extra"]
    # From a travel limit the officer set: the steps count from there.
    own_limit = rank_child(index_of([carer("Ver13", east=13)]), kid, request(kid),
                           DEFAULT_POLICY, Filters(today=TODAY, max_travel_minutes=45))
    assert [h.text for h in own_limit.relaxations] == ["met 75 min maximale reistijd: 1 extra"]


def test_a_relaxation_never_counts_a_carer_near_an_address_the_child_must_avoid() -> None:
    zone = at(3)
    carers = [carer("Past", east=-1), carer("TeOudBijZone", east=3.5, age_max=10),
              carer("TeOudVeilig", east=-2, age_max=10)]
    kid = child(age=11, safety_zones=(SafetyZone(latitude=zone[0], longitude=zone[1],
                                                 min_distance_km=2),))
    ranking = rank_child(index_of(carers), kid, request(kid), DEFAULT_POLICY,
                         Filters(today=TODAY))
    assert [(h.code, h.extra) for h in ranking.relaxations] == [("age_outside_range", 1)]


def test_support_for_one_need_is_offered_per_need_and_never_for_two_at_once() -> None:
    trauma_only = carer("AlleenTrauma", east=1)
    adhd_only = carer("AlleenADHD", east=1.5)
    neither = carer("Geen", east=2)
    competences = [need(trauma_only, "trauma"), need(adhd_only, "adhd")]
    kid = child(must_needs=("trauma", "adhd"))
    ranking = rank_child(index_of([trauma_only, adhd_only, neither], competences=competences),
                         kid, request(kid), DEFAULT_POLICY, Filters(today=TODAY))
    assert ranking.options == []
    assert [(h.code, h.value, h.text) for h in ranking.relaxations] == [
        ("support_for_need", "trauma", "met extra ondersteuning voor trauma: 1 extra"),
        ("support_for_need", "adhd", "met extra ondersteuning voor ADHD: 1 extra"),
    ]
    labelled = dataclasses.replace(
        index_of([trauma_only, adhd_only, neither], competences=competences),
        need_labels={"trauma": "Traumabehandeling"})
    ranking = rank_child(labelled, kid, request(kid), DEFAULT_POLICY, Filters(today=TODAY))
    assert ranking.relaxations[0].text == (
        "met extra ondersteuning voor traumabehandeling: 1 extra")
    # Another organisation's carer is named as such.
    elsewhere = carer("Elders", east=1, organisation_id=OTHER_ORG)
    plain = child()
    scoped = rank_child(index_of([elsewhere]), plain, request(plain), DEFAULT_POLICY,
                        Filters(today=TODAY, organisation_id=ORG))
    assert [(h.code, h.value, h.extra) for h in scoped.relaxations] == [
        ("other_organisation", None, 1)]


def test_the_limit_takes_the_best_and_equal_scores_go_by_carer_id() -> None:
    best = carer("Beste", east=0.1)
    equal = [carer(f"Gelijk{i}", east=8) for i in range(4)]
    kid = child()
    by_id = sorted(equal, key=lambda c: str(c["id"]))
    for limit in (1, 2, 3, 5, 6):
        ranking = rank_child(index_of([*equal, best]), kid, request(kid), DEFAULT_POLICY,
                             Filters(today=TODAY, limit=limit))
        expected = ["Beste", *(c["name"] for c in by_id)][:limit]
        assert [o.carer_name for o in ranking.options] == expected
        assert ranking.child_id == kid.child_id and ranking.policy_version == 1
        assert [o.rank for o in ranking.options] == list(range(1, len(expected) + 1))


def test_excluded_carers_are_listed_by_id_with_every_reason_in_summary_order() -> None:
    carers = [carer(f"Gepauzeerd{i}", status="paused", age_max=5) for i in range(3)]
    carers.append(carer("Elders", organisation_id=OTHER_ORG, status="paused"))
    kid = child(age=11, gender="m")
    carers.append(carer("Meisjes", genders_accepted=["f"], places=0))
    ranking = rank_child(index_of(carers), kid, request(kid), DEFAULT_POLICY,
                         Filters(today=TODAY, organisation_id=ORG, include_exclusions=True))
    excluded = ranking.exclusions or []
    in_scope = [c for c in carers if c["organisation_id"] == ORG]
    assert [(e.carer_id, e.carer_name) for e in excluded] == [
        (c["id"], c["name"]) for c in sorted(in_scope, key=lambda c: str(c["id"]))]
    reasons = {e.carer_name: [(r.code, r.text) for r in e.reasons] for e in excluded}
    assert reasons["Gepauzeerd0"] == [
        ("carer_not_active", "Opvanglocatie is niet actief (gepauzeerd of gestopt)"),
        ("age_outside_range",
         "Leeftijd van het kind valt buiten wat de opvanglocatie accepteert")]
    assert reasons["Meisjes"] == [
        ("no_free_place", "Geen vrije plek in de gevraagde periode"),
        ("gender_not_accepted", "Gender van het kind wordt niet geaccepteerd")]
    summary = ranking.exclusion_summary
    assert (summary.considered, summary.eligible, summary.excluded) == (4, 0, 4)
    assert [(r.code, r.count) for r in summary.by_reason] == [
        ("carer_not_active", 3), ("no_free_place", 1), ("age_outside_range", 3),
        ("gender_not_accepted", 1)]
    assert summary.by_reason[0].text == "Opvanglocatie is niet actief (gepauzeerd of gestopt)"
    # Without the organisation filter the other organisation's carer counts too.
    everyone = rank_child(index_of(carers), kid, request(kid), DEFAULT_POLICY,
                          Filters(today=TODAY))
    assert everyone.exclusions is None  # only on request
    assert (everyone.exclusion_summary.considered, everyone.exclusion_summary.excluded) == (5, 5)


def test_every_safety_zone_keeps_carers_away_and_its_edge_is_allowed() -> None:
    west, east = at(-5), at(5)
    carers = [carer("BijWest", east=-4.5), carer("BijOost", east=4.5), carer("Midden"),
              carer("OpDeRand", east=3, north=3)]
    edge = carers[3]
    # The minimum distance to the eastern zone is exactly this carer's distance to it.
    exact = float(geodesic_km_many(east[0], east[1], np.array([edge["latitude"]]),
                                   np.array([edge["longitude"]]))[0])
    zones = (SafetyZone(latitude=west[0], longitude=west[1], min_distance_km=2),
             SafetyZone(latitude=east[0], longitude=east[1], min_distance_km=exact))
    kid = child(safety_zones=zones)
    ranking = rank_child(index_of(carers), kid, request(kid), DEFAULT_POLICY,
                         Filters(today=TODAY, include_exclusions=True))
    assert sorted(o.carer_name for o in ranking.options) == ["Midden", "OpDeRand"]
    assert {e.carer_name: [r.code for r in e.reasons] for e in ranking.exclusions or []} == {
        "BijWest": ["safety_distance"], "BijOost": ["safety_distance"]}


def test_a_policy_with_little_weight_still_orders_and_one_without_any_lists_by_id() -> None:
    kid = child(age=12)
    carers = [carer("Verder", east=10), carer("Dichter", east=9)]
    light = Policy(version=5, weights={"school_travel": 0.5})
    ranking = rank_child(index_of(carers), kid, request(kid), light, Filters(today=TODAY))
    assert [o.carer_name for o in ranking.options] == ["Dichter", "Verder"]
    assert ranking.options[0].score > ranking.options[1].score > 0
    weightless = Policy(version=6, weights={"stability": 0.0})
    ranking = rank_child(index_of(carers), kid, request(kid), weightless, Filters(today=TODAY))
    by_id = sorted(carers, key=lambda c: str(c["id"]))
    assert [o.carer_name for o in ranking.options] == [c["name"] for c in by_id]
    assert [o.score for o in ranking.options] == [0.0, 0.0]
    assert all(f.contribution == 0.0 for o in ranking.options for f in o.factors)


def test_every_reason_of_an_excluded_carer_is_kept_and_support_counts_per_need() -> None:
    zone = at(40)
    paused_banned = carer("PauzeVerboden", status="paused")
    near_zone_far = carer("BijZoneVer", east=39)  # near the zone and beyond the travel limit
    mixed = carer("Gemengd", east=1)
    competences = [need(mixed, "trauma", "with_support", "thuisbegeleiding"),
                   need(mixed, "adhd"), need(paused_banned, "trauma"), need(paused_banned, "adhd"),
                   need(near_zone_far, "trauma"), need(near_zone_far, "adhd")]
    kid = child(must_needs=("trauma", "adhd"),
                excluded_carers={paused_banned["id"]: "eerdere breuk"},
                safety_zones=(SafetyZone(latitude=zone[0], longitude=zone[1],
                                         min_distance_km=3),))
    ranking = rank_child(index_of([paused_banned, near_zone_far, mixed], competences=competences),
                         kid, request(kid), DEFAULT_POLICY,
                         Filters(today=TODAY, include_exclusions=True))
    assert {e.carer_name: [r.code for r in e.reasons] for e in ranking.exclusions or []} == {
        "PauzeVerboden": ["carer_not_active", "carer_excluded_for_child"],
        "BijZoneVer": ["safety_distance", "beyond_max_travel_time"]}
    # Support for the first need is still needed when the second is covered in full.
    (option,) = ranking.options
    assert option.with_support
    assert [(s.need_code, s.note) for s in option.support_needed] == [
        ("trauma", "thuisbegeleiding")]
