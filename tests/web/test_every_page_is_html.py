"""Every page route answers HTML (text/html; charset=utf-8), for every caller, including refusals,
unknown addresses, malformed ids and failed forms: a browser must never be handed JSON."""

from __future__ import annotations

from tests.factories import Actors
from tests.web.pages import csrf_of, fill, is_html, page_routes, sign_in

ROLES = ("plaatser", "commissie", "werver", "beheerder")


def assert_html(response, what: str) -> None:  # type: ignore[no-untyped-def]
    if 300 <= response.status_code < 400:
        return  # a redirect carries no page
    assert is_html(response), f"{what}: {response.status_code} {response.headers.get('content-type')}"
    assert "<!doctype html>" in response.text.lower()[:40], what
    assert "{\"" not in response.text[:5], what


async def test_the_route_table_has_pages(app) -> None:
    routes = page_routes(app)
    assert ("GET", "/login") in routes and ("GET", "/") in routes
    assert ("GET", "/plaatsingen") in routes and ("POST", "/auth/login") in routes


async def test_every_page_route_answers_html_anonymous_and_for_each_role(
        app, client, actors: Actors, conn) -> None:
    routes = page_routes(app)
    for method, path in routes:  # anonymous: pages or the Dutch error page
        response = await client.request(method, fill(path))
        assert_html(response, f"anonymous {method} {path}")
    for role in ROLES:
        csrf = await sign_in(client, conn, actors.org_a, role, email=f"html-{role}@alfa.test")
        for method, path in routes:
            if path == "/auth/logout":
                continue
            response = await client.request(method, fill(path))
            assert_html(response, f"{role} {method} {path}")
            if method == "POST":  # with the token and an empty form: refused input, still HTML
                response = await client.post(fill(path), data={"csrf_token": csrf})
                assert_html(response, f"{role} POST {path} (empty form)")
        client.cookies.clear()


async def test_login_home_failed_login_and_unknown_pages_are_html(client, actors, conn) -> None:
    login = await client.get("/login")
    assert login.status_code == 200 and is_html(login)
    assert '<form method="post" action="/auth/login"' in login.text
    failed = await client.post("/auth/login", data={"email": "niemand@alfa.test",
                                                    "password": "fout", "csrf_token": csrf_of(login.text)})
    assert failed.status_code == 401 and is_html(failed)
    assert "Onbekend e-mailadres of verkeerd wachtwoord" in failed.text
    assert (await client.get("/", follow_redirects=False)).status_code in (302, 303, 307)
    for address in ("/bestaat-niet", "/plaatsingen/geen-uuid", "/rangschikkingen/123"):
        missing = await client.get(address)
        assert missing.status_code == 404 and is_html(missing), address
        assert "Niet gevonden" in missing.text
    api = await client.get("/api/v1/bestaat-niet")
    assert api.status_code == 404 and api.headers["content-type"] == "application/problem+json"

    await sign_in(client, conn, actors.org_a, "plaatser", email="thuis@alfa.test")
    home = await client.get("/")
    assert home.status_code == 200 and is_html(home)
    assert "Uitloggen" in home.text and "thuis@alfa.test" in home.text
    refused = await client.get("/werving/aanmeldingen")
    assert refused.status_code == 403 and is_html(refused)
    assert "Geen toegang" in refused.text and "your role" not in refused.text
