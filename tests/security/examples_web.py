"""Example calls for the officer and commission pages (requests/views.py, matching/views.py)."""

from __future__ import annotations

from tests.security.examples import Call, example
from tests.security.world import World


@example("POST /plaatsingen/{request_id:uuid}/zoeken")
async def _search_form(world: World, role: str | None) -> Call:
    # Bearer-token callers are exempt from CSRF, as on every form route; the CSRF refusal of a
    # session without the token is covered in tests/web/test_officer_pages.py.
    # An anonymous browser passes the pre-session double-submit check (as on the login form), so
    # the cell shows the route's own answer to a caller who is not signed in: 401.
    form = {"limit": "5", "placement_type": "", "max_travel_minutes": ""}
    if role is None:
        return Call(form={**form, "csrf_token": "same-on-both"},
                    cookies={"placement_login_csrf": "same-on-both"})
    return Call(form=form)
