"""API tokens for machine clients: shown once, stored as a SHA-256 hash (they are long random
strings, so a slow password hash adds nothing)."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "plc_"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
