"""The Commissie Passend Alternatief in Chromium, through the real forms: a placement officer
refers a fresh request to the commission; the commission member finds it in the list of referred
cases, opens the dossier, records a decision with its motivation and downloads the dossier as a
PDF; the officer then reads the commission's answer on the request. Every page on the way is
checked with axe-core."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from pathlib import Path

from placement.core.clock import local_today
from tests.browser.helpers import assert_accessible, sign_in
from tests.browser.test_plaatser import register_child


async def sign_out(page) -> None:  # type: ignore[no-untyped-def]
    await page.get_by_role("button", name="Uitloggen").click()
    await page.wait_for_url("**/login")


async def test_commission_decides_a_referred_case_and_downloads_the_dossier(page) -> None:
    await sign_in(page, "plaatser")
    reference = f"BRW-CIE-{secrets.token_hex(3).upper()}"
    child = await register_child(page, reference, "Noor", "2012-11-02", "3514")
    await page.goto(f"/plaatsingen/nieuw?jeugdige={child}")
    await page.get_by_label(re.compile("^Jeugdige, of broers")).select_option([child])
    await page.get_by_label("Pleegzorgvorm").select_option("long_term")
    await page.get_by_label("Gewenste start").fill((local_today() + dt.timedelta(days=10)).isoformat())
    await page.get_by_role("button", name="Verzoek opslaan").click()
    await page.get_by_role("heading", name="Tijdlijn").wait_for()
    request_url = page.url.split("?")[0]
    await page.get_by_label("Aantal kandidaten").fill("3")
    await page.get_by_role("button", name="Zoek passende plekken").click()
    await page.get_by_role("heading", name="Rangschikking", exact=True).wait_for()

    await page.goto(request_url)
    await page.get_by_role("link", name="voorleggen of besluit bekijken").click()
    await page.get_by_role("heading", name="Voorleggen aan de commissie").wait_for()
    await assert_accessible(page, "voorleggen aan de commissie")
    await page.get_by_label("Vraag aan de commissie").fill("Kan Noor bij een gezin met extra steun?")
    await page.get_by_label(re.compile("^Motivatie")).fill("Geen standaardoptie dekt de zorgvraag.")
    await page.get_by_role("button", name="Voorleggen").click()
    await page.get_by_text("Voorgelegd; de commissie heeft nog geen besluit genomen.").wait_for()
    await sign_out(page)

    await sign_in(page, "commissie")
    await page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Commissie").click()
    await page.get_by_role("heading", name="Commissie Passend Alternatief").wait_for()
    case = page.locator("section.case").filter(
        has=page.get_by_role("heading", name=reference, exact=True))
    await case.wait_for()
    await assert_accessible(page, "commissie: voorgelegde casussen")
    await case.get_by_role("link", name="Dossier en besluit").click()
    await page.get_by_role("heading", name=f"Dossier {reference}").wait_for()
    assert "Kan Noor bij een gezin met extra steun?" in await page.locator("main").inner_text()
    await assert_accessible(page, "commissie: dossier")

    await page.get_by_role("radio", name="Akkoord met een genoemde optie").check()
    await page.get_by_label("Optie (bij akkoord)").select_option(index=1)
    option = await page.get_by_label("Optie (bij akkoord)").evaluate(
        "select => select.options[select.selectedIndex].text")
    await page.get_by_label(re.compile("^Motivatie")).fill("Optie past met de school dichtbij.")
    await page.get_by_label(re.compile("^Aanwezige leden")).fill("Voorzitter A\nLid B")
    await page.get_by_role("button", name="Besluit vastleggen").click()
    decided = page.locator("dl.decision")
    await decided.filter(has_text="Optie past met de school dichtbij.").wait_for()
    assert "Akkoord met een genoemde optie" in await decided.inner_text()
    await assert_accessible(page, "commissie: dossier met besluit")

    async with page.expect_download() as download_info:
        await page.get_by_role("link", name=re.compile("^Download het dossier")).click()
    download = await download_info.value
    content = Path(await download.path()).read_bytes()
    assert content.startswith(b"%PDF")
    assert reference in download.suggested_filename
    await sign_out(page)

    await sign_in(page, "plaatser")
    await page.goto(request_url.removesuffix("/") + "/commissie")
    answer = await page.locator("dl.facts").inner_text()
    assert "Akkoord met een genoemde optie" in answer and "Optie past met de school dichtbij." in answer
    carer = option.split(" · ")[2]  # "<when> · optie 1 · <carer>": the option the commission named
    assert f"optie 1, {carer}" in answer, answer
    await assert_accessible(page, "besluit van de commissie (plaatser)")
