"""The pure rules of a decision, without I/O: which option of a stored ranking is chosen and what
it asks for (a reason when it is not the top one, a split reason per broken `together` tie), and
what state a decision is in given its reservations, answers and introductions.

service.py feeds these from the database; tests/unit/decisions/ tests them on hand-made structs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import msgspec

from placement.core.errors import FieldError
from placement.core.validation import Errors
from placement.decisions.schemas import DecisionCreate
from placement.matching.schemas import BrokenTie, SearchOut


class Choice(msgspec.Struct, kw_only=True):
    option_kind: str  # carer (one child) or plan (a sibling group)
    chosen: dict[str, Any]  # the option or plan as it was in the snapshot
    assignments: dict[UUID, list[UUID]]  # carer -> children placed there
    carer_names: dict[UUID, str]
    broken_together: list[BrokenTie]


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def choose(result: SearchOut, data: DecisionCreate) -> tuple[Choice | None, Errors]:
    """The chosen option and every problem with the reasons given for it (all at once)."""
    errors: Errors = []
    choice: Choice | None = None
    if result.ranking is not None:
        options = {o.rank: o for o in result.ranking.options}
        option = options.get(data.option_rank)
        if option is None:
            errors.append(FieldError("option_rank", f"the snapshot has no option {data.option_rank}"
                                                    f" (it lists {len(options)})"))
        else:
            choice = Choice(option_kind="carer", chosen=msgspec.to_builtins(option),
                            assignments={option.carer_id: [result.ranking.child_id]},
                            carer_names={option.carer_id: option.carer_name},
                            broken_together=[])
        if data.split_reasons:
            errors.append(FieldError("split_reasons", "only a plan for a sibling group splits "
                                                      "children"))
    elif result.plans is not None:
        plans = {p.rank: p for p in result.plans.plans}
        plan = plans.get(data.option_rank)
        if plan is None:
            errors.append(FieldError("option_rank", f"the snapshot has no plan {data.option_rank}"
                                                    f" (it lists {len(plans)})"))
        else:
            assignments: dict[UUID, list[UUID]] = {}
            for part in plan.parts:
                assignments.setdefault(part.carer_id, []).extend(part.child_ids)
            choice = Choice(option_kind="plan", chosen=msgspec.to_builtins(plan),
                            assignments=assignments,
                            carer_names={p.carer_id: p.carer_name for p in plan.parts},
                            broken_together=[t for t in plan.broken_ties
                                             if t.intent == "together"])
            check_split_reasons(choice.broken_together, data, errors)
    else:
        errors.append(FieldError("snapshot_id", "the snapshot holds no options"))
    if data.option_rank != 1:
        if data.reason_code is None:
            errors.append(FieldError("reason_code", "required when the chosen option is not the "
                                                    "top one"))
        if _blank(data.motivation):
            errors.append(FieldError("motivation", "required when the chosen option is not the "
                                                   "top one"))
    return choice, errors


def _pair(a: UUID, b: UUID) -> frozenset[UUID]:
    return frozenset((a, b))


def check_split_reasons(broken: Sequence[BrokenTie], data: DecisionCreate,
                        errors: Errors) -> None:
    """split_reasons[k] is reported for the k-th broken tie that has no reason; a given reason
    for a pair the plan keeps together, or without motivation, is reported at its own index."""
    given = {_pair(s.child_a_id, s.child_b_id): i for i, s in enumerate(data.split_reasons)}
    wanted = {_pair(t.child_a, t.child_b) for t in broken}
    for k, tie in enumerate(broken):
        if _pair(tie.child_a, tie.child_b) not in given:
            errors.append(FieldError(f"split_reasons[{k}]", f"a split reason is required for the "
                                     f"broken tie between {tie.child_a} and {tie.child_b}"))
    for i, reason in enumerate(data.split_reasons):
        if _pair(reason.child_a_id, reason.child_b_id) not in wanted:
            errors.append(FieldError(f"split_reasons[{i}]", "the chosen plan does not split "
                                                            "these two children"))
        elif _blank(reason.motivation):
            errors.append(FieldError(f"split_reasons[{i}].motivation", "required"))


def latest_by_carer(rows: Sequence[Any], field: str) -> dict[UUID, str]:
    """The last recorded value per carer (mappings in recording order)."""
    latest: dict[UUID, str] = {}
    for row in rows:
        latest[row["carer_id"]] = row[field]
    return latest


def decision_state(*, carer_ids: Sequence[UUID], occupancies: Sequence[dict[str, Any]],
                   answers: dict[UUID, str], introductions: dict[UUID, str],
                   replaced: bool) -> str:
    """Where one decision stands. occupancies: its rows (kind, status); answers/introductions:
    the latest per carer."""
    if any(o["kind"] == "placement" and o["status"] != "cancelled" for o in occupancies):
        return "placed"
    if replaced:
        return "replaced"
    if any(a == "declined" for a in answers.values()):
        return "declined"
    if any(i == "stop" for i in introductions.values()):
        return "stopped"
    if not any(o["kind"] == "reservation" and o["status"] == "active" for o in occupancies):
        return "cancelled"
    if all(answers.get(c) == "accepted" for c in carer_ids):
        if all(introductions.get(c) == "go_ahead" for c in carer_ids):
            return "ready_to_place"
        return "introduction"
    return "awaiting_answers"
