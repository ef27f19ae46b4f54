"""The placement officer's decision flow in Chromium, through the real forms: a child and its
request, a search, the second option chosen (the form refuses it without a reason code and a
motivation, in Dutch), the family's yes, the introduction, the placement and its end with a
reason; the request's timeline shows every step and the KPI page counts what the flow did.
Every page on the way is checked with axe-core."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from zoneinfo import ZoneInfo

from tests.browser.helpers import assert_accessible, sign_in
from tests.browser.test_plaatser import register_child


def _count(text: str, pattern: str) -> int:
    """A count the KPI page prints; counts under 5 are shown as '<5' and are useless here."""
    found = re.search(pattern, text)
    assert found, f"{pattern!r} not on the KPI page"
    assert found.group(1) != "<5", f"{pattern!r}: too few to compare ({found.group(0)})"
    return int(found.group(1))


async def kpi_figures(page) -> dict[str, int]:  # type: ignore[no-untyped-def]
    await page.goto("/kpi")
    text = await page.locator("main").inner_text()
    return {
        "decisions": _count(text, r"(\S+) besluiten;"),
        "not_top": _count(text, r"(\S+) keer niet de bovenste optie"),
        "first_placements": _count(text, r"Verzoeken met een eerste plaatsing in de periode\s+(\S+)"),
        "scheduled_ends": _count(text, r"Nog (\S+) met een gepland einde"),
    }


async def test_officer_chooses_the_second_option_places_ends_and_the_kpis_follow(page) -> None:
    today = dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    await sign_in(page, "plaatser")
    before = await kpi_figures(page)
    await assert_accessible(page, "kpi")

    run = secrets.token_hex(3).upper()
    reference = f"BRW-BESLUIT-{run}"
    child = await register_child(page, reference, "Sem", "2015-05-20", "3512")
    await page.goto(f"/plaatsingen/nieuw?jeugdige={child}")
    await page.get_by_label(re.compile("^Jeugdige, of broers")).select_option([child])
    await page.get_by_label("Pleegzorgvorm").select_option("long_term")
    await page.get_by_label("Gewenste start").fill(today.isoformat())
    await page.get_by_role("button", name="Verzoek opslaan").click()
    await page.get_by_role("heading", name="Tijdlijn").wait_for()
    request_url = page.url.split("?")[0]
    await page.get_by_label("Aantal kandidaten").fill("5")
    await page.get_by_role("button", name="Zoek passende plekken").click()
    await page.get_by_role("heading", name="Rangschikking", exact=True).wait_for()
    second = (await page.locator("article.candidate h3").nth(1).inner_text()).split(" score")[0]
    second_name = second.split(". ", 1)[1]

    await page.goto(request_url)
    await page.get_by_role("link", name="Besluiten, gezinnen en plaatsing").click()
    await page.get_by_role("heading", name="Kies een optie").wait_for()
    await assert_accessible(page, "besluiten (kiezen)")
    assert await page.get_by_role("radio", name="Optie 1", exact=True).is_checked()
    await page.get_by_role("radio", name="Optie 2", exact=True).check()
    await page.get_by_role("button", name="Leg besluit vast en reserveer").click()
    alert = page.get_by_role("alert")
    await alert.wait_for()
    refused = await alert.inner_text()
    assert "Reden: verplicht" in refused and "Toelichting: verplicht" in refused, refused
    assert not re.search(r"\b(required|the|option)\b", refused), refused  # Dutch, no codes
    # The choice survives the refusal: the officer only adds what was missing.
    assert await page.get_by_role("radio", name="Optie 2", exact=True).is_checked()
    await assert_accessible(page, "besluiten (reden ontbreekt)")
    await page.get_by_label("Reden", exact=True).select_option("continuity_school_care")
    await page.get_by_label("Toelichting", exact=True).fill("Zelfde school blijft haalbaar")
    await page.get_by_role("button", name="Leg besluit vast en reserveer").click()
    await page.get_by_role("heading", name="Lopend besluit: Wacht op antwoord").wait_for()
    assert second_name in await page.locator("section.family h3").inner_text()
    await assert_accessible(page, "besluiten (wacht op antwoord)")

    family = page.locator("section.family")
    await family.get_by_label("Antwoord van het gezin").select_option("accepted")
    await family.get_by_role("button", name="Leg antwoord vast").click()
    await page.get_by_role("heading", name="Lopend besluit: Kennismaking").wait_for()
    await family.get_by_label("Kennismaking").select_option("go_ahead")
    await family.get_by_role("button", name="Leg kennismaking vast").click()
    await page.get_by_role("heading", name="Lopend besluit: Klaar om te plaatsen").wait_for()
    assert await page.get_by_label("Werkelijke startdatum").input_value() == today.isoformat()
    await page.get_by_role("button", name="Plaats", exact=True).click()
    placements = page.locator("table.placements")
    await placements.filter(has_text="Lopend").wait_for()
    await assert_accessible(page, "besluiten (geplaatst)")

    # Ending asks for its reason too. It ends in a month: a placement that starts today cannot
    # end before tomorrow, so the end is a scheduled one (the row shows it and so does the KPI).
    end = (today + dt.timedelta(days=30)).isoformat()
    await placements.get_by_label("Einddatum").fill(end)
    await placements.get_by_role("button", name="Beëindig").click()
    await page.get_by_role("alert").filter(has_text="Reden einde: kies een reden").wait_for()
    await placements.get_by_label("Einddatum").fill(end)
    await placements.get_by_label("Reden einde").select_option("return_home")
    await placements.get_by_role("button", name="Beëindig").click()
    await placements.filter(has_text="Terug naar huis, gepland").wait_for()

    await page.goto(request_url)
    timeline = await page.locator("ol.timeline").inner_text()
    for step in ("Plaatsingsverzoek gemeld", "Zoekopdracht door",
                 f"Besluit: optie 2, {second_name} (Continuïteit van school of zorg)",
                 f"{second_name}: akkoord", f"Kennismaking met {second_name}: doorgaan",
                 "Geplaatst op", "Gepland einde: Terug naar huis"):
        assert step in timeline, f"{step!r} missing from the timeline:\n{timeline}"
    await assert_accessible(page, "plaatsingsverzoek (geplaatst, einde gepland)")

    after = await kpi_figures(page)
    assert after == {"decisions": before["decisions"] + 1, "not_top": before["not_top"] + 1,
                     "first_placements": before["first_placements"] + 1,
                     "scheduled_ends": before["scheduled_ends"] + 1}, (before, after)
