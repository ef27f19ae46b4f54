"""Optimistic concurrency: an update names the version it was based on.

The version may come in the body (`version`) or as an `If-Match` header with the ETag of a GET.
A stale body version is 409 Conflict; a stale If-Match is 412 Precondition Failed. Neither given
is 428-like bad input (400 naming `version`): we never overwrite silently.
"""

from __future__ import annotations

from typing import Annotated

from litestar.params import HeaderParameter

from placement.core.errors import PreconditionFailed, StaleVersion, ValidationFailed

# The ETag of a GET, sent back with an update (optional: the body's `version` may be used).
IfMatch = Annotated[str | None, HeaderParameter(name="If-Match")]


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(body_version: int | None, if_match: str | None) -> tuple[int, bool]:
    """Returns (version, from_header)."""
    if if_match:
        raw = if_match.strip().removeprefix("W/").strip('"')
        if not raw.isdigit():
            raise ValidationFailed.field("If-Match", "expected the ETag of the record")
        header_version = int(raw)
        if body_version is not None and body_version != header_version:
            raise ValidationFailed.field("version", "differs from If-Match")
        return header_version, True
    if body_version is None:
        raise ValidationFailed.field("version", "required: the version you are updating")
    return body_version, False


def stale(current: int, expected: int, from_header: bool) -> Exception:
    message = f"the record is at version {current}, you sent {expected}; reload and try again"
    if from_header:
        return PreconditionFailed(message, extra={"current_version": current})
    return StaleVersion(message, extra={"current_version": current})
