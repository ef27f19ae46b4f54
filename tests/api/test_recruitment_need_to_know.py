"""Need to know: a recruiter (werver) never reaches a child's data."""

from __future__ import annotations

import uuid

from placement.auth.access import rule_of
from placement.auth.principal import WERVER
from tests.factories import Actors

# Route prefixes that serve children's data (files, requests, placements, ties, rankings).
CHILD_PREFIXES = ("/api/v1/children", "/api/v1/requests", "/api/v1/placements",
                  "/api/v1/siblings", "/api/v1/sibling", "/api/v1/network", "/api/v1/rankings",
                  "/api/v1/occupancies", "/api/v1/reservations", "/api/v1/commission",
                  "/api/v1/cases", "/api/v1/audit", "/api/v1/import")


def test_no_child_route_admits_a_recruiter(app) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for route in app.routes:
        if not route.path.startswith(CHILD_PREFIXES):
            continue
        for handler in getattr(route, "route_handlers", []):
            rule = rule_of(handler)
            if set(getattr(handler, "http_methods", [])) == {"OPTIONS"}:
                continue
            checked += 1
            assert isinstance(rule, frozenset), f"{route.path} is not role-restricted"
            assert WERVER not in rule, f"{route.path} admits recruiters"
    assert checked >= 4


async def test_recruiter_gets_403_or_404_on_child_routes(client, actors: Actors) -> None:
    headers = actors["werver"].headers
    some_id = uuid.uuid4()
    calls = [
        client.get("/api/v1/children", headers=headers),
        client.get(f"/api/v1/children/{some_id}", headers=headers),
        client.post("/api/v1/children", json={}, headers=headers),
        client.patch(f"/api/v1/children/{some_id}", json={}, headers=headers),
    ]
    for call in calls:
        response = await call
        assert response.status_code in (403, 404), response.text
    listed = await client.get("/api/v1/children", headers=headers)
    assert listed.status_code == 403
