"""Password hashing (argon2id) and the password policy: long enough and not a common password."""

from __future__ import annotations

import functools
import string

import anyio
import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from placement.core.errors import FieldError, ValidationFailed

MIN_LENGTH = 12
MAX_LENGTH = 256  # hashing megabytes of "password" is a cheap denial of service

# argon2-cffi's defaults are argon2id with RFC 9106's low-memory profile.
_hasher = PasswordHasher()
# Verified against when the account does not exist, so that a wrong e-mail address costs as much
# time as a wrong password and does not reveal which accounts exist. Made at the first use, not
# at import: a second of argon2 work that start-up need not wait for.
@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash("not-a-real-password-just-for-timing")


@functools.cache
def _load_common_passwords() -> frozenset[str]:
    # zxcvbn's list: the 30,000 most frequent passwords of public breach corpora, maintained
    # with the zxcvbn package (pinned in constraints.txt); read once, at the first check.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])

_PADDING = string.digits + string.punctuation + " "


def common_passwords() -> frozenset[str]:
    return _load_common_passwords()


def _is_common(password: str) -> bool:
    """A common password, also when padded with digits or symbols to reach the minimum length
    ("welkom123456", "!!password2024") or repeated ("welkomwelkom")."""
    lowered = password.lower()
    core = lowered.strip(_PADDING)
    candidates = {lowered, core}
    for size in range(1, len(core) // 2 + 1):
        if len(core) % size == 0 and core[:size] * (len(core) // size) == core:
            candidates.add(core[:size])
            break
    common = _load_common_passwords()
    return any(c in common for c in candidates if len(c) >= 3)


def policy_problems(password: str, *, field: str = "password",
                    personal: tuple[str, ...] = ()) -> list[FieldError]:
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(FieldError(field, f"at least {MIN_LENGTH} characters"))
    if len(password) > MAX_LENGTH:
        problems.append(FieldError(field, f"at most {MAX_LENGTH} characters"))
    lowered = password.lower()
    if _is_common(password):
        problems.append(FieldError(field, "too common: choose a less predictable password"))
    elif any(part and len(part) >= 4 and part.lower() in lowered for part in personal):
        problems.append(FieldError(field, "must not contain your name or e-mail address"))
    return problems


def check_policy(password: str, *, field: str = "password",
                 personal: tuple[str, ...] = ()) -> None:
    problems = policy_problems(password, field=field, personal=personal)
    if problems:
        raise ValidationFailed("; ".join(f"{p['field']}: {p['reason']}" for p in problems),
                               errors=problems)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


# argon2 spends tens of milliseconds of CPU on purpose: in the app it runs in a worker thread,
# so one sign-in does not stall every other request on the event loop.

async def hash_password_async(password: str) -> str:
    return await anyio.to_thread.run_sync(hash_password, password)


async def verify_password_async(stored_hash: str | None, password: str) -> bool:
    return await anyio.to_thread.run_sync(verify_password, stored_hash, password)


async def burn_time_async(password: str) -> None:
    await anyio.to_thread.run_sync(burn_time, password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """False for a wrong password and for accounts without a password (token-only, SSO)."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def burn_time(password: str) -> None:
    """Spend the same effort as a real check when there is no account to check against."""
    verify_password(None, password[:MAX_LENGTH])


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
