"""Collecting every problem in a request before answering: one 400 that lists them all, and the
text rules every request body keeps (no control characters, no direction overrides, no names
made only of invisible characters, phone numbers that are phone numbers).

The text rules run for every request struct through `Strict.__post_init__` (core/schemas.py), so
a new field is covered without anyone remembering it; msgspec turns the ValueError raised here
into a validation error at the struct's path, and core/problems.py appends the field name.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

import msgspec

from placement.core.errors import FieldError, ValidationFailed

Errors = list[dict[str, Any]]

# One answer never lists more than this many problems (a huge upload could otherwise produce an
# answer as large as itself); the total is still reported.
MAX_ERRORS = 1000

# NUL and the other C0/C1 control characters (tab, newline and carriage return are text), and the
# bidirectional overrides and isolates that make text read differently from how it is stored
# ("Trojan Source", CVE-2021-42574): a name or note with them misleads whoever reads it later.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Letters that render as nothing: Hangul fillers, the Mongolian vowel separator, braille blank.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u180e\u2800\u034f")
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Me", "Cn"})

FIELD_MARK = "field "

# Digits with the usual separators, an optional leading + (or 00) for the country code, and
# 9 to 15 digits in all (ITU-T E.164 allows at most 15; a Dutch number has 10).
PHONE_PATTERN = r"^(?=(?:[^0-9]*[0-9]){9,15}[^0-9]*$)\+?(?:\([0-9]+\) ?|[0-9])(?:[ .\-]?(?:\([0-9]+\) ?|[0-9]))*$"
Phone = Annotated[str, msgspec.Meta(min_length=9, max_length=30, pattern=PHONE_PATTERN,
                                    description="phone number, e.g. 030 123 45 67 or +31 6 12345678")]


def text_problem(value: str) -> str | None:
    """Why this text is refused, or None when it is fine."""
    bad = _FORBIDDEN.search(value)
    if bad is not None:
        char = bad.group()
        if char == "\x00":
            return "contains a NUL character"
        return f"contains the control character U+{ord(char):04X}"
    if value and not _has_visible(value):
        return "contains only invisible characters"
    return None


def _has_visible(value: str) -> bool:
    for char in value:
        if char in _BLANK_LETTERS:
            continue
        if unicodedata.category(char) not in _INVISIBLE_CATEGORIES:
            return True
    return False


class TextRuleError(ValueError, ValidationFailed):
    """A text field breaks the text rules. Decoding a body turns it (a ValueError) into msgspec's
    validation error, a 400 naming the field; a struct built in code from form input raises it
    as it is, and as a ValidationFailed it is the same 400 (or the Dutch error page)."""

    def __init__(self, field: str, reason: str) -> None:
        ValidationFailed.__init__(self, f"{FIELD_MARK}`{field}`: {reason}",
                                  errors=[FieldError(field, reason)])
        self.field, self.reason = field, reason

    def __str__(self) -> str:
        return self.detail


def check_struct_text(struct: msgspec.Struct) -> None:
    """Raise TextRuleError naming the first string field (or list item, or mapping key/value) of
    this struct that breaks the text rules. Nested structs check themselves."""
    for name in struct.__struct_fields__:
        value = getattr(struct, name)
        if isinstance(value, str):
            reason = text_problem(value)
            if reason:
                raise TextRuleError(name, reason)
        elif isinstance(value, list | tuple | frozenset | set):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    reason = text_problem(item)
                    if reason:
                        raise TextRuleError(f"{name}[{index}]", reason)
        elif isinstance(value, dict):
            for key, item in value.items():
                for text in (key, item):
                    if isinstance(text, str):
                        reason = text_problem(text)
                        if reason:
                            raise TextRuleError(f"{name}.{key}", reason)


class CappedErrors(list):  # type: ignore[type-arg]
    """A problem list that keeps the first MAX_ERRORS and counts the rest, so that validating a
    huge upload keeps memory (and the answer) bounded."""

    def __init__(self, cap: int = MAX_ERRORS) -> None:
        super().__init__()
        self.cap, self.total = cap, 0

    def append(self, item: dict[str, Any]) -> None:
        self.total += 1
        if len(self) < self.cap:
            super().append(item)

    def extend(self, items: Any) -> None:
        for item in items:
            self.append(item)


def total_of(errors: Errors) -> int:
    return max(getattr(errors, "total", len(errors)), len(errors))


def merged(*lists: Errors) -> CappedErrors:
    """Several problem lists as one capped list whose total counts every problem found."""
    result = CappedErrors()
    for errors in lists:
        result.extend(errors)
        result.total += total_of(errors) - len(errors)
    return result


def raise_if_errors(errors: Errors) -> None:
    """Refuse the request (nothing written yet) when any problem was found."""
    if errors:
        shown = list(errors[:MAX_ERRORS])
        total = total_of(errors)
        detail = "; ".join(f"{e['field']}: {e['reason']}" for e in shown[:20])
        if total > 20:
            detail += f"; and {total - 20} more"
        raise ValidationFailed(detail, errors=shown,
                               extra={"errors_total": total} if total > len(shown) else None)
