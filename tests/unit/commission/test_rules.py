"""The commission's rules without a database: what each outcome needs, which option a rank
names, and which options fit only with support."""

from __future__ import annotations

import datetime as dt
from uuid import uuid4

import pytest

from placement.commission.rules import (
    check_decision,
    check_referral,
    members,
    option_carers,
    support_options,
)
from placement.commission.schemas import CommissionDecisionIn
from placement.matching.schemas import (
    ExclusionSummary,
    Option,
    Plan,
    PlanPart,
    PlanRanking,
    Ranking,
    SearchOut,
    SupportNeed,
)

TODAY = dt.date(2026, 11, 30)


def decision(**overrides: object) -> CommissionDecisionIn:
    values: dict[str, object] = {"outcome": "non_family_care", "motivation": "Zo is het veilig.",
                                 "decided_on": TODAY, "members_present": ["A. Jansen"]}
    values.update(overrides)
    return CommissionDecisionIn(**values)  # type: ignore[arg-type]


def problems(data: CommissionDecisionIn) -> set[str]:
    errors: list[dict[str, str]] = []
    check_decision(data, TODAY, errors)
    return {e["field"] for e in errors}


def option(rank: int, name: str, support: bool = False) -> Option:
    return Option(rank=rank, carer_id=uuid4(), carer_name=name, organisation_id=uuid4(),
                  carer_kind="foster_family", network_family=False, wijk_code="zuid",
                  free_places=1, score=1 - rank / 10, factors=[], with_support=support,
                  support_needed=[SupportNeed(need_code="autisme", note="begeleiding")]
                  if support else [])


def snapshot(ranking: Ranking | None = None, plans: PlanRanking | None = None) -> SearchOut:
    return SearchOut(snapshot_id=uuid4(), request_id=uuid4(),
                     kind="group" if plans else "single", policy_version=1, model_version=None,
                     created_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC), asked_by="plaatser",
                     inputs={}, ranking=ranking, plans=plans)


SUMMARY = ExclusionSummary(considered=3, eligible=2, excluded=1, by_reason=[])


def test_a_complete_decision_passes() -> None:
    assert problems(decision()) == set()
    assert problems(decision(outcome="search_wider", relax="reistijd tot 45 minuten")) == set()
    assert problems(decision(outcome="approve_with_support", snapshot_id=uuid4(),
                             option_rank=2, extra_support="ambulant")) == set()


def test_the_motivation_is_required_and_not_blank() -> None:
    assert problems(decision(motivation="")) == {"motivation"}
    # Blank text is refused when the body is read (core/validation.py), naming the field.
    with pytest.raises(ValueError, match="motivation"):
        decision(motivation=" \n\t")


def test_each_outcome_requires_its_own_fields_and_only_those() -> None:
    assert problems(decision(outcome="approve_option")) == {"snapshot_id", "option_rank"}
    assert problems(decision(outcome="approve_option", snapshot_id=uuid4(),
                             option_rank=0)) == {"option_rank"}
    assert problems(decision(outcome="approve_with_support", snapshot_id=uuid4(),
                             option_rank=1, extra_support="")) == {"extra_support"}
    assert problems(decision(outcome="search_wider")) == {"relax"}
    assert problems(decision(snapshot_id=uuid4(), option_rank=1,
                             extra_support="x", relax="y")) == {
        "snapshot_id", "option_rank", "extra_support", "relax"}


def test_members_and_date() -> None:
    assert problems(decision(members_present=[])) == {"members_present"}
    assert problems(decision(members_present=[""])) == {"members_present"}
    assert problems(decision(decided_on=TODAY + dt.timedelta(days=1))) == {"decided_on"}
    assert members([" A. Jansen ", "B. Bakker", "A. Jansen", ""]) == ["A. Jansen", "B. Bakker"]


def test_a_referral_needs_question_and_motivation() -> None:
    errors: list[dict[str, str]] = []
    check_referral(" ", "", errors)
    assert {e["field"] for e in errors} == {"question", "motivation"}


def test_a_rank_names_a_listed_carer_or_plan() -> None:
    first, second = option(1, "Familie A"), option(2, "Familie B")
    single = snapshot(Ranking(child_id=uuid4(), policy_version=1, options=[first, second],
                              exclusion_summary=SUMMARY))
    assert option_carers(single, 2) == [second.carer_id]
    assert option_carers(single, 3) is None
    a, b = uuid4(), uuid4()
    plan = Plan(rank=1, score=0.8, all_together=False, broken_ties=[],
                requires_split_reason=True,
                parts=[PlanPart(child_ids=[a], carer_id=first.carer_id, carer_name="Familie A",
                                free_places=1, score=0.8, members=[first]),
                       PlanPart(child_ids=[b], carer_id=second.carer_id,
                                carer_name="Familie B", free_places=1, score=0.7,
                                members=[second])])
    group = snapshot(plans=PlanRanking(child_ids=[a, b], policy_version=1, plans=[plan],
                                       all_together_feasible=False, search="exact",
                                       partitions_considered=2, per_child=[]))
    assert option_carers(group, 1) == [first.carer_id, second.carer_id]
    assert option_carers(group, 2) is None


def test_support_options_are_the_with_support_options_of_every_ranking() -> None:
    child = uuid4()
    plain, helped = option(1, "Familie A"), option(2, "Familie Steun", support=True)
    snaps = [snapshot(Ranking(child_id=child, policy_version=1, options=[plain, helped],
                              exclusion_summary=SUMMARY)),
             snapshot(Ranking(child_id=child, policy_version=1, options=[plain],
                              exclusion_summary=SUMMARY))]
    found = support_options(snaps)
    assert [(s.carer_name, s.option_rank, s.snapshot_id) for s in found] == [
        ("Familie Steun", 2, snaps[0].snapshot_id)]
    assert found[0].support_needed == [SupportNeed(need_code="autisme", note="begeleiding")]
    assert found[0].child_id == child and found[0].plan_rank is None
    # In a plan, each child's option counts; its rank is the plan's.
    a, b = uuid4(), uuid4()
    plan = Plan(rank=3, score=0.6, all_together=True, broken_ties=[],
                requires_split_reason=False,
                parts=[PlanPart(child_ids=[a, b], carer_id=helped.carer_id,
                                carer_name="Familie Steun", free_places=2, score=0.6,
                                members=[plain, helped])])
    group = snapshot(plans=PlanRanking(child_ids=[a, b], policy_version=1, plans=[plan],
                                       all_together_feasible=True, search="exact",
                                       partitions_considered=2, per_child=[]))
    [s] = support_options([group])
    assert (s.child_id, s.option_rank, s.plan_rank) == (b, 3, 3)
