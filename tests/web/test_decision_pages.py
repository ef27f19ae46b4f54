"""The decision pages: choose an option (reason required when not the top one), record the
family's answer and the introduction, place, and end with a reason, signed in through the form
with its CSRF token."""

from __future__ import annotations

import html

from placement.core.clock import local_today
from tests.api.decisions.helpers import search, single, status
from tests.factories import Actors
from tests.web.test_officer_pages import csrf_of, sign_in


async def test_the_whole_flow_on_the_pages(client, actors: Actors, conn) -> None:
    request_id, _child, _carers = await single(conn, actors)
    await search(client, actors.a["plaatser"].headers, request_id)
    api = actors.a["plaatser"].headers
    csrf = await sign_in(client, conn, actors.org_a, "plaatser", "besluit@alfa.test")
    url = f"/plaatsingen/{request_id}/besluiten"
    page = await client.get(url)
    assert page.status_code == 200, page.text
    assert "Kies een optie" in page.text and "Nog geen gezin benaderd" in page.text
    snapshot_id = html.unescape(page.text).split('name="snapshot_id" value="')[1].split('"')[0]

    refused = await client.post(url, follow_redirects=False, data={"csrf_token": csrf, "snapshot_id": snapshot_id,
                                           "option_rank": "2"})
    assert refused.status_code == 400
    assert "reason_code" in refused.text and "motivation" in refused.text
    assert await status(client, api, request_id) == "open"

    chosen = await client.post(url, follow_redirects=False, data={
        "csrf_token": csrf, "snapshot_id": snapshot_id, "option_rank": "2",
        "reason_code": "continuity_school_care", "motivation": "Zelfde school blijft haalbaar"})
    assert chosen.status_code == 303, chosen.text
    assert await status(client, api, request_id) == "proposed"
    page = await client.get(url)
    assert "Wacht op antwoord" in page.text
    assert "Continuïteit van school of zorg: Zelfde school blijft haalbaar" in page.text
    decision = (await client.get(f"/api/v1/requests/{request_id}/decisions",
                                 headers=api)).json()[0]
    carer = decision["carers"][0]["carer_id"]
    step = f"{url}/{decision['id']}"
    today = local_today().isoformat()
    answered = await client.post(f"{step}/antwoord", follow_redirects=False, data={
        "csrf_token": csrf_of(page.text), "carer_id": carer, "answer": "accepted",
        "answered_on": today, "decline_reason": ""})
    assert answered.status_code == 303, answered.text
    assert await status(client, api, request_id) == "introduction"
    met = await client.post(f"{step}/kennismaking", follow_redirects=False, data={
        "csrf_token": csrf, "carer_id": carer, "outcome": "go_ahead", "held_on": today})
    assert met.status_code == 303, met.text
    placed = await client.post(f"{step}/plaatsing", follow_redirects=False, data={"csrf_token": csrf, "start": today})
    assert placed.status_code == 303, placed.text
    assert await status(client, api, request_id) == "placed"
    page = await client.get(url)
    placement = (await client.get("/api/v1/occupancies", headers=api,
                                  params={"request_id": str(request_id)})).json()["items"][0]
    end = f"/plaatsingen/{request_id}/einde/{placement['id']}"
    no_reason = await client.post(end, follow_redirects=False, data={"csrf_token": csrf, "version": "2",
                                             "end": "2099-01-01", "end_reason": ""})
    assert no_reason.status_code == 400 and "end_reason" in no_reason.text
    scheduled = await client.post(end, follow_redirects=False, data={
        "csrf_token": csrf, "version": str(placement["version"]), "end": "2099-01-01",
        "end_reason": "to_independence", "end_note": "Gaat op kamers"})
    assert scheduled.status_code == 303, scheduled.text
    page = await client.get(url)
    assert "Naar zelfstandigheid, gepland" in page.text
    assert await status(client, api, request_id) == "placed"


async def test_a_form_without_the_csrf_token_is_refused(client, actors: Actors, conn) -> None:
    request_id, _child, _carers = await single(conn, actors)
    await sign_in(client, conn, actors.org_a, "plaatser", "zonder@alfa.test")
    response = await client.post(f"/plaatsingen/{request_id}/besluiten",
                                 follow_redirects=False, data={"option_rank": "1"})
    assert response.status_code == 403
    assert await conn.fetchval("SELECT count(*) FROM decisions") == 0
