"""The KPI dashboard page: a plaatser sees the hand-made history's figures as charts and tables
(a "<5" figure written, never drawn as a bar); a werver is refused; a bad period is a Dutch
error page."""

from __future__ import annotations

import re

from tests.api.indicators.test_kpi_api import history
from tests.factories import Actors
from tests.security.helpers import login, make_login_user


async def test_plaatser_sees_the_dashboard(client, actors: Actors, conn) -> None:
    await history(conn, actors)
    await make_login_user(conn, actors.org_a, "plaatser", email="kpi@alfa.test")
    assert (await login(client, "kpi@alfa.test")).status_code == 200
    page = await client.get("/kpi", params={"from": "2025-01-01", "to": "2025-12-31"})
    assert page.status_code == 200, page.text
    html = page.text
    assert "KPI's van het beleid" in html and html.count("<svg") == 5
    assert "Beëindigd volgens plan (doel 85%)" in html and "80%" in html  # 4 of 5 as planned
    assert re.search(r"Mediaan dagen van melding tot start</th><td class=\"num\">11<", html)
    overrides = html[html.index("Redenen om af te wijken"):]
    overrides = overrides[:overrides.index("</svg>")]
    # two overrides, each "<5": written in the chart, no bar drawn for them
    assert "<rect" not in overrides and "&lt;5" in overrides
    bad = await client.get("/kpi", params={"from": "2025-12-31", "to": "2025-01-01"})
    assert bad.status_code == 400 and "<html" in bad.text


async def test_werver_is_refused_the_dashboard(client, actors: Actors, conn) -> None:
    await make_login_user(conn, actors.org_a, "werver", email="kpi-werver@alfa.test")
    assert (await login(client, "kpi-werver@alfa.test")).status_code == 200
    page = await client.get("/kpi")
    assert page.status_code == 403 and "Geen toegang" in page.text
