"""What the browser tests share: signing in through the login form and the accessibility check.

The check runs axe-core (axe.min.js shipped by the axe-playwright-python package) in the page
and returns the violations of impact serious or critical."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from tests.browser.conftest import PASSWORD, demo_email

# Pages checked, with their violations counted: filled by the tests, printed at the end.
AXE_COUNTS: dict[str, dict[str, int]] = {}


@cache
def axe_source() -> str:
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


async def sign_in(page: Any, role: str, email: str | None = None) -> None:
    await page.goto("/login")
    await page.get_by_label("E-mailadres").fill(email or demo_email(role))
    await page.get_by_label("Wachtwoord").fill(PASSWORD)
    await page.get_by_role("button", name="Inloggen").click()
    await page.wait_for_url("**/")
    assert await page.get_by_role("button", name="Uitloggen").is_visible()


async def serious_violations(page: Any, name: str) -> list[dict[str, Any]]:
    """axe-core on the page as it is now; records the counts per impact under `name`."""
    # evaluate() goes through the DevTools protocol, not a <script>, so the CSP is untouched.
    await page.evaluate(axe_source())
    result = await page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    counts: dict[str, int] = {}
    for violation in result["violations"]:
        impact = violation.get("impact") or "minor"
        counts[impact] = counts.get(impact, 0) + len(violation["nodes"])
    AXE_COUNTS[name] = counts
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v.get("impact") in ("serious", "critical")]


async def assert_accessible(page: Any, name: str) -> None:
    found = await serious_violations(page, name)
    assert not found, f"{name}: " + json.dumps(found, ensure_ascii=False, indent=1)
