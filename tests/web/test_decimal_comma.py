"""Every number a page shows uses the Dutch decimal comma ("0,83", "4,2 km"), never a decimal
point: the main pages of every role are rendered with real records on them (a ranking with a
map, a comparison, a decision through to a placement, the commission's dossier, the KPI page,
the recruitment pages, the policy) and their visible text is searched. Attributes (input values,
SVG coordinates), e-mail and web addresses, IP addresses, dates and times are not numbers a
reader reads, and are left out."""

from __future__ import annotations

import re

from placement.core.clock import local_today
from placement.web.labels import number
from tests.api.commission.helpers import referred_case
from tests.api.decisions.helpers import act, decide, search, single
from tests.api.indicators.test_kpi_api import history
from tests.api.recruitment_helpers import lead_body, make_campaign
from tests.factories import Actors
from tests.web.pages import sign_in
from tests.web.test_dutch_everywhere import VisibleText

# A digit group, a point, a digit group, not part of a longer dotted run (127.0.0.1, 2.25.0).
DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.]*\d)")
NOT_NUMBERS = re.compile(r"\S+@\S+|https?://\S+|/\S*|\b\d+(\.\d+){2,}\b|\d{1,2}:\d{2}")


def decimal_points(page: str) -> list[str]:
    """Numbers written with a decimal point in the text a reader sees or hears."""
    parser = VisibleText()
    parser.feed(page)
    text = NOT_NUMBERS.sub(" ", " ".join(parser.parts))
    found = []
    for match in DECIMAL_POINT.finditer(text):
        found.append(text[max(0, match.start() - 30):match.end() + 10].strip())
    return found


def test_the_check_itself_tells_a_point_from_a_comma() -> None:
    found = decimal_points("<p>score 0.83</p><svg><text>0.5 km</text></svg>")
    assert len(found) == 2 and "0.83" in found[0] and "0.5 km" in found[1]
    assert [p.split()[0] for p in decimal_points('<p aria-label="4.2 km">x</p>')] == ["4.2"]
    assert not decimal_points('<p>score 0,83 om 12:30 op 01-12-2026 via 127.0.0.1</p>'
                              '<input value="1.5"><rect x="12.5"></rect>'
                              '<a href="/x">a.b@c.test</a>')
    assert (number(0.834, 2), number(4.2, 1, "km"), number(4.0), number(12), number(None)) == \
        ("0,83", "4,2 km", "4", "12", "–")


async def test_every_number_on_the_main_pages_has_a_decimal_comma(
        client, actors: Actors, conn) -> None:
    await history(conn, actors)  # placements with their KPIs, for the KPI page
    case = await referred_case(client, conn, actors, "UTR-KOMMA-C")  # the commission's dossier
    request_id, _child, _carers = await single(conn, actors, "UTR-KOMMA-1")
    plaatser = actors.a["plaatser"].headers
    found = await search(client, plaatser, request_id)
    chosen = await decide(client, plaatser, request_id, snapshot_id=found["snapshot_id"],
                          option_rank=1)
    assert chosen.status_code == 201, chosen.text
    decision = chosen.json()
    carer = decision["carers"][0]["carer_id"]
    today = local_today().isoformat()
    for what, body in (("answers", {"carer_id": carer, "answer": "accepted",
                                    "answered_on": today}),
                       ("introductions", {"carer_id": carer, "outcome": "go_ahead",
                                          "held_on": today})):
        done = await act(client, plaatser, decision["id"], what, **body)
        assert done.status_code in (200, 201), (what, done.text)
    werver = actors.a["werver"].headers
    campaign = await make_campaign(client, werver)
    lead = await client.post("/api/v1/recruitment/leads", headers=werver,
                             json=lead_body(campaign_code=campaign["code"]))
    assert lead.status_code == 201, lead.text

    csrf = await sign_in(client, conn, actors.org_a, "plaatser", "commissie", "werver",
                         "beheerder", email="komma@alfa.test")
    searched = await client.post(f"/plaatsingen/{request_id}/zoeken",
                                 data={"limit": "5", "csrf_token": csrf})
    ranking = str(searched.url)
    assert "/rangschikkingen/" in ranking
    addresses = [
        "/", "/plaatsingen", f"/plaatsingen/{request_id}", ranking,
        ranking + "/vergelijken?rang=1&rang=2", f"/plaatsingen/{request_id}/besluiten",
        f"/plaatsingen/{case.request_id}/commissie", "/commissie",
        f"/commissie/casussen/{case.request_id}", f"/rangschikkingen/{case.snapshot_id}",
        "/kpi?from=2025-01-01&to=2025-12-31", "/kpi", "/werving", "/werving/aanmeldingen",
        f"/werving/aanmeldingen/{lead.json()['id']}", "/werving/tekort", "/werving/taken",
        f"/werving/campagnes/{campaign['id']}", "/wachtlijst", "/beheer/beleid",
        "/beheer/logboek",
    ]
    points = {}
    for address in addresses:
        response = await client.get(address)
        assert response.status_code == 200, (address, response.status_code)
        if bad := decimal_points(response.text):
            points[address] = bad
    assert not points, "\n".join(f"{a}: {' '.join(b.split())}" for a, bad in points.items()
                                  for b in bad)
