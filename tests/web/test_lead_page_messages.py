"""The lead page's refusals speak Dutch with the forms' own labels: approving before the
screening, or without a placement type or a spare room, names what to do (the services answer
API clients in English)."""

from __future__ import annotations

import html
import re

from tests.api.recruitment_helpers import make_lead, move
from tests.factories import Actors
from tests.security.helpers import login, make_login_user
from tests.web.test_officer_pages import csrf_of


def alert(page: str) -> str:
    found = re.search(r'<div class="error" role="alert"[^>]*>(.*?)</div>', page, re.S)
    assert found, page
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


async def test_refused_approvals_say_what_to_do_in_dutch(client, actors: Actors, conn) -> None:
    werver = actors["werver"].headers
    lead = await make_lead(client, werver, full_name="Familie Vroeg", email="vroeg@voorbeeld.test")
    await make_login_user(conn, actors.org_a, "werver", email="leadpagina@alfa.test")
    assert (await login(client, "leadpagina@alfa.test")).status_code == 200
    url = f"/werving/aanmeldingen/{lead['id']}"
    form = {"csrf_token": csrf_of((await client.get(url)).text), "version": str(lead["version"]),
            "interest_placement_types": "long_term", "spare_rooms": "1"}

    early = await client.post(f"{url}/goedkeuren", data=form)
    assert early.status_code == 400 and early.headers["content-type"].startswith("text/html")
    assert "Nieuwe fase: goedkeuren kan pas als de screening echt doorlopen is" in alert(early.text)

    # A refused approval saves nothing of the form on the lead, and the form shows what was
    # typed, so nothing has to be typed again.
    after = (await client.get(f"/api/v1/recruitment/leads/{lead['id']}", headers=werver)).json()
    assert after == lead
    assert await conn.fetchval("SELECT count(*) FROM audit_log WHERE action = 'lead.update'") == 0
    assert re.search(r'name="interest_placement_types" value="long_term" checked', early.text)
    assert not re.search(r'value="part_time" checked', early.text)  # on the lead, not sent
    assert re.search(r'name="spare_rooms" value="1"', early.text)  # the lead has 2
    screened = await move(client, werver, lead, "screening")
    empty = {**form, "version": str(screened["version"]), "spare_rooms": "0"}
    del empty["interest_placement_types"]
    refused = await client.post(f"{url}/goedkeuren", data=empty)
    assert refused.status_code == 400
    text = alert(refused.text)
    assert "Pleegzorgvormen: kies minstens één pleegzorgvorm" in text, text
    assert "Plekken (vrije slaapkamers): minstens één vrije slaapkamer nodig" in text, text
    assert not re.search(r"\b(interest|spare|approval|name|least)\b", text), text


async def test_numbers_that_are_not_whole_numbers_are_form_errors(client, actors: Actors,
                                                                   conn) -> None:
    werver = actors["werver"].headers
    lead = await make_lead(client, werver, full_name="Familie Cijfer", email="cijfer@voorbeeld.test")
    await make_login_user(conn, actors.org_a, "werver", email="cijfers@alfa.test")
    assert (await login(client, "cijfers@alfa.test")).status_code == 200
    url = f"/werving/aanmeldingen/{lead['id']}"
    csrf = csrf_of((await client.get(url)).text)
    # "²" passes str.isdigit() but not int(): it was a 500.
    rooms = await client.post(f"{url}/goedkeuren", data={
        "csrf_token": csrf, "version": str(lead["version"]), "spare_rooms": "²"})
    assert rooms.status_code == 400 and "een heel getal" in alert(rooms.text)
    stale = await client.post(f"{url}/fase", data={
        "csrf_token": csrf, "version": "x", "to_stage": "informatiepakket"})
    assert stale.status_code == 400 and "laad de pagina opnieuw" in alert(stale.text)
