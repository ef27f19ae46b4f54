"""HTTP handler for the recruitment reference lists, which every sub-package shares."""

from __future__ import annotations

from typing import Any

from litestar import Controller, get

from placement.auth.access import allow
from placement.auth.principal import BEHEERDER, WERVER
from placement.recruitment import reference


class RecruitmentReferenceController(Controller):
    path = "/api/v1/recruitment"
    tags = ["recruitment"]

    @get("/reference", **allow(WERVER, BEHEERDER),
         summary="Stages, reason codes, channels, age bands and consent purposes")
    async def reference_lists(self) -> dict[str, Any]:
        return {
            "path": list(reference.PATH),
            "stages": list(reference.STAGES),
            "reason_codes": reference.REASON_CODES,
            "channels": reference.CHANNELS,
            "age_bands": list(reference.AGE_BAND_CODES),
            "consent_purposes": reference.CONSENT_PURPOSES,
            "task_kinds": list(reference.TASK_KINDS),
        }
