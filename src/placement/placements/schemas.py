"""Request and response structs for occupancies: placements and reservations of a place.

A period is half-open [start, end): a placement ending on day D and another starting on day D
are adjacent, not overlapping. No end means open-ended. An end date in the future with an
end_reason is a scheduled end (`end_scheduled`): the placement is active until that day."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from placement.core.schemas import Page, PlacementType, Strict

OccupancyKind = Literal["placement", "reservation"]
OccupancyStatus = Literal["active", "ended", "cancelled"]
# placement.decisions.reasons.END_REASONS holds the Dutch labels and which ones are unplanned.
EndReason = Literal["planned", "return_home", "to_network", "to_independence", "breakdown_carer",
                    "breakdown_child", "breakdown_agency", "other"]
EndNote = Annotated[str, msgspec.Meta(max_length=4000)]


class OccupancyCreate(Strict):
    place_id: UUID
    child_id: UUID
    kind: OccupancyKind
    start: dt.date
    placement_type: PlacementType
    end: dt.date | None = None
    request_id: UUID | None = None


class OccupancyUpdate(Strict):
    """End a placement (end + end_reason [+ end_note]; a future end is scheduled), cancel (status
    cancelled), move the end date, or turn a reservation into a placement (kind placement)."""

    version: int | None = None
    end: dt.date | msgspec.UnsetType | None = msgspec.UNSET
    end_reason: EndReason | msgspec.UnsetType | None = msgspec.UNSET
    end_note: EndNote | msgspec.UnsetType | None = msgspec.UNSET
    status: Literal["ended", "cancelled"] | msgspec.UnsetType = msgspec.UNSET
    kind: Literal["placement"] | msgspec.UnsetType = msgspec.UNSET


class OccupancyOut(msgspec.Struct, kw_only=True):
    id: UUID
    place_id: UUID
    place_label: str
    carer_id: UUID
    child_id: UUID | None
    request_id: UUID | None
    kind: str
    start: dt.date
    end: dt.date | None
    placement_type: str
    status: str
    end_reason: str | None
    end_note: str | None
    end_scheduled: bool  # an end date (and reason) is set but the day has not come yet
    decision_id: UUID | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class OccupancyPage(Page[OccupancyOut]):
    items: list[OccupancyOut]
