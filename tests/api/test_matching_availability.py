"""Issue 12, point 7: an availability confirmation dated in the future is refused (400), and a
stored one earns no freshness in a ranking."""

from __future__ import annotations

import datetime as dt

from placement.matching.core.engine import rank_child
from placement.matching.core.policy import DEFAULT_POLICY
from placement.matching.core.profiles import Filters
from tests.factories import Actors
from tests.foundation import carer_body, fields, new_carer
from tests.unit.matching_helpers import TODAY, carer, child, index_of, request

URL = "/api/v1/carers"
AHEAD = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1493)).isoformat()


async def test_a_confirmation_in_the_future_is_400_on_create_and_on_change(
        client, actors: Actors, conn) -> None:
    headers = actors["plaatser"].headers
    created = await client.post(URL, json=carer_body(availability_confirmed_at=AHEAD),
                                headers=headers)
    assert created.status_code == 400, created.text
    assert fields(created) == {"availability_confirmed_at"}
    assert await conn.fetchval("SELECT count(*) FROM carers") == 0
    existing = await new_carer(client, headers)
    changed = await client.patch(f"{URL}/{existing['id']}", headers=headers,
                                 json={"version": 1, "availability_confirmed_at": AHEAD})
    assert changed.status_code == 400 and fields(changed) == {"availability_confirmed_at"}
    today = dt.datetime.now(dt.UTC).isoformat()
    fine = await client.patch(f"{URL}/{existing['id']}", headers=headers,
                              json={"version": 1, "availability_confirmed_at": today})
    assert fine.status_code == 200, fine.text


def test_a_stored_future_confirmation_earns_nothing_and_asks_for_a_check() -> None:
    ahead = carer("Toekomst", availability_confirmed_at=TODAY + dt.timedelta(days=1493))
    ranking = rank_child(index_of([ahead]), child(), request(child()), DEFAULT_POLICY,
                         Filters(today=TODAY))
    (option,) = ranking.options
    fresh = next(f for f in option.factors if f.key == "availability_freshness")
    assert fresh.score == 0.0 and option.availability_stale
    assert fresh.explanation == ("Bevestigingsdatum van de beschikbaarheid ligt in de toekomst: "
                                 "eerst navragen")
