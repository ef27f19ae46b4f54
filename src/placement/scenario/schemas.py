"""The scenario document, as msgspec structs. Unknown fields are rejected everywhere.

Every record carries an `id` (UUID) so that records refer to each other by id and an export can
be imported again unchanged. Locations are given by postcode; `latitude`/`longitude` are
optional and, when given, place the record more precisely inside its postcode area.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from placement.core.validation import check_struct_text

FORMAT = "placement-scenario"
VERSION = 1

Gender = Literal["f", "m", "x"]
PlacementType = Literal["crisis", "short_term", "long_term", "part_time", "family_home"]
Postcode = Annotated[str, msgspec.Meta(min_length=4, max_length=8, examples=["3511AB", "3511"])]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
ShortText = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
Latitude = Annotated[float, msgspec.Meta(ge=-90, le=90)]
Longitude = Annotated[float, msgspec.Meta(ge=-180, le=180)]
Age = Annotated[int, msgspec.Meta(ge=0, le=23)]


class Record(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of every scenario struct: unknown fields are an error, not silently dropped, and
    text keeps the rules of every request body (core/validation.py)."""

    def __post_init__(self) -> None:
        check_struct_text(self)


class Organisation(Record, kw_only=True):
    id: UUID
    name: Name
    kind: Literal["provider", "municipality", "buurtteam", "recruitment"] = "provider"


class School(Record, kw_only=True):
    id: UUID
    name: Name
    kind: Literal["primary", "secondary", "special"]
    postcode: Postcode
    latitude: Latitude | None = None
    longitude: Longitude | None = None


class Club(Record, kw_only=True):
    id: UUID
    name: Name
    activity: ShortText
    postcode: Postcode
    latitude: Latitude | None = None
    longitude: Longitude | None = None


class Competence(Record, kw_only=True):
    code: ShortText
    level: Literal["full", "with_support"] = "full"
    support_note: Annotated[str, msgspec.Meta(max_length=200)] | None = None


class Occupancy(Record, kw_only=True):
    """A placement or a reservation (a place held for the introduction) of one place.

    The period is half-open: [start, end); no end means open-ended."""

    id: UUID
    kind: Literal["placement", "reservation"]
    start: dt.date
    end: dt.date | None = None
    placement_type: PlacementType
    status: Literal["active", "ended", "cancelled"] = "active"
    end_reason: Literal["planned", "return_home", "to_network", "to_independence",
                        "breakdown_carer", "breakdown_child", "breakdown_agency",
                        "other"] | None = None
    child_id: UUID | None = None
    request_id: UUID | None = None


class Place(Record, kw_only=True):
    id: UUID
    label: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    is_active: bool = True
    occupancies: list[Occupancy] = []


class Carer(Record, kw_only=True):
    id: UUID
    organisation_id: UUID
    name: Name
    kind: Literal["foster_family", "family_home"]
    foster_kind: Literal["network", "general"] | None = None
    postcode: Postcode
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    address: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    placement_types: list[PlacementType]
    age_min: Age = 0
    age_max: Age = 18
    genders_accepted: list[Gender] = msgspec.field(default_factory=lambda: ["f", "m", "x"])
    own_children_birth_years: list[Annotated[int, msgspec.Meta(ge=1900, le=2100)]] = []
    languages: list[ShortText] = []
    religion: ShortText | None = None
    availability_confirmed_at: dt.datetime | None = None
    status: Literal["active", "paused", "inactive"] = "active"
    competences: list[Competence] = []
    places: list[Place] = []


class Need(Record, kw_only=True):
    code: ShortText
    level: Literal["must", "should"]


class Wishes(Record, kw_only=True):
    """Only what the child or the parents expressed; never inferred."""

    language: ShortText | None = None
    religion: ShortText | None = None
    food: ShortText | None = None


class SafetyZone(Record, kw_only=True):
    id: UUID
    postcode: Postcode
    min_distance_km: Annotated[float, msgspec.Meta(gt=0, le=300)]


class ExcludedCarer(Record, kw_only=True):
    carer_id: UUID
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class Child(Record, kw_only=True):
    id: UUID
    organisation_id: UUID
    case_reference: Annotated[str, msgspec.Meta(min_length=3, max_length=40,
                                                pattern=r"^[A-Za-z0-9-]+$")]
    given_name: Name
    birth_date: dt.date
    gender: Gender
    home_postcode: Postcode
    home_latitude: Latitude | None = None
    home_longitude: Longitude | None = None
    home_address: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    parents_postcode: Postcode | None = None
    school_id: UUID | None = None
    club_ids: list[UUID] = []
    needs: list[Need] = []
    wishes: Wishes = msgspec.field(default_factory=Wishes)
    safety_zones: list[SafetyZone] = []
    excluded_carers: list[ExcludedCarer] = []


class SiblingTie(Record, kw_only=True):
    id: UUID
    child_a_id: UUID
    child_b_id: UUID
    kind: Literal["full", "half", "step"]
    intent: Literal["together", "apart", "contact"] = "together"
    apart_reason: Literal["specialist_care", "threat", "severe_conflict",
                          "sexual_abuse"] | None = None


class NetworkTie(Record, kw_only=True):
    id: UUID
    child_id: UUID
    carer_id: UUID
    relation: Literal["grandparent", "aunt_uncle", "adult_sibling", "other_relative", "teacher",
                      "neighbour", "family_friend", "coach", "other"]


class PlacementRequest(Record, kw_only=True):
    id: UUID
    organisation_id: UUID
    child_ids: list[UUID]
    placement_type: PlacementType
    urgency: Literal["crisis", "high", "normal"] = "normal"
    desired_start: dt.date
    expected_duration_days: Annotated[int, msgspec.Meta(gt=0)] | None = None
    status: Literal["open", "proposed", "introduction", "placed", "ended",
                    "cancelled"] = "open"
    referred_to_commission: bool = False
    notes: Annotated[str, msgspec.Meta(max_length=2000)] = ""
    created_at: dt.datetime | None = None  # the melding date; now when absent


class Scenario(Record, kw_only=True):
    format: Literal["placement-scenario"]
    version: Literal[1]
    organisations: list[Organisation] = []
    schools: list[School] = []
    clubs: list[Club] = []
    carers: list[Carer] = []
    children: list[Child] = []
    sibling_ties: list[SiblingTie] = []
    network_ties: list[NetworkTie] = []
    requests: list[PlacementRequest] = []


# The top-level lists, in the order they are validated and written.
COLLECTIONS: dict[str, type[Record]] = {
    "organisations": Organisation, "schools": School, "clubs": Club, "carers": Carer,
    "children": Child, "sibling_ties": SiblingTie, "network_ties": NetworkTie,
    "requests": PlacementRequest,
}


class ImportSummary(msgspec.Struct, kw_only=True):
    """What an import wrote, per collection."""

    counts: dict[str, int]
    national_postcodes_imported: int = 0
    seconds: float = 0.0
