"""Collecting every problem in a request before answering: one 400 that lists them all."""

from __future__ import annotations

from typing import Any

from placement.core.errors import ValidationFailed

Errors = list[dict[str, Any]]


def raise_if_errors(errors: Errors) -> None:
    """Refuse the request (nothing written yet) when any problem was found."""
    if errors:
        raise ValidationFailed("; ".join(f"{e['field']}: {e['reason']}" for e in errors),
                               errors=errors)
