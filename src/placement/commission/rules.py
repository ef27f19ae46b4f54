"""The commission's rules without I/O: what a decision must carry for its outcome, which option a
rank names in a stored ranking, and which options of the stored rankings fit with extra support.

service.py calls these inside its transactions; tests/unit/commission tests them directly."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from placement.commission.schemas import (
    OUTCOMES_WITH_OPTION,
    CommissionDecisionIn,
    SupportOption,
)
from placement.core.errors import FieldError
from placement.core.validation import Errors
from placement.matching.schemas import SearchOut


def blank(text: str | None) -> bool:
    return text is None or not text.strip()


def check_referral(question: str, motivation: str, errors: Errors) -> None:
    if blank(question):
        errors.append(FieldError("question", "de vraag aan de commissie is verplicht"))
    if blank(motivation):
        errors.append(FieldError("motivation", "de motivatie van de plaatser is verplicht"))


def members(names: list[str]) -> list[str]:
    """The members present, trimmed, each once, in the order given."""
    return list(dict.fromkeys(n.strip() for n in names if n.strip()))


def check_decision(data: CommissionDecisionIn, today: dt.date, errors: Errors) -> None:
    """Everything that can be checked without the database; every problem named at once."""
    if blank(data.motivation):
        errors.append(FieldError("motivation", "een motivatie is verplicht"))
    if not members(data.members_present):
        errors.append(FieldError("members_present", "noem ten minste één aanwezig lid"))
    if data.decided_on > today:
        errors.append(FieldError("decided_on", "een besluit kan niet in de toekomst liggen"))
    with_option = data.outcome in OUTCOMES_WITH_OPTION
    if with_option:
        if data.snapshot_id is None:
            errors.append(FieldError("snapshot_id", "noem de rangschikking van de gekozen optie"))
        if data.option_rank is None:
            errors.append(FieldError("option_rank", "noem de gekozen optie (rang)"))
        elif data.option_rank < 1:
            errors.append(FieldError("option_rank", "een rang begint bij 1"))
    else:
        for field, value in (("snapshot_id", data.snapshot_id),
                             ("option_rank", data.option_rank)):
            if value is not None:
                errors.append(FieldError(field, "alleen bij akkoord met een optie"))
    if data.outcome == "approve_with_support":
        if blank(data.extra_support):
            errors.append(FieldError("extra_support", "noem de extra ondersteuning"))
    elif data.extra_support is not None:
        errors.append(FieldError("extra_support", "alleen bij akkoord met extra ondersteuning"))
    if data.outcome == "search_wider":
        if blank(data.relax):
            errors.append(FieldError("relax", "noem wat ruimer mag bij het zoeken"))
    elif data.relax is not None:
        errors.append(FieldError("relax", "alleen bij breder zoeken"))


def option_carers(snapshot: SearchOut, rank: int) -> list[UUID] | None:
    """The carer(s) of the option with this rank (carer rank for one child, plan rank for a
    group); None when the ranking lists no such option."""
    if snapshot.ranking is not None:
        for option in snapshot.ranking.options:
            if option.rank == rank:
                return [option.carer_id]
        return None
    if snapshot.plans is not None:
        for plan in snapshot.plans.plans:
            if plan.rank == rank:
                return list(dict.fromkeys(p.carer_id for p in plan.parts))
    return None


def support_options(snapshots: list[SearchOut]) -> list[SupportOption]:
    """Every option marked with_support in these rankings, with the support it needs: the
    passend alternatief. For a group, each child's option inside a plan counts on its own."""
    found: list[SupportOption] = []
    for snap in snapshots:
        if snap.ranking is not None:
            found.extend(
                SupportOption(snapshot_id=snap.snapshot_id, snapshot_created_at=snap.created_at,
                              option_rank=o.rank, plan_rank=None, carer_id=o.carer_id,
                              carer_name=o.carer_name, child_id=snap.ranking.child_id,
                              score=o.score, support_needed=list(o.support_needed))
                for o in snap.ranking.options if o.with_support)
        if snap.plans is not None:
            for plan in snap.plans.plans:
                for part in plan.parts:
                    for child_id, member in zip(part.child_ids, part.members, strict=False):
                        if member.with_support:
                            found.append(SupportOption(
                                snapshot_id=snap.snapshot_id,
                                snapshot_created_at=snap.created_at, option_rank=plan.rank,
                                plan_rank=plan.rank, carer_id=part.carer_id,
                                carer_name=part.carer_name, child_id=child_id,
                                score=member.score, support_needed=list(member.support_needed)))
    return found
