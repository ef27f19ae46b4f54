"""How carer rows become what the ranking sees (found by the mutation run): defaults for what a
row leaves out, inactive places, exact age bounds, occupancies at the edges of the requested
period, languages and religions whatever their case, and the Dutch words for needs, relations and
languages in the lines an officer reads."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from placement.matching.core.engine import rank_child
from placement.matching.core.index import CandidateIndex
from placement.matching.core.policy import DEFAULT_POLICY
from placement.matching.core.profiles import Filters
from tests.unit.matching_helpers import START, TODAY, carer, child, index_of, need, request

FILTERS = Filters(limit=10, today=TODAY, include_exclusions=True)


def reasons(ranking) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {e.carer_name: [r.code for r in e.reasons] for e in ranking.exclusions or []}


def line(option, key: str) -> str:  # type: ignore[no-untyped-def]
    return next(f.explanation for f in option.factors if f.key == key)


def test_a_row_that_leaves_out_the_optional_fields_accepts_every_child() -> None:
    row = carer("Kaal")
    for key in ("age_min", "age_max", "genders_accepted", "status", "languages", "religion",
                "own_children_birth_years", "availability_confirmed_at", "wijk_code",
                "foster_kind"):
        del row[key]
    index = index_of([row])
    for age, gender in ((0, "x"), (17, "m"), (11, "f")):
        kid = child(age=age, gender=gender)
        ranking = rank_child(index, kid, request(kid), DEFAULT_POLICY, FILTERS)
        (option,) = ranking.options
        assert option.wijk_code is None and not option.network_family
        assert line(option, "age_order") == "Geen eigen kinderen thuis"
        assert line(option, "availability_freshness") == (
            "Beschikbaarheid nooit bevestigd: eerst navragen")


def test_the_age_bounds_include_both_ends() -> None:
    exact = carer("Precies11", age_min=11, age_max=11)
    for age, eligible in ((10, False), (11, True), (12, False)):
        kid = child(age=age)
        ranking = rank_child(index_of([exact]), kid, request(kid), DEFAULT_POLICY, FILTERS)
        assert bool(ranking.options) is eligible, age
        if not eligible:
            assert reasons(ranking) == {"Precies11": ["age_outside_range"]}


def test_a_network_family_and_a_paused_carer_are_read_as_such() -> None:
    kin = carer("Oma", foster_kind="network")
    paused = carer("Pauze", status="paused")
    kid = child()
    ranking = rank_child(index_of([kin, paused]), kid, request(kid), DEFAULT_POLICY, FILTERS)
    assert [(o.carer_name, o.network_family) for o in ranking.options] == [("Oma", True)]
    assert reasons(ranking) == {"Pauze": ["carer_not_active"]}


def test_only_active_places_count_and_a_place_booked_twice_is_one_place() -> None:
    two, closed = carer("Twee", places=2), carer("Dicht")
    p1, p2, p3 = (uuid.uuid5(c["id"], f"p{k}") for c, k in ((two, 1), (two, 2), (closed, 1)))
    places = [{"id": p1, "carer_id": two["id"]}, {"id": p2, "carer_id": two["id"]},
              {"id": p3, "carer_id": closed["id"], "is_active": False},
              {"id": uuid.uuid4(), "carer_id": uuid.uuid4()}]  # a carer not in the index
    busy = [{"place_id": p1, "period_start": START - dt.timedelta(days=10), "period_end": None},
            {"place_id": p1, "period_start": START, "period_end": START + dt.timedelta(days=5)},
            {"place_id": uuid.uuid4(), "period_start": START, "period_end": None}]
    index = CandidateIndex.from_rows([two, closed], (), places, busy)
    kid = child()
    ranking = rank_child(index, kid, request(kid), DEFAULT_POLICY, FILTERS)
    assert [(o.carer_name, o.free_places) for o in ranking.options] == [("Twee", 1)]
    assert reasons(ranking) == {"Dicht": ["no_free_place"]}


def test_occupancies_at_the_edges_of_the_requested_period() -> None:
    end = START + dt.timedelta(days=30)
    occupied = {
        "EindigtOpStart": [(START - dt.timedelta(days=9), START)],  # left the day before
        "BeginOpEinde": [(end, None)],  # arrives the day after the period
        "BeginVoorEinde": [(end - dt.timedelta(days=1), None)],
        "EindigtNaStart": [(START - dt.timedelta(days=9), START + dt.timedelta(days=1))],
    }
    index = index_of([carer(name) for name in occupied], occupied=occupied)
    kid = child()
    ranking = rank_child(index, kid, request(kid, duration=30), DEFAULT_POLICY, FILTERS)
    assert sorted(o.carer_name for o in ranking.options) == ["BeginOpEinde", "EindigtOpStart"]
    assert reasons(ranking) == {"BeginVoorEinde": ["no_free_place"],
                                "EindigtNaStart": ["no_free_place"]}
    # The same index, asked for an open-ended stay: the later arrival takes the place too.
    open_ended = rank_child(index, kid, request(kid), DEFAULT_POLICY, FILTERS)
    assert [o.carer_name for o in open_ended.options] == ["EindigtOpStart"]
    # And asked again for the 30 days: the answer kept per period is that period's.
    again = rank_child(index, kid, request(kid, duration=30), DEFAULT_POLICY, FILTERS)
    assert sorted(o.carer_name for o in again.options) == ["BeginOpEinde", "EindigtOpStart"]


def test_a_confirmation_stored_with_a_time_counts_by_its_day() -> None:
    moment = dt.datetime.combine(TODAY - dt.timedelta(days=40), dt.time(23, 30))
    index = index_of([carer("Tijd", availability_confirmed_at=moment)])
    kid = child()
    (option,) = rank_child(index, kid, request(kid), DEFAULT_POLICY, FILTERS).options
    assert line(option, "availability_freshness") == "Beschikbaarheid 40 dagen geleden bevestigd"


def test_languages_and_religion_match_whatever_their_case() -> None:
    match = carer("Past", languages=["Nederlands", "Tigrinya"], religion="ISLAM")
    other = carer("Anders", languages=["nederlands"], religion="Christelijk")
    kid = child(wishes={"language": " tigrinya ", "religion": "Islam "})
    ranking = rank_child(index_of([other, match]), kid, request(kid), DEFAULT_POLICY, FILTERS)
    lines = {o.carer_name: line(o, "expressed_wishes") for o in ranking.options}
    assert lines == {"Past": "Uitgesproken wens: taal Tigrinya, geloof islam klopt",
                     "Anders": "Uitgesproken wens; niet: taal Tigrinya, geloof islam"}
    assert [o.carer_name for o in ranking.options] == ["Past", "Anders"]
    half = child(wishes={"language": "nederlands", "religion": "islam"})
    scores = {o.carer_name: next(f for f in o.factors if f.key == "expressed_wishes")
              for o in rank_child(index_of([other, match]), half, request(half),
                                  DEFAULT_POLICY, FILTERS).options}
    assert (scores["Anders"].score, scores["Anders"].raw) == (0.5, 50.0)
    assert scores["Anders"].explanation == (
        "Uitgesproken wens: taal Nederlands klopt; niet: geloof islam")


def test_a_religion_no_carer_has_matches_no_carer_not_even_those_without_one() -> None:
    rows = [carer("Geen"), carer("Christelijk", religion="christelijk"),
            carer("Hindoe", religion="hindoeïstisch"), carer("Islam", religion="islam")]
    kid = child(wishes={"religion": "boeddhistisch"})
    ranking = rank_child(index_of(rows), kid, request(kid), DEFAULT_POLICY, FILTERS)
    assert len(ranking.options) == 4
    for option in ranking.options:
        wish = next(f for f in option.factors if f.key == "expressed_wishes")
        assert (wish.score, wish.explanation) == (
            0.0, "Uitgesproken wens; niet: geloof boeddhistisch"), option.carer_name


def test_a_language_beyond_the_first_63_is_still_recognised() -> None:
    many = [f"taal{k:02d}" for k in range(70)]
    polyglot = carer("Veeltalig", languages=many)
    few = carer("Eentalig", languages=["taal00"], east=0.1)
    index = index_of([few, polyglot])
    for wanted in ("taal05", "taal62", "taal63", "taal69"):
        kid = child(wishes={"language": wanted})
        ranking = rank_child(index, kid, request(kid), DEFAULT_POLICY, FILTERS)
        spoken = {o.carer_name: next(f.score for f in o.factors if f.key == "expressed_wishes")
                  for o in ranking.options}
        assert spoken == {"Veeltalig": 1.0, "Eentalig": 0.0}, wanted
    unknown = child(wishes={"language": "klingon"})
    ranking = rank_child(index, unknown, request(unknown), DEFAULT_POLICY, FILTERS)
    assert all(next(f.score for f in o.factors if f.key == "expressed_wishes") == 0.0
               for o in ranking.options)


def test_need_words_come_from_the_labels_the_index_carries() -> None:
    carer_row = carer("Zorg")
    base = index_of([carer_row], competences=[need(carer_row, "trauma")])
    index = dataclasses.replace(base, need_labels={
        "trauma": "Traumasensitieve zorg", "adhd": "ADHD", "nsp": "NSP-begeleiding",
        "ggz": "GGz-behandeling", "iq": "IQ", "y": "Y"})
    kid = child(should_needs=("trauma", "adhd", "nsp", "eet_stoornis", "lvb", "ggz", "iq", "y",
                              "z"))
    (option,) = rank_child(index, kid, request(kid), DEFAULT_POLICY, FILTERS).options
    # Abbreviations keep their capitals, other words read in lower case inside the sentence.
    assert line(option, "needs_fit") == (
        "Dekt 1 van 9 zorgbehoeften volledig; niet: ADHD, NSP-begeleiding, eet stoornis, "
        "licht verstandelijke beperking (LVB), GGz-behandeling, IQ, y, z")
    partial = index_of([carer_row], competences=[need(carer_row, "trauma", "with_support")])
    partial = dataclasses.replace(partial, need_labels={"trauma": "Traumasensitieve zorg"})
    (option,) = rank_child(partial, kid, request(kid), DEFAULT_POLICY, FILTERS).options
    assert line(option, "needs_fit").startswith(
        "Dekt 0 van 9 zorgbehoeften volledig; met extra ondersteuning: traumasensitieve zorg; ")


def test_relations_and_languages_read_as_dutch_words() -> None:
    rows = [carer(f"C{k}", east=0.1 * k, languages=["nederlands", "serbo kroatisch"])
            for k in range(3)]
    ties = {rows[0]["id"]: "neighbour", rows[1]["id"]: "other_relative",
            rows[2]["id"]: "old_friend"}
    kid = child(network_ties=ties, wishes={"language": "serbo kroatisch"})
    ranking = rank_child(index_of(rows), kid, request(kid), DEFAULT_POLICY, FILTERS)
    lines = {o.carer_name: line(o, "network_tie") for o in ranking.options}
    assert lines == {"C0": "Netwerk: bekend van het kind (buren)",
                     "C1": "Netwerk: bekend van het kind (ander familielid)",
                     "C2": "Netwerk: bekend van het kind (old friend)"}
    assert line(ranking.options[0], "expressed_wishes") == (
        "Uitgesproken wens: taal Serbo Kroatisch klopt")


def test_a_sibling_already_living_at_a_carer_is_a_reason_to_place_there() -> None:
    with_brother, other = carer("BijBroer", east=3), carer("Ander", east=1)
    kid = child(together_sibling_carers=(with_brother["id"], uuid.uuid4()))
    ranking = rank_child(index_of([other, with_brother]), kid, request(kid), DEFAULT_POLICY,
                         FILTERS)
    sib = {o.carer_name: next(f for f in o.factors if f.key == "siblings_together")
           for o in ranking.options}
    assert sib["BijBroer"].explanation == "Broer of zus woont hier al: samen"
    assert (sib["BijBroer"].score, sib["BijBroer"].raw, sib["BijBroer"].unit) == (
        1.0, 1.0, "ja/nee")
    assert sib["Ander"].explanation == "Broer of zus woont elders: niet samen"
    assert sib["Ander"].score == 0.0 and sib["Ander"].weight == 3.0
    assert [o.carer_name for o in ranking.options] == ["BijBroer", "Ander"]
    assert "siblings_together" not in ranking.factors_not_applicable


def test_rows_for_unknown_carers_or_closed_places_first_do_not_hide_the_rest() -> None:
    row = carer("Enig", places=1)
    place = uuid.uuid5(row["id"], "p")
    places = [{"id": uuid.uuid4(), "carer_id": row["id"], "is_active": False},
              {"id": uuid.uuid4(), "carer_id": uuid.uuid4()},
              {"id": place, "carer_id": row["id"]}]
    competences = [{"carer_id": uuid.uuid4(), "need_code": "trauma", "level": "full"},
                   {"carer_id": row["id"], "need_code": "trauma"}]  # no level: full
    index = CandidateIndex.from_rows([row], competences, places, ())
    kid = child(must_needs=("trauma",))
    (option,) = rank_child(index, kid, request(kid), DEFAULT_POLICY, FILTERS).options
    assert option.free_places == 1 and not option.with_support
    assert line(option, "needs_fit") == "Dekt 1 van 1 zorgbehoeften volledig"


def test_an_empty_index_answers_with_nothing_to_offer() -> None:
    kid = child()
    ranking = rank_child(CandidateIndex.from_rows([]), kid, request(kid), DEFAULT_POLICY,
                         FILTERS)
    assert ranking.options == [] and ranking.exclusions == []
    summary = ranking.exclusion_summary
    assert (summary.considered, summary.eligible, summary.excluded) == (0, 0, 0)


def test_availability_confirmed_today_or_exactly_at_the_stale_age() -> None:
    rows = [carer("Vandaag", availability_confirmed_at=TODAY),
            carer("Negentig", availability_confirmed_at=TODAY - dt.timedelta(days=90)),
            carer("Eenennegentig", availability_confirmed_at=TODAY - dt.timedelta(days=91))]
    kid = child()
    ranking = rank_child(index_of(rows), kid, request(kid), DEFAULT_POLICY, FILTERS)
    seen = {o.carer_name: (line(o, "availability_freshness"), o.availability_stale)
            for o in ranking.options}
    assert seen == {
        "Vandaag": ("Beschikbaarheid 0 dagen geleden bevestigd", False),
        "Negentig": ("Beschikbaarheid 90 dagen geleden bevestigd", False),
        "Eenennegentig": ("Beschikbaarheid 91 dagen geleden bevestigd: verouderd, eerst "
                          "navragen", True)}


def test_labels_and_the_supply_counter_given_to_the_index_are_the_ones_used() -> None:
    row = carer("Zorg", wijk_code="oost")
    index = CandidateIndex.from_rows(
        [row], [need(row, "trauma")], [{"id": uuid.uuid4(), "carer_id": row["id"]}], (),
        counter=7, wijk_labels={"oost": "Oost", "binnenstad": "Binnenstad"},
        need_labels={"adhd": "ADHD-begeleiding"})
    assert index.counter == 7
    kid = child(should_needs=("trauma", "adhd"))
    (option,) = rank_child(index, kid, request(kid), DEFAULT_POLICY, FILTERS).options
    assert line(option, "own_wijk") == "Buiten de eigen wijk (Binnenstad); opvang in Oost"
    assert line(option, "needs_fit") == (
        "Dekt 1 van 2 zorgbehoeften volledig; niet: ADHD-begeleiding")


def test_a_child_turns_a_year_older_on_the_birthday_itself() -> None:
    eleven_plus = carer("VanafElf", age_min=11)
    for birth, eligible in ((START.replace(year=START.year - 11), True),
                            (START.replace(year=START.year - 11) + dt.timedelta(days=1), False),
                            (START.replace(year=START.year - 11) - dt.timedelta(days=1), True)):
        kid = child(birth_date=birth)
        ranking = rank_child(index_of([eleven_plus]), kid, request(kid), DEFAULT_POLICY,
                             FILTERS)
        assert bool(ranking.options) is eligible, birth
    # Born in December, placed in September: still the younger age.
    december = child(birth_date=dt.date(START.year - 12, 12, 1))
    ranking = rank_child(index_of([carer("TotElf", age_max=11)]), december, request(december),
                         DEFAULT_POLICY, FILTERS)
    assert [o.carer_name for o in ranking.options] == ["TotElf"]
