"""Shared pieces of the recruitment services: who sees which leads and reports, and contact
details in one form (for finding duplicates)."""

from __future__ import annotations

import re
from uuid import UUID

from placement.auth.principal import BEHEERDER, WERVER, Principal
from placement.core.errors import Forbidden

ENTITY_LEAD = "recruitment_lead"


def lead_scope(principal: Principal) -> UUID | None:
    """Leads are personal data of the recruiting organisation: a recruiter sees their own
    organisation's leads; the command line (system) sees all."""
    if principal.via == "system":
        return None
    if principal.has(WERVER) and principal.organisation_id is not None:
        return principal.organisation_id
    raise Forbidden("only recruiters work with leads")


def report_scope(principal: Principal) -> UUID | None:
    if principal.via == "system":
        return None
    if principal.has(WERVER, BEHEERDER) and principal.organisation_id is not None:
        return principal.organisation_id
    raise Forbidden("recruitment reports are for recruiters and administrators")


def normalise_email(email: str | None) -> str | None:
    return email.strip().lower() if email else None


def normalise_phone(phone: str | None) -> str | None:
    """'+31 6-1234 5678', '0031612345678' and '06 12345678' all become '0612345678'."""
    if not phone:
        return None
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+") and digits.startswith("31"):
        digits = "0" + digits[2:]
    elif digits.startswith("0031"):
        digits = "0" + digits[4:]
    return digits or None
