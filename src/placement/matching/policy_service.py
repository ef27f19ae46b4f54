"""Reading and changing the matching policy. A change is a new version, made by an administrator
and written to the audit log in the same transaction."""

from __future__ import annotations

from typing import Any

from placement.audit.service import record
from placement.auth.principal import BEHEERDER, Principal
from placement.core.database import Database
from placement.core.errors import FieldError, Forbidden, NotFound, ValidationFailed
from placement.matching import queries
from placement.matching.core.policy import Policy, policy_from_row, policy_problems
from placement.matching.schemas import PolicyIn, PolicyOut, PolicyPage


def _out(row: Any, current: int) -> PolicyOut:
    policy = policy_from_row(row)
    return PolicyOut(version=policy.version, organisation_id=policy.organisation_id,
                     weights=policy.weights, thresholds=policy.thresholds,
                     reasoning=policy.reasoning, note=policy.note, created_by=policy.created_by,
                     created_at=policy.created_at, is_current=policy.version == current)


class PolicyService:
    """Policies of the caller's organisation: its own versions, else the platform default it
    starts from. A beheerder changes only its own organisation's policy."""

    def __init__(self, db: Database, principal: Principal) -> None:
        self.db = db
        self.principal = principal
        self.organisation_id = principal.organisation_id

    async def current(self) -> PolicyOut:
        async with self.db.transaction() as conn:
            row = await queries.current_policy(conn, self.organisation_id)
        return _out(row, row["version"])

    async def get(self, version: int) -> PolicyOut:
        async with self.db.transaction() as conn:
            row = await queries.policy_version(conn, version)
            if row is None or row["organisation_id"] not in (None, self.organisation_id):
                raise NotFound(f"no policy version {version}")
            current = (await queries.current_policy(conn, self.organisation_id))["version"]
        return _out(row, current)

    async def list(self, limit: int, offset: int) -> PolicyPage:
        async with self.db.transaction() as conn:
            rows, total = await queries.list_policies(conn, self.organisation_id, limit, offset)
            current = (await queries.current_policy(conn, self.organisation_id))["version"]
        return PolicyPage(items=[_out(r, current) for r in rows], total=total, limit=limit,
                          offset=offset)

    def proposed(self, data: PolicyIn) -> Policy:
        """The policy as sent, checked: every problem named at once."""
        if not self.principal.has(BEHEERDER):
            raise Forbidden("only an administrator may change the matching policy")
        problems = policy_problems(data.weights, data.thresholds)
        if problems:
            raise ValidationFailed("the policy cannot be used as given",
                                   errors=[FieldError(f, r) for f, r in problems])
        return Policy(version=0, weights=data.weights, thresholds=data.thresholds,
                      reasoning=data.reasoning, note=data.note,
                      organisation_id=self.organisation_id)

    async def create(self, data: PolicyIn) -> PolicyOut:
        self.proposed(data)
        if self.organisation_id is None:
            raise Forbidden("a policy belongs to an organisation: sign in as its beheerder")
        async with self.db.transaction() as conn:
            previous = policy_from_row(await queries.current_policy(conn, self.organisation_id))
            row = await queries.insert_policy(
                conn, organisation_id=self.organisation_id,
                weights=data.weights, thresholds=data.thresholds,
                reasoning={**previous.reasoning, **data.reasoning}, note=data.note,
                created_by=self.principal.user_id, created_by_label=self.principal.label)
            await record(conn, self.principal, "matching.policy.create", "matching_policy",
                         record_ids=[row["version"]],
                         detail={"previous_version": previous.version, "note": data.note,
                                 "organisation_id": str(self.organisation_id),
                                 "changed_weights": sorted(
                                     k for k in set(data.weights) | set(previous.weights)
                                     if data.weights.get(k) != previous.weights.get(k))})
        return _out(row, row["version"])
