"""Page-render benchmark: every main page of every role on the Utrecht demo, as a browser asks
for it (signed in through the login form, session cookie), timed over HTTP on loopback.

`python -m bench.pages` (also part of `make bench`): a throwaway PostgreSQL (bench/throwaway.py)
gets the demo that `make run` loads (scenario, two years of history, demo accounts and
recruitment leads); the app runs in its own uvicorn process (bench/http_load.py `serving`);
this process signs in once per role and asks each page BENCH_PAGES_N times (default 30) one
after the other, after two warm-up requests. It prints p50/p95/max per page and one JSON line.
The goal (issue 9) is every page under 200 ms at p95. Timings include the HTTP round trip
and template rendering; the ranking page shows a stored snapshot (the search itself is
measured by bench/matching.py)."""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass

import httpx
import numpy as np

from bench.http_load import serving
from bench.throwaway import run_on_throwaway_database

N = int(os.environ.get("BENCH_PAGES_N", "30"))
WARM_UP = 2
GOAL_P95_MS = 200.0
PASSWORD = "Bench-Pagina-Wachtwoord-9"
ORGANISATION = "pleegzorg-utrecht-demo"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@dataclass
class PageTiming:
    role: str
    name: str
    path: str
    samples_ms: list[float]

    def pct(self, q: float) -> float:
        return float(np.percentile(self.samples_ms, q))


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


def _first(pattern: str, html: str) -> str | None:
    match = re.search(pattern, html)
    return match.group(1) if match else None


def sign_in(base: str, role: str) -> tuple[httpx.Client, str]:
    """A client with a browser session for the demo account of `role`, and its CSRF token."""
    client = httpx.Client(base_url=base, trust_env=False, timeout=60, follow_redirects=True)
    login = client.get("/login")
    home = client.post("/auth/login", data={
        "email": f"{role}@{ORGANISATION}.demo.placement.test", "password": PASSWORD,
        "csrf_token": _csrf(login.text)})
    if home.status_code != 200 or "Uitloggen" not in home.text:
        raise RuntimeError(f"signing in as {role} failed: {home.status_code}")
    return client, _csrf(home.text)


def pages_of(role: str, client: httpx.Client, csrf: str,
             seen: dict[str, str]) -> list[tuple[str, str]]:
    """(name, path) of the role's main pages, with real records of the demo in them. `seen`
    carries what one role found to the next (the dossier number the beheerder looks up)."""
    pages = [("startpagina", "/")]
    if role == "plaatser":
        listing = client.get("/plaatsingen").text
        pages.append(("verzoeken", "/plaatsingen"))
        # One child's request (a sibling group's ranking is of plans, compared differently).
        rows = [r for r in listing.split("<tr>") if "broers en zussen" not in r]
        request_id = _first(rf'href="/plaatsingen/({UUID})"', "".join(rows))
        reference = _first(r"<li>([^<,]+), \d+ jaar</li>", "".join(rows))
        if reference:
            seen["case_reference"] = reference.strip()
        if request_id:
            pages += [("verzoek", f"/plaatsingen/{request_id}"),
                      ("besluiten", f"/plaatsingen/{request_id}/besluiten")]
            searched = client.post(f"/plaatsingen/{request_id}/zoeken",
                                   data={"limit": "10", "csrf_token": csrf})
            snapshot = _first(rf"/rangschikkingen/({UUID})", str(searched.url))
            if snapshot:
                pages.append(("rangschikking", f"/rangschikkingen/{snapshot}"))
                ranks = re.findall(r'name="rang" value="(\d+)"', searched.text)[:2]
                if len(ranks) == 2:
                    pages.append(("vergelijken", f"/rangschikkingen/{snapshot}/vergelijken?"
                                                 f"rang={ranks[0]}&rang={ranks[1]}"))
        children = client.get("/jeugdigen").text
        pages.append(("jeugdigen", "/jeugdigen"))
        child = _first(rf'href="/jeugdigen/({UUID})"', children)
        if child:
            pages.append(("jeugdige", f"/jeugdigen/{child}"))
        pages += [("nieuwe jeugdige", "/jeugdigen/nieuw"), ("kpi", "/kpi"),
                  ("wachtlijst", "/wachtlijst")]
    elif role == "commissie":
        cases = client.get("/commissie").text
        pages.append(("commissie: zaken", "/commissie"))
        case = _first(rf'href="/commissie/casussen/({UUID})"', cases)
        if case:
            pages.append(("commissie: dossier", f"/commissie/casussen/{case}"))
    elif role == "werver":
        overview = client.get("/werving").text
        leads = client.get("/werving/aanmeldingen").text
        pages += [("werving", "/werving"), ("aanmeldingen", "/werving/aanmeldingen")]
        lead = _first(rf'href="/werving/aanmeldingen/({UUID})"', leads)
        if lead:
            pages.append(("aanmelding", f"/werving/aanmeldingen/{lead}"))
        campaign = _first(rf'href="/werving/campagnes/({UUID})"', overview)
        if campaign:
            pages.append(("campagne", f"/werving/campagnes/{campaign}"))
        pages += [("tekort", "/werving/tekort"), ("taken", "/werving/taken")]
    elif role == "beheerder":
        pages += [("accounts", "/beheer/accounts"), ("matchingbeleid", "/beheer/beleid"),
                  ("logboek", "/beheer/logboek"), ("organisatie", "/beheer/organisatie"),
                  ("logboek per dossier",
                   f"/beheer/logboek?dossier={seen.get('case_reference', 'onbekend')}"),
                  ("kpi (beheerder)", "/kpi")]
    return pages


def time_page(client: httpx.Client, path: str) -> list[float]:
    for _ in range(WARM_UP):
        client.get(path)
    samples = []
    for _ in range(N):
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: {response.status_code}")
    return samples


def referred_case(base: str) -> None:
    """The demo may hold no case for the commission yet: the officer refers one."""
    client, csrf = sign_in(base, "plaatser")
    try:
        listing = client.get("/plaatsingen").text
        request_id = _first(rf'href="/plaatsingen/({UUID})"', listing)
        if request_id:
            client.post(f"/plaatsingen/{request_id}/zoeken",
                        data={"limit": "5", "csrf_token": csrf})
            client.post(f"/plaatsingen/{request_id}/commissie", data={
                "csrf_token": csrf, "question": "Kan dit kind met steun in een gezin wonen?",
                "motivation": "Geen gezin biedt de zorg volledig (benchmark)."})
    finally:
        client.close()


async def bench(dsn: str) -> None:
    from placement.settings import Settings
    from placement.startup import prepare_demo

    started = time.perf_counter()
    await prepare_demo(Settings.from_env().replace(database_url=dsn, demo_password=PASSWORD,
                                                   load_demo_data=True))
    print(f"Utrecht demo loaded in {time.perf_counter() - started:.0f} s")
    results: list[PageTiming] = []
    with serving(dsn) as (base, _process):
        referred_case(base)
        seen: dict[str, str] = {}
        for role in ("plaatser", "commissie", "werver", "beheerder"):
            client, csrf = sign_in(base, role)
            try:
                for name, path in pages_of(role, client, csrf, seen):
                    results.append(PageTiming(role, name, path, time_page(client, path)))
            finally:
                client.close()
    report(results)


def report(results: list[PageTiming]) -> None:
    print(f"\nPage render times, {N} requests per page after {WARM_UP} warm-up "
          f"(goal: p95 < {GOAL_P95_MS:.0f} ms), {os.cpu_count()} cores")
    print(f"{'role':<10} {'page':<22} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for r in results:
        flag = "" if r.pct(95) < GOAL_P95_MS else "  > goal"
        print(f"{r.role:<10} {r.name:<22} {r.pct(50):8.1f} {r.pct(95):8.1f} "
              f"{max(r.samples_ms):8.1f}{flag}")
    worst = max(results, key=lambda r: r.pct(95))
    print(json.dumps({
        "bench": "pages", "requests_per_page": N, "goal_p95_ms": GOAL_P95_MS,
        "pages": {f"{r.role}: {r.name}": {"p50_ms": round(r.pct(50), 1),
                                          "p95_ms": round(r.pct(95), 1)} for r in results},
        "worst_page": f"{worst.role}: {worst.name}", "worst_p95_ms": round(worst.pct(95), 1),
        "all_under_goal": all(r.pct(95) < GOAL_P95_MS for r in results)}))


def main() -> None:
    run_on_throwaway_database(bench, prefix="placement-bench-pages-")


if __name__ == "__main__":
    main()
