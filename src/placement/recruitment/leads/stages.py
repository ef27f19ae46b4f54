"""Stage rules (pure): which events a stage change writes, and which changes are refused.

Moving forward past stages writes one `skipped` event per stage passed over, so no stage is
skipped silently. Moving back (or reactivating a lead that dropped out) is `reverted` and needs a
reason. Dropping out needs a reason code from the documented list. An approved lead is a carer
and is not moved again.
"""

from __future__ import annotations

from typing import NamedTuple

from placement.core.errors import Conflict, FieldError, ValidationFailed
from placement.recruitment.reference import (
    APPROVED,
    DROPPED_OUT,
    PATH,
    REASON_CODES,
    REQUIRED_FOR_APPROVAL,
    STAGES,
)


class StageStep(NamedTuple):
    stage: str
    how: str  # "entered", "skipped" or "reverted"
    from_stage: str
    reason_code: str | None
    note: str | None


def _position(stage: str) -> int:
    return len(PATH) if stage == APPROVED else PATH.index(stage)


def plan_transition(current: str, target: str, *, reason_code: str | None, note: str | None,
                    entered: set[str]) -> list[StageStep]:
    """The events for moving a lead from `current` to `target`, in order.

    `entered`: stages the lead really went through (not skipped), used for the approval rule."""
    if target not in STAGES:
        raise ValidationFailed.field("to_stage", f"unknown stage {target!r}")
    if current == APPROVED:
        raise Conflict("this lead is approved and is a carer now; change the carer instead")
    if target == current:
        raise Conflict(f"the lead is already in stage {current}")
    errors: list[dict[str, str]] = []
    if target in DROPPED_OUT:
        if current in DROPPED_OUT:
            errors.append(FieldError("to_stage", f"the lead already left the path ({current})"))
        if reason_code is None:
            errors.append(FieldError("reason_code", f"required when the lead is {target}"))
        elif reason_code not in REASON_CODES[target]:
            errors.append(FieldError("reason_code", f"not a reason code for {target}: "
                                     + ", ".join(REASON_CODES[target])))
        _raise(errors)
        return [StageStep(target, "entered", current, reason_code, note)]
    if reason_code is not None:
        errors.append(FieldError("reason_code", "only for afgehaakt or afgewezen"))
    if current in DROPPED_OUT:
        if target == APPROVED:
            errors.append(FieldError("to_stage", "a lead that left the path cannot be approved"))
        if not note:
            errors.append(FieldError("note", "reactivating a lead that left needs a reason"))
        _raise(errors)
        return [StageStep(target, "reverted", current, None, note)]
    here, there = _position(current), _position(target)
    if there < here:
        if not note:
            errors.append(FieldError("note", "going back to an earlier stage needs a reason"))
        _raise(errors)
        return [StageStep(target, "reverted", current, None, note)]
    passed_over = PATH[here + 1:there]
    if target == APPROVED:
        really_done = entered | {current}
        missing = [s for s in REQUIRED_FOR_APPROVAL if s not in really_done]
        if missing:
            errors.append(FieldError("to_stage", "approval needs these stages done, not skipped: "
                                     + ", ".join(missing)))
    _raise(errors)
    steps = [StageStep(stage, "skipped", current, None, None) for stage in passed_over]
    steps.append(StageStep(target, "entered", current, None, note))
    return steps


def _raise(errors: list[dict[str, str]]) -> None:
    if errors:
        raise ValidationFailed("; ".join(f"{e['field']}: {e['reason']}" for e in errors),
                               errors=errors)
