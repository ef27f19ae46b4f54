"""Reading HTML forms into the API's msgspec structs, with Dutch messages per field.

A form posts strings; empty fields mean "not given". The struct's own rules (msgspec) and the
services' rules decide; this module only turns their complaints into field messages the page
shows next to the inputs.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

import msgspec
from litestar import Request

from placement.core.errors import DomainError, FieldError, ValidationFailed
from placement.web.messages import dutch_errors

T = TypeVar("T")

_PATH = re.compile(r"at `\$\.?(?P<path>[^`]*)`")


class FormInvalid(ValidationFailed):
    """The form cannot be saved: each problem with its field (Dutch reasons). A DomainError, so
    one that no handler catches still becomes the Dutch error page."""

    def __init__(self, errors: list[dict[str, Any]], status: int = 400) -> None:
        super().__init__("Niet alles is goed ingevuld.", errors=dutch_errors(errors))
        self.status = status


async def read_form(request: Request[Any, Any, Any]) -> dict[str, list[str]]:
    form = await request.form()
    values: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            values.setdefault(key, []).append(value.strip())
    return values


def one(form: dict[str, list[str]], key: str) -> str:
    return (form.get(key) or [""])[0]


def convert(values: dict[str, Any], struct: type[T]) -> T:
    """msgspec's check of the struct; its complaint becomes a field error."""
    try:
        return msgspec.convert(values, struct)
    except msgspec.ValidationError as exc:
        message = str(exc)
        match = _PATH.search(message)
        field = match.group("path").split(".")[0].split("[")[0] if match else "body"
        reason = _PATH.sub("", message).strip().rstrip(" -")
        dutch = {"Expected `date`": "een datum (dag-maand-jaar)",
                 "Expected `str` of length >= 1": "verplicht"}
        for english, text in dutch.items():
            if reason.startswith(english):
                reason = text
        raise FormInvalid([FieldError(field or "body", reason)]) from exc


def from_domain(exc: DomainError) -> FormInvalid:
    errors = exc.errors or [FieldError("body", exc.detail)]
    return FormInvalid(errors, status=exc.status)
