"""The administrator's workflow in Chromium, through the real forms: a placement officer searches
for a known case first; the beheerder creates an account, changes a weight, looks at the preview
of how the top 3 of recent searches (the officer's among them) would change, saves the new
version, and finds the officer's search in the access log by the case's dossier number. Every
page on the way is checked with axe-core."""

from __future__ import annotations

import re
import secrets

from tests.browser.conftest import demo_email
from tests.browser.helpers import assert_accessible, sign_in


async def test_beheerder_previews_and_saves_a_policy_and_finds_a_case_in_the_log(page) -> None:
    # The officer searches for one child's request: the case the beheerder looks for later.
    await sign_in(page, "plaatser")
    await page.goto("/plaatsingen")
    single = page.locator("table.data tbody tr").filter(
        has_not=page.locator("span.badge", has_text="broers en zussen")).first
    reference = (await single.locator("ul li").first.inner_text()).split(",")[0].strip()
    await single.get_by_role("link", name="Openen").click()
    await page.get_by_label("Aantal kandidaten").fill("5")
    await page.get_by_role("button", name="Zoek passende plekken").click()
    await page.get_by_role("heading", name="Rangschikking", exact=True).wait_for()
    await page.get_by_role("button", name="Uitloggen").click()
    await page.wait_for_url("**/login")

    await sign_in(page, "beheerder")
    await page.goto("/beheer/accounts")
    await assert_accessible(page, "beheer: accounts")
    email = f"collega.{secrets.token_hex(3)}@browser.test"
    await page.get_by_label("Naam", exact=True).fill("Collega Plaatser")
    await page.get_by_label("E-mailadres").fill(email)
    await page.get_by_label("Eerste wachtwoord (leeg: alleen API-sleutel)").fill(
        "Een-Lang-Wachtwoord-43")
    await page.get_by_role("checkbox", name="Plaatser").check()
    await page.get_by_role("button", name="Account aanmaken").click()
    await page.get_by_role("status").filter(has_text="Account aangemaakt").wait_for()
    await page.goto("/beheer/accounts")
    await page.get_by_role("cell", name=email).wait_for()

    # Change weights, preview (nothing saved yet), then save.
    await page.goto("/beheer/beleid")
    await assert_accessible(page, "beheer: matchingbeleid")
    version = await page.locator("main p").filter(has_text="Geldend").inner_text()
    await page.get_by_label("Eigen wijk", exact=True).fill("9.5")
    await page.get_by_label("Onderbouwing: Eigen wijk").fill("In de eigen wijk blijven weegt zwaar")
    await page.get_by_role("button", name="Voorbeeld bekijken").click()
    preview = page.locator("#voorbeeld")
    await preview.get_by_role("status").filter(has_text="verandert de top 3 bij").wait_for()
    await preview.get_by_role("rowheader", name=re.compile(re.escape(reference))).first.wait_for()
    assert "Nog niets opgeslagen" in await preview.get_by_role("status").inner_text()
    assert await page.locator("main p").filter(has_text="Geldend").inner_text() == version
    assert await page.get_by_label("Eigen wijk", exact=True).input_value() == "9.5"
    await assert_accessible(page, "beheer: matchingbeleid (voorbeeld)")
    await page.get_by_label(re.compile("^Waarom deze wijziging")).fill(
        "Eigen wijk telt zwaarder (browsertest)")
    await page.get_by_role("button", name="Nieuwe versie opslaan").click()
    await page.get_by_role("status").filter(has_text="Opgeslagen als versie").wait_for()
    assert await page.locator("main p").filter(has_text="Geldend").inner_text() != version
    assert await page.get_by_label("Eigen wijk", exact=True).input_value() == "9.5"

    # The officer's search, found by the dossier number.
    await page.goto("/beheer/logboek")
    await page.get_by_label("Dossiernummer").fill(reference.lower())
    await page.get_by_role("button", name="Filteren").click()
    search = page.get_by_role("row").filter(has_text="Gezocht (rangschikking gemaakt)").filter(
        has_text=demo_email("plaatser"))
    await search.first.wait_for()
    assert reference in await search.first.inner_text()
    assert "matching.search" not in await page.locator("table.data").inner_text()
    await assert_accessible(page, "beheer: logboek (dossier)")
    await page.get_by_label("Handeling").select_option("matching.policy.create")
    await page.get_by_label("Dossiernummer").fill("")
    await page.get_by_role("button", name="Filteren").click()
    await page.get_by_role("row").filter(has_text="Matchingbeleid gewijzigd").filter(
        has_text=demo_email("beheerder")).first.wait_for()
