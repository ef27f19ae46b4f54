"""Signing in through the real login form in Chromium, for every role, and the pages each role
starts from being accessible (axe-core: no serious or critical violations)."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_accessible, sign_in


async def test_login_page_is_a_form_and_a_wrong_password_is_said_in_dutch(page) -> None:
    await page.goto("/login")
    assert "Inloggen" in await page.title()
    await assert_accessible(page, "inloggen")
    await page.get_by_label("E-mailadres").fill("niemand@example.test")
    await page.get_by_label("Wachtwoord").fill("fout-wachtwoord")
    await page.get_by_role("button", name="Inloggen").click()
    await page.get_by_role("alert").wait_for()
    assert "verkeerd wachtwoord" in await page.get_by_role("alert").inner_text()
    await assert_accessible(page, "inloggen (mislukt)")


@pytest.mark.parametrize("role", ["plaatser", "commissie", "werver", "beheerder"])
async def test_each_role_signs_in_and_out(page, role: str) -> None:
    await sign_in(page, role)
    assert "Welkom" in await page.locator("h1").inner_text()
    await assert_accessible(page, f"start ({role})")
    await page.get_by_role("button", name="Uitloggen").click()
    await page.wait_for_url("**/login")
