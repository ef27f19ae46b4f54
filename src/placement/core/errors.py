"""Domain exceptions carry their HTTP status; app.py maps them to RFC 9457 problem details."""

from __future__ import annotations

from typing import Any


class FieldError(dict):  # type: ignore[type-arg]
    """One invalid input: where (a JSON pointer-ish path or field name) and why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(field=field, reason=reason)


class DomainError(Exception):
    status: int = 400
    title: str = "Bad request"
    type_slug: str = "bad-request"

    def __init__(self, detail: str, *, errors: list[dict[str, Any]] | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        self.extra = extra or {}


class ValidationFailed(DomainError):
    status = 400
    title = "Invalid input"
    type_slug = "validation"

    @classmethod
    def field(cls, field: str, reason: str) -> ValidationFailed:
        return cls(f"{field}: {reason}", errors=[FieldError(field, reason)])


class NotAuthenticated(DomainError):
    status = 401
    title = "Not signed in"
    type_slug = "not-authenticated"


class Forbidden(DomainError):
    status = 403
    title = "Not allowed"
    type_slug = "forbidden"


class NotFound(DomainError):
    status = 404
    title = "Not found"
    type_slug = "not-found"


class Conflict(DomainError):
    status = 409
    title = "Conflict"
    type_slug = "conflict"


class StaleVersion(Conflict):
    title = "Changed by someone else"
    type_slug = "stale-version"


class PreconditionFailed(DomainError):
    status = 412
    title = "Precondition failed"
    type_slug = "precondition-failed"


class TooManyRequests(DomainError):
    status = 429
    title = "Too many attempts"
    type_slug = "too-many-requests"
