"""The recruiter's pipeline in Chromium, through the real forms, up to the supply it makes: a
lead is added, moved stage by stage from aanmelding to the suitability decision, approved into a
carer with the prefilled form, and a placement officer then finds that new family in a search
for a child who lives in the same postcode area. Every page on the way is checked with axe-core."""

from __future__ import annotations

import datetime as dt
import re
import secrets

from placement.core.clock import local_today
from tests.browser.helpers import assert_accessible, sign_in

# In order: every stage of the path after aanmelding (placement.recruitment.reference.PATH),
# as the stage select names them.
STAGES = ("Informatiepakket", "Informatieavond", "Kennismakingsgesprek", "Voorbereiding",
          "Screening", "Geschiktheidsbesluit")
POSTCODE = "3584"  # Oost: the family and the child live in the same area


async def test_recruiter_approves_a_lead_that_an_officer_then_finds_in_a_search(page) -> None:
    run = secrets.token_hex(3).upper()
    family = f"Familie Pijplijn {run}"
    await sign_in(page, "werver")
    await page.goto("/werving/aanmeldingen/nieuw")
    await page.get_by_label("Naam").fill(family)
    await page.get_by_label("Postcode").fill(f"{POSTCODE} CS")
    await page.get_by_label("E-mailadres").fill(f"pijplijn.{run.lower()}@browsertest.example")
    await page.get_by_label("Gehoord via").select_option(index=1)
    await page.get_by_role("button", name="Aanmelding opslaan").click()
    await page.get_by_role("heading", name="Geschiedenis").wait_for()
    stage = page.locator("h1 .score")
    assert (await stage.inner_text()).lower() == "aanmelding"

    for name in STAGES:
        await page.get_by_label("Nieuwe fase").select_option(label=name)
        await page.get_by_role("button", name="Fase wijzigen").click()
        await stage.filter(has_text=re.compile(f"^{name}$", re.I)).wait_for()
    history = await page.locator("ol.timeline").inner_text()
    for name in STAGES:
        assert name.lower() in history.lower(), history
    await assert_accessible(page, "aanmelding (geschiktheidsbesluit)")

    approve = page.locator("form[action$='/goedkeuren']")
    await approve.get_by_role("checkbox", name="Perspectiefbiedend (lang)").check()
    await approve.get_by_label("Plekken (vrije slaapkamers)").fill("2")
    await approve.get_by_label("Leeftijd vanaf").fill("4")
    await approve.get_by_label("Leeftijd tot en met").fill("14")
    await approve.get_by_role("button", name="Goedkeuren en in het bestand zetten").click()
    await page.get_by_role("status").filter(has_text="Goedgekeurd").wait_for()
    assert (await stage.inner_text()).lower() == "goedgekeurd"
    await assert_accessible(page, "aanmelding (goedgekeurd)")
    await page.get_by_role("button", name="Uitloggen").click()
    await page.wait_for_url("**/login")

    # An officer's child from the same postcode area, with no needs the new family lacks.
    await sign_in(page, "plaatser")
    await page.goto("/jeugdigen/nieuw")
    await page.get_by_label("Dossiernummer").fill(f"BRW-WERF-{run}")
    await page.get_by_label("Voornaam").fill("Mila")
    await page.get_by_label("Geboortedatum").fill("2017-04-09")
    await page.get_by_label("Gender").select_option("f")
    await page.get_by_label("Postcode (thuis)").fill(POSTCODE)
    await page.locator("#pc-home").filter(has_text="wijk").wait_for()
    await page.get_by_role("button", name="Jeugdige opslaan").click()
    await page.get_by_role("status").filter(has_text="Opgeslagen").wait_for()
    child = page.url.split("/jeugdigen/")[1].split("?")[0]
    await page.goto(f"/plaatsingen/nieuw?jeugdige={child}")
    await page.get_by_label(re.compile("^Jeugdige, of broers")).select_option([child])
    await page.get_by_label("Pleegzorgvorm").select_option("long_term")
    await page.get_by_label("Gewenste start").fill((local_today() + dt.timedelta(days=14)).isoformat())
    await page.get_by_role("button", name="Verzoek opslaan").click()
    await page.get_by_label("Aantal kandidaten").fill("5")
    await page.get_by_role("button", name="Zoek passende plekken").click()
    await page.get_by_role("heading", name="Rangschikking", exact=True).wait_for()
    found = page.locator("article.candidate").filter(
        has=page.get_by_role("heading", name=re.compile(rf"^\d+\. {family} ")))
    await found.wait_for()
    assert "wijk Oost" in await found.inner_text()
    await assert_accessible(page, "rangschikking (nieuw gezin)")
