"""Matching rules with I/O: record scope, the in-memory index, snapshots, audit entries."""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import msgspec

from placement.audit.service import entry_values, record
from placement.auth.principal import COMMISSIE, PLAATSER, Principal
from placement.core.clock import local_today
from placement.core.database import Database
from placement.core.errors import Conflict, NotFound
from placement.geo.service import GeoIndex
from placement.matching import queries
from placement.matching.core.engine import rank_child
from placement.matching.core.index import CandidateIndex
from placement.matching.core.policy import Policy, policy_from_row
from placement.matching.core.profiles import Filters, RequestProfile, age_on
from placement.matching.core.siblings import plan_group
from placement.matching.core.travel import TravelTimeEstimator
from placement.matching.profiles_db import (
    child_profile,
    context_rows,
    outside_siblings,
    request_profile,
)
from placement.matching.router import OsrmRouter, TripRecorder, estimator_for
from placement.matching.schemas import PolicyPreviewOut, PreviewItem, SearchIn, SearchOut
from placement.operations.metrics import INDEX_REBUILDS
from placement.settings import Settings
from placement.stability.service import prepare_carer_stability

INDEX_STATE_KEY = "matching_index"


class IndexHolder:
    """The app's one CandidateIndex, the policies it has seen, and the travel estimators.

    A search needs the supply change counter, the policy version in force for its organisation
    and the active stability model (one tiny query); only when the counter moved is the index
    rebuilt, on a connection of its own, and only when the model changed are its carer arrays
    recomputed. While a LISTEN on placement_supply_changed is up (operations/lifespan.py),
    a search skips even that query unless a notification (supply, policy or model) came since
    the last check. Policies never change once written, so a version is read once."""

    def __init__(self) -> None:
        self.index: CandidateIndex | None = None
        self.rebuilds = 0
        self._policies: dict[int, Policy] = {}
        self._model_version: int | None = -1  # stability model the index's arrays are for
        self._lock = asyncio.Lock()
        self._travel: dict[str | None, TravelTimeEstimator] = {}
        self._listening = False
        self._stale = True
        self._rebuild = False  # set by forget(): rebuild even if the counter has not moved
        self._latest: dict[UUID | None, Policy] = {}  # organisation -> policy in force

    def start_listening(self) -> None:
        self._listening, self._stale = True, True

    def stop_listening(self) -> None:
        self._listening = False

    def mark_stale(self) -> None:
        self._stale = True

    def forget(self) -> None:
        """The next current() rebuilds the index whatever the counter says (after notifications
        may have been missed)."""
        self._stale = self._rebuild = True

    def travel(self, router_url: str | None) -> TravelTimeEstimator:
        """One estimator per app, so a router's cache serves every search."""
        if router_url not in self._travel:
            self._travel[router_url] = estimator_for(router_url)
        return self._travel[router_url]

    async def current(self, conn: asyncpg.Connection, db: Database,
                      organisation_id: UUID | None = None) -> tuple[CandidateIndex, Policy]:
        """The index and the policy in force for this organisation (its own, else the
        platform default)."""
        if self._stale:
            self._latest.clear()
        elif self._listening and self.index is not None and organisation_id in self._latest:
            return self.index, self._latest[organisation_id]
        self._stale = False  # before the query: a change notified during it marks stale again
        counter, version, model = await queries.supply_counter_and_policy_version(
            conn, organisation_id)
        policy = self._policies.get(version)
        if policy is None:
            policy = policy_from_row(await queries.policy_version(conn, version))
            self._policies[version] = policy
        self._latest[organisation_id] = policy
        if (self.index is not None and self.index.counter == counter
                and self._model_version == model and not self._rebuild):
            return self.index, policy
        async with self._lock:
            if self.index is None or self.index.counter != counter or self._rebuild:
                self._rebuild = False
                async with db.pool.acquire() as own:
                    self.index = await queries.load_index(own)
                self.rebuilds += 1
                INDEX_REBUILDS.inc()
                self._model_version = -1
            if self._model_version != model:
                self.index.stability = await prepare_carer_stability(conn, self.index)
                self._model_version = model
            # The index lives until the next supply change: out of the cyclic collector's reach,
            # or every full collection walks its objects again (with the national index in
            # memory a full collection took 200-320 ms, a pause for every request waiting on
            # this process). Freed by reference counting as before when a newer one replaces it.
            gc.freeze()
        return self.index, policy


def holder_in(state: Any) -> IndexHolder:
    holder = state.get(INDEX_STATE_KEY) if hasattr(state, "get") else None
    if holder is None:
        holder = IndexHolder()
        state[INDEX_STATE_KEY] = holder
    return holder


class MatchingService:
    def __init__(self, db: Database, geo: GeoIndex, principal: Principal, settings: Settings,
                 index_holder: IndexHolder, estimator: TravelTimeEstimator | None = None) -> None:
        self.db = db
        self.geo = geo
        self.principal = principal
        self.settings = settings
        self.holder = index_holder
        self.estimator = estimator or index_holder.travel(settings.router_url)

    async def search(self, request_id: UUID, body: SearchIn) -> SearchOut:
        """Rank carers (one child) or plans (a sibling group) and store it as a snapshot."""
        out, _ = await self._search(request_id, body)
        return out

    async def search_json(self, request_id: UUID, body: SearchIn) -> bytes:
        """The same search, answered as the JSON bytes stored in its snapshot (encoded once)."""
        _, encoded = await self._search(request_id, body)
        return encoded

    async def _search(self, request_id: UUID, body: SearchIn) -> tuple[SearchOut, bytes]:
        # Round trips: the request with its children and ties (one statement), the supply
        # check only when the index holder must ask, snapshot + audit (one statement, so no
        # BEGIN/COMMIT around them); a sibling placed elsewhere adds one. Every parameter is a
        # key, so on the generic-plan connections.
        async with self.db.by_key() as conn:
            rows = await queries.search_context(conn, request_id)
            if not rows or not self._may_search(rows[0]):
                raise NotFound("no such placement request")
            request = rows[0]
            if request["status"] in ("placed", "cancelled"):
                raise Conflict(f"the request is {request['status']}: nothing to search")
            profile = await self._profile_from(conn, request, *context_rows(rows))
            out, _, encoded = await self._rank_and_store(conn, request, profile, body)
        return out, encoded

    async def search_within(self, conn: asyncpg.Connection, request: asyncpg.Record,
                            body: SearchIn) -> tuple[SearchOut, CandidateIndex]:
        """One search inside the caller's transaction, stored and audited like any other: the
        waiting-list proposal runs exactly this for every open request. The caller has checked
        that the principal may search this request. Returns the index it ranked against too."""
        profile = await self._profile(conn, request)
        out, index, _ = await self._rank_and_store(conn, request, profile, body)
        return out, index

    async def _rank_and_store(self, conn: asyncpg.Connection, request: asyncpg.Record,
                              profile: RequestProfile, body: SearchIn,
                              ) -> tuple[SearchOut, CandidateIndex, bytes]:
        if not profile.children:
            raise Conflict("the request names no children")
        index, policy = await self.holder.current(conn, self.db, request["organisation_id"])
        filters = Filters(limit=body.limit, placement_type=body.placement_type,
                          organisation_id=body.organisation_id,
                          max_travel_minutes=body.max_travel_minutes,
                          include_exclusions=body.include_exclusions, today=local_today())
        if isinstance(self.estimator, OsrmRouter):
            # Record the trips with the offline estimate, fetch them from the router without
            # blocking the event loop, then rank with the answers.
            recorder = TripRecorder(self.estimator.name)
            self._rank(index, profile, policy, filters, request, body, recorder)
            await self.estimator.prefetch(recorder.trips)
        out = self._rank(index, profile, policy, filters, request, body, self.estimator)
        summary: Any = (out.ranking.exclusion_summary if out.ranking
                        else [c.exclusion_summary for c in out.plans.per_child])  # type: ignore[union-attr]
        child_ids = [c.child_id for c in profile.children]
        encoded = msgspec.json.encode(out)
        await queries.insert_snapshot_and_audit(
            conn, snapshot_id=out.snapshot_id, created_at=out.created_at,
            request_id=request["id"], organisation_id=request["organisation_id"], kind=out.kind,
            child_ids=child_ids, inputs=out.inputs, result_json=encoded,
            top_carers=out.top_carers(), exclusion_summary=summary, policy_version=policy.version,
            model_version=out.model_version, asked_by=self.principal.user_id,
            asked_by_label=self.principal.label,
            audit=entry_values(self.principal, "matching.search", "ranking_snapshot",
                               record_ids=[out.snapshot_id, request["id"]], child_ids=child_ids,
                               detail={"kind": out.kind, "policy_version": policy.version}))
        return out, index, encoded

    async def snapshot_json(self, snapshot_id: UUID) -> bytes:
        """A stored search exactly as it was returned."""
        async with self.db.connection() as conn:
            row = await queries.get_snapshot(conn, snapshot_id)
            if row is None or not self._may_read_snapshot(row):
                raise NotFound("no such ranking snapshot")
            await record(conn, self.principal, "matching.snapshot.read", "ranking_snapshot",
                         record_ids=[snapshot_id], child_ids=row["child_ids"])
        return row["result"]  # type: ignore[no-any-return]

    async def snapshots_of(self, request_id: UUID) -> list[dict[str, Any]]:
        """The stored rankings of a request (newest first), for whoever may read them."""
        async with self.db.connection() as conn:
            request = await queries.get_request(conn, request_id)
            if request is None or not self._may_read_snapshot(request):
                raise NotFound("no such placement request")
            rows = await queries.snapshots_of_request(conn, request_id)
            child_ids = sorted({c for r in rows for c in r["child_ids"]})
            await record(conn, self.principal, "matching.snapshot.list", "ranking_snapshot",
                         record_ids=[request_id, *(r["id"] for r in rows)], child_ids=child_ids)
        return [{k: r[k] for k in ("id", "created_at", "kind", "policy_version", "model_version",
                                   "asked_by_label")} for r in rows]

    async def preview_policy(self, proposed: Policy, searches: int = 20) -> PolicyPreviewOut:
        """For the organisation's last `searches` searches: which top-3s the proposed policy
        would change, against the policy in force, both on today's supply."""
        organisation_id = self.principal.organisation_id
        items: list[PreviewItem] = []
        async with self.db.transaction() as conn:
            index, current = await self.holder.current(conn, self.db, organisation_id)
            child_ids: set[UUID] = set()
            for row in await queries.recent_searched_requests(conn, organisation_id, searches):
                request = await queries.get_request(conn, row["request_id"])
                if request is None:
                    continue
                profile = await self._profile(conn, request)
                if not profile.children:
                    continue
                child_ids.update(c.child_id for c in profile.children)
                now, then = (_top3(index, profile, p) for p in (current, proposed))
                items.append(PreviewItem(
                    request_id=request["id"], searched_at=row["searched_at"],
                    kind="group" if len(profile.children) > 1 else "single",
                    top3_now=now, top3_proposed=then, changed=now != then,
                    case_references=await queries.case_references(conn, request["id"])))
            await record(conn, self.principal, "matching.policy.preview", "matching_policy",
                         record_ids=[current.version, *(i.request_id for i in items)],
                         child_ids=sorted(child_ids),
                         detail={"searches": len(items)})
        return PolicyPreviewOut(current_version=current.version, searches=len(items),
                                changed=sum(i.changed for i in items), items=items)

    @staticmethod
    async def stored_for_decision(conn: asyncpg.Connection,
                                  snapshot_id: UUID) -> tuple[SearchOut, int, int] | None:
        """For the decisions service, inside its transaction (it has checked the request's scope):
        a stored ranking decoded, the supply counter it was made at, and the counter now."""
        row = await queries.get_snapshot(conn, snapshot_id)
        if row is None:
            return None
        result = msgspec.json.decode(row["result"], type=SearchOut)
        at_search = int(result.inputs.get("supply_counter", 0))  # type: ignore[call-overload]
        return result, at_search, await queries.supply_counter(conn)

    @staticmethod
    async def stored_of_request(conn: asyncpg.Connection, snapshot_id: UUID,
                                request_id: UUID) -> SearchOut | None:
        """For the commission, inside its transaction: a stored ranking decoded, when it belongs
        to this request (to check that an option it names was really listed)."""
        row = await queries.get_snapshot(conn, snapshot_id)
        if row is None or row["request_id"] != request_id:
            return None
        return msgspec.json.decode(row["result"], type=SearchOut)

    @staticmethod
    async def snapshot_times(conn: asyncpg.Connection,
                             request_id: UUID) -> list[asyncpg.Record]:
        """When each ranking of a request was made, and by whom (for its timeline)."""
        return await queries.snapshots_of_request(conn, request_id)

    def _may_search(self, request: asyncpg.Record) -> bool:
        if self.principal.via == "system":
            return True
        return (self.principal.has(PLAATSER)
                and request["organisation_id"] == self.principal.organisation_id)

    def _may_read_snapshot(self, row: asyncpg.Record) -> bool:
        if self._may_search(row):
            return True
        return self.principal.has(COMMISSIE) and bool(row["referred_to_commission"])

    async def _profile(self, conn: asyncpg.Connection, request: asyncpg.Record) -> RequestProfile:
        rows = await queries.request_children(conn, request["id"])
        ties = await queries.sibling_ties(conn, [r["id"] for r in rows])
        return await self._profile_from(conn, request, rows, ties)

    async def _profile_from(self, conn: asyncpg.Connection, request: asyncpg.Record,
                            rows: Sequence[Mapping[str, Any]],
                            ties: Sequence[Mapping[str, Any]]) -> RequestProfile:
        ids = [r["id"] for r in rows]
        outside = outside_siblings(ties, set(ids))
        start = request["desired_start"]
        end = (start + dt.timedelta(days=request["expected_duration_days"])
               if request["expected_duration_days"] else None)
        others = sorted({s for pairs in outside.values() for s, _ in pairs})
        homes = await queries.carers_of_children(conn, others, start, end) if others else {}
        children = []
        for row in rows:
            pairs = outside[row["id"]]
            apart = [c for s, intent in pairs if intent == "apart" for c in homes.get(s, [])]
            together = [c for s, intent in pairs if intent == "together" for c in homes.get(s, [])]
            children.append(child_profile(row, apart_carers=apart, together_carers=together))
        return request_profile(request, children, ties)

    def _rank(self, index: CandidateIndex, profile: RequestProfile, policy: Policy,
              filters: Filters, request: asyncpg.Record, body: SearchIn,
              estimator: TravelTimeEstimator) -> SearchOut:
        group = len(profile.children) > 1
        ranking = plans = None
        if group:
            plans = plan_group(index, profile, policy, filters, estimator)
        else:
            ranking = rank_child(index, profile.children[0], profile, policy, filters, estimator)
        return SearchOut(
            snapshot_id=uuid4(), request_id=request["id"], kind="group" if group else "single",
            policy_version=policy.version,
            model_version=str(index.stability.version) if index.stability else None,
            created_at=dt.datetime.now(dt.UTC), asked_by=self.principal.label,
            inputs=_inputs(profile, body, index, self.estimator.name), ranking=ranking,
            plans=plans)


def _top3(index: CandidateIndex, profile: RequestProfile, policy: Policy) -> list[str]:
    filters = Filters(limit=3, today=local_today())
    if len(profile.children) > 1:
        plans = plan_group(index, profile, policy, filters).plans
        return [" + ".join(p.carer_name for p in plan.parts) for plan in plans]
    ranking = rank_child(index, profile.children[0], profile, policy, filters)
    return [o.carer_name for o in ranking.options]


def _inputs(profile: RequestProfile, body: SearchIn, index: CandidateIndex,
            travel: str) -> dict[str, Any]:
    """What the ranking was based on, without names, addresses or coordinates."""
    return {
        "request": {"placement_type": profile.placement_type,
                    "desired_start": profile.desired_start.isoformat(),
                    "expected_duration_days": profile.expected_duration_days},
        "filters": msgspec.to_builtins(body),
        "children": [{
            "child_id": str(c.child_id), "age": age_on(c.birth_date, profile.desired_start),
            "gender": c.gender, "home_wijk_code": c.home_wijk_code,
            "school_known": c.school is not None, "clubs": len(c.clubs),
            "parents_address_known": c.parents is not None,
            "must_needs": list(c.must_needs), "should_needs": list(c.should_needs),
            "wishes_expressed": sorted(c.wishes), "safety_zones": len(c.safety_zones),
            "excluded_carers": len(c.excluded_carers), "network_ties": len(c.network_ties),
        } for c in profile.children],
        "ties": [msgspec.to_builtins(t) for t in profile.ties],
        "carers_in_index": len(index), "supply_counter": index.counter, "travel_basis": travel,
    }
