"""The placement officer's workflow in Chromium, through the real forms: register two children
(postcode lookup, school, club, needs, wishes), tie them as siblings and to a network family,
make one request for the pair, search, read the ranking with its map, compare two candidates.
Every page on the way is checked with axe-core."""

from __future__ import annotations

import re
import secrets

from tests.browser.helpers import assert_accessible, sign_in


async def register_child(page, reference: str, name: str, birth: str, postcode: str) -> str:  # type: ignore[no-untyped-def]
    await page.goto("/jeugdigen/nieuw")
    await page.get_by_label("Dossiernummer").fill(reference)
    await page.get_by_label("Voornaam").fill(name)
    await page.get_by_label("Geboortedatum").fill(birth)
    await page.get_by_label("Gender").select_option("f")
    await page.get_by_label("Postcode (thuis)").fill(postcode)
    await page.locator("#pc-home").filter(has_text="wijk").wait_for()
    await page.get_by_label("School").select_option(index=1)
    await page.get_by_label(re.compile("^Sport of club")).select_option(index=0)
    await page.get_by_role("radio", name=re.compile(": noodzakelijk$")).first.check()
    await page.get_by_label("Taal").fill("Nederlands")
    await page.get_by_role("button", name="Jeugdige opslaan").click()
    await page.get_by_role("status").filter(has_text="Opgeslagen").wait_for()
    return page.url.split("/jeugdigen/")[1].split("?")[0]


async def test_officer_registers_children_and_a_request_searches_and_compares(page) -> None:
    await sign_in(page, "plaatser")
    await page.goto("/jeugdigen/nieuw")
    await assert_accessible(page, "jeugdige aanmelden")
    # A form with mistakes comes back with the typed values and Dutch messages.
    await page.get_by_label("Dossiernummer").fill("BRW-FOUT-1")
    await page.get_by_label("Voornaam").fill("Fout")
    await page.get_by_label("Geboortedatum").fill("2015-01-01")
    await page.get_by_label("Gender").select_option("m")
    await page.get_by_label("Postcode (thuis)").fill("9999")
    await page.get_by_role("button", name="Jeugdige opslaan").click()
    alert = page.get_by_role("alert")
    await alert.wait_for()
    assert "Postcode thuis" in await alert.inner_text()
    assert await page.get_by_label("Voornaam").input_value() == "Fout"
    await assert_accessible(page, "jeugdige aanmelden (fouten)")

    run = secrets.token_hex(3).upper()  # the dev server may keep data between runs
    lotte = await register_child(page, f"BRW-LOTTE-{run}", "Lotte", "2014-03-01", "3511")
    await assert_accessible(page, "jeugdige")
    daan = await register_child(page, f"BRW-DAAN-{run}", "Daan", "2016-09-12", "3511")
    await page.get_by_label("Dossiernummer broer of zus").fill(f"BRW-LOTTE-{run}")
    await page.locator("#f-kind").select_option("full")
    await page.get_by_role("button", name="Band vastleggen", exact=True).click()
    await page.locator("#broers-zussen + p + table").filter(has_text="Lotte").wait_for()
    await page.locator("#f-carer_id").select_option(index=1)
    await page.locator("#f-relation").select_option("grandparent")
    await page.get_by_role("button", name="Netwerkband vastleggen").click()
    await page.get_by_role("cell", name="grootouder").wait_for()

    await page.goto(f"/plaatsingen/nieuw?jeugdige={lotte}")
    await assert_accessible(page, "nieuw plaatsingsverzoek")
    await page.get_by_label(re.compile("^Jeugdige, of broers")).select_option([lotte, daan])
    await page.get_by_label("Pleegzorgvorm").select_option("long_term")
    await page.get_by_label("Gewenste start").fill("2027-01-15")
    await page.get_by_role("button", name="Verzoek opslaan").click()
    await page.get_by_role("heading", name="Tijdlijn").wait_for()
    assert "gemeld" in await page.locator("ol.timeline").inner_text()  # the melding
    await assert_accessible(page, "plaatsingsverzoek")

    await page.get_by_label("Aantal kandidaten").fill("5")
    await page.get_by_role("button", name="Zoek passende plekken").click()
    await page.get_by_role("heading", name="Rangschikking", exact=True).wait_for()
    await page.locator("svg.map").wait_for()
    assert await page.locator("svg.map polygon").count() > 10  # wijk areas
    await assert_accessible(page, "rangschikking (groep)")


async def test_officer_compares_two_candidates_of_a_single_child_ranking(page) -> None:
    await sign_in(page, "plaatser")
    await page.goto("/plaatsingen")
    single = page.locator("tbody tr").filter(has_not_text="broers en zussen").first
    await single.get_by_role("link", name="Openen").click()
    await page.get_by_label("Aantal kandidaten").fill("6")
    await page.get_by_role("button", name="Zoek passende plekken").click()
    await page.get_by_role("heading", name="Rangschikking", exact=True).wait_for()
    await assert_accessible(page, "rangschikking")
    boxes = page.get_by_role("checkbox", name="vergelijken")
    markers = await page.locator("svg.map text.rank-label").count()
    assert markers >= 2
    await boxes.nth(0).check()
    await boxes.nth(1).check()
    await page.get_by_role("button", name="Vergelijk de gekozen kandidaten").click()
    await page.get_by_role("heading", name="Kandidaten vergelijken").wait_for()
    assert await page.locator("table.compare thead th").count() == 3
    await assert_accessible(page, "vergelijken")
