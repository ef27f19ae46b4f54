"""The answers of the pure engine: options with their factors, exclusions, plans."""

from __future__ import annotations

from uuid import UUID

import msgspec


class Factor(msgspec.Struct, kw_only=True):
    key: str
    raw: float | str | None  # the measured value, in `unit`
    unit: str
    score: float  # 0..1
    weight: float
    contribution: float  # weight * score / sum of the weights used: the parts add up to the score
    explanation: str  # one Dutch line


class SupportNeed(msgspec.Struct, kw_only=True):
    need_code: str
    note: str | None = None


class Reason(msgspec.Struct, kw_only=True):
    code: str
    text: str


class Option(msgspec.Struct, kw_only=True):
    rank: int
    carer_id: UUID
    carer_name: str
    organisation_id: UUID
    carer_kind: str  # foster_family, family_home
    network_family: bool
    wijk_code: str | None
    free_places: int
    score: float
    factors: list[Factor]
    with_support: bool = False
    support_needed: list[SupportNeed] = []
    availability_stale: bool = False


class Exclusion(msgspec.Struct, kw_only=True):
    carer_id: UUID
    carer_name: str
    reasons: list[Reason]


class ReasonCount(msgspec.Struct, kw_only=True):
    code: str
    text: str
    count: int


class ExclusionSummary(msgspec.Struct, kw_only=True):
    considered: int  # carers in scope (after the organisation filter)
    eligible: int
    excluded: int
    by_reason: list[ReasonCount]  # a carer with several reasons counts under each


class Relaxation(msgspec.Struct, kw_only=True):
    """One rule set aside, and how many carers it would add (shown with too few options)."""

    code: str  # max_travel_minutes, support_for_need, age_outside_range, type_not_offered,
    # other_organisation
    value: str | None  # the relaxed value: minutes, need code
    extra: int
    text: str  # Dutch, e.g. "met 75 min maximale reistijd: 4 extra"


class Ranking(msgspec.Struct, kw_only=True):
    """One child against every carer."""

    child_id: UUID
    policy_version: int
    options: list[Option]
    exclusion_summary: ExclusionSummary
    factors_not_applicable: dict[str, str] = {}  # factor key -> why it does not count here
    exclusions: list[Exclusion] | None = None  # only on request
    travel_basis: str = "offline"
    relaxations: list[Relaxation] = []  # only with fewer eligible carers than min_options


class BrokenTie(msgspec.Struct, kw_only=True):
    child_a: UUID
    child_b: UUID
    kind: str
    intent: str


class PartDistance(msgspec.Struct, kw_only=True):
    parts: tuple[int, int]
    km: float


class ApartDistance(msgspec.Struct, kw_only=True):
    """Two children with an `apart` tie: how far apart their homes are in this plan."""

    child_a: UUID
    child_b: UUID
    reason: str | None
    km: float
    min_km: float | None  # a hard minimum (threat, sexual abuse); None: distance is soft
    penalty: float = 0.0  # soft: what the closeness costs the plan score


class TravelException(msgspec.Struct, kw_only=True):
    """An all-together plan beyond one child's travel limit: transport has to be arranged."""

    child_id: UUID
    minutes: float
    limit_minutes: float
    mode: str


class PlanPart(msgspec.Struct, kw_only=True):
    child_ids: list[UUID]
    carer_id: UUID
    carer_name: str
    free_places: int
    score: float
    members: list[Option]  # each child's explained option at this carer


class Plan(msgspec.Struct, kw_only=True):
    rank: int
    score: float
    all_together: bool
    parts: list[PlanPart]
    broken_ties: list[BrokenTie]
    requires_split_reason: bool  # splits a `together` tie: choosing it needs a recorded reason
    part_distances_km: list[PartDistance] = []
    split_penalty: float = 0.0
    members_score: float = 0.0  # mean of the members' scores, before any penalty
    apart_penalty: float = 0.0
    apart_distances: list[ApartDistance] = []
    travel_exceptions: list[TravelException] = []
    explanation: list[str] = []  # Dutch lines: how the score is made up, what must be arranged


class PlanRanking(msgspec.Struct, kw_only=True):
    """A sibling group: placement plans, all-together first when feasible."""

    child_ids: list[UUID]
    policy_version: int
    plans: list[Plan]
    all_together_feasible: bool
    search: str  # "exact" (every partition) or "beam" (large groups)
    partitions_considered: int
    per_child: list[Ranking]  # exclusion summaries per child (options trimmed)
