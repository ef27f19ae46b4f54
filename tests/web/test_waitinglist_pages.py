"""The waiting-list page: an officer makes a proposal through the form and reads it beside
first come first served, in Dutch, with a way to choose per request."""

from __future__ import annotations

from tests.api.waitinglist.test_proposal_api import waiting_list
from tests.factories import Actors
from tests.web.test_officer_pages import csrf_of, sign_in


async def test_an_officer_makes_and_reads_a_proposal(client, actors: Actors, conn) -> None:
    await waiting_list(conn, actors)
    token = await sign_in(client, conn, actors.org_a, "plaatser", "wachtlijst@alfa.test")
    overview = await client.get("/wachtlijst/")
    assert overview.status_code == 200
    assert overview.headers["content-type"].startswith("text/html")
    assert "Nog geen voorstellen" in overview.text
    made = await client.post("/wachtlijst/", data={"csrf_token": csrf_of(overview.text)},
                             follow_redirects=True)
    assert made.status_code == 200, made.text
    page = made.text
    assert "Voorstel voor de wachtlijst" in page
    assert "optimaal (bewezen beste verdeling)" in page
    assert "Broers en zussen samen geplaatst (groepen)" in page
    # The pair waits under first come first served and is together in the proposal.
    assert "UTR-W-2, UTR-W-3" in page and "<em>wacht</em>" in page
    assert "Kiezen via de rangschikking" in page
    assert token  # the session's form token came from the home page
    again = await client.get("/wachtlijst/")
    assert "Bekijken" in again.text


async def test_the_form_needs_its_csrf_token(client, actors: Actors, conn) -> None:
    await sign_in(client, conn, actors.org_a, "plaatser", "wachtlijst2@alfa.test")
    refused = await client.post("/wachtlijst/", data={})
    assert refused.status_code == 403
    assert await conn.fetchval("SELECT count(*) FROM waiting_list_proposals") == 0
