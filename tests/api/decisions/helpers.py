"""Hand-made requests, carers and rankings for the decision tests, and short API calls."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from tests.factories import Actors
from tests.factories_matching import make_carer, make_child, make_request, make_tie


async def single(conn: asyncpg.Connection, actors: Actors, ref: str = "UTR-D-1",
                 **request: Any) -> tuple[UUID, UUID, list[UUID]]:
    """(request, child, two carers with one place each)."""
    near = await make_carer(conn, actors.org_a, f"Familie Dichtbij {ref}", east=0.5)
    far = await make_carer(conn, actors.org_a, f"Familie Verderop {ref}", east=4)
    child = await make_child(conn, actors.org_a, ref)
    return await make_request(conn, actors.org_a, child, **request), child, [near, far]


async def pair_that_must_split(conn: asyncpg.Connection,
                               actors: Actors) -> tuple[UUID, list[UUID]]:
    """Two siblings with a `together` tie and only one-place carers: every plan splits them."""
    await make_carer(conn, actors.org_a, "Eenpersoons A", east=0.5)
    await make_carer(conn, actors.org_a, "Eenpersoons B", east=1.5)
    kids = [await make_child(conn, actors.org_a, f"UTR-S-{i}", age=7 + 2 * i) for i in range(2)]
    await make_tie(conn, kids[0], kids[1])
    return await make_request(conn, actors.org_a, *kids), kids


async def search(client: Any, headers: dict[str, str], request_id: UUID) -> dict[str, Any]:
    response = await client.post(f"/api/v1/requests/{request_id}/search", json={"limit": 5},
                                 headers=headers)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def ranked(ranking: dict[str, Any]) -> list[UUID]:
    """The carers of a single child's ranking, best first."""
    return [UUID(o["carer_id"]) for o in ranking["ranking"]["options"]]


async def decide(client: Any, headers: dict[str, str], request_id: UUID, **body: Any) -> Any:
    return await client.post(f"/api/v1/requests/{request_id}/decisions",
                             json={k: str(v) if isinstance(v, UUID) else v
                                   for k, v in body.items()}, headers=headers)


async def act(client: Any, headers: dict[str, str], decision_id: str, what: str,
              **body: Any) -> Any:
    return await client.post(f"/api/v1/decisions/{decision_id}/{what}",
                             json={k: str(v) if isinstance(v, UUID) else v
                                   for k, v in body.items()}, headers=headers)


async def status(client: Any, headers: dict[str, str], request_id: UUID) -> str:
    response = await client.get(f"/api/v1/requests/{request_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["status"]  # type: ignore[no-any-return]
