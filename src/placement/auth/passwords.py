"""Password hashing (argon2id) and the password policy: long enough and not a common password."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from placement.core.errors import FieldError, ValidationFailed

MIN_LENGTH = 12
MAX_LENGTH = 256  # hashing megabytes of "password" is a cheap denial of service

# argon2-cffi's defaults are argon2id with RFC 9106's low-memory profile.
_hasher = PasswordHasher()
# Verified against when the account does not exist, so that a wrong e-mail address costs as much
# time as a wrong password and does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("not-a-real-password-just-for-timing")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = resources.files("placement.auth").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def policy_problems(password: str, *, field: str = "password",
                    personal: tuple[str, ...] = ()) -> list[FieldError]:
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(FieldError(field, f"at least {MIN_LENGTH} characters"))
    if len(password) > MAX_LENGTH:
        problems.append(FieldError(field, f"at most {MAX_LENGTH} characters"))
    lowered = password.lower()
    if lowered in common_passwords():
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


def verify_password(stored_hash: str | None, password: str) -> bool:
    """False for a wrong password and for accounts without a password (token-only, SSO)."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def burn_time(password: str) -> None:
    """Spend the same effort as a real check when there is no account to check against."""
    verify_password(None, password[:MAX_LENGTH])


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
