"""Example calls for the page that replaces a one-time password (auth/views.py). An allowed
caller in the matrix has no one-time password to replace, so the page sends it home (303);
the forced flow itself is tested in tests/security/test_one_time_password.py."""

from __future__ import annotations

from tests.security.examples import Call, example
from tests.security.examples_pages import form_call
from tests.security.world import World


@example("POST /wachtwoord-kiezen")
async def _choose_password(world: World, role: str | None) -> Call:
    return form_call(role, {"new_password": "Zelf-Gekozen-Wachtzin-7",
                            "new_password_repeat": "Zelf-Gekozen-Wachtzin-7"})
