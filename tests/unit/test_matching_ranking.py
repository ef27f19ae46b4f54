"""Single-child ranking on hand-made scenarios with a known right answer."""

from __future__ import annotations

import dataclasses
import datetime as dt

import msgspec

from placement.matching.core.engine import rank_child
from placement.matching.core.index import day_number
from placement.matching.core.policy import DEFAULT_POLICY, Policy
from placement.matching.core.profiles import Filters, SafetyZone
from tests.unit.matching_helpers import (
    START,
    TODAY,
    at,
    carer,
    child,
    index_of,
    need,
    request,
)

FILTERS = Filters(limit=10, today=TODAY)


def names(ranking) -> list[str]:  # type: ignore[no-untyped-def]
    return [o.carer_name for o in ranking.options]


def reasons(ranking) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {e.carer_name: [r.code for r in e.reasons] for e in ranking.exclusions or []}


def test_nearer_school_wins_when_all_else_is_equal() -> None:
    # Both carers are 3 km from the child's home; the school lies 2 km east.
    near, far = carer("Oost", east=3), carer("West", east=-3)
    kid = child(school_east=2.0)
    ranking = rank_child(index_of([far, near]), kid, request(kid), DEFAULT_POLICY, FILTERS)
    assert names(ranking) == ["Oost", "West"]
    school = {o.carer_name: next(f for f in o.factors if f.key == "school_travel")
              for o in ranking.options}
    assert school["Oost"].raw < school["West"].raw
    assert "schatting" in school["Oost"].explanation and "omweg" in school["Oost"].explanation


def test_network_family_ranks_above_a_general_one_at_similar_distance() -> None:
    general = carer("Algemeen", east=2.0)
    network = carer("Oma", east=2.3, foster_kind="network")
    kid = child(network_ties={network["id"]: "grandparent"})
    ranking = rank_child(index_of([general, network]), kid, request(kid), DEFAULT_POLICY, FILTERS)
    assert names(ranking) == ["Oma", "Algemeen"]
    tie = next(f for f in ranking.options[0].factors if f.key == "network_tie")
    assert tie.score == 1.0 and tie.explanation == "Netwerk: bekend van het kind (grootouder)"


def test_missing_must_need_excludes_and_a_supportable_one_is_with_support() -> None:
    full, support, none = carer("Vol", east=1), carer("Steun", east=1.5), carer("Geen", east=0.5)
    competences = [need(full, "trauma"), need(support, "trauma", "with_support", "ambulant team")]
    kid = child(must_needs=("trauma",))
    ranking = rank_child(index_of([full, support, none], competences=competences), kid,
                         request(kid), DEFAULT_POLICY, msgspec.structs.replace(
                             FILTERS, include_exclusions=True))
    assert names(ranking) == ["Vol", "Steun"]
    assert reasons(ranking) == {"Geen": ["must_need_not_covered"]}
    by_name = {o.carer_name: o for o in ranking.options}
    assert not by_name["Vol"].with_support
    assert by_name["Steun"].with_support
    assert [(s.need_code, s.note) for s in by_name["Steun"].support_needed] == [
        ("trauma", "ambulant team")]


def test_age_gender_type_and_period_exclusions_name_the_right_reason() -> None:
    carers = [
        carer("Goed"),
        carer("TeJong", age_min=14),
        carer("Jongens", genders_accepted=["m"]),
        carer("Crisis", placement_types=["crisis"]),
        carer("Bezet", occupied=None),
        carer("LaterBezet"),
    ]
    occupied = {
        # occupied for part of the requested 90-day period: not free
        "Bezet": [(START + dt.timedelta(days=30), START + dt.timedelta(days=60))],
        # occupied only after the requested period ends: free
        "LaterBezet": [(START + dt.timedelta(days=90), None)],
    }
    kid = child(age=11, gender="f")
    ranking = rank_child(index_of(carers, occupied=occupied), kid, request(kid, duration=90),
                         DEFAULT_POLICY, msgspec.structs.replace(FILTERS, include_exclusions=True))
    assert sorted(names(ranking)) == ["Goed", "LaterBezet"]
    assert reasons(ranking) == {
        "TeJong": ["age_outside_range"], "Jongens": ["gender_not_accepted"],
        "Crisis": ["type_not_offered"], "Bezet": ["no_free_place"]}
    summary = {r.code: r.count for r in ranking.exclusion_summary.by_reason}
    assert summary == {"age_outside_range": 1, "gender_not_accepted": 1, "type_not_offered": 1,
                       "no_free_place": 1}
    assert ranking.exclusion_summary.eligible == 2 and ranking.exclusion_summary.excluded == 4


def test_full_carer_is_excluded_and_a_place_freeing_the_day_before_counts() -> None:
    full = carer("Vol", places=2)
    freeing = carer("Vrijkomend", places=1)
    occupied = {
        "Vol": [(dt.date(2025, 1, 1), None), (dt.date(2026, 1, 1), START + dt.timedelta(days=1))],
        # the last night there is the day before the desired start: the place is free from START
        "Vrijkomend": [(dt.date(2025, 1, 1), START - dt.timedelta(days=1))],
    }
    kid = child()
    ranking = rank_child(index_of([full, freeing], occupied=occupied), kid, request(kid),
                         DEFAULT_POLICY, msgspec.structs.replace(FILTERS, include_exclusions=True))
    assert names(ranking) == ["Vrijkomend"]
    assert reasons(ranking) == {"Vol": ["no_free_place"]}
    assert ranking.options[0].free_places == 1


def test_a_booking_in_the_index_is_seen_by_the_next_search_of_the_same_period() -> None:
    two = carer("Twee", places=2)
    index = index_of([two])
    kid = child()
    first = rank_child(index, kid, request(kid), DEFAULT_POLICY, FILTERS)
    assert first.options[0].free_places == 2
    index.add_occupancy(0, day_number(START), day_number(START) + 30)
    second = rank_child(index, kid, request(kid), DEFAULT_POLICY, FILTERS)
    assert second.options[0].free_places == 1  # not the answer kept from the first search


def test_distance_and_per_child_exclusions() -> None:
    threat_lat, threat_lon = at(5)
    near_threat, banned, far_away, fine = (carer("BijDreiging", east=5.5), carer("Verboden"),
                                           carer("Ver", north=60), carer("Goed", east=-1))
    kid = child(safety_zones=(SafetyZone(latitude=threat_lat, longitude=threat_lon,
                                         min_distance_km=3),),
                excluded_carers={banned["id"]: "eerdere breakdown"})
    ranking = rank_child(index_of([near_threat, banned, far_away, fine]), kid, request(kid),
                         DEFAULT_POLICY, msgspec.structs.replace(FILTERS, include_exclusions=True))
    assert names(ranking) == ["Goed"]
    assert reasons(ranking) == {"BijDreiging": ["safety_distance"],
                                "Verboden": ["carer_excluded_for_child"],
                                "Ver": ["beyond_max_travel_time"]}
    wider = rank_child(index_of([far_away]), kid, request(kid), DEFAULT_POLICY,
                       msgspec.structs.replace(FILTERS, max_travel_minutes=600))
    assert names(wider) == ["Ver"]


def test_apart_sibling_living_at_a_carer_excludes_that_carer() -> None:
    home_of_brother, other = carer("Broer"), carer("Ander", east=2)
    kid = child(apart_sibling_carers=(home_of_brother["id"],))
    ranking = rank_child(index_of([home_of_brother, other]), kid, request(kid), DEFAULT_POLICY,
                         msgspec.structs.replace(FILTERS, include_exclusions=True))
    assert names(ranking) == ["Ander"]
    assert reasons(ranking) == {"Broer": ["apart_sibling_together"]}


def test_stale_availability_is_flagged_and_down_weighted() -> None:
    fresh = carer("Vers", east=2)
    stale = carer("Oud", east=2, availability_confirmed_at=TODAY - dt.timedelta(days=200))
    kid = child()
    ranking = rank_child(index_of([stale, fresh]), kid, request(kid), DEFAULT_POLICY, FILTERS)
    assert names(ranking) == ["Vers", "Oud"]
    old = ranking.options[1]
    assert old.availability_stale and not ranking.options[0].availability_stale
    freshness = next(f for f in old.factors if f.key == "availability_freshness")
    assert freshness.score == 0.0 and freshness.raw == 200
    assert "verouderd" in freshness.explanation
    assert old.score < ranking.options[0].score


def test_policy_change_changes_the_order_and_the_version() -> None:
    # Near the school but outside the wijk, versus in the own wijk but further from school.
    near_school = carer("BijSchool", east=1, wijk_code="oost")
    own_wijk = carer("EigenWijk", east=-8, wijk_code="binnenstad")
    kid = child(school_east=1.0)
    index = index_of([near_school, own_wijk])
    before = rank_child(index, kid, request(kid), DEFAULT_POLICY, FILTERS)
    wijk_first = Policy(version=2, weights={**DEFAULT_POLICY.weights, "own_wijk": 20.0})
    after = rank_child(index, kid, request(kid), wijk_first, FILTERS)
    assert names(before) == ["BijSchool", "EigenWijk"] and before.policy_version == 1
    assert names(after) == ["EigenWijk", "BijSchool"] and after.policy_version == 2


def test_expressed_wishes_count_only_when_expressed() -> None:
    arabic = carer("Arabisch", languages=["arabisch", "nederlands"])
    dutch = carer("Nederlands")
    silent, wishing = child("stil"), child("wens", wishes={"language": "Arabisch"})
    index = index_of([dutch, arabic])
    plain = rank_child(index, silent, request(silent), DEFAULT_POLICY, FILTERS)
    assert "expressed_wishes" in plain.factors_not_applicable
    assert all(f.key != "expressed_wishes" for o in plain.options for f in o.factors)
    wished = rank_child(index, wishing, request(wishing), DEFAULT_POLICY, FILTERS)
    assert names(wished)[0] == "Arabisch"


def test_age_order_prefers_the_placed_child_youngest() -> None:
    kid = child(age=8)
    year = kid.birth_date.year
    older_kids = carer("OudereKinderen", own_children_birth_years=[year - 4])
    same_age = carer("Leeftijdgenoot", own_children_birth_years=[year])
    ranking = rank_child(index_of([same_age, older_kids]), kid, request(kid), DEFAULT_POLICY,
                         FILTERS)
    assert names(ranking) == ["OudereKinderen", "Leeftijdgenoot"]
    order = {o.carer_name: next(f for f in o.factors if f.key == "age_order")
             for o in ranking.options}
    assert order["Leeftijdgenoot"].score == 0.0 and order["OudereKinderen"].raw == 4


def test_own_wijk_explanation_names_the_wijk_as_people_say_it() -> None:
    inside = carer("Binnen", east=0.5, wijk_code="binnenstad")
    outside = carer("Buiten", east=0.6, wijk_code="vleuten_de_meern")
    kid = child()  # lives in the Binnenstad
    base = index_of([inside, outside])
    labelled = dataclasses.replace(base, wijk_labels={"binnenstad": "Binnenstad",
                                                      "vleuten_de_meern": "Vleuten-De Meern"})
    ranking = rank_child(labelled, kid, request(kid), DEFAULT_POLICY, FILTERS)
    lines = {o.carer_name: next(f.explanation for f in o.factors if f.key == "own_wijk")
             for o in ranking.options}
    assert lines["Binnen"] == "In de eigen wijk van het kind (Binnenstad)"
    assert lines["Buiten"] == "Buiten de eigen wijk (Binnenstad); opvang in Vleuten-De Meern"


def test_every_code_in_an_explanation_reads_as_dutch() -> None:
    """Issue 12, point 10: relations, languages and needs in their Dutch words."""
    aunt = carer("Tante", languages=["nederlands", "somalisch"])
    index = index_of([aunt], competences=[need(aunt, "trauma")])
    kid = child(network_ties={aunt["id"]: "aunt_uncle"}, wishes={"language": "somalisch"},
                should_needs=("trauma", "adhd", "lvb"))
    (option,) = rank_child(index, kid, request(kid), DEFAULT_POLICY, FILTERS).options
    lines = {f.key: f.explanation for f in option.factors}
    assert lines["network_tie"] == "Netwerk: bekend van het kind (oom of tante)"
    assert lines["expressed_wishes"] == "Uitgesproken wens: taal Somalisch klopt"
    assert lines["needs_fit"] == ("Dekt 1 van 3 zorgbehoeften volledig; niet: ADHD, "
                                  "licht verstandelijke beperking (LVB)")
