"""Raw JSON -> Scenario structs, collecting one error per malformed record instead of stopping
at the first one, so that an import file's every problem can be reported at once."""

from __future__ import annotations

import re
from typing import Any, NamedTuple
from uuid import UUID

import msgspec

from placement.core.validation import FIELD_MARK, CappedErrors
from placement.scenario.schemas import COLLECTIONS, FORMAT, VERSION, Scenario

_AT = re.compile(r"\s*-\s*at `\$(?P<path>[^`]*)`\s*$")
_UNKNOWN = re.compile(r"Object contains unknown field `(?P<name>[^`]*)`")
_MARKED = re.compile(FIELD_MARK + r"`(?P<name>[^`]*)`: (?P<reason>.*)", re.DOTALL)
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
    marked = _MARKED.match(reason)
    if marked:  # a text rule of core/validation.py, naming the field inside the record
        path = path + "/" + re.sub(r"\[(\d+)\]", r"/\1", marked.group("name")).replace(".", "/")
        reason = marked.group("reason")
    unknown = _UNKNOWN.match(reason)
    missing = _MISSING.match(reason)
    if unknown:
        path, reason = f"{path}/{unknown.group('name')}", "unknown field"
    elif missing:
        path, reason = f"{path}/{missing.group('name')}", "required field missing"
    return path, reason


def _ids_within(value: Any, found: set[UUID]) -> None:
    """Best effort: every `id` inside a malformed record, so references to it are not reported
    as missing on top of the record's own error."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "id" and isinstance(item, str):
                try:
                    found.add(UUID(item))
                except ValueError:
                    pass
            else:
                _ids_within(item, found)
    elif isinstance(value, list):
        for item in value:
            _ids_within(item, found)


class Decoded(NamedTuple):
    scenario: Scenario | None  # None when the document as a whole is unusable
    errors: list[dict[str, str]]
    unparsed_ids: set[UUID]  # ids of records left out because they were malformed


def decode(raw: bytes | str | dict[str, Any]) -> Decoded:
    """Decode record by record: the scenario holds every well-formed record, `errors` one entry
    per malformed one, so that the rest can still be checked and every problem reported."""
    if isinstance(raw, dict):
        document: Any = raw
    else:
        try:  # fast path: a well-formed document decodes in one go
            return Decoded(msgspec.json.decode(raw, type=Scenario), [], set())
        except (msgspec.ValidationError, msgspec.DecodeError):
            pass
        except UnicodeDecodeError:
            return Decoded(None, [problem("", "not valid UTF-8 text")], set())
        except RecursionError:
            return Decoded(None, [problem("", "nested too deeply")], set())
        try:
            document = msgspec.json.decode(raw)
        except msgspec.DecodeError as exc:
            return Decoded(None, [problem("", f"not valid JSON: {exc}")], set())
        except UnicodeDecodeError:
            return Decoded(None, [problem("", "not valid UTF-8 text")], set())
        except RecursionError:
            return Decoded(None, [problem("", "nested too deeply")], set())
    if not isinstance(document, dict):
        return Decoded(None, [problem("", "expected a JSON object")], set())
    # A huge document full of mistakes keeps only the first MAX_ERRORS of them (and a count).
    errors: list[dict[str, str]] = CappedErrors()
    if document.get("format") != FORMAT:
        errors.append(problem("/format", f"expected {FORMAT!r}"))
    if document.get("version") != VERSION:
        errors.append(problem("/version", f"unsupported version; this is version {VERSION}"))
    errors.extend(problem(f"/{key}", "unknown field")
                  for key in document if key not in COLLECTIONS and key not in {"format", "version"})
    decoded: dict[str, list[Any]] = {}
    unparsed: set[UUID] = set()
    for name, record_type in COLLECTIONS.items():
        items = document.get(name, [])
        if not isinstance(items, list):
            errors.append(problem(f"/{name}", "expected a list"))
            continue
        decoded[name] = []
        for index, item in enumerate(items):
            try:
                decoded[name].append(msgspec.convert(item, record_type))
            except (msgspec.ValidationError, RecursionError) as exc:
                reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
                errors.append(problem(*msgspec_path(f"/{name}/{index}", reason)))
                _ids_within(item, unparsed)
    return Decoded(Scenario(format=FORMAT, version=VERSION, **decoded), errors,  # type: ignore[arg-type]
                   unparsed)
