"""What an officer reads on each option: every factor's score, weight, share of the score and
Dutch line, on one hand-made scenario with three carers that each take a different branch of
every factor (found by the mutation run: the lines and scores here changed without a test
noticing). The numbers follow from the policy: a weight total of 16 over the nine factors that
apply, trips at 30 km/u by car (the child is 9: walking up to 1.5 km), availability counting
from 30 days (1.0) to 90 days (0.0)."""

from __future__ import annotations

import datetime as dt

import pytest

from placement.matching.core.engine import rank_child
from placement.matching.core.policy import DEFAULT_POLICY
from placement.matching.core.profiles import Filters, Spot
from tests.unit.matching_helpers import (
    ORG,
    START,
    TODAY,
    at,
    carer,
    child,
    index_of,
    need,
    request,
)

FILTERS = Filters(limit=10, today=TODAY, include_exclusions=True)
YEAR = START.year - 9  # the child's birth year


def spot(east: float, north: float = 0.0, name: str = "") -> Spot:
    lat, lon = at(east, north)
    return Spot(latitude=lat, longitude=lon, name=name)


def scenario():  # type: ignore[no-untyped-def]
    # No own children, never confirmed, trauma only with support, in the child's wijk.
    walk = carer("Dichtbij", east=0.2, availability_confirmed_at=None)
    # An own child three years younger than the placed one, a confirmation dated ahead,
    # trauma in full and ADHD with support, a religion the child asked for.
    ahead = carer("Vooruit", east=2, own_children_birth_years=[YEAR + 3],
                  availability_confirmed_at=TODAY + dt.timedelta(days=2), religion="Islam")
    # A family home without a wijk, kin of the child, 60 days since the confirmation.
    home = carer("Gezinshuis", east=3, own_children_birth_years=[YEAR - 2, YEAR + 1],
                 availability_confirmed_at=TODAY - dt.timedelta(days=60), kind="family_home",
                 wijk_code=None)
    competences = [need(walk, "trauma", "with_support", "ambulante steun"),
                   need(ahead, "trauma"), need(ahead, "adhd", "with_support"),
                   need(home, "trauma")]
    kid = child(age=9, clubs=(spot(1, name="voetbal"), spot(-1)), parents=spot(0, 3),
                must_needs=("trauma",), should_needs=("adhd",),
                wishes={"religion": "islam", "food": "halal"},
                network_ties={home["id"]: "great_aunt"})
    index = index_of([walk, ahead, home], competences=competences)
    return rank_child(index, kid, request(kid), DEFAULT_POLICY, FILTERS)


# Computed afresh for every test (not once per module): mutmut links each test to the functions
# it runs, and a ranking kept from an earlier test would link only that first test.
@pytest.fixture
def options():  # type: ignore[no-untyped-def]
    ranking = scenario()
    assert [o.carer_name for o in ranking.options] == ["Gezinshuis", "Vooruit", "Dichtbij"]
    assert [o.rank for o in ranking.options] == [1, 2, 3]
    return {o.carer_name: o for o in ranking.options}


def factors(option):  # type: ignore[no-untyped-def]
    return {f.key: f for f in option.factors}


def test_every_applicable_factor_is_listed_with_its_policy_weight(options) -> None:  # type: ignore[no-untyped-def]
    expected = {"school_travel": 3.0, "club_travel": 1.0, "parents_distance": 2.0,
                "own_wijk": 1.5, "needs_fit": 2.5, "network_tie": 3.0, "age_order": 1.0,
                "expressed_wishes": 1.0, "availability_freshness": 1.0}
    units = {"school_travel": "min", "club_travel": "min", "parents_distance": "km",
             "own_wijk": "wijk", "needs_fit": "%", "network_tie": "ja/nee", "age_order": "jaar",
             "expressed_wishes": "%", "availability_freshness": "dagen"}
    for option in options.values():
        assert {f.key: f.weight for f in option.factors} == expected
        assert {f.key: f.unit for f in option.factors} == units
        for f in option.factors:
            assert f.contribution == pytest.approx(f.weight * f.score / 16.0)
        assert option.score == pytest.approx(sum(f.contribution for f in option.factors))
        assert option.organisation_id == ORG
        # Measured values are shown to two decimals.
        assert all(f.raw == round(f.raw, 2) for f in option.factors
                   if isinstance(f.raw, float))


def test_the_family_home_kin_of_the_child_without_a_wijk(options) -> None:  # type: ignore[no-untyped-def]
    home = options["Gezinshuis"]
    assert home.carer_kind == "family_home" and home.wijk_code is None
    assert not home.with_support and home.support_needed == []
    assert not home.network_family and home.free_places == 1
    f = factors(home)
    assert f["school_travel"].explanation == (
        "Naar school (school): ca. 8 min met de auto (gebracht) (schatting: 3,0 km hemelsbreed "
        "x 1,3 omweg, 30 km/u)")
    assert f["school_travel"].raw == pytest.approx(3.0 * 1.3 / 30 * 60, abs=0.05)
    assert f["school_travel"].unit == "min" and f["school_travel"].score == 1.0
    assert f["club_travel"].explanation == (
        "Naar sport/club: voetbal ca. 5 min met de auto (gebracht) (schatting: 2,0 km "
        "hemelsbreed x 1,3 omweg, 30 km/u); club ca. 10 min met de auto (gebracht) "
        "(schatting: 4,0 km hemelsbreed x 1,3 omweg, 30 km/u)")
    # The mean of the two club trips (2 and 4 km by car).
    assert f["club_travel"].raw == pytest.approx(3.0 * 1.3 / 30 * 60, abs=0.05)
    assert f["parents_distance"].explanation == "4,2 km hemelsbreed van het huis van de ouders"
    assert f["parents_distance"].unit == "km" and f["parents_distance"].score == 1.0
    assert f["own_wijk"].explanation == (
        "Buiten de eigen wijk (binnenstad); opvang in een andere plaats")
    assert f["own_wijk"].raw is None and f["own_wijk"].score == 0.0
    assert f["needs_fit"].explanation == "Dekt 1 van 2 zorgbehoeften volledig; niet: ADHD"
    assert (f["needs_fit"].raw, f["needs_fit"].score) == (50.0, 0.5)
    # A relation without a Dutch word reads without underscores.
    assert f["network_tie"].explanation == "Netwerk: bekend van het kind (great aunt)"
    assert f["age_order"].explanation == "Kind is ouder dan een eigen kind: liever jonger"
    assert (f["age_order"].raw, f["age_order"].score) == (-1.0, 0.4)
    assert f["expressed_wishes"].explanation == (
        "Uitgesproken wens; niet: geloof islam; voedingswens niet te toetsen (niet vastgelegd "
        "bij opvanglocaties)")
    assert f["expressed_wishes"].score == 0.0
    assert f["availability_freshness"].explanation == "Beschikbaarheid 60 dagen geleden bevestigd"
    assert (f["availability_freshness"].raw, f["availability_freshness"].score) == (60.0, 0.5)
    assert not home.availability_stale


def test_the_carer_with_a_confirmation_dated_ahead(options) -> None:  # type: ignore[no-untyped-def]
    ahead = options["Vooruit"]
    assert ahead.carer_kind == "foster_family" and ahead.wijk_code == "binnenstad"
    assert ahead.availability_stale  # a date ahead cannot be true: ask first
    f = factors(ahead)
    assert f["availability_freshness"].explanation == (
        "Bevestigingsdatum van de beschikbaarheid ligt in de toekomst: eerst navragen")
    assert (f["availability_freshness"].raw, f["availability_freshness"].score) == (-2.0, 0.0)
    assert f["needs_fit"].explanation == (
        "Dekt 1 van 2 zorgbehoeften volledig; met extra ondersteuning: ADHD")
    assert (f["needs_fit"].raw, f["needs_fit"].score) == (75.0, 0.75)
    # Only a must-need asks for support on the option; ADHD is a should-need.
    assert not ahead.with_support and ahead.support_needed == []
    assert f["network_tie"].explanation == "Geen bekende band met het kind"
    assert f["network_tie"].score == 0.0
    assert f["own_wijk"].explanation == "In de eigen wijk van het kind (binnenstad)"
    assert (f["own_wijk"].raw, f["own_wijk"].score) == ("binnenstad", 1.0)
    assert f["expressed_wishes"].explanation == (
        "Uitgesproken wens: geloof islam klopt; voedingswens niet te toetsen (niet vastgelegd "
        "bij opvanglocaties)")
    assert (f["expressed_wishes"].raw, f["expressed_wishes"].score) == (100.0, 1.0)
    assert f["parents_distance"].explanation == "3,6 km hemelsbreed van het huis van de ouders"
    # Club 1 km east: a 9-year-old walks it (1.3 km at 4.5 km/u, about 17 min); the other,
    # 3 km the other way, is driven: the score is the mean of 1 - (17.3 - 15) / 45 and 1.
    club = f["club_travel"]
    assert club.explanation.startswith("Naar sport/club: voetbal ca. 17 min lopen (schatting: "
                                       "1,0 km hemelsbreed x 1,3 omweg, 4,5 km/u); club ca. 8 min "
                                       "met de auto (gebracht)")
    walk_minutes = 1.0 * 1.3 / 4.5 * 60
    assert club.score == pytest.approx((1 - (walk_minutes - 15) / 45 + 1) / 2, abs=0.002)


def test_the_carer_next_door_without_children_never_confirmed(options) -> None:  # type: ignore[no-untyped-def]
    near = options["Dichtbij"]
    assert near.with_support and near.availability_stale
    assert [(s.need_code, s.note) for s in near.support_needed] == [("trauma", "ambulante steun")]
    f = factors(near)
    assert f["availability_freshness"].explanation == (
        "Beschikbaarheid nooit bevestigd: eerst navragen")
    assert f["availability_freshness"].raw is None
    assert f["availability_freshness"].score == 0.0
    assert f["age_order"].explanation == "Geen eigen kinderen thuis"
    assert (f["age_order"].raw, f["age_order"].score) == (None, 1.0)
    assert f["needs_fit"].explanation == (
        "Dekt 0 van 2 zorgbehoeften volledig; met extra ondersteuning: trauma; niet: ADHD")
    assert (f["needs_fit"].raw, f["needs_fit"].score) == (25.0, 0.25)
    assert f["school_travel"].explanation == (
        "Naar school (school): ca. 3 min lopen (schatting: 0,2 km hemelsbreed x 1,3 omweg, "
        "4,5 km/u)")


def test_what_does_not_apply_is_said_with_its_reason() -> None:
    ranking = scenario()
    assert ranking.factors_not_applicable == {
        "siblings_together": "geen broers of zussen om samen mee te plaatsen"}
    bare = child(school_east=None, home_wijk_code=None, wishes={"food": "halal"})
    (option,) = rank_child(index_of([carer("Enig")]), bare, request(bare), DEFAULT_POLICY,
                           FILTERS).options
    ranking = rank_child(index_of([carer("Enig")]), bare, request(bare), DEFAULT_POLICY, FILTERS)
    assert ranking.factors_not_applicable == {
        "school_travel": "geen school bekend",
        "club_travel": "geen vaste club of activiteit bekend",
        "own_wijk": "kind woont niet in een bekende wijk",
        "siblings_together": "geen broers of zussen om samen mee te plaatsen",
        "needs_fit": "geen zorgbehoeften vastgelegd",
        "network_tie": "geen netwerk van het kind bekend als opvanglocatie",
        "expressed_wishes": "alleen een voedingswens: niet te toetsen",
    }
    assert [f.key for f in option.factors] == ["parents_distance", "age_order",
                                               "availability_freshness"]
    parents = option.factors[0]
    assert parents.explanation == "0,0 km hemelsbreed van de eigen buurt (geen adres ouders bekend)"
    silent = child(school_east=None)
    ranking = rank_child(index_of([carer("Enig")]), silent, request(silent), DEFAULT_POLICY,
                         FILTERS)
    assert ranking.factors_not_applicable["expressed_wishes"] == (
        "geen wens over taal of geloof uitgesproken")
