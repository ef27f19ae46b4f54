"""Structs of the matching API bodies; the engine's answer structs live in core/results.py
and are re-exported here for the API and the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from placement.core.schemas import Page, Strict
from placement.matching.core.policy import Thresholds
from placement.matching.core.results import (  # noqa: F401  (re-exported)
    ApartDistance,
    BrokenTie,
    Exclusion,
    ExclusionSummary,
    Factor,
    Option,
    PartDistance,
    Plan,
    PlanPart,
    PlanRanking,
    Ranking,
    Reason,
    ReasonCount,
    Relaxation,
    SupportNeed,
    TravelException,
)

# --- API bodies -----------------------------------------------------------------------------

PlacementType = Literal["crisis", "short_term", "long_term", "part_time", "family_home"]


class SearchIn(Strict):
    limit: Annotated[int, msgspec.Meta(ge=1, le=100)] = 10
    placement_type: PlacementType | None = None
    organisation_id: UUID | None = None
    max_travel_minutes: Annotated[float, msgspec.Meta(gt=0, le=600)] | None = None
    include_exclusions: bool = False


class SearchOut(msgspec.Struct, kw_only=True):
    snapshot_id: UUID
    request_id: UUID
    kind: Literal["single", "group"]
    policy_version: int
    model_version: str | None
    created_at: dt.datetime
    asked_by: str
    inputs: dict[str, object]
    ranking: Ranking | None = None
    plans: PlanRanking | None = None

    def top_carers(self, places: int = 5) -> list[UUID]:
        """The carers of the first `places` options, or of every part of the first `places`
        plans, each once: what the KPIs count as "ranked near the top"."""
        if self.ranking is not None:
            found = [o.carer_id for o in self.ranking.options if o.rank <= places]
        else:
            found = [part.carer_id for plan in (self.plans.plans if self.plans else [])
                     if plan.rank <= places for part in plan.parts]
        return list(dict.fromkeys(found))


class PolicyIn(Strict, kw_only=True):
    weights: dict[str, float]  # ranges checked by policy_problems, so every problem is listed
    thresholds: Thresholds
    reasoning: dict[str, Annotated[str, msgspec.Meta(max_length=2000)]] = {}
    note: Annotated[str, msgspec.Meta(min_length=3, max_length=2000)]


class PolicyOut(msgspec.Struct, kw_only=True):
    version: int
    organisation_id: UUID | None  # None: the platform default
    weights: dict[str, float]
    thresholds: Thresholds
    reasoning: dict[str, str]
    note: str
    created_by: str | None
    created_at: dt.datetime | None
    is_current: bool


class PreviewItem(msgspec.Struct, kw_only=True):
    request_id: UUID
    searched_at: dt.datetime
    kind: Literal["single", "group"]
    top3_now: list[str]  # carer names (a group: one line per plan, its carers joined)
    top3_proposed: list[str]
    changed: bool
    case_references: list[str] = []  # the children's dossier numbers, to name the search


class PolicyPreviewOut(msgspec.Struct, kw_only=True):
    """The organisation's last searches ranked again on today's supply with the policy in
    force and with the proposed one (offline travel estimate, nothing stored)."""

    current_version: int
    searches: int
    changed: int
    items: list[PreviewItem]


class PolicyPage(Page[PolicyOut]):
    items: list[PolicyOut]
