"""The pure decision rules on hand-made rankings: reasons for overrides and splits, the state of
a decision, scheduled endings, and the code lists kept equal everywhere they are spelled out."""

from __future__ import annotations

import datetime as dt
import typing
import uuid

import pytest

from placement.decisions import reasons, schemas
from placement.decisions.rules import choose, decision_state
from placement.matching.schemas import (
    BrokenTie,
    ExclusionSummary,
    Option,
    Plan,
    PlanPart,
    PlanRanking,
    Ranking,
    SearchOut,
)
from placement.placements.schemas import EndReason, OccupancyUpdate
from placement.placements.service import ending_status

A, B, C = (uuid.uuid5(uuid.NAMESPACE_DNS, f"child-{n}") for n in "abc")
CARERS = [uuid.uuid5(uuid.NAMESPACE_DNS, f"carer-{n}") for n in range(3)]
SUMMARY = ExclusionSummary(considered=3, eligible=3, excluded=0, by_reason=[])


def option(rank: int) -> Option:
    return Option(rank=rank, carer_id=CARERS[rank - 1], carer_name=f"Gezin {rank}",
                  organisation_id=CARERS[0], carer_kind="foster_family", network_family=False,
                  wijk_code=None, free_places=1, score=1 - rank / 10, factors=[])


def single() -> SearchOut:
    return SearchOut(snapshot_id=uuid.uuid4(), request_id=uuid.uuid4(), kind="single",
                     policy_version=1, model_version=None, created_at=dt.datetime.now(dt.UTC),
                     asked_by="test", inputs={"supply_counter": 4},
                     ranking=Ranking(child_id=A, policy_version=1,
                                     options=[option(1), option(2), option(3)],
                                     exclusion_summary=SUMMARY))


def part(kids: list[uuid.UUID], carer: int) -> PlanPart:
    return PlanPart(child_ids=kids, carer_id=CARERS[carer], carer_name=f"Gezin {carer}",
                    free_places=len(kids), score=0.5, members=[])


def group() -> SearchOut:
    """Plan 1: all three together; plan 2: C apart (breaks two `together` ties and a contact
    tie, which needs no reason)."""
    plans = [
        Plan(rank=1, score=0.9, all_together=True, parts=[part([A, B, C], 0)], broken_ties=[],
             requires_split_reason=False),
        Plan(rank=2, score=0.7, all_together=False, parts=[part([A, B], 1), part([C], 2)],
             broken_ties=[BrokenTie(child_a=A, child_b=C, kind="full", intent="together"),
                          BrokenTie(child_a=B, child_b=C, kind="half", intent="together"),
                          BrokenTie(child_a=C, child_b=A, kind="step", intent="contact")],
             requires_split_reason=True),
    ]
    return SearchOut(snapshot_id=uuid.uuid4(), request_id=uuid.uuid4(), kind="group",
                     policy_version=1, model_version=None, created_at=dt.datetime.now(dt.UTC),
                     asked_by="test", inputs={},
                     plans=PlanRanking(child_ids=[A, B, C], policy_version=1, plans=plans,
                                       all_together_feasible=True, search="exact",
                                       partitions_considered=5, per_child=[]))


def fields(errors: list[dict[str, str]]) -> set[str]:
    return {e["field"] for e in errors}


def body(**kwargs: typing.Any) -> schemas.DecisionCreate:
    return schemas.DecisionCreate(snapshot_id=uuid.uuid4(), **kwargs)


def test_the_top_option_needs_no_reason() -> None:
    choice, errors = choose(single(), body(option_rank=1))
    assert errors == [] and choice is not None
    assert choice.assignments == {CARERS[0]: [A]} and choice.chosen["rank"] == 1


def test_another_option_needs_a_code_and_a_motivation() -> None:
    assert fields(choose(single(), body(option_rank=2))[1]) == {"reason_code", "motivation"}
    assert fields(choose(single(), body(option_rank=3, reason_code="other",
                                        motivation=""))[1]) == {"motivation"}
    choice, errors = choose(single(), body(option_rank=3, reason_code="closer_to_network",
                                           motivation="Dicht bij opa"))
    assert errors == [] and choice is not None and choice.assignments == {CARERS[2]: [A]}
    assert fields(choose(single(), body(option_rank=4))[1]) >= {"option_rank"}


def test_a_split_plan_needs_one_reason_per_broken_together_tie() -> None:
    result = group()
    assert fields(choose(result, body(option_rank=1))[1]) == set()
    no_split = choose(result, body(option_rank=2, reason_code="other", motivation="m"))[1]
    assert fields(no_split) == {"split_reasons[0]", "split_reasons[1]"}
    one = [schemas.SplitReasonIn(child_a_id=C, child_b_id=A, reason_code="severe_conflict",
                                 motivation="Ernstig conflict tussen A en C")]
    assert fields(choose(result, body(option_rank=2, reason_code="other", motivation="m",
                                      split_reasons=one))[1]) == {"split_reasons[1]"}
    both = [*one, schemas.SplitReasonIn(child_a_id=B, child_b_id=C, reason_code="threat",
                                        motivation="")]
    assert fields(choose(result, body(option_rank=2, reason_code="other", motivation="m",
                                      split_reasons=both))[1]) == {"split_reasons[1].motivation"}
    stray = [*one, schemas.SplitReasonIn(child_a_id=A, child_b_id=B, reason_code="threat",
                                         motivation="x")]
    assert "split_reasons[1]" in fields(choose(result, body(
        option_rank=2, reason_code="other", motivation="m", split_reasons=stray))[1])
    good = [*one, schemas.SplitReasonIn(child_a_id=B, child_b_id=C, reason_code="threat",
                                        motivation="Dreiging")]
    choice, errors = choose(result, body(option_rank=2, reason_code="other", motivation="m",
                                         split_reasons=good))
    assert errors == [] and choice is not None
    assert len(choice.broken_together) == 2
    assert choice.assignments == {CARERS[1]: [A, B], CARERS[2]: [C]}


def test_split_reasons_belong_to_plans_only() -> None:
    reason = schemas.SplitReasonIn(child_a_id=A, child_b_id=B, reason_code="other",
                                   motivation="x")
    assert fields(choose(single(), body(option_rank=1, split_reasons=[reason]))[1]) == {
        "split_reasons"}


@pytest.mark.parametrize(("occupancies", "answers", "intros", "replaced", "state"), [
    ([("reservation", "active")], {}, {}, False, "awaiting_answers"),
    ([("reservation", "active")], {0: "accepted"}, {}, False, "awaiting_answers"),
    ([("reservation", "active")], {0: "accepted", 1: "accepted"}, {}, False, "introduction"),
    ([("reservation", "active")], {0: "accepted", 1: "accepted"}, {0: "go_ahead"}, False,
     "introduction"),
    ([("reservation", "active")], {0: "accepted", 1: "accepted"},
     {0: "go_ahead", 1: "go_ahead"}, False, "ready_to_place"),
    ([("reservation", "cancelled")], {0: "declined"}, {}, False, "declined"),
    ([("reservation", "cancelled")], {0: "accepted", 1: "accepted"}, {1: "stop"}, False,
     "stopped"),
    ([("reservation", "cancelled")], {}, {}, True, "replaced"),
    ([("reservation", "cancelled")], {}, {}, False, "cancelled"),
    ([("placement", "active")], {0: "accepted", 1: "accepted"},
     {0: "go_ahead", 1: "go_ahead"}, False, "placed"),
    ([("placement", "ended")], {}, {}, True, "placed"),
])
def test_decision_state(occupancies, answers, intros, replaced, state) -> None:  # type: ignore[no-untyped-def]
    carers = CARERS[:2]
    assert decision_state(
        carer_ids=carers, occupancies=[{"kind": k, "status": s} for k, s in occupancies],
        answers={carers[i]: a for i, a in answers.items()},
        introductions={carers[i]: o for i, o in intros.items()}, replaced=replaced) == state


def test_a_future_end_is_scheduled_a_past_one_ends_now() -> None:
    today = dt.date(2026, 11, 30)
    update = OccupancyUpdate(end=dt.date(2026, 12, 31), end_reason="planned")
    errors: list[dict[str, str]] = []
    assert ending_status(update, "placement", update.end, "planned", None, errors,  # type: ignore[arg-type]
                         today=today) == ("active", True)
    assert ending_status(update, "placement", today, "planned", None, errors,
                         today=today) == ("ended", True)
    assert errors == []
    ending_status(update, "reservation", today, "planned", None, errors, today=today)
    assert fields(errors) == {"end_reason"}
    errors.clear()
    ending_status(OccupancyUpdate(end_note="waarom"), "placement", None, None, "waarom", errors,
                  today=today)
    assert fields(errors) == {"end_note"}


def _literal(t: typing.Any) -> set[str]:
    args = typing.get_args(t)
    return {a for a in args if isinstance(a, str)} or {
        x for a in args for x in typing.get_args(a) if isinstance(x, str)}


def test_code_lists_are_the_same_everywhere() -> None:
    import importlib.util

    from placement.settings import PROJECT_ROOT
    spec = importlib.util.spec_from_file_location(
        "migration_0005", PROJECT_ROOT / "migrations" / "versions" / "0005_decisions.py")
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    for codes, literal, in_db in [
        (reasons.OVERRIDE_REASONS, schemas.OverrideReason, migration.OVERRIDE_REASONS),
        (reasons.SPLIT_REASONS, schemas.SplitReason, migration.SPLIT_REASONS),
        (reasons.DECLINE_REASONS, schemas.DeclineReason, migration.DECLINE_REASONS),
        (reasons.STOP_REASONS, schemas.StopReason, migration.STOP_REASONS),
        (reasons.END_REASONS, EndReason, migration.END_REASONS),
        (reasons.ANSWERS, schemas.Answer, ("accepted", "declined", "no_answer")),
        (reasons.INTRODUCTION_OUTCOMES, schemas.Outcome, ("go_ahead", "stop")),
    ]:
        assert set(codes) == _literal(literal) == set(in_db)
    assert reasons.UNPLANNED_END_REASONS < set(reasons.END_REASONS)
    from placement.requests.schemas import RequestStatus
    assert set(reasons.REQUEST_STATUSES) == _literal(RequestStatus) == set(
        migration.REQUEST_STATUSES)
