"""The Utrecht demo's past: about two years of requests, rankings, decisions, family answers,
introductions, placements and endings, so the KPI reports show believable figures at once.

Called by the demo loader right after the scenario import (demo/loader.py), once: it does
nothing when the database already holds decisions. Deterministic: the same seed and day give
the same past (ids are uuid5(seed, counter); all chance comes from one random.Random).

How it works, oldest request first:
- made-up children (fictional names, living where the demo's children live, at their schools)
  get a request with a melding date in the past; sibling groups of 2-4 share one request;
- the real engine ranks them (matching.engine.rank_child / siblings.plan_group over the
  candidate index, as it was: the index holds every occupancy of the past made so far), and
  the ranking is stored as a snapshot through matching's queries.insert_snapshot;
- the officer mostly takes the top option; sometimes another, with a coded reason; a plan that
  splits siblings carries a split reason per broken tie; some families decline, some
  introductions stop, and the officer chooses again;
- the placement starts after the introduction and ends after a length typical of its type;
  about a quarter of the endings are unplanned (breakdown), some of those followed by a new
  request for the same child; some placements go on today, some have a scheduled end.
No place and no child is ever booked twice at once: a free place is looked up in the
occupancies of the place (what exists already plus what this past has booked), and the
database's exclusion constraints would refuse it otherwise.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from placement.audit.service import record
from placement.auth.principal import system_principal
from placement.core.clock import local_today
from placement.decisions.reasons import UNPLANNED_END_REASONS
from placement.demo import history_queries as q
from placement.demo import names
from placement.demo.demand import APART_REASONS, NEEDS, RARE_MUST
from placement.matching import queries as matching_queries
from placement.matching.core.engine import rank_child
from placement.matching.core.index import OPEN_END, CandidateIndex, day_number
from placement.matching.core.policy import Policy, policy_from_row
from placement.matching.core.profiles import Filters
from placement.matching.core.siblings import plan_group
from placement.matching.core.travel import OfflineEstimator
from placement.matching.profiles_db import child_profile, request_profile
from placement.matching.schemas import SearchIn, SearchOut
from placement.matching.service import _inputs

HISTORY_NAMESPACE = uuid.UUID("9b0e3f4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b")
HISTORY_DAYS = 730
REQUESTS = 230
LABEL = "Demo-plaatser (fictief)"
TYPES = {"crisis": 0.15, "short_term": 0.30, "long_term": 0.35, "family_home": 0.12,
         "part_time": 0.08}
DURATION = {"crisis": 28, "short_term": 180, "part_time": 365}
GROUP_SIZES = {1: 0.72, 2: 0.17, 3: 0.08, 4: 0.03}
# Length of a placement that ends as planned, in days (low, high), per type.
LENGTH = {"crisis": (7, 90), "short_term": (60, 420), "long_term": (240, 1400),
          "family_home": (300, 1400), "part_time": (90, 540)}
UNPLANNED_SHARE = 0.18  # of placements; endings see more (breakdowns come early)
OVERRIDES = {"family_unreachable": 2, "wish_child_parents": 3, "closer_to_network": 3,
             "continuity_school_care": 3, "professional_judgement": 2, "other": 1}
MOTIVATIONS = {
    "family_declined": "Het eerst gekozen gezin wees af; dit gezin is de volgende passende optie.",
    "family_unreachable": "Het gezin bovenaan was in de afgesproken termijn niet bereikbaar.",
    "wish_child_parents": "Ouders en jeugdige gaven de voorkeur aan dit gezin.",
    "closer_to_network": "Dit gezin woont dichter bij grootouders en vrienden van het kind.",
    "continuity_school_care": "Zo blijft de jeugdige op de eigen school en bij de eigen hulp.",
    "professional_judgement": "Afweging van het team na overleg met de gedragswetenschapper.",
    "other": "Praktische reden, besproken met de ouders (fictief demovoorbeeld).",
}
SPLITS = {"no_home_for_all": 6, "needs_differ": 2, "specialist_care": 1,
          "professional_judgement": 1, "wish_child": 1, "other": 1}
DECLINES = {"no_room_now": 3, "not_fitting_family": 2, "needs_too_heavy": 2,
            "personal_circumstances": 2, "other": 1}
STOPS = {"child_not_comfortable": 2, "family_not_comfortable": 2, "parents_object": 1,
         "professional_judgement": 1, "other": 1}
PLANNED_ENDS = {"planned": 4, "return_home": 3, "to_network": 2, "other": 1}
UNPLANNED_ENDS = {"breakdown_carer": 45, "breakdown_child": 35, "breakdown_agency": 20}


@dataclass
class Job:
    """A request waiting to be worked on: its melding, children and type."""

    melding: dt.datetime
    request_id: UUID
    organisation_id: UUID
    child_ids: list[UUID]
    placement_type: str
    follows: UUID | None = None
    desired: dt.date | None = None  # desired start, set when the request is written


@dataclass
class Past:
    decisions: list[tuple[Any, ...]] = field(default_factory=list)
    answers: list[tuple[Any, ...]] = field(default_factory=list)
    introductions: list[tuple[Any, ...]] = field(default_factory=list)
    occupancies: list[tuple[Any, ...]] = field(default_factory=list)
    statuses: list[tuple[UUID, str, dt.datetime]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


class History:
    def __init__(self, conn: asyncpg.Connection, seed: int, today: dt.date) -> None:
        self.conn, self.seed, self.today = conn, seed, today
        self.rng = random.Random(f"placement-demo-history:{seed}")
        self.counter = 0
        self.past = Past()
        self.jobs: list[tuple[dt.datetime, int, Job]] = []
        self._declines: set[UUID] = set()
        self.busy: dict[UUID, list[tuple[int, int]]] = defaultdict(list)  # place -> periods
        self.estimator = OfflineEstimator()

    # --- plumbing ---------------------------------------------------------------------------

    def new_id(self) -> UUID:
        self.counter += 1
        return uuid.uuid5(HISTORY_NAMESPACE, f"{self.seed}:{self.counter}")

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, weights: dict[str, float]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def moment(self, day: dt.date) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, self.rng.randint(7, 16),
                           self.rng.choice((0, 15, 30, 45)), tzinfo=dt.UTC)

    def push(self, job: Job) -> None:
        heapq.heappush(self.jobs, (job.melding, self.counter, job))

    # --- setting up -------------------------------------------------------------------------

    async def prepare(self) -> None:
        self.index, places, occupancies = await q.index_and_places(self.conn)
        self.policy: Policy = policy_from_row(await matching_queries.current_policy(self.conn))
        self.place_row = {p["id"]: i for i, p in enumerate(places)}
        self.places_of: dict[UUID, list[UUID]] = defaultdict(list)
        for p in places:
            self.places_of[p["carer_id"]].append(p["id"])
        for o in occupancies:
            end = OPEN_END if o["period_end"] is None else day_number(o["period_end"])
            self.busy[o["place_id"]].append((day_number(o["period_start"]), end))
        self.templates = await q.template_children(self.conn)

    async def make_requests(self) -> None:
        children, needs, ties, requests, members = [], [], [], [], []
        first = self.today - dt.timedelta(days=HISTORY_DAYS)
        meldings = sorted(first + dt.timedelta(days=self.rng.randint(0, HISTORY_DAYS - 45))
                          for _ in range(REQUESTS))
        for number, day in enumerate(meldings, start=1):
            size = int(self.pick({str(k): v for k, v in GROUP_SIZES.items()}))
            home = self.rng.choice(self.templates)
            kind = self.pick(TYPES)
            if size >= 3 and self.chance(0.5):
                kind = "family_home"
            eldest = self.rng.randint(size - 1, 17)
            ages = sorted({max(0, eldest - i * self.rng.randint(1, 3)) for i in range(size)},
                          reverse=True)
            while len(ages) < size:
                ages.append(ages[-1])
            group = []
            for position, age in enumerate(ages):
                child = self.new_id()
                gender = self.rng.choices(["f", "m", "x"], weights=[48, 48, 4])[0]
                birth = day - dt.timedelta(days=age * 365 + self.rng.randint(1, 360))
                school = home["school_id"] if age >= 4 else None
                children.append((
                    child, home["organisation_id"], f"DEMO-H-{number:04d}-{position + 1}",
                    self.rng.choice(names.GIVEN_NAMES[gender]), birth, gender,
                    home["home_postcode"], home["home_latitude"], home["home_longitude"],
                    home["home_wijk_code"], home["parents_postcode"], home["parents_latitude"],
                    home["parents_longitude"], school, self.moment(day)))
                needs.extend(self.needs_of(child, age))
                group.append(child)
            apart = self.chance(0.10) and size > 1
            for i, a in enumerate(group):
                for j, b in enumerate(group[i + 1:], start=i + 1):
                    split = apart and (i, j) == (0, 1)
                    ties.append((a, b, "full" if self.chance(0.8) else "half",
                                 "apart" if split else "together",
                                 self.rng.choice(APART_REASONS) if split else None))
            job = Job(self.moment(day), self.new_id(), home["organisation_id"], group, kind)
            requests.append(self.request_row(job))
            members.extend((job.request_id, c) for c in group)
            self.push(job)
        await q.insert_children(self.conn, children)
        await q.insert_needs(self.conn, needs)
        await q.insert_sibling_ties(self.conn, ties)
        await q.insert_requests(self.conn, requests, members)
        self.past.counts["children"] = len(children)

    def needs_of(self, child: UUID, age: int) -> list[tuple[UUID, str, str]]:
        found = [(child, "zuigeling", "must")] if age == 0 else []
        for code, share in NEEDS.items():
            if self.chance(share) and (age >= 4 or code not in {"adhd", "lvb", "onderwijs"}):
                # Rare needs only as a wish here: the past placed these children somewhere.
                level = "should" if code in RARE_MUST or not self.chance(0.3) else "must"
                found.append((child, code, level))
        return found

    # --- one request ------------------------------------------------------------------------

    def desired_start(self, job: Job) -> dt.date:
        melding = job.melding.date()
        if job.placement_type == "crisis":
            return melding + dt.timedelta(days=self.rng.randint(0, 2))
        return melding + dt.timedelta(days=self.rng.choice([
            self.rng.randint(3, 14), self.rng.randint(10, 35), self.rng.randint(30, 90)]))

    def request_row(self, job: Job) -> tuple[Any, ...]:
        job.desired = self.desired_start(job)
        crisis = job.placement_type == "crisis"
        return (job.request_id, job.organisation_id, job.placement_type,
                "crisis" if crisis else "normal", job.desired, DURATION.get(job.placement_type),
                job.melding, job.follows)

    async def work(self, job: Job) -> None:
        melding = job.melding.date()
        crisis = job.placement_type == "crisis"
        if job.desired is None:  # a follow-up request, made while the past unfolds
            await q.insert_requests(self.conn, [self.request_row(job)],
                                    [(job.request_id, c) for c in job.child_ids])
        desired = job.desired
        assert desired is not None
        self.past.counts["requests"] += 1
        search_day = melding + dt.timedelta(days=0 if crisis else self.rng.randint(0, 3))
        snapshot, options = await self.search(job, search_day)
        tried: set[int] = set()
        day = search_day
        for attempt in range(3):
            chosen = self.choose(options, tried, attempt, job, desired, day)
            if chosen is None:
                break
            rank, option, plan_parts, start, end, why = chosen
            tried.add(rank)
            outcome = self.decide(job, snapshot, rank, option, plan_parts, day, start, end, why)
            if outcome == "placed":
                return
            day = outcome  # the day the officer chooses again
            if day > self.today:  # that is still to come: the request waits for a choice
                self.past.statuses.append((job.request_id, "open", self.moment(self.today)))
                return
        self.past.statuses.append((job.request_id, "cancelled",
                                   self.moment(day + dt.timedelta(days=14))))
        self.past.counts["cancelled"] += 1

    async def search(self, job: Job, day: dt.date) -> tuple[SearchOut, list[Any]]:
        request = {"id": job.request_id, "organisation_id": job.organisation_id,
                   "placement_type": job.placement_type, "desired_start": job.desired,
                   "expected_duration_days": DURATION.get(job.placement_type)}
        rows = await matching_queries.request_children(self.conn, job.request_id)
        ties = (await matching_queries.sibling_ties(self.conn, job.child_ids)
                if len(job.child_ids) > 1 else [])
        profile = request_profile(request, [child_profile(r, apart_carers=[], together_carers=[])
                                            for r in rows], ties)
        filters = Filters(limit=6, today=day)
        ranking = plans = None
        if len(job.child_ids) > 1:
            plans = plan_group(self.index, profile, self.policy, filters, self.estimator)
            options: list[Any] = list(plans.plans)
        else:
            ranking = rank_child(self.index, profile.children[0], profile, self.policy, filters,
                                 self.estimator)
            options = list(ranking.options)
        out = SearchOut(
            snapshot_id=self.new_id(), request_id=job.request_id,
            kind="group" if plans else "single", policy_version=self.policy.version,
            model_version=None, created_at=self.moment(day), asked_by=LABEL,
            inputs=_inputs(profile, SearchIn(), self.index, self.estimator.name),
            ranking=ranking, plans=plans)
        summary: Any = (ranking.exclusion_summary if ranking
                        else [c.exclusion_summary for c in plans.per_child])  # type: ignore[union-attr]
        await matching_queries.insert_snapshot(
            self.conn, snapshot_id=out.snapshot_id, created_at=out.created_at,
            request_id=job.request_id, organisation_id=job.organisation_id, kind=out.kind,
            child_ids=job.child_ids, inputs=out.inputs, result_json=msgspec.json.encode(out),
            top_carers=out.top_carers(), exclusion_summary=summary,
            policy_version=self.policy.version, model_version=None, asked_by=None,
            asked_by_label=LABEL)
        self.past.counts["snapshots"] += 1
        return out, options

    def choose(self, options: list[Any], tried: set[int], attempt: int, job: Job,
               desired: dt.date, day: dt.date) -> tuple[Any, ...] | None:
        """The option the officer takes: the first untried one with room, or now and then
        (and always after a decline) a lower one, with a reason."""
        crisis = job.placement_type == "crisis"
        introduction = 0 if crisis else self.rng.randint(5, 16)
        start = max(desired, day + dt.timedelta(days=introduction))
        end, why = self.ending(job, start)
        usable = []
        for option in options:
            if option.rank in tried:
                continue
            parts = self.parts_of(option, job)
            if parts is not None and self.rooms(parts, start, end) is not None:
                usable.append((option, parts))
        if not usable:
            return None
        position = 0
        if attempt == 0 and len(usable) > 1 and self.chance(0.18):
            position = min(len(usable) - 1, self.rng.choice([1, 1, 1, 2, 2, 3]))
        option, parts = usable[position]
        return option.rank, option, parts, start, end, why

    def parts_of(self, option: Any, job: Job) -> list[tuple[UUID, list[UUID]]] | None:
        if hasattr(option, "parts"):
            return [(p.carer_id, list(p.child_ids)) for p in option.parts]
        return [(option.carer_id, list(job.child_ids))]

    def rooms(self, parts: list[tuple[UUID, list[UUID]]], start: dt.date,
              end: dt.date | None) -> list[tuple[UUID, UUID]] | None:
        """(place, child) for every child, on free places of its part's carer, or None."""
        lo, hi = day_number(start), OPEN_END if end is None else day_number(end)
        found = []
        for carer, children in parts:
            free = [p for p in self.places_of.get(carer, [])
                    if all(b <= lo or a >= hi for a, b in self.busy[p])]
            if len(free) < len(children):
                return None
            found.extend(zip(free, children, strict=False))
        return found

    def ending(self, job: Job, start: dt.date) -> tuple[dt.date | None, str | None]:
        low, high = LENGTH[job.placement_type]
        length = self.rng.randint(low, high)
        reason = self.pick(PLANNED_ENDS)
        if self.chance(UNPLANNED_SHARE):
            reason = self.pick(UNPLANNED_ENDS)
            length = max(5, int(length * self.rng.uniform(0.15, 0.7)))
        elif job.placement_type in ("long_term", "family_home") and self.chance(0.35):
            return None, None  # goes on, no end in sight
        end = start + dt.timedelta(days=length)
        if end > self.today and reason in UNPLANNED_END_REASONS:
            return None, None  # a breakdown cannot be known in advance: still going on
        if (end > self.today + dt.timedelta(days=90)
                and job.placement_type in ("long_term", "family_home") and self.chance(0.7)):
            return None, None  # a long placement far from its end has no end date yet
        return end, reason

    def decide(self, job: Job, snapshot: SearchOut, rank: int, option: Any,
               parts: list[tuple[UUID, list[UUID]]], day: dt.date, start: dt.date,
               end: dt.date | None, why: str | None) -> str | dt.date:
        decision = self.new_id()
        decided_at = self.moment(day)
        reason = motivation = None
        if rank > 1:
            reason = ("family_declined" if job.request_id in self._declines
                      else self.pick(OVERRIDES))
            motivation = MOTIVATIONS[reason]
        broken = [t for t in getattr(option, "broken_ties", []) if t.intent == "together"]
        splits = []
        for tie in broken:
            code = self.pick(SPLITS)
            splits.append({"child_a_id": str(tie.child_a), "child_b_id": str(tie.child_b),
                           "reason_code": code, "motivation": "Demo: reden van de splitsing"})
        self.past.decisions.append((
            decision, job.request_id, job.organisation_id, snapshot.snapshot_id,
            "plan" if hasattr(option, "parts") else "carer", rank,
            msgspec.to_builtins(option), reason, motivation, len(broken), splits,
            self.index.counter or 0, decided_at))
        self.past.counts["decisions"] += 1
        self.past.counts["overrides"] += rank > 1
        self.past.counts["splits"] += bool(broken)
        answered = day + dt.timedelta(days=self.rng.randint(1, 4))
        crisis = job.placement_type == "crisis"
        if answered > self.today:  # the family has not answered yet
            self.pending(job, decision, parts, start, "proposed")
            return "placed"
        if not crisis and self.chance(0.10):
            carer = parts[0][0]
            self.past.answers.append((decision, carer, "declined", self.pick(DECLINES), answered,
                                      self.moment(answered)))
            self.cancelled(job, decision, parts, day, answered)
            self._declines.add(job.request_id)
            self.past.counts["declines"] += 1
            return answered + dt.timedelta(days=1)
        for carer, _ in parts:
            self.past.answers.append((decision, carer, "accepted", None, answered,
                                      self.moment(answered)))
        if not crisis:
            held = min(answered + dt.timedelta(days=self.rng.randint(1, 6)),
                       start - dt.timedelta(days=1))
            held = max(held, answered)
            if held > self.today:  # accepted; the introduction is still to come
                self.pending(job, decision, parts, start, "introduction")
                return "placed"
            if self.chance(0.06):
                for carer, _ in parts:
                    self.past.introductions.append((decision, carer, "stop", self.pick(STOPS),
                                                    held, self.moment(held)))
                self.cancelled(job, decision, parts, day, held)
                self.past.counts["stopped_introductions"] += 1
                return held + dt.timedelta(days=1)
            for carer, _ in parts:
                self.past.introductions.append((decision, carer, "go_ahead", None, held,
                                                self.moment(held)))
        if start > self.today:  # introduced, the move is still to come
            self.pending(job, decision, parts, start, "introduction")
            return "placed"
        self.place(job, decision, parts, start, end, why)
        return "placed"

    def pending(self, job: Job, decision: UUID, parts: list[tuple[UUID, list[UUID]]],
                start: dt.date, status: str) -> None:
        """A request still under way today: its reservation holds the places from the planned
        start, as a reservation made with a decision does."""
        end = start + dt.timedelta(days=14)
        rooms = self.rooms(parts, start, end) or []
        for place, child in rooms:
            self.busy[place].append((day_number(start), day_number(end)))
            self.book_in_index(place, day_number(start), day_number(end))
            self.past.occupancies.append((
                place, child, job.request_id, decision, "reservation", start, end,
                job.placement_type, "active", None, None, self.moment(self.today)))
        self.past.statuses.append((job.request_id, status, self.moment(self.today)))
        self.past.counts["under_way"] += 1

    def cancelled(self, job: Job, decision: UUID, parts: list[tuple[UUID, list[UUID]]],
                  day: dt.date, until: dt.date) -> None:
        """The reservation made with the decision, cancelled by the decline or the stop."""
        rooms = self.rooms(parts, day, day + dt.timedelta(days=14)) or []
        for place, child in rooms:
            self.past.occupancies.append((
                place, child, job.request_id, decision, "reservation", day,
                day + dt.timedelta(days=14), job.placement_type, "cancelled", None, None,
                self.moment(day)))

    def place(self, job: Job, decision: UUID, parts: list[tuple[UUID, list[UUID]]],
              start: dt.date, end: dt.date | None, why: str | None) -> None:
        rooms = self.rooms(parts, start, end)
        assert rooms is not None  # checked when the option was chosen
        lo, hi = day_number(start), OPEN_END if end is None else day_number(end)
        ended = end is not None and end <= self.today
        for place, child in rooms:
            self.busy[place].append((lo, hi))
            self.book_in_index(place, lo, hi)
            self.past.occupancies.append((
                place, child, job.request_id, decision, "placement", start, end,
                job.placement_type, "ended" if ended else "active", why,
                "Demo: einde van de plaatsing (fictief)" if why else None, self.moment(start)))
        self.past.counts["placements"] += len(rooms)
        self.past.counts["ended" if ended else "ongoing"] += len(rooms)
        if end is not None and not ended:
            self.past.counts["scheduled_ends"] += len(rooms)
        if ended and why in UNPLANNED_END_REASONS:
            self.past.counts["unplanned"] += len(rooms)
        status = "ended" if ended else "placed"
        self.past.statuses.append((job.request_id, status,
                                   self.moment(end if ended and end else start)))
        if ended and end and why in UNPLANNED_END_REASONS:
            for child in job.child_ids:
                self.follow_up(job, child, end)

    def follow_up(self, job: Job, child: UUID, ended: dt.date) -> None:
        """After a breakdown, often a new request for the same child, pointing at the old one."""
        melding = ended - dt.timedelta(days=self.rng.randint(0, 3))
        if melding > self.today - dt.timedelta(days=30) or not self.chance(0.7):
            return
        kind = "short_term" if self.chance(0.5) else "long_term"
        when = self.moment(max(melding, job.melding.date() + dt.timedelta(days=1)))
        self.push(Job(when, self.new_id(), job.organisation_id, [child], kind, job.request_id))
        self.past.counts["follow_up_requests"] += 1

    def book_in_index(self, place: UUID, lo: int, hi: int) -> None:
        """Later rankings see this placement, as a real search would have."""
        row = self.place_row.get(place)
        if row is None:
            return
        index: CandidateIndex = self.index
        index.add_occupancy(row, lo, hi)

    async def run(self) -> Counter[str]:
        await self.prepare()
        await self.make_requests()
        while self.jobs:
            _, _, job = heapq.heappop(self.jobs)
            await self.work(job)
        await q.insert_decisions(self.conn, self.past.decisions)
        await q.insert_answers(self.conn, self.past.answers)
        await q.insert_introductions(self.conn, self.past.introductions)
        await q.insert_occupancies(self.conn, self.past.occupancies)
        await q.set_request_statuses(self.conn, self.past.statuses)
        await record(self.conn, system_principal("demo history"), "demo.history",
                     "demo_history", detail=dict(self.past.counts))
        return self.past.counts


async def load_history_if_empty(conn: asyncpg.Connection, seed: int,
                                today: dt.date | None = None) -> Counter[str] | None:
    """Make the demo's past in one transaction, unless there are decisions already."""
    async with conn.transaction():
        if await q.has_history(conn):
            return None
        return await History(conn, seed, today or local_today()).run()
