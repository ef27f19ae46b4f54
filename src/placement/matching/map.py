"""Gathering what the ranking map shows, through the services: the children's own places (home
postcode, school, clubs, parents' home; ChildService audits the read) and each candidate's
location (CarerService). The commission sees children redacted: its map shows wijk and
candidates only."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from placement.carers.service import CarerService
from placement.children.service import ChildService
from placement.core.errors import DomainError
from placement.geo.service import GeoIndex
from placement.matching.schemas import SearchOut
from placement.reference.service import ClubService, SchoolService
from placement.web.labels import number
from placement.web.map_svg import MapView, Point, draw, km_between


def shown_options(out: SearchOut) -> list[tuple[int, UUID, str]]:
    """(rank, carer id, name) of every candidate on the page, plans included."""
    if out.ranking is not None:
        return [(o.rank, o.carer_id, o.carer_name) for o in out.ranking.options]
    seen: dict[UUID, tuple[int, UUID, str]] = {}
    for plan in (out.plans.plans if out.plans else []):
        for part in plan.parts:
            seen.setdefault(part.carer_id, (plan.rank, part.carer_id, part.carer_name))
    return list(seen.values())


async def ranking_map(out: SearchOut, child_ids: list[UUID], geo: GeoIndex,
                      children: ChildService, schools: SchoolService, clubs: ClubService,
                      carers: CarerService) -> tuple[MapView, list[dict[str, Any]]]:
    points: list[Point] = []
    own_wijk = None
    files = await children.get_many(child_ids)
    for child in files.values():
        own_wijk = own_wijk or child.home_wijk_code
        name = child.case_reference
        if child.home_postcode:
            home = _located(geo, child.home_postcode)
            if home:
                points.append(Point("home", f"thuis van {name}", *home))
        if child.school_id:
            try:
                school = await schools.get(child.school_id)
                points.append(Point("school", f"school: {school.name}", school.latitude,
                                    school.longitude))
            except DomainError:
                pass
        for club_id in child.club_ids:
            try:
                club = await clubs.get(club_id)
                points.append(Point("club", f"club: {club.name}", club.latitude, club.longitude))
            except DomainError:
                pass
        if child.parents_postcode:
            parents = _located(geo, child.parents_postcode)
            if parents:
                points.append(Point("parents", f"ouders van {name}", *parents))
    anchor = next((p for p in points if p.kind == "school"),
                  next((p for p in points if p.kind == "home"), None))
    rows = []
    for rank, carer_id, carer_name in shown_options(out):
        try:
            carer = await carers.get(carer_id)
        except DomainError:
            continue
        points.append(Point("candidate", f"{rank}. {carer_name}", carer.latitude,
                            carer.longitude, rank=rank))
        rows.append({"rank": rank, "name": carer_name,
                     "wijk": geo.wijk_names.get(carer.wijk_code or "", "buiten Utrecht"),
                     "km": number(km_between(anchor.latitude, anchor.longitude, carer.latitude,
                                             carer.longitude), 1) if anchor else "–"})
    pc4 = {code: (lat, lon, wijk) for code, (lat, lon, wijk, _, _) in geo.pc4.items()}
    return draw(pc4, geo.wijk_names, points, own_wijk), rows


def _located(geo: GeoIndex, postcode: str) -> tuple[float, float] | None:
    try:
        found = geo.resolve(postcode)
    except DomainError:
        return None
    return found.latitude, found.longitude
