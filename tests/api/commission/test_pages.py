"""The commission's pages: the officer's referral form and the commission's decision form refuse
what the API refuses (same rules, shown on the page with status 400) and record what it records.
Bearer-token callers are exempt from CSRF, as on every form route."""

from __future__ import annotations

from placement.core.clock import local_today
from tests.api.commission.helpers import MOTIVATION, QUESTION, open_case, referred_case
from tests.factories import Actors
from tests.foundation import counts


async def test_the_referral_form(client, actors: Actors, conn) -> None:
    case = await open_case(client, conn, actors)
    url = f"/plaatsingen/{case.request_id}/commissie"
    officer = actors.a["plaatser"].headers
    page = await client.get(url, headers=officer)
    assert page.status_code == 200 and "Voorleggen aan de commissie" in page.text
    before = await counts(conn, "commission_referrals")
    blank = await client.post(url, data={"question": " ", "motivation": MOTIVATION},
                              headers=officer)
    assert blank.status_code == 400
    assert "de vraag aan de commissie is verplicht" in blank.text
    assert await counts(conn, "commission_referrals") == before
    done = await client.post(url, data={"question": QUESTION, "motivation": MOTIVATION},
                             headers=officer, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == url
    shown = await client.get(url, headers=officer)
    assert QUESTION in shown.text and "nog geen besluit" in shown.text
    request_page = await client.get(f"/plaatsingen/{case.request_id}", headers=officer)
    assert f'href="{url}"' in request_page.text
    other = await client.get(url, headers=actors.b["plaatser"].headers)
    assert other.status_code == 404


async def test_the_decision_form(client, actors: Actors, conn) -> None:
    case = await referred_case(client, conn, actors)
    url = f"/commissie/casussen/{case.request_id}/besluit"
    commission = actors.a["commissie"].headers
    form = {"outcome": "search_wider", "relax": "Reistijd naar school tot 45 minuten",
            "motivation": "", "decided_on": local_today().isoformat(),
            "members_present": "A. Jansen\nB. de Groot\n"}
    before = await counts(conn, "commission_decisions")
    refused = await client.post(url, data=form, headers=commission)
    assert refused.status_code == 400
    assert "Motivatie: een motivatie is verplicht" in refused.text
    assert "Reistijd naar school tot 45 minuten" in refused.text  # what was typed stays
    assert await counts(conn, "commission_decisions") == before
    form["motivation"] = "Binnen 30 minuten is er geen gezin; 45 minuten is verantwoord."
    done = await client.post(url, data=form, headers=commission, follow_redirects=False)
    assert done.status_code == 303
    row = await conn.fetchrow("SELECT outcome, relax, members_present FROM commission_decisions")
    assert dict(row) == {"outcome": "search_wider",
                         "relax": "Reistijd naar school tot 45 minuten",
                         "members_present": ["A. Jansen", "B. de Groot"]}
    page = await client.get(f"/commissie/casussen/{case.request_id}", headers=commission)
    assert "Breder zoeken" in page.text and form["motivation"] in page.text
    assert f"/api/v1/commission/cases/{case.request_id}/dossier.pdf" in page.text
    assert (await client.get(f"/commissie/casussen/{case.request_id}",
                             headers=actors.a["plaatser"].headers)).status_code == 403
