"""The candidate index learns of supply changes by LISTEN/NOTIFY: a search right after a carer
is added (by anyone, in any process) ranks that carer, and searches in between cost no check."""

from __future__ import annotations

import asyncio

from placement.matching.service import holder_in
from tests.factories import Actors
from tests.factories_matching import make_carer, make_child, make_request


async def _names(client, request_id, headers) -> list[str]:  # type: ignore[no-untyped-def]
    answer = await client.post(f"/api/v1/requests/{request_id}/search", json={"limit": 10},
                               headers=headers)
    assert answer.status_code == 201, answer.text
    return [o["carer_name"] for o in answer.json()["ranking"]["options"]]


async def _until(condition, seconds: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await asyncio.sleep(0.05)
    return False


async def test_a_new_carer_is_ranked_after_the_notification(client, app, actors: Actors,
                                                            conn) -> None:
    officer = actors.a["plaatser"].headers
    await make_carer(conn, actors.org_a, "Familie Eerst", east=1)
    child = await make_child(conn, actors.org_a, "UTR-N-1")
    request_id = await make_request(conn, actors.org_a, child)
    holder = holder_in(app.state)
    assert await _until(lambda: holder._stale)  # the inserts above were notified
    assert await _names(client, request_id, officer) == ["Familie Eerst"]
    rebuilds = holder.rebuilds

    # Nothing changed: the next searches use the index as it is, without a rebuild.
    assert await _names(client, request_id, officer) == ["Familie Eerst"]
    assert holder.rebuilds == rebuilds and not holder._stale

    await make_carer(conn, actors.org_a, "Familie Nieuw", east=0.5)
    assert await _until(lambda: holder._stale)
    assert sorted(await _names(client, request_id, officer)) == ["Familie Eerst", "Familie Nieuw"]
    assert holder.rebuilds == rebuilds + 1
