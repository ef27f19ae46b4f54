"""The placement officer's and the commission's pages: own caseload only, the search form behind
its CSRF token, the stored ranking explained, and the commission never seeing a child's name."""

from __future__ import annotations

import html
import re
from uuid import UUID

from tests.factories import Actors, make_school
from tests.factories_matching import make_carer, make_child, make_request, make_tie
from tests.security.helpers import PASSWORD, make_login_user


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, page
    return match.group(1)


async def sign_in(client, conn, organisation_id: UUID, role: str, email: str) -> str:  # type: ignore[no-untyped-def]
    """Sign in through the login form; returns the session's CSRF token from the home page."""
    await make_login_user(conn, organisation_id, role, email=email)
    token = csrf_of((await client.get("/login")).text)
    home = await client.post("/auth/login", data={"email": email, "password": PASSWORD,
                                                  "csrf_token": token})
    assert home.status_code == 200, home.text
    return csrf_of(home.text)


async def named_child(conn, organisation_id: UUID, reference: str, name: str, **kw) -> UUID:  # type: ignore[no-untyped-def]
    child_id = await make_child(conn, organisation_id, reference, **kw)
    await conn.execute("UPDATE children SET given_name = $2, home_address = 'Geheimlaan 7' "
                       "WHERE id = $1", child_id, name)
    return child_id


async def test_officer_sees_own_requests_and_not_another_organisations(
        client, actors: Actors, conn) -> None:
    ours = await named_child(conn, actors.org_a, "UTR-EIGEN-1", "Sanne")
    theirs = await named_child(conn, actors.org_b, "UTR-ANDER-1", "Bram")
    own_request = await make_request(conn, actors.org_a, ours)
    other_request = await make_request(conn, actors.org_b, theirs)
    await sign_in(client, conn, actors.org_a, "plaatser", "officier@alfa.test")

    listing = await client.get("/plaatsingen")
    assert listing.status_code == 200
    assert "UTR-EIGEN-1" in listing.text and "10 jaar" in listing.text
    assert "UTR-ANDER-1" not in listing.text
    assert "Sanne" not in listing.text  # names only on the detail page
    assert f"/plaatsingen/{own_request}" in listing.text

    detail = await client.get(f"/plaatsingen/{own_request}")
    assert detail.status_code == 200
    assert "Sanne" in detail.text and "UTR-EIGEN-1" in detail.text
    elsewhere = await client.get(f"/plaatsingen/{other_request}")
    assert elsewhere.status_code == 404 and "Niet gevonden" in elsewhere.text
    assert "UTR-ANDER-1" not in elsewhere.text and "Bram" not in elsewhere.text

    placed = await client.get("/plaatsingen", params={"status": "placed"})
    assert placed.status_code == 200 and "UTR-EIGEN-1" not in placed.text
    bad = await client.get("/plaatsingen", params={"status": "weg", "urgency": "heel"})
    assert bad.status_code == 400 and bad.headers["content-type"].startswith("text/html")
    assert "<strong>Status</strong>" in bad.text and "<strong>Urgentie</strong>" in bad.text


async def test_search_form_needs_csrf_and_the_ranking_page_explains_the_top_candidate(
        client, actors: Actors, conn) -> None:
    school = await make_school(conn)
    await make_carer(conn, actors.org_a, "Familie Dichtbij", east=0.3)
    await make_carer(conn, actors.org_a, "Familie Verweg", east=9.0, wijk="vleuten_de_meern")
    child = await named_child(conn, actors.org_a, "UTR-ZOEK-1", "Noor", school_id=school)
    request_id = await make_request(conn, actors.org_a, child)
    csrf = await sign_in(client, conn, actors.org_a, "plaatser", "zoeker@alfa.test")
    url = f"/plaatsingen/{request_id}/zoeken"

    refused = await client.post(url, data={"limit": "5"})
    assert refused.status_code == 403
    assert await conn.fetchval("SELECT count(*) FROM ranking_snapshots") == 0

    shown = await client.post(url, data={"limit": "5", "csrf_token": csrf})
    assert shown.status_code == 200, shown.text
    match = re.search(r"/rangschikkingen/([0-9a-f-]{36})$", str(shown.url))
    assert match, shown.url
    stored = (await client.get(f"/api/v1/rankings/{match.group(1)}",
                               headers=actors.a["plaatser"].headers)).json()
    top = stored["ranking"]["options"][0]
    assert top["carer_name"] == "Familie Dichtbij"
    page = html.unescape(shown.text)
    listed = page[page.index("<h2>Kandidaten</h2>"):]
    assert listed.index("1. Familie Dichtbij") < listed.index("2. Familie Verweg")
    assert "<svg" in page and 'class="rank-label">1</text>' in page  # both on the map
    assert top["factors"][0]["explanation"] in page
    assert f"versie {stored['policy_version']}" in page
    assert "<svg" in shown.text and "<script" not in shown.text

    detail = await client.get(f"/plaatsingen/{request_id}")
    assert f"/rangschikkingen/{match.group(1)}" in detail.text  # listed as an earlier ranking


async def test_ranking_marks_options_with_support_stale_availability_and_exclusions(
        client, actors: Actors, conn) -> None:
    helped = await make_carer(conn, actors.org_a, "Familie Met Hulp", confirmed_days_ago=200)
    await conn.execute("""INSERT INTO carer_competences (carer_id, need_code, level, support_note)
                          VALUES ($1, 'trauma', 'with_support', 'ambulant team')""", helped)
    await make_carer(conn, actors.org_a, "Familie Zonder")  # no trauma care at all: excluded
    child = await make_child(conn, actors.org_a, "UTR-STEUN-1", needs=(("trauma", "must"),))
    request_id = await make_request(conn, actors.org_a, child)
    csrf = await sign_in(client, conn, actors.org_a, "plaatser", "steun@alfa.test")
    page = await client.post(f"/plaatsingen/{request_id}/zoeken", data={
        "limit": "5", "include_exclusions": "1", "csrf_token": csrf})
    assert page.status_code == 200, page.text
    text = html.unescape(page.text)
    label = await conn.fetchval("SELECT label_nl FROM need_codes WHERE code = 'trauma'")
    assert "1. Familie Met Hulp" in text and "met extra ondersteuning" in text
    assert f"ambulante ondersteuning voor {label} (ambulant team)" in text
    assert "beschikbaarheid verouderd" in text
    assert re.search(rf"<td>UTR-STEUN-1</td><td>\d+ jaar</td><td>Binnenstad</td><td>{re.escape(label)}</td>",
                     text)  # what the ranking was based on
    excluded = text.split("de reden van uitsluiting</h3>")[1]
    assert "Familie Zonder" in excluded and "2. Familie Zonder" not in text


async def test_bad_search_form_lists_every_problem_and_stores_nothing(
        client, actors: Actors, conn) -> None:
    child = await make_child(conn, actors.org_a, "UTR-FOUT-1")
    request_id = await make_request(conn, actors.org_a, child)
    csrf = await sign_in(client, conn, actors.org_a, "plaatser", "typo@alfa.test")
    response = await client.post(f"/plaatsingen/{request_id}/zoeken", data={
        "limit": "duizend", "placement_type": "kamp", "max_travel_minutes": "-5",
        "csrf_token": csrf})
    assert response.status_code == 400
    for label in ("Aantal kandidaten", "Pleegzorgvorm", "Maximale reistijd"):
        assert f"<strong>{label}</strong>" in response.text
    assert await conn.fetchval("SELECT count(*) FROM ranking_snapshots") == 0


async def test_sibling_group_ranking_shows_plans_with_their_parts(
        client, actors: Actors, conn) -> None:
    await make_carer(conn, actors.org_a, "Familie Ruim", places=2)
    older = await make_child(conn, actors.org_a, "UTR-BROER-1", age=12)
    younger = await make_child(conn, actors.org_a, "UTR-ZUS-1", age=8)
    await make_tie(conn, older, younger)
    request_id = await make_request(conn, actors.org_a, older, younger)
    csrf = await sign_in(client, conn, actors.org_a, "plaatser", "groep@alfa.test")
    page = await client.post(f"/plaatsingen/{request_id}/zoeken",
                             data={"limit": "3", "csrf_token": csrf})
    assert page.status_code == 200, page.text
    text = html.unescape(page.text)
    assert "Plan 1" in text and "allemaal samen" in text
    assert re.search(r"UTR-(BROER|ZUS)-1 – UTR-(BROER|ZUS)-1: volle broer/zus, samen", text)
    assert re.search(r"UTR-BROER-1, UTR-ZUS-1</strong> bij Familie Ruim", text) or \
        re.search(r"UTR-ZUS-1, UTR-BROER-1</strong> bij Familie Ruim", text)


async def test_split_plan_says_a_reason_is_needed_and_how_far_apart(
        client, actors: Actors, conn) -> None:
    await make_carer(conn, actors.org_a, "Familie Links", east=0.2)
    await make_carer(conn, actors.org_a, "Familie Rechts", east=3.0)
    older = await make_child(conn, actors.org_a, "UTR-SPLIT-1", age=12)
    younger = await make_child(conn, actors.org_a, "UTR-SPLIT-2", age=8)
    await make_tie(conn, older, younger)
    request_id = await make_request(conn, actors.org_a, older, younger)
    csrf = await sign_in(client, conn, actors.org_a, "plaatser", "splits@alfa.test")
    page = await client.post(f"/plaatsingen/{request_id}/zoeken",
                             data={"limit": "3", "csrf_token": csrf})
    assert page.status_code == 200, page.text
    text = html.unescape(page.text)
    assert "Samen plaatsen is binnen het beleid nu niet mogelijk" in text
    assert "splitsen: reden verplicht" in text
    assert "Verbroken banden: UTR-SPLIT-" in text and "samen" in text
    assert re.search(r"deel 1 en deel 2: \d+,\d km", text)
    assert "UTR-SPLIT-1 bij Familie" in text and "UTR-SPLIT-2 bij Familie" in text


async def test_werver_is_refused_every_officer_and_commission_page(
        client, actors: Actors, conn) -> None:
    await make_carer(conn, actors.org_a, "Familie Een")
    child = await make_child(conn, actors.org_a, "UTR-WERF-1")
    request_id = await make_request(conn, actors.org_a, child, referred=True)
    search = await client.post(f"/api/v1/requests/{request_id}/search", json={},
                               headers=actors.a["plaatser"].headers)
    snapshot = search.json()["snapshot_id"]
    werver = actors.a["werver"].headers
    for url in ("/plaatsingen", f"/plaatsingen/{request_id}", f"/rangschikkingen/{snapshot}",
                "/commissie"):
        assert (await client.get(url, headers=werver)).status_code == 403, url
    refused = await client.post(f"/plaatsingen/{request_id}/zoeken", data={}, headers=werver)
    assert refused.status_code == 403
    anonymous = await client.get("/plaatsingen")
    assert anonymous.status_code == 401 and 'href="/login"' in anonymous.text
    await sign_in(client, conn, actors.org_a, "werver", "campagne@alfa.test")
    signed_in = await client.get("/plaatsingen")
    assert signed_in.status_code == 403 and "Geen toegang" in signed_in.text


async def test_commission_sees_referred_cases_without_names(client, actors: Actors,
                                                             conn) -> None:
    await make_carer(conn, actors.org_a, "Familie Steun")
    referred = await named_child(conn, actors.org_a, "UTR-CPA-1", "Fenneke",
                                 needs=(("trauma", "should"),))
    ordinary = await named_child(conn, actors.org_a, "UTR-GEWOON-1", "Joris")
    request_id = await make_request(conn, actors.org_a, referred, referred=True)
    await make_request(conn, actors.org_a, ordinary)
    search = await client.post(f"/api/v1/requests/{request_id}/search", json={},
                               headers=actors.a["plaatser"].headers)
    snapshot = search.json()["snapshot_id"]
    await sign_in(client, conn, actors.org_b, "commissie", "voorzitter@beta.test")

    page = await client.get("/commissie")
    assert page.status_code == 200
    assert "UTR-CPA-1" in page.text and "10 jaar" in page.text
    assert "Fenneke" not in page.text and "Geheimlaan" not in page.text
    assert "UTR-GEWOON-1" not in page.text
    assert f"/rangschikkingen/{snapshot}" in page.text

    ranking = await client.get(f"/rangschikkingen/{snapshot}")
    assert ranking.status_code == 200
    assert "Familie Steun" in ranking.text and "Fenneke" not in ranking.text
    assert (await client.get(f"/plaatsingen/{request_id}")).status_code == 403


async def test_request_list_reads_the_shown_children_at_once_and_logs_them(
        client, actors: Actors, conn) -> None:
    first = await named_child(conn, actors.org_a, "UTR-LIJST-1", "Ilse")
    second = await named_child(conn, actors.org_a, "UTR-LIJST-2", "Joris")
    await make_request(conn, actors.org_a, first)
    await make_request(conn, actors.org_a, second)
    await sign_in(client, conn, actors.org_a, "plaatser", "lijst@alfa.test")
    before = await conn.fetchval("SELECT max(id) FROM audit_log")

    listing = await client.get("/plaatsingen")

    assert listing.status_code == 200
    assert "UTR-LIJST-1" in listing.text and "UTR-LIJST-2" in listing.text
    reads = await conn.fetch(
        "SELECT child_ids FROM audit_log WHERE id > $1 AND action = 'child.read'", before)
    assert len(reads) == 1
    assert set(reads[0]["child_ids"]) == {first, second}


async def test_child_page_tie_forms_name_every_missing_field_and_keep_the_page(
        client, actors: Actors, conn) -> None:
    """A sibling or network tie sent without its required choices is refused on the child's page
    itself, with each missing field named in Dutch, and nothing is recorded."""
    lotte = await named_child(conn, actors.org_a, "UTR-BAND-1", "Lotte")
    csrf = await sign_in(client, conn, actors.org_a, "plaatser", "officier@alfa.test")

    sibling = await client.post(f"/jeugdigen/{lotte}/broers-zussen",
                                data={"csrf_token": csrf, "child_b_reference": "", "kind": ""})
    assert sibling.status_code == 400
    assert "text/html" in sibling.headers["content-type"]
    assert "Lotte" in sibling.text and sibling.text.count("verplicht") >= 2
    # A dossier number outside the officer's organisation is refused as unknown, not guessed.
    await named_child(conn, actors.org_b, "UTR-BAND-ANDER", "Bram")
    foreign = await client.post(f"/jeugdigen/{lotte}/broers-zussen",
                                data={"csrf_token": csrf, "child_b_reference": "utr-band-ander",
                                      "kind": "full"})
    assert foreign.status_code == 400
    assert "geen jeugdige met dit dossiernummer in uw organisatie" in foreign.text
    await named_child(conn, actors.org_a, "UTR-BAND-2", "Daan")
    added = await client.post(f"/jeugdigen/{lotte}/broers-zussen",
                              data={"csrf_token": csrf, "child_b_reference": "utr-band-2",
                                    "kind": "full", "intent": "together"})
    assert added.status_code == 200 and "Daan (UTR-BAND-2)" in added.text  # back on the page
    await conn.execute("DELETE FROM sibling_ties")

    network = await client.post(f"/jeugdigen/{lotte}/netwerk",
                                data={"csrf_token": csrf, "carer_id": "", "relation": ""})
    assert network.status_code == 400 and network.text.count("verplicht") >= 2
    assert await conn.fetchval("SELECT count(*) FROM sibling_ties") == 0
    assert await conn.fetchval("SELECT count(*) FROM network_ties") == 0


async def test_request_timeline_dates_are_dutch_days(client, actors: Actors, conn) -> None:
    """A request reported at half past midnight in Utrecht (still the day before in UTC) is
    dated that Dutch day on the request page's timeline."""
    child = await make_child(conn, actors.org_a, "UTR-TIJD-1")
    request_id = await make_request(conn, actors.org_a, child)
    await conn.execute("UPDATE placement_requests SET created_at = '2026-05-01 22:30+00' "
                       "WHERE id = $1", request_id)  # 00:30 on 2 May, CEST
    await sign_in(client, conn, actors.org_a, "plaatser", email="plaatser.tijd@alfa.test")
    page = await client.get(f"/plaatsingen/{request_id}")
    assert page.status_code == 200
    timeline = page.text.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    assert "<time>02-05-2026</time> Plaatsingsverzoek gemeld" in timeline, timeline
