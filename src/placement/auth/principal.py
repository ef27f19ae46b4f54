"""Who is calling: resolved once per request by the authentication middleware."""

from __future__ import annotations

from uuid import UUID

import msgspec

PLAATSER = "plaatser"
COMMISSIE = "commissie"
WERVER = "werver"
BEHEERDER = "beheerder"
# The platform's own administrators (functioneel beheer): they register organisations and act
# across them. Every other role acts within its own organisation only.
FUNCTIONEEL_BEHEER = "functioneel_beheer"
ORGANISATION_ROLES = frozenset({PLAATSER, COMMISSIE, WERVER, BEHEERDER})
ALL_ROLES = ORGANISATION_ROLES | {FUNCTIONEEL_BEHEER}


class Principal(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID | None
    organisation_id: UUID | None
    roles: frozenset[str]
    label: str
    via: str  # "session", "token", "system" or "anonymous"
    source_address: str | None = None
    session_id: str | None = None
    # A session of an account whose one-time password is not yet replaced: it reaches only the
    # page that asks for a new password (auth/middleware.py).
    must_change_password: bool = False

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None or self.via == "system"

    def has(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def role_label(self) -> str:
        return ",".join(sorted(self.roles))


ANONYMOUS = Principal(user_id=None, organisation_id=None, roles=frozenset(), label="anonymous",
                      via="anonymous")


def system_principal(label: str, organisation_id: UUID | None = None) -> Principal:
    """The command line (import, demo data): acts as the operator running it."""
    return Principal(user_id=None, organisation_id=organisation_id, roles=frozenset(ALL_ROLES),
                     label=label, via="system")
