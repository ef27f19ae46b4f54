"""The inputs of a ranking, as plain values (no database): who needs a place, and for when.

The service builds these from the database (matching/queries.py); the benchmark and the unit
tests build them by hand.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import msgspec


class Spot(msgspec.Struct, frozen=True, kw_only=True):
    """A fixed point in the child's life: a school, a club, the parents' home."""

    latitude: float
    longitude: float
    name: str = ""


class SafetyZone(msgspec.Struct, frozen=True, kw_only=True):
    latitude: float
    longitude: float
    min_distance_km: float


class ChildProfile(msgspec.Struct, frozen=True, kw_only=True):
    child_id: UUID
    birth_date: dt.date
    gender: str  # f, m, x
    home_latitude: float
    home_longitude: float
    home_wijk_code: str | None = None
    parents: Spot | None = None
    school: Spot | None = None
    clubs: tuple[Spot, ...] = ()
    must_needs: tuple[str, ...] = ()
    should_needs: tuple[str, ...] = ()
    # Only what the child or the parents expressed: language, religion, food.
    wishes: dict[str, str] = msgspec.field(default_factory=dict)
    safety_zones: tuple[SafetyZone, ...] = ()
    excluded_carers: dict[UUID, str] = msgspec.field(default_factory=dict)  # carer -> reason
    network_ties: dict[UUID, str] = msgspec.field(default_factory=dict)  # carer -> relation
    # Carers where a sibling of this child (outside this request) lives now.
    apart_sibling_carers: tuple[UUID, ...] = ()
    together_sibling_carers: tuple[UUID, ...] = ()


class SiblingTie(msgspec.Struct, frozen=True, kw_only=True):
    child_a: UUID
    child_b: UUID
    kind: str  # full, half, step
    intent: str  # together, apart, contact
    apart_reason: str | None = None


class RequestProfile(msgspec.Struct, frozen=True, kw_only=True):
    request_id: UUID | None
    placement_type: str
    desired_start: dt.date
    expected_duration_days: int | None = None
    children: tuple[ChildProfile, ...] = ()
    ties: tuple[SiblingTie, ...] = ()

    @property
    def period_end(self) -> dt.date | None:
        """Exclusive end of the requested period; None = open-ended."""
        if self.expected_duration_days is None:
            return None
        return self.desired_start + dt.timedelta(days=self.expected_duration_days)


class Filters(msgspec.Struct, frozen=True, kw_only=True):
    limit: int = 10
    placement_type: str | None = None  # overrides the request's type
    organisation_id: UUID | None = None  # only carers of this organisation
    max_travel_minutes: float | None = None  # overrides the policy maximum
    include_exclusions: bool = False
    today: dt.date | None = None  # for availability age; None = today


DEFAULT_FILTERS = Filters()


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
