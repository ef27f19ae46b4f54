"""Checks on a decoded scenario that types alone cannot express: postcodes, references between
records, ranges, sibling and apart rules, double booking. Pure: no database access; every
problem found is reported, each with the path of the offending value."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import NamedTuple
from uuid import UUID

from placement.core.clock import local_today
from placement.core.errors import ValidationFailed
from placement.core.validation import CappedErrors
from placement.geo.service import GeoIndex
from placement.scenario.decode import problem
from placement.scenario.schemas import Occupancy, Scenario

MAX_AGE = 23  # extended care runs to 23
# An explicit coordinate may lie this far from its postcode area's centre (large rural PC4s).
MAX_OFFSET_KM = 15.0


class Spot(NamedTuple):
    postcode: str
    latitude: float
    longitude: float
    wijk_code: str | None


Errors = list[dict[str, str]]


def postcodes_in(scenario: Scenario) -> Iterator[str]:
    """Every postcode the scenario mentions (to see whether the national table is needed)."""
    for record in (*scenario.schools, *scenario.clubs, *scenario.carers):
        yield record.postcode
    for child in scenario.children:
        yield child.home_postcode
        if child.parents_postcode:
            yield child.parents_postcode
        yield from (zone.postcode for zone in child.safety_zones)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class _Checker:
    def __init__(self, scenario: Scenario, geo: GeoIndex, need_codes: set[str],
                 today: dt.date, unparsed_ids: set[UUID]) -> None:
        self.s, self.geo, self.need_codes, self.today = scenario, geo, need_codes, today
        self.unparsed = unparsed_ids
        self.errors: Errors = CappedErrors()
        self.spots: dict[str, Spot] = {}
        self.ids: dict[UUID, str] = {}

    def add(self, path: str, reason: str) -> None:
        self.errors.append(problem(path, reason))

    def claim(self, record_id: UUID, path: str) -> None:
        if record_id in self.ids:
            self.add(f"{path}/id", f"id also used at {self.ids[record_id]}")
        else:
            self.ids[record_id] = path

    def locate(self, key: str, postcode: str, field: str, lat: float | None = None,
               lon: float | None = None, lat_field: str = "latitude",
               record_path: str | None = None) -> None:
        """Resolve a postcode (and optional coordinate) and remember it under `key`; errors are
        reported at `record_path` (default: key) + field."""
        at = record_path or key
        try:
            where = self.geo.resolve(postcode)
        except ValidationFailed as exc:
            self.add(f"{at}/{field}", exc.errors[0]["reason"])
            return
        if (lat is None) != (lon is None):
            self.add(f"{at}/{lat_field}", "give latitude and longitude together, or neither")
            return
        if lat is not None and lon is not None:
            km = 111.2 * math.hypot(lat - where.latitude,
                                    (lon - where.longitude) * math.cos(math.radians(lat)))
            if km > MAX_OFFSET_KM:
                self.add(f"{at}/{lat_field}",
                         f"{km:.0f} km from postcode area {where.pc4}; coordinate and postcode disagree")
                return
            self.spots[key] = Spot(where.postcode, lat, lon, where.wijk_code)
        else:
            self.spots[key] = Spot(where.postcode, where.latitude, where.longitude, where.wijk_code)

    def run(self) -> None:
        s = self.s
        names: dict[str, int] = {}
        for i, org in enumerate(s.organisations):
            self.claim(org.id, f"/organisations/{i}")
            if org.name in names:
                self.add(f"/organisations/{i}/name", f"same name as /organisations/{names[org.name]}")
            names.setdefault(org.name, i)
        for kind in ("schools", "clubs"):
            for i, record in enumerate(getattr(s, kind)):
                self.claim(record.id, f"/{kind}/{i}")
                self.locate(f"/{kind}/{i}", record.postcode, "postcode", record.latitude,
                            record.longitude)
        for i, carer in enumerate(s.carers):
            self.claim(carer.id, f"/carers/{i}")
        for i, child in enumerate(s.children):
            self.claim(child.id, f"/children/{i}")
        # A reference to a malformed record (already reported) is not reported again.
        self.organisations = {o.id for o in s.organisations} | self.unparsed
        self.schools = {x.id for x in s.schools} | self.unparsed
        self.clubs = {x.id for x in s.clubs} | self.unparsed
        self.carers = {x.id for x in s.carers} | self.unparsed
        self.children = {x.id for x in s.children} | self.unparsed
        self.requests = {x.id for x in s.requests} | self.unparsed
        for i, request in enumerate(s.requests):
            self.claim(request.id, f"/requests/{i}")
        for i in range(len(s.carers)):
            self.check_carer(i)
        self.check_children()
        self.check_sibling_ties()
        self.check_network_ties()
        self.check_requests()

    def need_code(self, path: str, code: str) -> None:
        if code not in self.need_codes:
            self.add(path, f"unknown need code {code!r}")

    def check_carer(self, i: int) -> None:
        carer, path = self.s.carers[i], f"/carers/{i}"
        if carer.organisation_id not in self.organisations:
            self.add(f"{path}/organisation_id", "no such organisation in this scenario")
        self.locate(path, carer.postcode, "postcode", carer.latitude, carer.longitude)
        if carer.kind == "foster_family" and carer.foster_kind is None:
            self.add(f"{path}/foster_kind", "a foster family is either network or general")
        if carer.kind == "family_home" and carer.foster_kind is not None:
            self.add(f"{path}/foster_kind", "only foster families have a foster kind")
        if not carer.placement_types:
            self.add(f"{path}/placement_types", "offers no placement type")
        elif len(set(carer.placement_types)) != len(carer.placement_types):
            self.add(f"{path}/placement_types", "a placement type is listed twice")
        if carer.age_min > carer.age_max:
            self.add(f"{path}/age_min", f"inverted age range {carer.age_min}-{carer.age_max}")
        if not carer.genders_accepted:
            self.add(f"{path}/genders_accepted", "accepts no gender")
        confirmed = carer.availability_confirmed_at
        if confirmed is not None and confirmed.date() > self.today:
            self.add(f"{path}/availability_confirmed_at", "lies in the future")
        codes: set[str] = set()
        for j, competence in enumerate(carer.competences):
            self.need_code(f"{path}/competences/{j}/code", competence.code)
            if competence.code in codes:
                self.add(f"{path}/competences/{j}/code", "competence listed twice")
            codes.add(competence.code)
        if not carer.places:
            self.add(f"{path}/places", "a carer has at least one place")
        labels: set[str] = set()
        for j, place in enumerate(carer.places):
            place_path = f"{path}/places/{j}"
            self.claim(place.id, place_path)
            if place.label in labels:
                self.add(f"{place_path}/label", "this carer already has a place with this label")
            labels.add(place.label)
            for k, occupancy in enumerate(place.occupancies):
                self.check_occupancy(f"{place_path}/occupancies/{k}", occupancy)
            self.check_overlap(place_path, place.occupancies)

    def check_occupancy(self, path: str, occ: Occupancy) -> None:
        self.claim(occ.id, path)
        if occ.end is not None and occ.end <= occ.start:
            self.add(f"{path}/end", "ends on or before its start")
        if occ.kind == "placement" and occ.child_id is None:
            self.add(f"{path}/child_id", "a placement names the placed child")
        if occ.child_id is not None and occ.child_id not in self.children:
            self.add(f"{path}/child_id", "no such child in this scenario")
        if occ.request_id is not None and occ.request_id not in self.requests:
            self.add(f"{path}/request_id", "no such request in this scenario")
        if occ.status == "ended" and occ.end is None:
            self.add(f"{path}/end", "an ended occupancy needs its end date")
        if occ.end_reason is not None and occ.status != "ended":
            self.add(f"{path}/end_reason", "only an ended occupancy has an end reason")

    def check_overlap(self, place_path: str, occupancies: list[Occupancy]) -> None:
        live = sorted((o.start, o.end or dt.date.max, k) for k, o in enumerate(occupancies)
                      if o.status != "cancelled")
        latest_end, latest = dt.date.min, -1
        for start, end, k in live:
            if start < latest_end:
                self.add(f"{place_path}/occupancies/{k}/start",
                         f"overlaps {place_path}/occupancies/{latest}: a place holds one child "
                         "at a time")
            if end > latest_end:
                latest_end, latest = end, k

    def check_children(self) -> None:
        references: dict[str, int] = {}
        for i, child in enumerate(self.s.children):
            path = f"/children/{i}"
            if child.organisation_id not in self.organisations:
                self.add(f"{path}/organisation_id", "no such organisation in this scenario")
            if child.case_reference in references:
                self.add(f"{path}/case_reference",
                         f"same case reference as /children/{references[child.case_reference]}")
            references.setdefault(child.case_reference, i)
            if child.birth_date > self.today:
                self.add(f"{path}/birth_date", "lies in the future")
            elif age_on(child.birth_date, self.today) > MAX_AGE:
                self.add(f"{path}/birth_date", f"older than {MAX_AGE}: not in youth care")
            self.locate(path, child.home_postcode, "home_postcode", child.home_latitude,
                        child.home_longitude, lat_field="home_latitude")
            if child.parents_postcode is not None:
                self.locate(f"{path}/parents", child.parents_postcode, "parents_postcode",
                            record_path=path)
            if child.school_id is not None and child.school_id not in self.schools:
                self.add(f"{path}/school_id", "no such school in this scenario")
            for j, club in enumerate(child.club_ids):
                if club not in self.clubs:
                    self.add(f"{path}/club_ids/{j}", "no such club in this scenario")
            if len(set(child.club_ids)) != len(child.club_ids):
                self.add(f"{path}/club_ids", "a club is listed twice")
            for j, need in enumerate(child.needs):
                self.need_code(f"{path}/needs/{j}/code", need.code)
            if len({n.code for n in child.needs}) != len(child.needs):
                self.add(f"{path}/needs", "a need is listed twice")
            for j, zone in enumerate(child.safety_zones):
                self.claim(zone.id, f"{path}/safety_zones/{j}")
                self.locate(f"{path}/safety_zones/{j}", zone.postcode, "postcode")
            for j, excluded in enumerate(child.excluded_carers):
                if excluded.carer_id not in self.carers:
                    self.add(f"{path}/excluded_carers/{j}/carer_id", "no such carer in this scenario")
            if len({e.carer_id for e in child.excluded_carers}) != len(child.excluded_carers):
                self.add(f"{path}/excluded_carers", "a carer is listed twice")

    def check_sibling_ties(self) -> None:
        pairs: dict[frozenset[UUID], int] = {}
        for i, tie in enumerate(self.s.sibling_ties):
            path = f"/sibling_ties/{i}"
            self.claim(tie.id, path)
            for side in ("child_a_id", "child_b_id"):
                if getattr(tie, side) not in self.children:
                    self.add(f"{path}/{side}", "no such child in this scenario")
            if tie.child_a_id == tie.child_b_id:
                self.add(f"{path}/child_b_id", "a child cannot be its own sibling")
                continue
            pair = frozenset((tie.child_a_id, tie.child_b_id))
            if pair in pairs:
                self.add(f"{path}/child_b_id", f"same pair as /sibling_ties/{pairs[pair]}")
            pairs.setdefault(pair, i)
            if tie.intent == "apart" and tie.apart_reason is None:
                self.add(f"{path}/apart_reason", "placing siblings apart needs a reason")
            if tie.intent != "apart" and tie.apart_reason is not None:
                self.add(f"{path}/apart_reason", "only an `apart` tie has an apart reason")

    def check_network_ties(self) -> None:
        pairs: dict[tuple[UUID, UUID], int] = {}
        for i, tie in enumerate(self.s.network_ties):
            path = f"/network_ties/{i}"
            self.claim(tie.id, path)
            if tie.child_id not in self.children:
                self.add(f"{path}/child_id", "no such child in this scenario")
            if tie.carer_id not in self.carers:
                self.add(f"{path}/carer_id", "no such carer in this scenario")
            key = (tie.child_id, tie.carer_id)
            if key in pairs:
                self.add(f"{path}/carer_id", f"same tie as /network_ties/{pairs[key]}")
            pairs.setdefault(key, i)

    def check_requests(self) -> None:
        in_open: dict[UUID, str] = {}
        for i, request in enumerate(self.s.requests):
            path = f"/requests/{i}"
            if request.organisation_id not in self.organisations:
                self.add(f"{path}/organisation_id", "no such organisation in this scenario")
            if not request.child_ids:
                self.add(f"{path}/child_ids", "a request is for at least one child")
            if len(set(request.child_ids)) != len(request.child_ids):
                self.add(f"{path}/child_ids", "a child is listed twice")
            for j, child_id in enumerate(request.child_ids):
                if child_id not in self.children:
                    self.add(f"{path}/child_ids/{j}", "no such child in this scenario")
                elif request.status in ("open", "proposed", "introduction"):
                    if child_id in in_open:
                        self.add(f"{path}/child_ids/{j}",
                                 f"child already in open request {in_open[child_id]}")
                    in_open.setdefault(child_id, path)


def validate(scenario: Scenario, *, geo: GeoIndex, need_codes: set[str],
             today: dt.date | None = None,
             unparsed_ids: set[UUID] | None = None) -> tuple[dict[str, Spot], Errors]:
    """Returns the resolved location of every located record (keyed by path) and the errors.
    unparsed_ids: ids of records that were malformed (see decode), so references to them are
    not reported a second time."""
    checker = _Checker(scenario, geo, need_codes, today or local_today(), unparsed_ids or set())
    checker.run()
    return checker.spots, checker.errors

