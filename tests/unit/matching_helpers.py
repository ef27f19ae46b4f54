"""Hand-made matching scenarios around Utrecht: carers as plain rows, children as profiles."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from placement.matching.core.index import CandidateIndex
from placement.matching.core.profiles import ChildProfile, RequestProfile, Spot

CENTRE = (52.0907, 5.1214)  # Utrecht, Domplein
KM_LAT = 1 / 111.2
KM_LON = 1 / 68.4  # at 52 degrees north
START = dt.date(2026, 9, 1)
TODAY = dt.date(2026, 8, 20)
ORG = uuid.UUID("00000000-0000-0000-0000-00000000a001")


def at(east_km: float = 0.0, north_km: float = 0.0) -> tuple[float, float]:
    return CENTRE[0] + north_km * KM_LAT, CENTRE[1] + east_km * KM_LON


def carer(name: str, *, east: float = 0.0, north: float = 0.0, places: int = 1,
          **overrides: Any) -> dict[str, Any]:
    lat, lon = at(east, north)
    row: dict[str, Any] = {
        "id": uuid.uuid5(uuid.NAMESPACE_DNS, f"carer-{name}"), "organisation_id": ORG,
        "name": name, "kind": "foster_family", "foster_kind": "general", "latitude": lat,
        "longitude": lon, "wijk_code": "binnenstad",
        "placement_types": ["crisis", "short_term", "long_term"], "age_min": 0, "age_max": 18,
        "genders_accepted": ["f", "m", "x"], "own_children_birth_years": [],
        "languages": ["nederlands"], "religion": None,
        "availability_confirmed_at": TODAY - dt.timedelta(days=3), "status": "active",
        "places": places,
    }
    row.update(overrides)
    return row


def index_of(carers: list[dict[str, Any]], *, competences: list[dict[str, Any]] = (),  # type: ignore[assignment]
             occupied: dict[str, list[tuple[dt.date, dt.date | None]]] | None = None,
             ) -> CandidateIndex:
    """occupied: carer name -> one (start, exclusive end) per occupied place."""
    places, occupancies = [], []
    for c in carers:
        periods = list((occupied or {}).get(c["name"], []))
        for k in range(c["places"]):
            place_id = uuid.uuid5(c["id"], f"place-{k}")
            places.append({"id": place_id, "carer_id": c["id"]})
            if k < len(periods):
                start, end = periods[k]
                occupancies.append({"place_id": place_id, "period_start": start,
                                    "period_end": end})
    return CandidateIndex.from_rows(carers, competences, places, occupancies)


def need(carer_row: dict[str, Any], code: str, level: str = "full",
         note: str | None = None) -> dict[str, Any]:
    return {"carer_id": carer_row["id"], "need_code": code, "level": level, "support_note": note}


def child(name: str = "kind", *, age: int = 11, gender: str = "f", school_east: float | None = 0.0,
          **overrides: Any) -> ChildProfile:
    lat, lon = at(0, 0)
    values: dict[str, Any] = {
        "child_id": uuid.uuid5(uuid.NAMESPACE_DNS, f"child-{name}"),
        "birth_date": dt.date(START.year - age, 3, 1), "gender": gender,
        "home_latitude": lat, "home_longitude": lon, "home_wijk_code": "binnenstad",
        "school": (Spot(latitude=at(school_east)[0], longitude=at(school_east)[1], name="school")
                   if school_east is not None else None),
    }
    values.update(overrides)
    return ChildProfile(**values)


def request(*children: ChildProfile, placement_type: str = "long_term",
            duration: int | None = None, ties: tuple = ()) -> RequestProfile:  # type: ignore[type-arg]
    return RequestProfile(request_id=None, placement_type=placement_type, desired_start=START,
                          expected_duration_days=duration, children=children, ties=ties)
