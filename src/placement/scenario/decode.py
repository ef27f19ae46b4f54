"""Raw JSON -> Scenario structs, collecting one error per malformed record instead of stopping
at the first one, so that an import file's every problem can be reported at once."""

from __future__ import annotations

import re
from typing import Any

import msgspec

from placement.scenario.schemas import COLLECTIONS, FORMAT, VERSION, Scenario

_AT = re.compile(r"\s*-\s*at `\$(?P<path>[^`]*)`\s*$")
_UNKNOWN = re.compile(r"Object contains unknown field `(?P<name>[^`]*)`")
_MISSING = re.compile(r"Object missing required field `(?P<name>[^`]*)`")


def problem(path: str, reason: str) -> dict[str, str]:
    """One error: `path` points into the document (JSON-pointer-like); `field` repeats it so that
    the import's problem+json reads like every other validation error of the API."""
    return {"path": path, "field": path, "reason": reason}


def msgspec_path(prefix: str, message: str) -> tuple[str, str]:
    """Turn msgspec's "Invalid UUID - at `$.places[0].id`" into ("/…/places/0/id", reason)."""
    path, reason = prefix, message
    match = _AT.search(message)
    if match:
        reason = message[: match.start()]
        inner = match.group("path")
        inner = re.sub(r"\[(\d+)\]", r".\1", inner)
        path = prefix + "".join("/" + part for part in inner.split(".") if part)
    unknown = _UNKNOWN.match(reason)
    missing = _MISSING.match(reason)
    if unknown:
        path, reason = f"{path}/{unknown.group('name')}", "unknown field"
    elif missing:
        path, reason = f"{path}/{missing.group('name')}", "required field missing"
    return path, reason


def decode(raw: bytes | str | dict[str, Any]) -> tuple[Scenario | None, list[dict[str, str]]]:
    """Returns the decoded scenario (None when any record is malformed) and the errors."""
    if isinstance(raw, dict):
        document: Any = raw
    else:
        try:
            document = msgspec.json.decode(raw)
        except msgspec.DecodeError as exc:
            return None, [problem("", f"not valid JSON: {exc}")]
    if not isinstance(document, dict):
        return None, [problem("", "expected a JSON object")]
    errors: list[dict[str, str]] = []
    if document.get("format") != FORMAT:
        errors.append(problem("/format", f"expected {FORMAT!r}"))
    if document.get("version") != VERSION:
        errors.append(problem("/version", f"unsupported version; this is version {VERSION}"))
    errors.extend(problem(f"/{key}", "unknown field")
                  for key in document if key not in COLLECTIONS and key not in {"format", "version"})
    decoded: dict[str, list[Any]] = {}
    for name, record_type in COLLECTIONS.items():
        items = document.get(name, [])
        if not isinstance(items, list):
            errors.append(problem(f"/{name}", "expected a list"))
            continue
        decoded[name] = []
        for index, item in enumerate(items):
            try:
                decoded[name].append(msgspec.convert(item, record_type))
            except msgspec.ValidationError as exc:
                errors.append(problem(*msgspec_path(f"/{name}/{index}", str(exc))))
    if errors:
        return None, errors
    return Scenario(format=FORMAT, version=VERSION, **decoded), []  # type: ignore[arg-type]
