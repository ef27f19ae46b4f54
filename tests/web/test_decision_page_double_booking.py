"""Placing on a start date that meets another stay at the same place: the database refuses the
double booking, and the decision page says so at the date (409, HTML, Dutch), nothing placed."""

from __future__ import annotations

import datetime as dt

from placement.core.clock import local_today
from tests.api.decisions.helpers import act, decide, ranked, search, single, status
from tests.factories import Actors
from tests.web.test_officer_pages import sign_in


async def test_a_start_date_on_an_occupied_place_is_refused_on_the_page(
        client, actors: Actors, conn) -> None:
    api = actors.a["plaatser"].headers
    today = local_today()
    request_id, _child, _carers = await single(conn, actors, start_in_days=0)
    ranking = await search(client, api, request_id)
    carer = ranked(ranking)[0]
    decision = (await decide(client, api, request_id, snapshot_id=ranking["snapshot_id"],
                             option_rank=1)).json()
    await act(client, api, decision["id"], "answers", carer_id=carer, answer="accepted",
              answered_on=today.isoformat())
    await act(client, api, decision["id"], "introductions", carer_id=carer, outcome="go_ahead",
              held_on=today.isoformat())
    place = decision["reservations"][0]["place_id"]
    # An earlier stay at the same place, ended five days ago.
    await conn.execute(
        """INSERT INTO occupancies (place_id, kind, period, placement_type, status)
           VALUES ($1, 'placement', daterange($2, $3), 'long_term', 'active')""",
        place, today - dt.timedelta(days=40), today - dt.timedelta(days=5))

    csrf = await sign_in(client, conn, actors.org_a, "plaatser", "dubbel@alfa.test")
    refused = await client.post(
        f"/plaatsingen/{request_id}/besluiten/{decision['id']}/plaatsing",
        data={"csrf_token": csrf, "start": (today - dt.timedelta(days=10)).isoformat()})
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "text/html; charset=utf-8"
    assert "de plek of de jeugdige is in die periode al bezet" in refused.text
    assert "Lopend besluit: Klaar om te plaatsen" in refused.text
    assert await status(client, api, request_id) == "introduction"
