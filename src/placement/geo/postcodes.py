"""Dutch postcodes: parsing and normalising (pure)."""

from __future__ import annotations

import re

_PC = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})?\s*$")
# Letter pairs never issued by PostNL.
_UNUSED_LETTERS = {"SA", "SD", "SS"}


class PostcodeFormatError(ValueError):
    pass


def normalise(text: str) -> tuple[str, str | None]:
    """'3511 ab' -> ('3511', '3511AB'); '3511' -> ('3511', None). Raises on a bad format."""
    match = _PC.match(text or "")
    if not match:
        raise PostcodeFormatError("not a Dutch postcode (expected 1234 or 1234 AB)")
    pc4, letters = match.group(1), match.group(2)
    if letters is None:
        return pc4, None
    letters = letters.upper()
    if letters in _UNUSED_LETTERS:
        raise PostcodeFormatError(f"letter pair {letters} is not used in Dutch postcodes")
    return pc4, pc4 + letters
