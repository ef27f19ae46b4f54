"""Importing leads from a web-form CSV export: every problem is reported as (row, field,
reason), and either every row is imported or none.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first lead row 2.
Columns (header names, any order; only name and postcode are required):
    name, email, phone, postcode, address, campaign_code, heard_via, placement_types (separated
    by ';'), family_home (ja/nee), foster_kind, own_children_birth_years (';'), spare_rooms,
    consent_contact (ja/nee), consent_keep (ja/nee), consent_text_version, submitted_at
    (ISO 8601, or dd-mm-jjjj uu:mm in Dutch time)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import typing
from typing import Any, NamedTuple

import msgspec

from placement.core.clock import NETHERLANDS
from placement.core.errors import ValidationFailed
from placement.recruitment.leads.schemas import LeadCreate

MAX_ROWS = 5000
MAX_LINES = 4 * MAX_ROWS  # blank lines included; reading stops there, memory stays bounded
REQUIRED = ("name", "postcode")
# CSV column -> LeadCreate field
COLUMNS = {
    "name": "full_name", "email": "email", "phone": "phone", "postcode": "postcode",
    "address": "address", "campaign_code": "campaign_code", "heard_via": "heard_via",
    "placement_types": "interest_placement_types", "family_home": "interest_family_home",
    "foster_kind": "foster_kind", "own_children_birth_years": "own_children_birth_years",
    "spare_rooms": "spare_rooms", "submitted_at": "registered_at",
}
CONSENT_COLUMNS = {"consent_contact": "contact", "consent_keep": "keep_after_dropout"}
TEXT_VERSION = "consent_text_version"
FIELD_TO_COLUMN = {field: column for column, field in COLUMNS.items()}
_YES = {"ja", "j", "yes", "y", "true", "1", "x"}
_NO = {"nee", "n", "no", "false", "0", ""}
_HINTS = typing.get_type_hints(LeadCreate, include_extras=True)


class ParsedRow(NamedTuple):
    line: int
    lead: LeadCreate | None  # None when the row has format problems
    postcode: str | None  # kept to check it against the postcode table all the same
    campaign_code: str | None


class RowError(dict):  # type: ignore[type-arg]
    def __init__(self, row: int, field: str, reason: str) -> None:
        super().__init__(row=row, field=field, reason=reason)


def _flag(text: str) -> bool | None:
    value = text.strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    return None


def _moment(text: str) -> dt.datetime | None:
    value = text.strip()
    for parse in (dt.datetime.fromisoformat,
                  lambda v: dt.datetime.strptime(v, "%d-%m-%Y %H:%M"),
                  lambda v: dt.datetime.strptime(v, "%d-%m-%Y")):
        try:
            moment = parse(value)
        except ValueError:
            continue
        return moment if moment.tzinfo else moment.replace(tzinfo=NETHERLANDS)
    return None


def _row_to_lead(line: int, raw: dict[str, str], errors: list[dict[str, Any]]) -> LeadCreate | None:
    values: dict[str, Any] = {}
    before = len(errors)
    for column, field in COLUMNS.items():
        text = (raw.get(column) or "").strip()
        if not text:
            if column in REQUIRED:
                errors.append(RowError(line, column, "required"))
            continue
        value: Any = text
        if column in ("placement_types", "own_children_birth_years"):
            value = [part.strip() for part in text.split(";") if part.strip()]
            if column == "own_children_birth_years":
                if not all(v.isdigit() for v in value):
                    errors.append(RowError(line, column, "expected years separated by ';'"))
                    continue
                value = [int(v) for v in value]
        elif column == "family_home":
            value = _flag(text)
            if value is None:
                errors.append(RowError(line, column, "expected ja or nee"))
                continue
        elif column == "spare_rooms":
            if not text.isdigit():
                errors.append(RowError(line, column, "expected a whole number"))
                continue
            value = int(text)
        elif column == "submitted_at":
            value = _moment(text)
            if value is None:
                errors.append(RowError(line, column, "expected a date and time (2026-03-06T14:30 "
                                                     "or 06-03-2026 14:30)"))
                continue
        try:
            values[field] = msgspec.convert(value, _HINTS[field])
        except msgspec.ValidationError as exc:
            errors.append(RowError(line, column, str(exc).split(" - at ")[0]))
    consents = []
    version = (raw.get(TEXT_VERSION) or "").strip()
    for column, purpose in CONSENT_COLUMNS.items():
        given = _flag(raw.get(column) or "")
        if given is None:
            errors.append(RowError(line, column, "expected ja or nee"))
        elif given:
            if not version:
                errors.append(RowError(line, TEXT_VERSION, "required when consent is given"))
            consents.append({"purpose": purpose, "text_version": version or "?",
                             "given_at": values.get("registered_at")})
    if len(errors) > before:
        return None
    values["consents"] = consents
    try:
        return msgspec.convert(values, LeadCreate)
    except msgspec.ValidationError as exc:  # the text rules every request keeps (core/validation)
        marked = re.search(r"`([^`\[.]+)[^`]*`: (.*?)(?: - at `.*`)?$", str(exc))
        field, reason = (marked.group(1), marked.group(2)) if marked else ("row", str(exc))
        errors.append(RowError(line, column_of(field), reason))
        return None


def parse_leads(text: str) -> tuple[list[ParsedRow], list[dict[str, Any]]]:
    """The rows of a CSV export (with their lead when well-formed), and every format problem."""
    errors: list[dict[str, Any]] = []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise ValidationFailed("line 1: not readable as CSV",
                               errors=[RowError(1, "header", _csv_reason(exc))]) from None
    if not header:
        raise ValidationFailed("the file is empty", errors=[RowError(1, "header", "missing")])
    reader.fieldnames = header
    known = set(COLUMNS) | set(CONSENT_COLUMNS) | {TEXT_VERSION}
    errors.extend(RowError(1, column, "unknown column") for column in header if column not in known)
    errors.extend(RowError(1, column, "missing column") for column in REQUIRED
                  if column not in header)
    if errors:
        raise ValidationFailed("the header is not as expected", errors=errors)
    leads = []
    try:
        rows = list(_rows(reader))
    except csv.Error as exc:
        # The csv module refuses a cell over its field size limit (131,072 characters) and some
        # malformed quoting; either way the file is not a web-form export.
        line = reader.line_num + 1  # the line being read when the csv module gave up
        raise ValidationFailed(f"line {line}: not readable as CSV",
                               errors=[RowError(line, "row", _csv_reason(exc))]) from None
    for line, raw in rows:
        if None in raw:  # more cells than header columns
            errors.append(RowError(line, "row", "more cells than columns"))
            continue
        if not any((v or "").strip() for v in raw.values()):
            continue
        lead = _row_to_lead(line, raw, errors)
        leads.append(ParsedRow(line, lead, (raw.get("postcode") or "").strip() or None,
                               (raw.get("campaign_code") or "").strip() or None))
        if len(leads) > MAX_ROWS:
            raise ValidationFailed(f"more than {MAX_ROWS} rows; split the file",
                                   errors=[RowError(line, "row", "too many rows")])
    if not leads and not errors:
        raise ValidationFailed("no leads in the file", errors=[RowError(2, "row", "no rows")])
    return leads, errors


def _rows(reader: csv.DictReader) -> Any:  # type: ignore[type-arg]
    for raw in reader:
        yield reader.line_num, raw
        if reader.line_num > MAX_LINES:
            raise csv.Error("too many lines")


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a cell is longer than {csv.field_size_limit()} characters"
    if "too many lines" in text:
        return f"more than {MAX_LINES} lines; split the file"
    return "not readable as CSV (quotes or NUL characters)"


def column_of(field: str) -> str:
    """A LeadCreate field name (possibly with an index) as the CSV column it came from."""
    base = field.split("[")[0].split(".")[0]
    if base == "consents":
        return TEXT_VERSION
    return FIELD_TO_COLUMN.get(base, base)
