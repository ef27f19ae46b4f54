"""Request and response structs of the waiting-list proposal."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

import msgspec

from placement.core.schemas import Page, Strict
from placement.decisions.schemas import OverrideReason, SplitReasonIn, Text
from placement.waitinglist.outcome import Figures, Line, LoadSpread


class ProposalIn(Strict):
    # Longer than this and the best solution found so far is used (the answer says so).
    time_limit_seconds: Annotated[float, msgspec.Meta(gt=0, le=120)] = 10.0


class Comparison(msgspec.Struct, kw_only=True):
    first_come: Figures
    proposal: Figures
    worse_off: int  # requests with a lower score (or left waiting) against first come
    better_off: int
    fairness_exempted: int  # requests whose bound gave way to a crisis placement


class ProposalLine(Line, kw_only=True):
    snapshot_id: UUID  # the stored search the options come from: a decision names it


class ProposalOut(msgspec.Struct, kw_only=True):
    id: UUID
    organisation_id: UUID
    created_at: dt.datetime
    created_by: str
    policy_version: int
    model_version: str | None
    solver: str  # "HiGHS via scipy.optimize.milp"
    solver_status: str  # optimal, time_limit (best found), fallback (first come first served)
    solver_seconds: float
    stopped_early: bool
    terms: dict[str, float]
    requests: int
    comparison: Comparison
    load_spread: LoadSpread
    lines: list[ProposalLine]


class ProposalSummary(msgspec.Struct, kw_only=True):
    id: UUID
    created_at: dt.datetime
    created_by: str
    policy_version: int
    solver_status: str
    requests: int


class LineDecisionIn(Strict):
    """Take over one line of a proposal: a decision on the snapshot and option the proposal
    chose, under the ordinary rules (anything but the search's top option needs a reason; a
    plan that splits `together` ties needs a split reason per broken tie)."""

    reason_code: OverrideReason | None = None
    motivation: Text | None = None
    split_reasons: list[SplitReasonIn] = []
    replaces_decision_id: UUID | None = None


class ProposalPage(Page[ProposalSummary]):
    items: list[ProposalSummary]
