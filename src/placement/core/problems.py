"""The one place where exceptions become application/problem+json (RFC 9457)."""

from __future__ import annotations

import logging
import re
from typing import Any

import asyncpg
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from placement.core.errors import DomainError
from placement.core.validation import FIELD_MARK, MAX_ERRORS

log = logging.getLogger("placement.errors")

MAX_DETAIL = 4000
PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://placement.example/problems/"

# Database constraint names -> (status, field, Dutch/English reason). A constraint violation that
# slipped past validation is still an expected failure with a named field, never a 500.
CONSTRAINT_FIELDS: dict[str, tuple[int, str, str]] = {
    "occupancies_no_overlap": (409, "period", "place already occupied or reserved in this period"),
    "occupancies_child_no_overlap": (409, "child_id", "the child already has a placement or "
                                                      "reservation in this period"),
    "decisions_replaced_once_key": (409, "replaces_decision_id", "that decision was already "
                                                                 "replaced by another"),
    "children_case_reference_key": (409, "case_reference", "case reference already in use"),
    "organisations_name_key": (409, "name", "an organisation with this name exists"),
    "users_email_key": (409, "email", "an account with this e-mail address exists"),
    "sibling_ties_pair_key": (409, "child_b_id", "these children already have a sibling tie"),
    "network_ties_pair_key": (409, "carer_id", "this child already has a tie with this carer"),
    "places_label_key": (409, "label", "this carer already has a place with this label"),
}


def problem(status: int, title: str, detail: str, *, type_slug: str,
            errors: list[dict[str, Any]] | None = None, instance: str | None = None,
            extra: dict[str, Any] | None = None) -> Response[dict[str, Any]]:
    if len(detail) > MAX_DETAIL:
        detail = detail[:MAX_DETAIL] + "…"
    body: dict[str, Any] = {
        "type": TYPE_BASE + type_slug,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if errors:
        # However many problems a service found, the answer lists at most MAX_ERRORS of them.
        body["errors"] = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            body["errors_total"] = len(errors)
    if extra:
        body.update(extra)
    return Response(content=body, status_code=status, media_type=PROBLEM_MEDIA_TYPE,
                    headers={"Cache-Control": "no-store"})


def domain_error_handler(request: Request, exc: DomainError) -> Response[dict[str, Any]]:
    return problem(exc.status, exc.title, exc.detail, type_slug=exc.type_slug,
                   errors=exc.errors, instance=request.url.path, extra=exc.extra)


_MSGSPEC_PATH = re.compile(r"at `\$(?P<path>[^`]*)`")
_FIELD_MARKED = re.compile(FIELD_MARK + r"`(?P<field>[^`]*)`: (?P<reason>.*)", re.DOTALL)


def _validation_errors(exc: ValidationException) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if not isinstance(item, dict):
            continue
        message = str(item.get("message", ""))
        key = item.get("key")
        match = _MSGSPEC_PATH.search(message)
        if match:
            field = match.group("path").lstrip(".") or "body"
            reason = _MSGSPEC_PATH.sub("", message).strip().rstrip(" -")
        else:
            field = str(key) if key else "body"
            reason = message
        if "Object contains unknown field" in reason:
            unknown = re.search(r"unknown field `([^`]*)`", reason)
            if unknown:
                field = (field + "." if field != "body" else "") + unknown.group(1)
                reason = "unknown field"
        missing = re.search(r"missing required field `([^`]*)`", reason)
        if missing:  # name the field that is missing, not the object around it
            field = (field + "." if field not in ("body", "data") else "") + missing.group(1)
        marked = _FIELD_MARKED.match(reason)
        if marked:  # a text rule (core/validation.py) names the field inside the struct
            field = (field + "." if field not in ("body", "data") else "") + marked.group("field")
            reason = marked.group("reason")
        if field == "data":
            field = "body"
        if field.startswith("data."):  # Litestar names the request body `data`
            field = field[len("data."):]
        found.append({"field": field, "reason": reason})
    if not found:
        found.append({"field": "body", "reason": exc.detail})
    return found


def http_exception_handler(request: Request, exc: HTTPException) -> Response[dict[str, Any]]:
    if isinstance(exc, ValidationException):
        errors = _validation_errors(exc)
        detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors)
        return problem(400, "Invalid input", detail, type_slug="validation", errors=errors,
                       instance=request.url.path)
    title = {401: "Not signed in", 403: "Not allowed", 404: "Not found",
             405: "Method not allowed", 413: "Request too large"}.get(exc.status_code, "Error")
    return problem(exc.status_code, title, str(exc.detail), type_slug=f"http-{exc.status_code}",
                   instance=request.url.path)


def integrity_error_handler(
    request: Request, exc: asyncpg.IntegrityConstraintViolationError
) -> Response[dict[str, Any]]:
    name = getattr(exc, "constraint_name", None) or ""
    status, field, reason = CONSTRAINT_FIELDS.get(name, (409, name or "body", "conflicts with existing data"))
    if isinstance(exc, asyncpg.ForeignKeyViolationError) and name not in CONSTRAINT_FIELDS:
        status, reason = 400, "refers to a record that does not exist"
        field = _field_from_fk(name)
    elif isinstance(exc, asyncpg.CheckViolationError) and name not in CONSTRAINT_FIELDS:
        status, reason = 400, "violates rule " + name
        field = _field_from_check(name)
    return problem(status, "Conflict" if status == 409 else "Invalid input", f"{field}: {reason}",
                   type_slug="constraint", errors=[{"field": field, "reason": reason}],
                   instance=request.url.path)


def _field_from_fk(name: str) -> str:
    # e.g. children_school_fk -> school_id
    parts = name.rsplit("_fk", 1)[0].split("_")
    return (parts[-1] + "_id") if parts else "body"


def _field_from_check(name: str) -> str:
    parts = name.rsplit("_check", 1)[0].split("_", 1)
    return parts[1] if len(parts) > 1 else name


def data_error_handler(request: Request, exc: asyncpg.DataError) -> Response[dict[str, Any]]:
    # PostgreSQL "data exception" (SQLSTATE class 22): a value the database cannot take, such as
    # a number beyond bigint or a NUL character in text. That is bad input, not a server fault.
    # The message is not echoed: it may quote the value itself.
    log.info("data exception %s on %s %s", type(exc).__name__, request.method, request.url.path)
    return problem(400, "Invalid input", "a value is out of range or contains characters that "
                   "cannot be stored", type_slug="validation",
                   errors=[{"field": "body", "reason": "value out of range or not storable"}],
                   instance=request.url.path)


def transaction_rollback_handler(
    request: Request, exc: asyncpg.TransactionRollbackError
) -> Response[dict[str, Any]]:
    # A deadlock (40P01) or serialization failure (40001) means a simultaneous change won; the
    # transaction was rolled back whole, so nothing was written. Bookings take advisory locks to
    # avoid these; this is the safety net, answering 409 instead of a 500.
    log.info("transaction rolled back (%s) on %s %s", exc.sqlstate, request.method,
             request.url.path)
    return problem(409, "Conflict", "a simultaneous change got there first; nothing was saved, "
                   "try again", type_slug="concurrent-change",
                   errors=[{"field": "body", "reason": "simultaneous change"}],
                   instance=request.url.path)


# Raised by msgspec (which Litestar calls to decode a request body) for bytes that are not UTF-8
# and for documents nested deeper than the interpreter's recursion limit. Neither is a
# SerializationException, so Litestar does not turn them into a 400 itself.
_BODY_DECODERS = frozenset({"decode_json", "decode_msgpack", "json", "msgpack", "form", "body"})


def _raised_while_reading_body(exc: BaseException) -> bool:
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_name in _BODY_DECODERS:
            return True
        tb = tb.tb_next
    return False


def unreadable_body_handler(request: Request, exc: Exception) -> Response[dict[str, Any]]:
    if isinstance(exc, UnicodeDecodeError):
        reason = "not valid UTF-8 text"
    elif isinstance(exc, RecursionError) and _raised_while_reading_body(exc):
        reason = "nested too deeply"
    else:
        return internal_error_handler(request, exc)
    return problem(400, "Invalid input", f"body: {reason}", type_slug="validation",
                   errors=[{"field": "body", "reason": reason}], instance=request.url.path)


def internal_error_handler(request: Request, exc: Exception) -> Response[dict[str, Any]]:
    # No personal data in logs: the exception type and route only, never the payload.
    log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path,
              exc_info=exc)
    return problem(HTTP_500_INTERNAL_SERVER_ERROR, "Internal error",
                   "Something went wrong on our side; nothing was saved.", type_slug="internal")


EXCEPTION_HANDLERS = {
    DomainError: domain_error_handler,
    HTTPException: http_exception_handler,
    asyncpg.IntegrityConstraintViolationError: integrity_error_handler,
    asyncpg.ExclusionViolationError: integrity_error_handler,
    asyncpg.DataError: data_error_handler,
    asyncpg.TransactionRollbackError: transaction_rollback_handler,
    UnicodeDecodeError: unreadable_body_handler,
    RecursionError: unreadable_body_handler,
    Exception: internal_error_handler,
}
