"""The decision spine's rules with I/O: choosing an option of a stored ranking (and booking the
reservations), the families' answers, the introductions, placing, the follow-up request, and the
request's families and timeline.

One transaction per act, the audit entry inside it. Every act on a request first takes that
request's advisory lock, so two officers acting on one request take turns. Snapshots are read
through MatchingService, occupancies through placement.placements.queries, requests through
placement.requests.queries; this module's own SQL is in decisions/queries.py."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from placement.audit.service import record
from placement.auth.principal import Principal
from placement.auth.scope import officer_scope
from placement.core.clock import start_of_day
from placement.core.database import Database
from placement.core.errors import Conflict, FieldError, NotFound
from placement.core.validation import Errors, raise_if_errors
from placement.decisions import queries
from placement.decisions.reasons import (
    DECLINE_REASONS,
    END_REASONS,
    OVERRIDE_REASONS,
    STOP_REASONS,
    UNPLANNED_END_REASONS,
)
from placement.decisions.rules import choose, decision_state, latest_by_carer
from placement.decisions.schemas import (
    AnswerCreate,
    AnswerOut,
    ChosenCarer,
    DecisionCreate,
    DecisionOut,
    FamilyOut,
    FollowUpCreate,
    IntroductionCreate,
    IntroductionOut,
    PlacementCreate,
    TimelineEvent,
)
from placement.matching.service import MatchingService
from placement.placements import queries as occupancies
from placement.placements.service import to_out as occupancy_out
from placement.requests import queries as requests
from placement.requests.schemas import RequestOut
from placement.requests.service import scope_for
from placement.requests.service import to_out as request_out

ACTIVE = ("open", "proposed", "introduction")


def _carers(row: asyncpg.Record) -> list[ChosenCarer]:
    chosen = row["chosen"]
    if row["option_kind"] == "carer":
        return [ChosenCarer(carer_id=UUID(chosen["carer_id"]), carer_name=chosen["carer_name"],
                            child_ids=[])]
    merged: dict[str, ChosenCarer] = {}
    for part in chosen["parts"]:
        found = merged.setdefault(part["carer_id"], ChosenCarer(
            carer_id=UUID(part["carer_id"]), carer_name=part["carer_name"], child_ids=[]))
        found.child_ids.extend(UUID(c) for c in part["child_ids"])
    return list(merged.values())


class DecisionService:
    def __init__(self, db: Database, principal: Principal) -> None:
        self.db, self.principal = db, principal

    # --- scope ------------------------------------------------------------------------------

    async def _writable_request(self, conn: asyncpg.Connection,
                                request_id: UUID) -> asyncpg.Record:
        scope_org = officer_scope(self.principal, "only a placement officer decides")
        await occupancies.lock_for_booking(conn, [request_id])
        request = await requests.get_request(conn, request_id, scope_org=scope_org,
                                             referred_only=False)
        if request is None:
            raise NotFound("no such placement request in your caseload")
        return request

    async def _readable_request(self, conn: asyncpg.Connection,
                                request_id: UUID) -> asyncpg.Record:
        scope = scope_for(self.principal)
        request = await requests.get_request(conn, request_id, scope_org=scope.organisation_id,
                                             referred_only=scope.referred_only)
        if request is None:
            raise NotFound("no such placement request in your caseload")
        return request

    async def _decision_for_write(self, conn: asyncpg.Connection,
                                  decision_id: UUID) -> tuple[asyncpg.Record, asyncpg.Record]:
        row = await queries.get_decision(conn, decision_id)
        if row is None:
            officer_scope(self.principal, "only a placement officer decides")
            raise NotFound("no such decision in your caseload")
        request = await self._writable_request(conn, row["request_id"])
        return await queries.get_decision(conn, decision_id), request  # type: ignore[return-value]

    @staticmethod
    def _child_ids(request: asyncpg.Record) -> list[UUID]:
        return [UUID(str(c["id"])) for c in request["children"]]

    # --- reading ------------------------------------------------------------------------------

    async def _outs(self, conn: asyncpg.Connection,
                    rows: list[asyncpg.Record]) -> list[DecisionOut]:
        ids = [r["id"] for r in rows]
        held = await occupancies.occupancies_of_decision(conn, ids)
        answers = await queries.answers_of(conn, ids)
        intros = await queries.introductions_of(conn, ids)
        by: dict[str, dict[UUID, list[Any]]] = {"o": defaultdict(list), "a": defaultdict(list),
                                                "i": defaultdict(list)}
        for o in held:
            by["o"][o["decision_id"]].append(o)
        for a in answers:
            by["a"][a["decision_id"]].append(a)
        for i in intros:
            by["i"][i["decision_id"]].append(i)
        outs = []
        for row in rows:
            carers = _carers(row)
            own = by["o"][row["id"]]
            if row["option_kind"] == "carer":
                carers[0].child_ids = [o["child_id"] for o in own[:1]] or []
            state = decision_state(
                carer_ids=[c.carer_id for c in carers], occupancies=own,
                answers=latest_by_carer(by["a"][row["id"]], "answer"),
                introductions=latest_by_carer(by["i"][row["id"]], "outcome"),
                replaced=row["replaced_by_decision_id"] is not None)
            outs.append(DecisionOut(
                **{k: row[k] for k in (
                    "id", "request_id", "snapshot_id", "option_kind", "option_rank", "chosen",
                    "reason_code", "motivation", "broken_together_ties", "split_reasons",
                    "supply_counter_at_search", "supply_counter_at_decision", "supply_changed",
                    "replaces_decision_id", "replaced_by_decision_id", "source",
                    "decided_by_label", "decided_at")},
                carers=carers, state=state, reservations=[occupancy_out(o) for o in own],
                answers=[AnswerOut(**dict(a)) for a in by["a"][row["id"]]],
                introductions=[IntroductionOut(**dict(i)) for i in by["i"][row["id"]]]))
        return outs

    async def _one(self, conn: asyncpg.Connection, decision_id: UUID) -> DecisionOut:
        row = await queries.get_decision(conn, decision_id)
        assert row is not None
        return (await self._outs(conn, [row]))[0]

    async def get(self, decision_id: UUID) -> DecisionOut:
        async with self.db.transaction() as conn:
            row = await queries.get_decision(conn, decision_id)
            if row is None:
                scope_for(self.principal)
                raise NotFound("no such decision in your caseload")
            request = await self._readable_request(conn, row["request_id"])
            out = (await self._outs(conn, [row]))[0]
            await record(conn, self.principal, "decision.read", "decision",
                         record_ids=[decision_id, row["request_id"]],
                         child_ids=self._child_ids(request))
        return out

    async def of_request(self, request_id: UUID) -> list[DecisionOut]:
        async with self.db.transaction() as conn:
            request = await self._readable_request(conn, request_id)
            outs = await self._outs(conn, await queries.decisions_of_request(conn, request_id))
            await record(conn, self.principal, "decision.list", "decision",
                         record_ids=[request_id, *(d.id for d in outs)],
                         child_ids=self._child_ids(request))
        return outs

    # --- deciding -----------------------------------------------------------------------------

    async def decide(self, request_id: UUID, data: DecisionCreate, *,
                     source: str = "officer") -> DecisionOut:
        """source: 'officer' (a choice on a ranking page or the API) or 'waiting_list' (a line of
        a waiting-list proposal taken over); the same rules apply to both."""
        async with self.db.transaction() as conn:
            request = await self._writable_request(conn, request_id)
            if request["effective_status"] not in ACTIVE:
                raise Conflict(f"the request is {request['effective_status']}: nothing to decide",
                               errors=[{"field": "request_id",
                                        "reason": request["effective_status"]}])
            stored = await MatchingService.stored_for_decision(conn, data.snapshot_id)
            if stored is None or stored[0].request_id != request_id:
                raise_if_errors([FieldError("snapshot_id", "no such ranking of this request")])
            assert stored is not None
            result, at_search, now = stored
            choice, errors = choose(result, data)
            earlier = await self._outs(conn, await queries.decisions_of_request(conn, request_id))
            live = [d for d in earlier if any(o.status == "active" for o in d.reservations)]
            if data.replaces_decision_id is not None and data.replaces_decision_id not in {
                    d.id for d in earlier}:
                errors.append(FieldError("replaces_decision_id",
                                         "no such decision on this request"))
            raise_if_errors(errors)
            assert choice is not None
            for held in live:
                if held.id != data.replaces_decision_id:
                    raise Conflict("an earlier decision still holds places for this request; "
                                   "name it in replaces_decision_id to change your mind",
                                   errors=[{"field": "replaces_decision_id",
                                            "reason": f"decision {held.id} holds places"}])
                await occupancies.cancel_reservations_of_decision(conn, held.id)
            await occupancies.sync_request_status(conn, request_id)
            decision_id = await queries.insert_decision(conn, {
                "request_id": request_id, "organisation_id": request["organisation_id"],
                "snapshot_id": data.snapshot_id, "option_kind": choice.option_kind,
                "option_rank": data.option_rank, "chosen": choice.chosen,
                "reason_code": data.reason_code,
                "motivation": data.motivation.strip() if data.motivation else None,
                "broken_together_ties": len(choice.broken_together),
                "split_reasons": msgspec.to_builtins(data.split_reasons),
                "supply_counter_at_search": at_search, "supply_counter_at_decision": now,
                "replaces_decision_id": data.replaces_decision_id, "source": source,
                "decided_by": self.principal.user_id, "decided_by_label": self.principal.label})
            booked = await self._reserve(conn, request, decision_id, choice.assignments,
                                         choice.carer_names)
            await occupancies.sync_request_status(conn, request_id)
            await record(conn, self.principal, "decision.create", "decision",
                         record_ids=[decision_id, request_id, data.snapshot_id, *booked],
                         child_ids=self._child_ids(request),
                         detail={"option_rank": data.option_rank,
                                 "reason_code": data.reason_code,
                                 "broken_together_ties": len(choice.broken_together),
                                 "supply_changed": now != at_search,
                                 "replaces": str(data.replaces_decision_id or "")})
            return await self._one(conn, decision_id)

    async def _reserve(self, conn: asyncpg.Connection, request: asyncpg.Record, decision_id: UUID,
                       assignments: dict[UUID, list[UUID]],
                       names: dict[UUID, str]) -> list[UUID]:
        """One reservation per child on a free place of its carer, for the requested period."""
        start = request["desired_start"]
        days = request["expected_duration_days"]
        end = start + dt.timedelta(days=days) if days else None
        children = [c for kids in assignments.values() for c in kids]
        places = await occupancies.place_ids_of_carers(conn, list(assignments))
        await occupancies.lock_for_booking(conn, [*places, *children])
        booked = []
        for carer_id, kids in assignments.items():
            free = await occupancies.free_places_of_carer(conn, carer_id, start, end)
            if len(free) < len(kids):
                raise Conflict(f"{names.get(carer_id, 'the carer')} has {len(free)} free "
                               f"place(s) for the period, {len(kids)} needed",
                               errors=[{"field": "option_rank", "reason": "no free place"}])
            for child_id, place_id in zip(kids, free, strict=False):
                booked.append(await occupancies.insert_occupancy(conn, {
                    "place_id": place_id, "child_id": child_id, "request_id": request["id"],
                    "kind": "reservation", "start": start, "end": end,
                    "placement_type": request["placement_type"], "decision_id": decision_id}))
        return booked

    # --- answers and introductions ----------------------------------------------------------

    @staticmethod
    def _live(decision: DecisionOut, act: str) -> None:
        if decision.state in ("awaiting_answers", "introduction", "ready_to_place"):
            return
        raise Conflict(f"the decision is {decision.state}: no {act} can be recorded any more; "
                       "choose again if needed",
                       errors=[{"field": "decision_id", "reason": decision.state}])

    @staticmethod
    def _check_carer(decision: DecisionOut, carer_id: UUID, errors: Errors) -> None:
        if carer_id not in {c.carer_id for c in decision.carers}:
            errors.append(FieldError("carer_id", "this family was not approached in this "
                                                 "decision"))

    async def answer(self, decision_id: UUID, data: AnswerCreate) -> DecisionOut:
        errors: Errors = []
        if (data.answer == "declined") != (data.decline_reason is not None):
            errors.append(FieldError("decline_reason", "required with a decline, and only then"))
        async with self.db.transaction() as conn:
            row, request = await self._decision_for_write(conn, decision_id)
            decision = (await self._outs(conn, [row]))[0]
            self._check_carer(decision, data.carer_id, errors)
            raise_if_errors(errors)
            self._live(decision, "answer")
            answer_id = await queries.insert_answer(conn, {
                **msgspec.structs.asdict(data), "decision_id": decision_id,
                "recorded_by": self.principal.user_id,
                "recorded_by_label": self.principal.label})
            if data.answer == "declined":
                await occupancies.cancel_reservations_of_decision(conn, decision_id)
                await occupancies.sync_request_status(conn, row["request_id"])
            else:
                latest = latest_by_carer([*(msgspec.structs.asdict(a) for a in decision.answers),
                                          {"carer_id": data.carer_id, "answer": data.answer}],
                                         "answer")
                accepted = all(latest.get(c.carer_id) == "accepted" for c in decision.carers)
                await occupancies.set_request_status(
                    conn, row["request_id"], "introduction" if accepted else "proposed")
            await record(conn, self.principal, "decision.answer", "family_answer",
                         record_ids=[answer_id, decision_id, data.carer_id],
                         child_ids=self._child_ids(request),
                         detail={"answer": data.answer, "decline_reason": data.decline_reason})
            return await self._one(conn, decision_id)

    async def introduce(self, decision_id: UUID, data: IntroductionCreate) -> DecisionOut:
        errors: Errors = []
        if (data.outcome == "stop") != (data.stop_reason is not None):
            errors.append(FieldError("stop_reason", "required with a stop, and only then"))
        async with self.db.transaction() as conn:
            row, request = await self._decision_for_write(conn, decision_id)
            decision = (await self._outs(conn, [row]))[0]
            self._check_carer(decision, data.carer_id, errors)
            raise_if_errors(errors)
            self._live(decision, "introduction")
            if decision.state == "awaiting_answers":
                raise Conflict("every approached family must accept before the introduction",
                               errors=[{"field": "carer_id", "reason": "not every family "
                                                                       "accepted"}])
            intro_id = await queries.insert_introduction(conn, {
                **msgspec.structs.asdict(data), "decision_id": decision_id,
                "recorded_by": self.principal.user_id,
                "recorded_by_label": self.principal.label})
            if data.outcome == "stop":
                await occupancies.cancel_reservations_of_decision(conn, decision_id)
                await occupancies.sync_request_status(conn, row["request_id"])
            await record(conn, self.principal, "decision.introduction", "introduction",
                         record_ids=[intro_id, decision_id, data.carer_id],
                         child_ids=self._child_ids(request),
                         detail={"outcome": data.outcome, "stop_reason": data.stop_reason})
            return await self._one(conn, decision_id)

    async def place(self, decision_id: UUID, data: PlacementCreate) -> DecisionOut:
        """Every approached family accepted and the introduction went ahead: the reservations
        become placements from the real start date (keeping the planned length, if any)."""
        async with self.db.transaction() as conn:
            row, request = await self._decision_for_write(conn, decision_id)
            decision = (await self._outs(conn, [row]))[0]
            self._live(decision, "placement")
            if decision.state != "ready_to_place":
                raise Conflict("placing needs an accepted answer and a go-ahead introduction "
                               "from every family of the decision",
                               errors=[{"field": "decision_id", "reason": decision.state}])
            held = [o for o in decision.reservations if o.status == "active"]
            await occupancies.lock_for_booking(
                conn, [*(o.place_id for o in held), *(o.child_id for o in held if o.child_id)])
            for o in held:
                end = data.start + (o.end - o.start) if o.end else None
                await occupancies.update_occupancy(
                    conn, o.id, o.version, kind="placement", start=data.start, end=end,
                    status="active", end_reason=None)
            await occupancies.sync_request_status(conn, row["request_id"])
            await record(conn, self.principal, "decision.place", "occupancy",
                         record_ids=[decision_id, *(o.id for o in held)],
                         child_ids=self._child_ids(request),
                         detail={"start": data.start.isoformat()})
            return await self._one(conn, decision_id)

    # --- after an ending -----------------------------------------------------------------------

    async def follow_up(self, request_id: UUID, data: FollowUpCreate) -> RequestOut:
        async with self.db.transaction() as conn:
            request = await self._writable_request(conn, request_id)
            held = await occupancies.occupancies_of_request(conn, request_id)
            unplanned = [o for o in held if o["kind"] == "placement" and o["status"] == "ended"
                         and o["end_reason"] in UNPLANNED_END_REASONS]
            if request["effective_status"] != "ended" or not unplanned:
                raise Conflict("a follow-up request is opened after an unplanned ending only",
                               errors=[{"field": "request_id",
                                        "reason": request["effective_status"]}])
            new_id = await requests.insert_follow_up(
                conn, request_id, placement_type=data.placement_type or request["placement_type"],
                urgency=data.urgency, desired_start=data.desired_start, notes=data.notes)
            await record(conn, self.principal, "request.follow_up", "placement_request",
                         record_ids=[new_id, request_id], child_ids=self._child_ids(request),
                         detail={"end_reason": unplanned[-1]["end_reason"]})
            row = await requests.get_request(conn, new_id, scope_org=None, referred_only=False)
        assert row is not None
        return request_out(row)

    # --- what a court asks first ---------------------------------------------------------------

    async def families(self, request_id: UUID) -> list[FamilyOut]:
        async with self.db.transaction() as conn:
            request = await self._readable_request(conn, request_id)
            decisions = await self._outs(conn, await queries.decisions_of_request(conn,
                                                                                  request_id))
            found = [families_of(d) for d in decisions]
            flat = [f for fs in found for f in fs]
            await record(conn, self.principal, "decision.families", "decision",
                         record_ids=[request_id, *(d.id for d in decisions)],
                         child_ids=self._child_ids(request))
        return flat

    async def timeline(self, request_id: UUID) -> list[TimelineEvent]:
        async with self.db.transaction() as conn:
            request = await self._readable_request(conn, request_id)
            decisions = await self._outs(conn, await queries.decisions_of_request(conn,
                                                                                  request_id))
            searches = await MatchingService.snapshot_times(conn, request_id)
            held = await occupancies.occupancies_of_request(conn, request_id)
            await record(conn, self.principal, "decision.timeline", "placement_request",
                         record_ids=[request_id], child_ids=self._child_ids(request))
        return timeline_of(request, searches, decisions, held)


def families_of(decision: DecisionOut) -> list[FamilyOut]:
    out = []
    for carer in decision.carers:
        answers = [a for a in decision.answers if a.carer_id == carer.carer_id]
        intros = [i for i in decision.introductions if i.carer_id == carer.carer_id]
        placed = any(o.kind == "placement" and o.status != "cancelled"
                     and o.carer_id == carer.carer_id for o in decision.reservations)
        out.append(FamilyOut(
            carer_id=carer.carer_id, carer_name=carer.carer_name, decision_id=decision.id,
            option_rank=decision.option_rank, decided_at=decision.decided_at,
            child_ids=carer.child_ids, answer=answers[-1].answer if answers else None,
            introduction=intros[-1].outcome if intros else None, placed=placed,
            answers=answers, introductions=intros))
    return out


def timeline_of(request: asyncpg.Record, searches: list[Any], decisions: list[DecisionOut],
                held: list[asyncpg.Record]) -> list[TimelineEvent]:
    """Every step of a request in time order, each with one Dutch line. Answers, introductions,
    placements and endings are dated by the day they happened, not when they were typed in."""
    events = [TimelineEvent(at=request["created_at"], kind="melding",
                            summary="Plaatsingsverzoek gemeld", record_id=request["id"])]
    events += [TimelineEvent(at=s["created_at"], kind="search", record_id=s["id"],
                             summary=f"Zoekopdracht door {s['asked_by_label']}")
               for s in searches]
    for d in decisions:
        names = ", ".join(c.carer_name for c in d.carers)
        why = f" ({OVERRIDE_REASONS.get(d.reason_code or '', '')})" if d.reason_code else ""
        events.append(TimelineEvent(at=d.decided_at, kind="decision", record_id=d.id,
                                    decision_id=d.id,
                                    summary=f"Besluit: optie {d.option_rank}, {names}{why}"))
        by_id = {c.carer_id: c.carer_name for c in d.carers}
        for a in d.answers:
            reason = f": {DECLINE_REASONS[a.decline_reason]}" if a.decline_reason else ""
            label = {"accepted": "akkoord", "declined": "afgewezen",
                     "no_answer": "geen antwoord"}[a.answer]
            events.append(TimelineEvent(at=start_of_day(a.answered_on), kind="answer",
                                        record_id=a.id, decision_id=d.id, carer_id=a.carer_id,
                                        summary=f"{by_id.get(a.carer_id, 'Gezin')}: "
                                                f"{label}{reason}"))
        for i in d.introductions:
            reason = f": {STOP_REASONS[i.stop_reason]}" if i.stop_reason else ""
            label = "doorgaan" if i.outcome == "go_ahead" else "stoppen"
            events.append(TimelineEvent(at=start_of_day(i.held_on), kind="introduction",
                                        record_id=i.id, decision_id=d.id, carer_id=i.carer_id,
                                        summary=f"Kennismaking met "
                                                f"{by_id.get(i.carer_id, 'gezin')}: "
                                                f"{label}{reason}"))
    for o in held:
        if o["kind"] != "placement" or o["status"] == "cancelled":
            continue
        events.append(TimelineEvent(at=start_of_day(o["start"]), kind="placement",
                                    record_id=o["id"], decision_id=o["decision_id"],
                                    carer_id=o["carer_id"], child_id=o["child_id"],
                                    summary=f"Geplaatst op {o['place_label']}"))
        if o["end_reason"]:
            scheduled = o["status"] == "active"
            events.append(TimelineEvent(
                at=start_of_day(o["end"]), kind="scheduled_end" if scheduled else "end",
                record_id=o["id"], decision_id=o["decision_id"], carer_id=o["carer_id"],
                child_id=o["child_id"],
                summary=("Gepland einde: " if scheduled else "Beëindigd: ")
                        + END_REASONS[o["end_reason"]]))
    return sorted(events, key=lambda e: e.at)
