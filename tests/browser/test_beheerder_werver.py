"""The administrator's and the recruiter's workflows in Chromium, through the real forms:
accounts, the matching policy and the access log; a lead from aanmelding to approval as a
carer, and a drop-out that needs its reason. Every page on the way is checked with axe-core."""

from __future__ import annotations

import re
import secrets

from tests.browser.helpers import assert_accessible, sign_in


async def test_administrator_creates_an_account_changes_the_policy_and_reads_the_log(page) -> None:
    await sign_in(page, "plaatser")  # something of the officer's to find in the log
    await page.goto("/plaatsingen")
    await page.get_by_role("link", name="Openen").first.click()
    await page.get_by_role("button", name="Uitloggen").click()
    await page.wait_for_url("**/login")
    await sign_in(page, "beheerder")
    await page.goto("/beheer/accounts")
    await assert_accessible(page, "accounts")
    await page.get_by_label("Naam", exact=True).fill("Nieuwe Plaatser")
    await page.get_by_label("E-mailadres").fill(f"nieuw.{secrets.token_hex(3)}@browser.test")
    await page.get_by_label("Eerste wachtwoord (leeg: alleen API-sleutel)").fill("Een-Lang-Wachtwoord-42")
    await page.get_by_role("checkbox", name="Plaatser").check()
    await page.get_by_role("button", name="Account aanmaken").click()
    await page.get_by_role("status").filter(has_text="Account aangemaakt").wait_for()
    await assert_accessible(page, "account")
    await page.get_by_role("button", name="API-sleutel maken").click()
    await page.locator("code.secret").wait_for()
    await page.get_by_role("button", name="Account uitschakelen").click()
    await page.get_by_role("button", name="Account weer inschakelen").wait_for()

    await page.goto("/beheer/beleid")
    await assert_accessible(page, "matchingbeleid")
    before = await page.locator("main p").filter(has_text="Geldend").inner_text()
    await page.get_by_label("Eigen wijk", exact=True).fill("2.5")
    await page.get_by_label(re.compile("^Waarom deze wijziging")).fill("Eigen wijk telt zwaarder (test)")
    await page.get_by_role("button", name="Nieuwe versie opslaan").click()
    saved = page.get_by_role("status").filter(has_text="Opgeslagen als versie")
    await saved.wait_for()
    assert before not in await page.locator("main p").filter(has_text="Geldend").inner_text()
    assert await page.get_by_label("Eigen wijk", exact=True).input_value() == "2.5"

    await page.goto("/beheer/logboek")
    await page.get_by_label("Handeling").select_option("matching.policy.create")
    await page.get_by_role("button", name="Filteren").click()
    await page.get_by_role("cell", name="Matchingbeleid gewijzigd").first.wait_for()
    await page.get_by_label("Handeling").select_option("request")
    await page.get_by_role("button", name="Filteren").click()
    await page.get_by_role("cell", name=re.compile("^plaatser@")).first.wait_for()
    assert "Plaatsingsverzoek ingezien" in await page.locator("table.data").inner_text()
    await assert_accessible(page, "logboek")

    await page.goto("/beheer/organisatie")
    await assert_accessible(page, "organisatie")


async def test_recruiter_takes_a_lead_to_approval_and_records_a_drop_out(page) -> None:
    await sign_in(page, "werver")
    await page.goto("/werving/aanmeldingen/nieuw")
    await assert_accessible(page, "aanmelding toevoegen")
    await page.get_by_label("Naam").fill("Familie Browsertest")
    await page.get_by_label("Postcode").fill("3521 AB")
    await page.get_by_label("E-mailadres").fill("familie@browsertest.example")
    await page.get_by_label("Gehoord via").select_option("huis_aan_huis")
    await page.get_by_role("button", name="Aanmelding opslaan").click()
    await page.get_by_role("heading", name="Geschiedenis").wait_for()
    assert "Huis-aan-huis" in await page.locator("dl.facts").inner_text()
    await assert_accessible(page, "aanmelding")
    for stage in ("informatiepakket", "kennismakingsgesprek", "screening"):
        await page.get_by_label("Nieuwe fase").select_option(stage)
        await page.get_by_role("button", name="Fase wijzigen").click()
        await page.locator("h1 .score").filter(has_text=re.compile(stage, re.I)).wait_for()
    await page.get_by_role("checkbox", name="Perspectiefbiedend (lang)").check()
    await page.get_by_label("Plekken (vrije slaapkamers)").fill("1")
    await page.get_by_label("Leeftijd vanaf").fill("4")
    await page.get_by_label("Leeftijd tot en met").fill("12")
    await page.get_by_role("button", name="Goedkeuren en in het bestand zetten").click()
    await page.get_by_role("status").filter(has_text="Goedgekeurd").wait_for()

    await page.goto("/werving/aanmeldingen/nieuw")
    await page.get_by_label("Naam").fill("Familie Haakt Af")
    await page.get_by_label("Postcode").fill("3511")
    await page.get_by_label("Telefoon").fill("030 123 4567")
    await page.get_by_role("button", name="Aanmelding opslaan").click()
    await page.get_by_label("Nieuwe fase").select_option("afgehaakt")
    await page.get_by_role("button", name="Fase wijzigen").click()
    await page.get_by_role("alert").wait_for()
    assert "Reden" in await page.get_by_role("alert").inner_text()
    await assert_accessible(page, "aanmelding (fout bij afhaken)")
    await page.get_by_label("Nieuwe fase").select_option("afgehaakt")
    await page.get_by_label("Reden (bij afhaken of afwijzen)").select_option("geen_tijd")
    await page.get_by_role("button", name="Fase wijzigen").click()
    await page.locator("ol.timeline").filter(has_text="Geen tijd").wait_for()

    await page.goto("/werving/campagnes/nieuw")
    await assert_accessible(page, "nieuwe campagne")
    await page.goto("/werving/import")
    await assert_accessible(page, "csv inlezen")
