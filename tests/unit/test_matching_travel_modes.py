"""Issue 12, point 5: the travel mode follows the child's age and the distance, and the
explanation reads as people say it."""

from __future__ import annotations

import numpy as np

from placement.matching.core.engine import rank_child
from placement.matching.core.policy import DEFAULT_POLICY, MODES
from placement.matching.core.profiles import Filters
from tests.unit.matching_helpers import TODAY, carer, child, index_of, request


def school_lines(age: int, *easts: float) -> dict[str, str]:
    carers = [carer(f"Op{e}", east=e) for e in easts]
    kid = child(age=age)
    ranking = rank_child(index_of(carers), kid, request(kid), DEFAULT_POLICY,
                         Filters(today=TODAY))
    return {o.carer_name: next(f.explanation for f in o.factors if f.key == "school_travel")
            for o in ranking.options}


def test_a_young_child_walks_a_short_way_and_is_brought_further() -> None:
    lines = school_lines(6, 0.3, 3.0)
    assert lines["Op0.3"] == ("Naar school (school): ca. 5 min lopen (schatting: 0,3 km "
                              "hemelsbreed x 1,3 omweg, 4,5 km/u)")
    assert lines["Op3.0"].startswith("Naar school (school): ca. 8 min met de auto (gebracht)")


def test_older_children_cycle_and_take_public_transport_for_long_trips() -> None:
    assert school_lines(12, 4.0)["Op4.0"].startswith("Naar school (school): ca. 21 min fietsen")
    lines = school_lines(17, 5.0, 12.0)
    assert lines["Op5.0"].startswith("Naar school (school): ca. 26 min fietsen")
    assert lines["Op12.0"].startswith(
        "Naar school (school): ca. 38 min met het openbaar vervoer")


def test_modes_per_distance_follow_the_policy_bands() -> None:
    km = np.array([0.2, 1.4, 1.6, 9.0])
    assert [MODES[m] for m in DEFAULT_POLICY.modes_for(7, km)] == ["walk", "walk", "car", "car"]
    assert [MODES[m] for m in DEFAULT_POLICY.modes_for(11, km)] == ["walk", "bike", "bike", "bike"]
    assert [MODES[m] for m in DEFAULT_POLICY.modes_for(16, km)] == ["bike", "bike", "bike",
                                                                    "transit"]
