"""Fictional children: some already placed (occupying places), the rest waiting in open
placement requests, alone or as sibling groups of 2-5, with their needs, ties and wishes."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from placement.demo import names
from placement.demo.context import Ctx
from placement.scenario import schemas as s

# Share of children with each need; "must" for the given share of those.
NEEDS = {"trauma": 0.40, "hechting": 0.30, "gedrag": 0.20, "adhd": 0.15, "autisme": 0.10,
         "lvb": 0.10, "angst_depressie": 0.10, "loyaliteit": 0.15, "onderwijs": 0.10,
         "medisch": 0.05, "lichamelijk": 0.04, "seksueel_grensoverschrijdend": 0.02}
RARE_MUST = {"medisch", "lichamelijk", "seksueel_grensoverschrijdend"}
APART_REASONS = ["specialist_care", "threat", "severe_conflict", "sexual_abuse"]
KIN = ["grandparent", "grandparent", "aunt_uncle", "aunt_uncle", "other_relative",
       "adult_sibling", "family_friend"]
ACQUAINTED = ["grandparent", "aunt_uncle", "family_friend", "neighbour", "teacher", "coach"]
REQUEST_TYPES = {"crisis": 0.10, "short_term": 0.35, "long_term": 0.40, "part_time": 0.05,
                 "family_home": 0.10}
DURATION = {"crisis": 28, "short_term": 180, "part_time": 365}
GROUP_SIZES = {1: 0.62, 2: 0.20, 3: 0.10, 4: 0.05, 5: 0.03}


class Demand:
    def __init__(self, ctx: Ctx, organisations: dict[str, UUID], carers: list[s.Carer]) -> None:
        self.ctx, self.rng, self.organisations, self.carers = ctx, ctx.rng, organisations, carers
        self.children: list[s.Child] = []
        self.sibling_ties: list[s.SiblingTie] = []
        self.network_ties: list[s.NetworkTie] = []
        self.requests: list[s.PlacementRequest] = []
        self.tied: set[tuple[UUID, UUID]] = set()
        self.zone_km = (2.0, 4.0) if len(carers) < 1000 else (5.0, 15.0)

    def child(self, age: int, area: int, *, spot: tuple[str, float, float] | None = None,
              parents_area: int | None = None) -> s.Child:
        ctx, rng = self.ctx, self.rng
        gender = rng.choices(["f", "m", "x"], weights=[48, 48, 4])[0]
        pc4, lat, lon = spot or ctx.areas.spot(area)
        birth = ctx.today - dt.timedelta(days=age * 365 + rng.randint(1, 360))
        needs = [s.Need(code="zuigeling", level="must")] if age == 0 else []
        for code, share in NEEDS.items():
            if ctx.chance(share) and (age >= 4 or code not in {"adhd", "lvb", "onderwijs"}):
                must = ctx.chance(0.7 if code in RARE_MUST else 0.35)
                needs.append(s.Need(code=code, level="must" if must else "should"))
        if age >= 14 and ctx.chance(0.06):
            needs.append(s.Need(code="middelen", level="should"))
        wishes = s.Wishes(
            language=rng.choice(names.WISH_LANGUAGES) if ctx.chance(0.15) else None,
            religion=rng.choice(names.WISH_RELIGIONS) if ctx.chance(0.12) else None,
            food=rng.choice(names.WISH_FOOD) if ctx.chance(0.08) else None)
        parents = ctx.areas.rows[parents_area if parents_area is not None
                                 else (area if ctx.chance(0.8) else ctx.areas.near(area))].pc4
        child = s.Child(
            id=ctx.new_id(),
            organisation_id=self.organisations[
                "foster" if ctx.chance(0.8) else "homes"],
            case_reference=f"DEMO-{ctx.today.year}-{len(self.children) + 1:04d}",
            given_name=rng.choice(names.GIVEN_NAMES[gender]), birth_date=birth,
            gender=gender,  # type: ignore[arg-type]
            home_postcode=pc4, home_latitude=lat, home_longitude=lon, parents_postcode=parents,
            needs=needs, wishes=wishes)
        self.children.append(child)
        return child

    def placed(self, count: int) -> None:
        """Children living at a carer now: each occupies one place, open-ended."""
        slots = [(c, p) for c in self.carers if c.status == "active" for p in c.places]
        self.rng.shuffle(slots)
        for carer, place in slots[:count]:
            age = self.rng.randint(carer.age_min, min(carer.age_max, 17))
            area = self.ctx.areas.near(self.ctx.areas.index_of[carer.postcode], 10)
            child = self.child(age, area)
            days_in_care = (self.ctx.today - child.birth_date).days - 1
            start = self.ctx.days_ago(self.rng.randint(1, max(1, min(1500, days_in_care))))
            kind = "family_home" if carer.kind == "family_home" else (
                "long_term" if "long_term" in carer.placement_types else carer.placement_types[0])
            place.occupancies.append(s.Occupancy(
                id=self.ctx.new_id(), kind="placement", start=start,
                placement_type=kind, child_id=child.id))  # type: ignore[arg-type]
            if carer.foster_kind == "network":
                self.tie(child.id, carer.id, self.rng.choice(KIN))

    def tie(self, child_id: UUID, carer_id: UUID, relation: str) -> None:
        if (child_id, carer_id) not in self.tied:
            self.tied.add((child_id, carer_id))
            self.network_ties.append(s.NetworkTie(id=self.ctx.new_id(), child_id=child_id,
                                                  carer_id=carer_id, relation=relation))  # type: ignore[arg-type]

    def waiting(self, count: int) -> None:
        """Children with an open request: sibling groups share a home and one request."""
        rng = self.rng
        while count > 0:
            size = min(count, rng.choices(list(GROUP_SIZES), weights=list(GROUP_SIZES.values()))[0])
            count -= size
            area = self.ctx.areas.pick()
            spot = self.ctx.areas.spot(area)
            parents = area if self.ctx.chance(0.8) else self.ctx.areas.near(area)
            eldest = rng.randint(size - 1, 17)
            ages = sorted({max(0, eldest - i * rng.randint(1, 3)) for i in range(size)},
                          reverse=True)
            while len(ages) < size:  # twins
                ages.append(ages[-1])
            group = [self.child(age, area, spot=spot, parents_area=parents) for age in ages]
            self.siblings(group)
            self.request(group)
            for child in group:
                self.safety_and_exclusions(child, area)

    def siblings(self, group: list[s.Child]) -> None:
        rng = self.rng
        pairs = [(a, b) for i, a in enumerate(group) for b in group[i + 1:]]
        apart = rng.choice(pairs) if pairs and self.ctx.chance(0.12) else None
        contact = rng.choice(pairs) if len(group) >= 3 and self.ctx.chance(0.35) else None
        base = "full" if self.ctx.chance(0.75) else "half"
        for pair in pairs:
            intent, reason = "together", None
            if pair == apart:
                intent, reason = "apart", rng.choice(APART_REASONS)
            elif pair == contact:
                intent = "contact"
            kind = base if self.ctx.chance(0.85) else rng.choice(["half", "step"])
            self.sibling_ties.append(s.SiblingTie(
                id=self.ctx.new_id(), child_a_id=pair[0].id, child_b_id=pair[1].id,
                kind=kind, intent=intent, apart_reason=reason))  # type: ignore[arg-type]

    def request(self, group: list[s.Child]) -> None:
        rng = self.rng
        kind = rng.choices(list(REQUEST_TYPES), weights=list(REQUEST_TYPES.values()))[0]
        if len(group) >= 3 and self.ctx.chance(0.5):
            kind = "family_home"
        rare = any(n.code in RARE_MUST and n.level == "must" for c in group for n in c.needs)
        self.requests.append(s.PlacementRequest(
            id=self.ctx.new_id(), organisation_id=group[0].organisation_id,
            child_ids=[c.id for c in group], placement_type=kind,  # type: ignore[arg-type]
            urgency="crisis" if kind == "crisis" else ("high" if self.ctx.chance(0.2) else "normal"),
            desired_start=self.ctx.today + dt.timedelta(days=rng.randint(0, 60)),
            expected_duration_days=DURATION.get(kind),
            referred_to_commission=self.ctx.chance(0.5 if rare else 0.02),
            notes="Demo-verzoek (fictief)", created_at=self.ctx.moment(rng.randint(0, 120))))
        for child in group:
            for carer in self._network_candidates():
                self.tie(child.id, carer.id, rng.choice(ACQUAINTED))

    def _network_candidates(self) -> list[s.Carer]:
        """Now and then a network family that knows this child (grandparents, a teacher)."""
        if not self.ctx.chance(0.25):
            return []
        network = [c for c in self.carers if c.foster_kind == "network"]
        return [self.rng.choice(network)] if network else []

    def safety_and_exclusions(self, child: s.Child, area: int) -> None:
        if self.ctx.chance(0.05):
            zone_area = self.ctx.areas.near(area, 12)
            child.safety_zones.append(s.SafetyZone(
                id=self.ctx.new_id(), postcode=self.ctx.areas.rows[zone_area].pc4,
                min_distance_km=round(self.rng.uniform(*self.zone_km), 1)))
        if self.ctx.chance(0.03):
            carer = self.rng.choice(self.carers)
            child.excluded_carers.append(s.ExcludedCarer(
                carer_id=carer.id, reason=self.rng.choice(names.EXCLUSION_REASONS)))

    def reserve(self, share: float) -> None:
        """Hold a free place for the introduction of some single-child requests."""
        free = [(c, p) for c in self.carers if c.status == "active" for p in c.places
                if not p.occupancies]
        self.rng.shuffle(free)
        for request in self.requests:
            if len(request.child_ids) == 1 and free and self.ctx.chance(share):
                _, place = free.pop()
                start = self.ctx.today + dt.timedelta(days=self.rng.randint(1, 7))
                place.occupancies.append(s.Occupancy(
                    id=self.ctx.new_id(), kind="reservation", start=start,
                    end=start + dt.timedelta(days=14), placement_type=request.placement_type,
                    child_id=request.child_ids[0], request_id=request.id))
                request.status = "proposed"
