"""`make screenshots`: a PNG of each main page in docs/screenshots/, from a live demo server
(`placement serve --demo` on a free port with its own temporary data directory, or the server
named by PLACEMENT_BROWSER_SERVER) in headless Chromium."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from tests.browser.conftest import CHROMIUM, INSTALL_HINT, PASSWORD, _free_port, demo_email

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


async def shoot(base: str) -> list[Path]:
    from playwright.async_api import async_playwright

    written: list[Path] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                   args=["--no-sandbox"])

        async def session(role: str):  # type: ignore[no-untyped-def]
            context = await browser.new_context(base_url=base, locale="nl-NL",
                                                viewport={"width": 1280, "height": 900})
            page = await context.new_page()
            await page.goto("/login")
            if role:
                await page.get_by_label("E-mailadres").fill(demo_email(role))
                await page.get_by_label("Wachtwoord").fill(PASSWORD)
                await page.get_by_role("button", name="Inloggen").click()
                await page.wait_for_url("**/")
            return context, page

        async def snap(page, name: str, full: bool = True) -> None:  # type: ignore[no-untyped-def]
            path = OUT / f"{name}.png"
            await page.screenshot(path=str(path), full_page=full)
            written.append(path)

        context, page = await session("")
        await snap(page, "01-inloggen", full=False)
        await context.close()

        context, page = await session("plaatser")
        await snap(page, "02-start-plaatser", full=False)
        await page.goto("/plaatsingen")
        await snap(page, "03-plaatsingsverzoeken", full=False)
        single = page.locator("tbody tr").filter(has_not_text="broers en zussen").first
        await single.get_by_role("link", name="Openen").click()
        request_url = page.url.split("?")[0].split("#")[0]
        await snap(page, "04-plaatsingsverzoek")
        await page.get_by_label("Aantal kandidaten").fill("8")
        await page.get_by_role("button", name="Zoek passende plekken").click()
        await page.locator("svg.map").wait_for()
        await snap(page, "05-rangschikking-met-kaart", full=False)
        await page.locator("figure.map").screenshot(path=str(OUT / "06-kaart.png"))
        written.append(OUT / "06-kaart.png")
        boxes = page.get_by_role("checkbox", name="vergelijken")
        await boxes.nth(0).check()
        await boxes.nth(1).check()
        await boxes.nth(2).check()
        await page.get_by_role("button", name="Vergelijk de gekozen kandidaten").click()
        await snap(page, "07-kandidaten-vergelijken")
        await page.goto("/jeugdigen/nieuw")
        await snap(page, "08-jeugdige-aanmelden")
        await page.goto("/bestaat-niet")
        await snap(page, "09-foutpagina", full=False)
        await page.goto(request_url + "/besluiten")
        await snap(page, "15-besluit-kiezen")
        await page.goto("/kpi")
        await snap(page, "16-kpi-dashboard")
        await page.goto("/jeugdigen")
        # A child's own page: the list's first row, not the registration link above the table.
        await page.locator("tbody a[href^='/jeugdigen/']").first.click()
        await snap(page, "17-jeugdige")
        await page.goto("/wachtlijst")
        await snap(page, "18-wachtlijst")
        await context.close()

        context, page = await session("commissie")
        await snap(page, "19-start-commissie", full=False)
        await page.get_by_role("link", name="Voorgelegde casussen").first.click()
        await snap(page, "20-commissie-casussen")
        cases = page.locator("a[href^='/commissie/casussen/']")
        if await cases.count():
            await cases.first.click()
            await snap(page, "23-commissie-dossier")
        await context.close()

        context, page = await session("werver")
        await page.goto("/werving/aanmeldingen")
        await page.locator("tbody tr a").first.click()
        await snap(page, "10-aanmelding")
        await page.goto("/werving/campagnes/nieuw")
        await snap(page, "11-nieuwe-campagne")
        await page.goto("/werving")
        await snap(page, "22-werving-overzicht")
        await context.close()

        context, page = await session("beheerder")
        for address, name in (("/beheer/accounts", "12-accounts"),
                              ("/beheer/beleid", "13-matchingbeleid"),
                              ("/beheer/logboek", "14-logboek")):
            await page.goto(address)
            await snap(page, name)
        await page.goto("/beheer/beleid")
        # A heavier weight on the own wijk, so the preview has top 3s that change.
        await page.locator("input[name='w_own_wijk'], input[name='w_wijk']").first.fill("8")
        await page.get_by_role("button", name="Voorbeeld bekijken").click()
        await page.wait_for_load_state()
        await snap(page, "21-beleid-voorbeeld")
        await context.close()
        await browser.close()
    return written


def main() -> None:
    if not CHROMIUM.exists():
        sys.exit(INSTALL_HINT)
    OUT.mkdir(parents=True, exist_ok=True)
    base = os.environ.get("PLACEMENT_BROWSER_SERVER")
    process = None
    with tempfile.TemporaryDirectory(prefix="placement-screens-") as data:
        if not base:
            port = _free_port()
            env = {**os.environ, "PLACEMENT_DATA_DIR": data, "PLACEMENT_DEMO_PASSWORD": PASSWORD}
            env.pop("DATABASE_URL", None)
            env.pop("PLACEMENT_DATABASE_URL", None)
            process = subprocess.Popen([sys.executable, "-m", "placement.cli", "serve", "--port",
                                        str(port), "--demo"], env=env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 300
            while True:
                try:
                    if httpx.get(base + "/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    sys.exit("the demo server did not start")
                time.sleep(0.5)
        try:
            for path in asyncio.run(shoot(base)):
                print(f"wrote {path.relative_to(OUT.parents[1])}")
        finally:
            if process is not None:
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    main()
