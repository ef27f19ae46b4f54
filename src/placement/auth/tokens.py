"""API tokens for machine clients: shown once, stored as a SHA-256 hash (they are long random
strings, so a slow password hash adds nothing)."""

from __future__ import annotations

import hashlib
import secrets
import weakref
from typing import Any

TOKEN_PREFIX = "plc_"
TOKEN_CACHE_KEY = "token_cache"  # the app state's TokenCache, set up with the listener


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenCache:
    """Whom recently used API tokens belong to, kept by one process for up to `TTL_SECONDS`: an
    API call then needs no database round trip to know its caller.

    Nothing is kept unless the process is listening for 'placement_principals_changed'
    (`start`, by operations/supply_listener.py): the database notifies it when a token is
    revoked or a user's activity, roles, organisation or address change (migration 0012), and
    everything kept is forgotten. In this process such a change forgets at once
    (`forget_everywhere`), so the very next call sees it. The expiry bounds what a lost
    notification could cost and keeps `last_used_at` (refreshed by the look-up, at most once a
    minute) as current as before."""

    TTL_SECONDS = 60.0

    def __init__(self) -> None:
        self._kept: dict[str, tuple[float, Any]] = {}
        self.active = False
        self.hits = 0
        _CACHES.add(self)

    def get(self, hashed: str, now: float) -> Any | None:
        kept = self._kept.get(hashed)
        if kept is None or not self.active:
            return None
        if now - kept[0] >= self.TTL_SECONDS:
            del self._kept[hashed]
            return None
        self.hits += 1
        return kept[1]

    def put(self, hashed: str, owner: Any, now: float) -> None:
        if self.active:
            self._kept[hashed] = (now, owner)

    def forget(self, *_: Any) -> None:
        self._kept.clear()

    def start(self) -> None:
        self._kept.clear()
        self.active = True

    def stop(self) -> None:
        self.active = False
        self._kept.clear()


_CACHES: weakref.WeakSet[TokenCache] = weakref.WeakSet()


def forget_everywhere() -> None:
    """Every cache of this process forgets: called after a change of a token or of a user's
    authority has been committed (other processes hear of it by notification)."""
    for cache in list(_CACHES):
        cache.forget()
