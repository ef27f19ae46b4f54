"""The commission's rules with I/O: who may refer, read and decide; one transaction per act with
its audit entry inside it. A refusal (404, 403) is logged by auth.refusals after the response,
since the refused transaction rolls back.

Scope: the officer (plaatser) of the request's own organisation refers an open request and reads
the commission's answer on it; the commission (commissie) sees referred requests only, with the
children redacted as ChildService gives them to the commission. Stored rankings are read through
MatchingService (which checks the same rule and audits each read); officer decisions, family
answers and introductions are read with the read-only queries in commission/queries.py until the
decisions domain offers them."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from placement.audit.service import record
from placement.auth.principal import COMMISSIE, PLAATSER, Principal
from placement.children.service import ChildService
from placement.commission import queries
from placement.commission.rules import (
    blank,
    check_decision,
    check_referral,
    members,
    option_carers,
    support_options,
)
from placement.commission.schemas import (
    CaseChildRef,
    CasePage,
    CaseSummary,
    CommissionDecisionIn,
    CommissionDecisionOut,
    CommissionOnRequest,
    Dossier,
    DossierIntroduction,
    DossierRequest,
    FamilyAnswerOut,
    OfficerDecisionOut,
    ReferralIn,
    ReferralOut,
)
from placement.core.clock import local_today
from placement.core.database import Database
from placement.core.errors import Conflict, FieldError, Forbidden, NotFound
from placement.core.validation import Errors, raise_if_errors
from placement.matching.schemas import SearchOut
from placement.matching.service import MatchingService
from placement.requests import queries as request_queries
from placement.requests.service import scope_for as request_scope


def referral_out(row: asyncpg.Record) -> ReferralOut:
    return ReferralOut(**dict(row))


def decision_out(row: asyncpg.Record) -> CommissionDecisionOut:
    values = dict(row)
    values["members_present"] = list(values["members_present"])
    return CommissionDecisionOut(**values)


def _json(value: Any) -> Any:
    return msgspec.json.decode(value) if isinstance(value, str | bytes) else value


def officer_decisions(rows: list[asyncpg.Record], answers: list[asyncpg.Record],
                      intros: list[asyncpg.Record]) -> list[OfficerDecisionOut]:
    out = []
    for row in rows:
        values = {k: row[k] for k in row.keys()}
        values["chosen"] = _json(values["chosen"])
        values["split_reasons"] = _json(values["split_reasons"])
        out.append(OfficerDecisionOut(
            **values,
            answers=[FamilyAnswerOut(**{k: a[k] for k in a.keys() if k != "decision_id"})
                     for a in answers if a["decision_id"] == row["id"]],
            introductions=[DossierIntroduction(**{k: i[k] for k in i.keys() if k != "decision_id"})
                           for i in intros if i["decision_id"] == row["id"]]))
    return out


class CommissionService:
    def __init__(self, db: Database, principal: Principal, matching: MatchingService,
                 children: ChildService) -> None:
        self.db, self.principal = db, principal
        self.matching, self.children = matching, children

    def _commission(self) -> None:
        if not (self.principal.has(COMMISSIE) or self.principal.via == "system"):
            raise Forbidden("only the Commissie Passend Alternatief does this")

    # --- the officer's side ------------------------------------------------------------------

    async def refer(self, request_id: UUID, data: ReferralIn) -> ReferralOut:
        """Refer an open request of the officer's own organisation to the commission."""
        if not (self.principal.has(PLAATSER) or self.principal.via == "system"):
            raise Forbidden("only a placement officer refers a request to the commission")
        errors: Errors = []
        check_referral(data.question, data.motivation, errors)
        raise_if_errors(errors)
        async with self.db.transaction() as conn:
            await queries.lock_request(conn, request_id)
            request = await queries.request_for_referral(conn, request_id)
            own = request is not None and (self.principal.via == "system" or
                                           request["organisation_id"]
                                           == self.principal.organisation_id)
            if request is None or not own:
                raise NotFound("no such placement request of your organisation")
            if request["status"] != "open":
                raise Conflict(
                    f"only an open request can be referred; this one is {request['status']}",
                    errors=[FieldError("status", "only open requests can be referred")])
            if await queries.open_referral(conn, request_id) is not None:
                raise Conflict("the request already waits for the commission's decision",
                               errors=[FieldError("request_id", "already referred")])
            row = await queries.insert_referral(conn, {
                "request_id": request_id, "organisation_id": request["organisation_id"],
                "question": data.question.strip(), "motivation": data.motivation.strip(),
                "referred_by": self.principal.user_id,
                "referred_by_label": self.principal.label})
            await queries.mark_referred(conn, request_id)
            await record(conn, self.principal, "commission.referral.create", "placement_request",
                         record_ids=[request_id, row["id"]], child_ids=request["child_ids"])
        return referral_out(row)

    async def on_request(self, request_id: UUID) -> CommissionOnRequest:
        """Referrals and the commission's decisions, for the officers who see the request (and
        for the commission when the request is referred)."""
        scope = request_scope(self.principal)
        async with self.db.transaction() as conn:
            request = await request_queries.get_request(
                conn, request_id, scope_org=scope.organisation_id,
                referred_only=scope.referred_only)
            if request is None:
                raise NotFound("no such placement request in your caseload")
            referrals = [referral_out(r) for r in await queries.referrals_of(conn, request_id)]
            decisions = [decision_out(r) for r in await queries.decisions_of(conn, request_id)]
            child_ids = [UUID(str(c["id"])) for c in _json(request["children"])]
            await record(conn, self.principal, "commission.request.read", "placement_request",
                         record_ids=[request_id, *(d.id for d in decisions)],
                         child_ids=child_ids)
        return CommissionOnRequest(
            request_id=request_id, referred_to_commission=request["referred_to_commission"],
            referrals=referrals, decisions=decisions,
            current=next((d for d in decisions if not d.replaced), None))

    # --- the commission's side ---------------------------------------------------------------

    async def cases(self, *, status: str | None, limit: int, offset: int) -> CasePage:
        self._commission()
        async with self.db.transaction() as conn:
            rows, total = await queries.list_cases(conn, status=status, limit=limit,
                                                   offset=offset)
            items = [CaseSummary(
                request_id=r["request_id"], organisation_id=r["organisation_id"],
                organisation_name=r["organisation_name"],
                children=[CaseChildRef(id=UUID(str(c["id"])), case_reference=c["case_reference"])
                          for c in _json(r["children"])],
                placement_type=r["placement_type"], urgency=r["urgency"], status=r["status"],
                desired_start=r["desired_start"], created_at=r["created_at"],
                referred_at=r["referred_at"], question=r["question"],
                snapshots=int(r["snapshots"]), current_outcome=r["current_outcome"])
                for r in rows]
            await record(conn, self.principal, "commission.cases.list", "placement_request",
                         record_ids=[c.request_id for c in items],
                         child_ids=[ch.id for c in items for ch in c.children],
                         detail={"total": total})
        return CasePage(items=items, total=total, limit=limit, offset=offset)

    async def dossier(self, request_id: UUID) -> Dossier:
        """The case as stored: request, children (redacted), referrals, every stored ranking,
        the options with support, the officer decisions with the families' answers and the
        introductions, and the commission's own decisions."""
        self._commission()
        async with self.db.transaction() as conn:
            request = await queries.referred_request(conn, request_id)
            if request is None:
                raise NotFound("no such referred case")
            referrals = [referral_out(r) for r in await queries.referrals_of(conn, request_id)]
            decision_rows = await queries.officer_decisions(conn, request_id)
            ids = [r["id"] for r in decision_rows]
            decisions = officer_decisions(decision_rows, await queries.family_answers(conn, ids),
                                          await queries.introductions(conn, ids))
            commission = [decision_out(r) for r in await queries.decisions_of(conn, request_id)]
            child_ids = list(request["child_ids"])
            await record(conn, self.principal, "commission.dossier.read", "placement_request",
                         record_ids=[request_id, *(r.id for r in referrals), *ids,
                                     *(d.id for d in commission)],
                         child_ids=child_ids)
        files = await self.children.get_many(child_ids)
        snapshots = [msgspec.json.decode(await self.matching.snapshot_json(s["id"]),
                                         type=SearchOut)
                     for s in await self.matching.snapshots_of(request_id)]
        return Dossier(
            request=DossierRequest(**{k: request[k] for k in (
                "id", "organisation_id", "organisation_name", "placement_type", "urgency",
                "desired_start", "expected_duration_days", "status", "notes", "created_at")}),
            children=[files[c] for c in child_ids if c in files], referrals=referrals,
            snapshots=snapshots, support_options=support_options(snapshots),
            decisions=decisions, commission_decisions=commission,
            current=next((d for d in commission if not d.replaced), None))

    async def decide(self, request_id: UUID, data: CommissionDecisionIn,
                     today: dt.date | None = None) -> CommissionDecisionOut:
        """Record the commission's decision; it replaces the decision in force, if any."""
        self._commission()
        errors: Errors = []
        check_decision(data, today or local_today(), errors)
        raise_if_errors(errors)
        async with self.db.transaction() as conn:
            await queries.lock_request(conn, request_id)
            request = await queries.referred_request(conn, request_id)
            if request is None:
                raise NotFound("no such referred case")
            referral_id = await queries.latest_referral(conn, request_id)
            if referral_id is None:
                raise Conflict("the case has no recorded referral (question and motivation) to "
                               "decide on", errors=[FieldError("request_id", "no referral")])
            carer_id = await self._chosen_carer(conn, request_id, data, errors)
            raise_if_errors(errors)
            replaces = await queries.current_decision_id(conn, request_id)
            row = await queries.insert_decision(conn, {
                "referral_id": referral_id, "request_id": request_id, "outcome": data.outcome,
                "snapshot_id": data.snapshot_id, "option_rank": data.option_rank,
                "carer_id": carer_id,
                "extra_support": None if blank(data.extra_support) else data.extra_support.strip(),  # type: ignore[union-attr]
                "relax": None if blank(data.relax) else data.relax.strip(),  # type: ignore[union-attr]
                "motivation": data.motivation.strip(), "decided_on": data.decided_on,
                "members_present": members(data.members_present),
                "replaces_decision_id": replaces, "decided_by": self.principal.user_id,
                "decided_by_label": self.principal.label})
            await record(conn, self.principal, "commission.decision.create", "placement_request",
                         record_ids=[request_id, row["id"]], child_ids=request["child_ids"],
                         detail={"outcome": data.outcome,
                                 "replaces": str(replaces) if replaces else None})
        return decision_out(row)

    @staticmethod
    async def _chosen_carer(conn: asyncpg.Connection, request_id: UUID,
                            data: CommissionDecisionIn, errors: Errors) -> UUID | None:
        """The carer of the named option (one, or None for a plan over several carers); the
        option must be listed in a stored ranking of this request."""
        if data.snapshot_id is None or data.option_rank is None:
            return None
        result = await MatchingService.stored_of_request(conn, data.snapshot_id, request_id)
        if result is None:
            errors.append(FieldError("snapshot_id", "no stored ranking of this request"))
            return None
        carers = option_carers(result, data.option_rank)
        if carers is None:
            errors.append(FieldError("option_rank", "the ranking lists no option with this rank"))
            return None
        return carers[0] if len(carers) == 1 else None

    async def record_pdf_download(self, dossier: Dossier, size: int) -> None:
        async with self.db.transaction() as conn:
            await record(conn, self.principal, "commission.dossier.pdf", "placement_request",
                         record_ids=[dossier.request.id],
                         child_ids=[c.id for c in dossier.children],
                         detail={"bytes": size, "decision": str(dossier.current.id)
                                 if dossier.current else None})
