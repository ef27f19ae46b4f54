"""Recruitment pages (werving): the funnel chart shows the counts of a hand-made set of leads,
leads carry an overdue marker and filter by stage, the shortage page never shows a small
count, and other roles are refused."""

from __future__ import annotations

import datetime as dt
import re

from tests.api.recruitment_helpers import CAMPAIGN, make_campaign, make_lead, move
from tests.api.test_recruitment_supply_gap import scenario
from tests.factories import Actors
from tests.security.helpers import login, make_login_user

PAGES = ("/werving", "/werving/aanmeldingen", "/werving/taken", "/werving/tekort")


def _lead(n: int, **overrides: object) -> dict[str, object]:
    return {"full_name": f"Aanmelder Nummer{n}", "email": f"aanmelder{n}@voorbeeld.test",
            "phone": f"06-2000{n:04d}", **overrides}


async def _sign_in_werver(client, conn, actors: Actors) -> None:
    await make_login_user(conn, actors.org_a, "werver", email="wervingspagina@alfa.test")
    assert (await login(client, "wervingspagina@alfa.test")).status_code == 200


def _funnel_of(html: str, anchor: str) -> dict[str, tuple[int, str]]:
    """stage -> (reached, 'count · conversion' text) from the first funnel SVG after anchor."""
    start = html.index(anchor)
    svg = html[html.index("<svg", start):html.index("</svg>", start)]
    stages = re.findall(r'data-stage="([a-z]+)" data-reached="(\d+)">.*?'
                        r'class="chart-value"[^>]*>([^<]*)</text>', svg, re.S)
    return {stage: (int(reached), text) for stage, reached, text in stages}


async def test_werver_sees_the_funnel_chart_with_the_counts_of_their_leads(
        client, actors: Actors, conn) -> None:
    werver = actors["werver"].headers
    await make_campaign(client, werver)
    leads = [await make_lead(client, werver, campaign_code=CAMPAIGN, **_lead(n))
             for n in range(5)]
    await make_lead(client, werver, **_lead(9))  # no campaign: not in the campaign's funnel
    moved = [await move(client, werver, lead, "informatiepakket") for lead in leads[:3]]
    await move(client, werver, moved[0], "informatieavond")
    await move(client, werver, leads[4], "afgehaakt", reason_code="geen_tijd")

    await _sign_in_werver(client, conn, actors)
    page = await client.get("/werving")
    assert page.status_code == 200, page.text
    assert "<script" not in page.text and "style=" not in page.text
    funnel = _funnel_of(page.text, f'id="campagne-{CAMPAIGN}"')
    assert funnel["aanmelding"] == (5, "5 · –")
    assert funnel["informatiepakket"] == (3, "3 · 60%")
    assert funnel["informatieavond"] == (1, "1 · 33%")
    assert funnel["kennismakingsgesprek"] == (0, "0 · 0%")
    assert funnel["goedgekeurd"][0] == 0
    overall = _funnel_of(page.text, "Alle aanmeldingen")
    assert overall["aanmelding"][0] == 6
    assert "/api/v1/recruitment/reports/funnel.csv" in page.text
    campaign_section = page.text[page.text.index(f'id="campagne-{CAMPAIGN}"'):]
    assert re.search(r"<td>Afgehaakt</td><td>Geen tijd[^<]*</td><td>Aanmelding</td>"
                     r'<td class="num">1</td>', campaign_section)
    home = await client.get("/")
    assert all(f'href="{path}"' in home.text for path in PAGES)
    bars = re.findall(r'data-stage="(aanmelding|informatiepakket)".*?width="([\d.]+)"',
                      page.text[page.text.index(f'id="campagne-{CAMPAIGN}"'):], re.S)
    widths = dict(bars[:2])
    assert float(widths["informatiepakket"]) / float(widths["aanmelding"]) == 0.6


async def test_leads_page_marks_overdue_follow_up_and_filters(client, actors: Actors,
                                                              conn) -> None:
    werver = actors["werver"].headers
    await make_campaign(client, werver)
    weeks_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=14)).isoformat()
    late = await make_lead(client, werver, registered_at=weeks_ago, **_lead(1))
    fresh = await make_lead(client, werver, campaign_code=CAMPAIGN, **_lead(2))
    await move(client, werver, fresh, "informatiepakket")

    await _sign_in_werver(client, conn, actors)
    page = (await client.get("/werving/aanmeldingen")).text
    rows = dict(re.findall(r'<tr data-lead="([0-9a-f-]+)"( class="overdue")?', page))
    assert rows == {late["id"]: ' class="overdue"', fresh["id"]: ""}
    by_stage = (await client.get("/werving/aanmeldingen",
                                 params={"stage": "informatiepakket"})).text
    assert fresh["id"] in by_stage and late["id"] not in by_stage
    by_campaign = (await client.get("/werving/aanmeldingen", params={"campaign": CAMPAIGN})).text
    assert fresh["id"] in by_campaign and late["id"] not in by_campaign
    unknown = await client.get("/werving/aanmeldingen", params={"stage": "verzonnen"})
    assert unknown.status_code == 400 and "onbekende fase" in unknown.text
    assert unknown.headers["content-type"].startswith("text/html")
    tasks = await client.get("/werving/taken")
    assert tasks.status_code == 200 and "Aanmelder Nummer1" in tasks.text
    assert "Aanmelder Nummer2" not in tasks.text


async def test_shortage_page_shows_small_cells_as_such(client, actors: Actors, conn) -> None:
    await scenario(conn, actors.org_a)  # Overvecht 6 waiting children, Zuid 3
    await _sign_in_werver(client, conn, actors)
    page = await client.get("/werving/tekort")
    assert page.status_code == 200, page.text
    html = page.text
    table = html[html.index('data-dimension="wijk"'):]
    table = table[:table.index("</table>")]
    cells = dict(re.findall(r"<td>([^<]+)</td>\s*<td class=\"num demand\">([^<]+)</td>", table))
    assert cells["Overvecht"] == "6"
    assert cells["Zuid"] == "&lt;5"
    chart = html[html.index('class="gap-chart"'):html.index("</svg>")]
    zuid = re.search(r'data-demand="&lt;5" data-free="1">\s*<text[^>]*>Zuid</text>(.*?)</g>',
                     chart, re.S)
    assert zuid and "bar-demand" not in zuid.group(1) and "&lt;5 wachtend" in zuid.group(1)
    assert "3 wachtend" not in chart  # the hidden count appears nowhere
    assert "supply-gap.csv" in html


async def test_other_roles_are_refused_and_anonymous_must_sign_in(client, actors: Actors) -> None:
    for path in PAGES:
        assert (await client.get(path, headers=actors["plaatser"].headers)).status_code == 403
        assert (await client.get(path, headers=actors["commissie"].headers)).status_code == 403
        anonymous = await client.get(path)
        assert anonymous.status_code == 401 and 'href="/login"' in anonymous.text
    for path in ("/werving", "/werving/tekort"):
        assert (await client.get(path, headers=actors["beheerder"].headers)).status_code == 200
    for path in ("/werving/aanmeldingen", "/werving/taken"):  # leads are for recruiters only
        assert (await client.get(path, headers=actors["beheerder"].headers)).status_code == 403
