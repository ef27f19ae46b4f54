"""Login pages (CSRF-protected forms, no inline scripts) and the security headers."""

from __future__ import annotations

import re

from tests.factories import Actors
from tests.security.helpers import PASSWORD, make_login_user


def _csrf_field(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


async def test_form_login_home_and_logout(client, actors: Actors, conn) -> None:
    await make_login_user(conn, actors.org_a, "plaatser", "beheerder", email="web@alfa.test")
    page = await client.get("/login")
    assert page.status_code == 200
    assert "<script" not in page.text
    token = _csrf_field(page.text)
    home = await client.post("/auth/login", data={"email": "web@alfa.test", "password": PASSWORD,
                                                  "csrf_token": token})
    assert home.status_code == 200 and str(home.url).endswith("/")
    assert "Plaatser" in home.text and "Beheer" in home.text and "Werving" not in home.text
    logout_token = _csrf_field(home.text)
    forged = await client.post("/auth/logout", data={"csrf_token": "forged"})
    assert forged.status_code == 403
    assert (await client.get("/api/v1/auth/me")).status_code == 200  # still signed in
    out = await client.post("/auth/logout", data={"csrf_token": logout_token})
    assert out.status_code == 200 and str(out.url).endswith("/login")
    assert (await client.get("/api/v1/auth/me")).status_code == 401


async def test_login_form_without_its_csrf_cookie_is_refused(client, actors: Actors,
                                                             conn) -> None:
    await make_login_user(conn, actors.org_a, "plaatser", email="forged@alfa.test")
    response = await client.post("/auth/login", data={
        "email": "forged@alfa.test", "password": PASSWORD, "csrf_token": "made-up"})
    assert response.status_code == 403
    assert await conn.fetchval("SELECT count(*) FROM sessions") == 0


async def test_wrong_password_on_the_form_says_so_without_saying_more(client, actors: Actors,
                                                                     conn) -> None:
    await make_login_user(conn, actors.org_a, "plaatser", email="typo@alfa.test")
    token = _csrf_field((await client.get("/login")).text)
    known = await client.post("/auth/login", data={
        "email": "typo@alfa.test", "password": "Niet-Het-Goede-1", "csrf_token": token})
    token = _csrf_field(known.text)
    unknown = await client.post("/auth/login", data={
        "email": "niemand@alfa.test", "password": "Niet-Het-Goede-1", "csrf_token": token})
    assert known.status_code == unknown.status_code == 401
    assert "verkeerd wachtwoord" in known.text
    strip = re.compile(r'value="[^"]*"')
    assert strip.sub("", known.text) == strip.sub("", unknown.text)


async def test_headers_on_api_pages_errors_and_static(client, actors: Actors) -> None:
    responses = {
        "api": await client.get("/api/v1/children", headers=actors.a["plaatser"].headers),
        "error": await client.get("/api/v1/children"),
        "page": await client.get("/login"),
        "static": await client.get("/static/placement.css"),
    }
    for name, response in responses.items():
        csp = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp, name
        assert "unsafe-inline" not in csp, name
        assert response.headers["x-content-type-options"] == "nosniff", name
        assert response.headers["referrer-policy"] == "no-referrer", name
        assert "strict-transport-security" not in response.headers, name  # plain http here
    for name in ("api", "error", "page"):
        assert responses[name].headers["cache-control"] == "no-store", name
    assert responses["static"].status_code == 200
    assert "no-store" not in responses["static"].headers.get("cache-control", "")


async def test_hsts_when_served_over_https(app) -> None:
    from litestar.testing import AsyncTestClient

    async with AsyncTestClient(app=app, base_url="https://placement.test") as tls:
        response = await tls.get("/health")
        assert response.headers["strict-transport-security"].startswith("max-age=")


async def test_api_documentation_is_served_from_this_server_without_inline_scripts(
        client) -> None:
    page = await client.get("/schema/swagger")
    assert page.status_code == 200
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/") for s in sources), sources  # nothing from a CDN
    assert "<script>" not in page.text  # every script is a file
    csp = page.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "http" not in csp
    for source in sources:
        asset = await client.get(source)
        assert asset.status_code == 200, source
        assert len(asset.content) > 100
