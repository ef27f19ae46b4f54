"""Issue 12, point 4: with fewer than three options the answer says which single relaxation
would add options, and how many, without changing the ranking."""

from __future__ import annotations

import uuid

from placement.matching.core.engine import rank_child
from placement.matching.core.policy import DEFAULT_POLICY
from placement.matching.core.profiles import Filters
from tests.unit.matching_helpers import ORG, TODAY, carer, child, index_of, need, request

OTHER_ORG = uuid.UUID("00000000-0000-0000-0000-00000000b002")


def scenario():  # type: ignore[no-untyped-def]
    both = [carer("Past1", east=1), carer("Past2", east=2)]
    trauma_only = [carer("AlleenTrauma1", east=1.5), carer("AlleenTrauma2", east=2.5)]
    far = carer("Ver", east=13)  # cycling about 68 min: beyond the 60-minute limit
    autism_far = carer("AutismeVer", east=30)  # lacks trauma and lies far too far anyway
    elsewhere = carer("Elders", east=1, organisation_id=OTHER_ORG)
    carers = [*both, *trauma_only, far, autism_far, elsewhere]
    competences = [need(c, code) for c in [*both, far, elsewhere] for code in ("trauma", "autisme")]
    competences += [need(c, "trauma") for c in trauma_only] + [need(autism_far, "autisme")]
    kid = child(age=11, must_needs=("trauma", "autisme"))
    return index_of(carers, competences=competences), kid


def test_a_child_with_two_eligible_carers_gets_relaxation_hints() -> None:
    index, kid = scenario()
    ranking = rank_child(index, kid, request(kid), DEFAULT_POLICY,
                         Filters(today=TODAY, organisation_id=ORG))
    assert {o.carer_name for o in ranking.options} == {"Past1", "Past2"}
    assert [h.text for h in ranking.relaxations] == [
        "met extra ondersteuning voor autisme: 2 extra",
        "met 75 min maximale reistijd: 1 extra",
        "bij een andere aanbieder: 1 extra",
    ]
    # A carer covering one of two must-needs is excluded, not ranked.
    assert ranking.exclusion_summary.eligible == 2


def test_enough_options_means_no_hints() -> None:
    index, kid = scenario()
    ranking = rank_child(index, kid, request(kid), DEFAULT_POLICY, Filters(today=TODAY))
    assert len(ranking.options) == 3 and ranking.relaxations == []
