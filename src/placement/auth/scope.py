"""Record scope shared by the services that work on an officer's caseload."""

from __future__ import annotations

from uuid import UUID

from placement.auth.principal import PLAATSER, Principal
from placement.core.errors import Forbidden


def officer_scope(principal: Principal, refusal: str) -> UUID | None:
    """The organisation whose caseload (plus cases shared with it) the caller works in; None for
    the command line, which acts for every organisation. Other roles are refused with `refusal`."""
    if principal.via == "system":
        return None
    if not principal.has(PLAATSER):
        raise Forbidden(refusal)
    return principal.organisation_id
