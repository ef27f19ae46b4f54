"""Browser tests: a live server (`placement serve` in a subprocess, on a free port, with the Utrecht
demo data in its own database) driven by Playwright for Python in Debian's Chromium.

Playwright's async API runs on the test session's event loop (pytest-asyncio, session scope),
so it never clashes with the other async fixtures. Playwright's own browser download cannot work
here: the system binary is used (PLACEMENT_CHROMIUM, default /usr/bin/chromium). axe-core, the
accessibility checker, comes with the axe-playwright-python package (its axe.min.js) and is
evaluated in the page through the DevTools protocol, so the page's strict CSP stays as it is.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from placement.db.databases import create_database, database_name, drop_database

CHROMIUM = Path(os.environ.get("PLACEMENT_CHROMIUM", "/usr/bin/chromium"))
PASSWORD = "Browser-Test-Wachtwoord-7"
INSTALL_HINT = ("Chromium is missing: run `apt-get install -y chromium` as root "
                "(or `make browser-deps`), or set PLACEMENT_CHROMIUM to a Chromium binary.")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
async def browser_dsn(server_dsn: str, template_dsn: str) -> AsyncIterator[str]:
    dsn = await create_database(server_dsn, "placement_browser",
                                template=database_name(template_dsn))
    yield dsn
    await drop_database(server_dsn, dsn)


@pytest.fixture(scope="session")
def live_server(browser_dsn: str) -> Iterator[str]:
    """The app as a user meets it: `placement serve --demo`, answering on a free local port.
    PLACEMENT_BROWSER_SERVER=http://host:port uses a server already running with the demo data
    and PLACEMENT_DEMO_PASSWORD set to PASSWORD (quicker when working on the pages)."""
    running = os.environ.get("PLACEMENT_BROWSER_SERVER")
    if running:
        yield running.rstrip("/")
        return
    port = _free_port()
    env = {**os.environ, "PLACEMENT_DATABASE_URL": browser_dsn, "PLACEMENT_DEMO_PASSWORD": PASSWORD,
           "PLACEMENT_POOL_MIN_SIZE": "1", "PLACEMENT_POOL_MAX_SIZE": "4"}
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"placement-browser-{port}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "placement.cli", "serve", "--port", str(port), "--demo"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped; see {log.name}")
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start in time; see {log.name}")
            time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
async def browser():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        pytest.fail(INSTALL_HINT)
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield chromium
        await chromium.close()


@pytest.fixture
async def page(browser, live_server: str):  # type: ignore[no-untyped-def]
    context = await browser.new_context(base_url=live_server, locale="nl-NL",
                                        viewport={"width": 1280, "height": 900})
    tab = await context.new_page()
    yield tab
    await context.close()


def demo_email(role: str, organisation: str = "pleegzorg-utrecht-demo") -> str:
    """A demo account of `make run` (placement.auth.demo_accounts)."""
    return f"{role}@{organisation}.demo.placement.test"


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    """The accessibility checker's counts per page (violating elements by impact)."""
    from tests.browser.helpers import AXE_COUNTS

    if not AXE_COUNTS:
        return
    terminalreporter.write_sep("-", "axe-core: violating elements per page (by impact)")
    for name, counts in AXE_COUNTS.items():
        shown = ", ".join(f"{impact} {n}" for impact, n in sorted(counts.items())) or "none"
        terminalreporter.write_line(f"{name}: {shown}")
