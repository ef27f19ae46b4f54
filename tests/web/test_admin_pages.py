"""The administrator's pages: the policy preview before saving, the access log found by dossier
number, account, action and period, and the Dutch error page that still shows who is signed in."""

from __future__ import annotations

import datetime as dt
import html
import re

from placement.core.clock import local_today
from tests.factories import Actors, make_school
from tests.factories_matching import make_carer, make_child, make_request
from tests.web.pages import csrf_of, is_html, sign_in

WEIGHTS = ("school_travel", "club_travel", "parents_distance", "own_wijk", "siblings_together",
           "needs_fit", "network_tie", "age_order", "expressed_wishes", "availability_freshness")


def preview_rows(page: str) -> list[tuple[str, list[str], list[str], str]]:
    """(dossier, top 3 now, top 3 with the new weights, changed) per row of the preview table."""
    section = page.split('id="voorbeeld"', 1)[1]
    rows = []
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", section, re.S):
        cells = re.findall(r"<ol class=\"top3\">(.*?)</ol>", row, re.S)
        names = [[html.unescape(re.sub(r"<[^>]+>", "", item)).strip()
                  for item in re.findall(r"<li>(.*?)</li>", cell, re.S)] for cell in cells]
        dossier = html.unescape(re.sub(r"<[^>]+>", "", row.split("</th>", 1)[0])).strip()
        changed = re.sub(r"<[^>]+>", "", row.rsplit("<td>", 1)[1]).strip()
        rows.append((dossier, names[0], names[1], changed))
    return rows


async def _two_carers_and_a_search(client, conn, actors: Actors, reference: str) -> None:  # type: ignore[no-untyped-def]
    """Familie Dichtbij: near the child, in its wijk, availability confirmed long ago.
    Familie Verweg: 4 km off in another wijk, availability confirmed today. The default weights
    put Dichtbij first; weighing only the freshness of availability puts Verweg first."""
    school = await make_school(conn)
    await make_carer(conn, actors.org_a, "Familie Dichtbij", east=0.3, confirmed_days_ago=300)
    await make_carer(conn, actors.org_a, "Familie Verweg", east=4.0, wijk="zuid",
                     confirmed_days_ago=0)
    child = await make_child(conn, actors.org_a, reference, school_id=school)
    request_id = await make_request(conn, actors.org_a, child)
    csrf = await sign_in(client, conn, actors.org_a, "plaatser", email="zoeker@alfa.test")
    searched = await client.post(f"/plaatsingen/{request_id}/zoeken",
                                 data={"limit": "5", "csrf_token": csrf})
    assert "/rangschikkingen/" in str(searched.url), searched.text
    ranked = re.findall(r"<h3>\d+\. (Familie \w+) <span", searched.text)
    assert ranked == ["Familie Dichtbij", "Familie Verweg"], ranked
    client.cookies.clear()


async def test_policy_preview_shows_which_top_3_change_before_saving(
        client, actors: Actors, conn) -> None:
    await _two_carers_and_a_search(client, conn, actors, "UTR-BELEID-1")
    csrf = await sign_in(client, conn, actors.org_a, "beheerder", email="beheer@alfa.test")
    policy = await client.get("/beheer/beleid")
    assert "Voorbeeld bekijken" in policy.text and 'formaction="/beheer/beleid/voorbeeld' in policy.text
    version = re.search(r"Geldend: <strong>versie (\d+)</strong>", policy.text)
    assert version
    versions_before = await conn.fetchval("SELECT count(*) FROM matching_policies")

    typed = {f"w_{k}": "0" for k in WEIGHTS}
    typed.update({"w_availability_freshness": "7,5", "r_availability_freshness": "Verse gegevens",
                  "note": "", "csrf_token": csrf})
    preview = await client.post("/beheer/beleid/voorbeeld", data=typed)
    assert preview.status_code == 200 and is_html(preview)
    rows = preview_rows(preview.text)
    assert [r[0] for r in rows] == ["UTR-BELEID-1"]
    _, now, proposed, changed = rows[0]
    assert now[:2] == ["Familie Dichtbij", "Familie Verweg"]
    assert proposed[:2] == ["Familie Verweg", "Familie Dichtbij"]
    assert changed == "ja"
    assert "verandert de top 3 bij <strong>1 van de 1</strong>" in preview.text
    # The form comes back as typed, and nothing is saved yet.
    assert 'name="w_availability_freshness" min="0" max="100" step="0.1" value="7.5"' in preview.text
    assert 'name="w_school_travel" min="0" max="100" step="0.1" value="0"' in preview.text
    assert "Verse gegevens" in preview.text
    assert await conn.fetchval("SELECT count(*) FROM matching_policies") == versions_before
    assert await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'matching.policy.preview'") == 1

    typed["note"] = "Alleen actuele beschikbaarheid telt (test)"
    saved = await client.post("/beheer/beleid", data=typed)
    assert saved.status_code == 200 and "Opgeslagen als versie" in saved.text
    assert await conn.fetchval("SELECT count(*) FROM matching_policies") == versions_before + 1
    row = await conn.fetchrow(
        "SELECT weights, reasoning FROM matching_policies ORDER BY version DESC LIMIT 1")
    assert row["weights"]["availability_freshness"] == 7.5 and row["weights"]["own_wijk"] == 0
    assert row["reasoning"]["availability_freshness"] == "Verse gegevens"
    assert await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'matching.policy.create'") == 1

    # The same weights again change nothing: the preview says so.
    again = await client.post("/beheer/beleid/voorbeeld", data=typed)
    assert [r[3] for r in preview_rows(again.text)] == ["nee"]


async def test_policy_preview_names_bad_weights_and_keeps_the_form(
        client, actors: Actors, conn) -> None:
    csrf = await sign_in(client, conn, actors.org_a, "beheerder", email="beheer@alfa.test")
    typed = {f"w_{k}": "1" for k in WEIGHTS}
    typed.update({"w_own_wijk": "veel", "w_needs_fit": "250", "csrf_token": csrf})
    refused = await client.post("/beheer/beleid/voorbeeld", data=typed)
    assert refused.status_code == 400 and is_html(refused)
    assert "Gewicht: Eigen wijk</a>: een getal van 0 tot 100" in refused.text
    assert "Gewicht: Passende zorg</a>: een getal van 0 tot 100" in refused.text
    assert 'value="veel"' in refused.text and 'id="voorbeeld"' not in refused.text
    nothing = {**{f"w_{k}": "0" for k in WEIGHTS}, "csrf_token": csrf}
    empty = await client.post("/beheer/beleid/voorbeeld", data=nothing)
    assert empty.status_code == 400 and "minstens één gewicht moet boven 0 zijn" in empty.text
    # Without any search of the organisation the preview says there is nothing to compare.
    typed = {**{f"w_{k}": "1" for k in WEIGHTS}, "csrf_token": csrf}
    none_yet = await client.post("/beheer/beleid/voorbeeld", data=typed)
    assert none_yet.status_code == 200 and "Je organisatie heeft nog niet gezocht" in none_yet.text


async def test_access_log_finds_a_case_by_dossier_number(client, actors: Actors, conn) -> None:
    ours = await make_child(conn, actors.org_a, "UTR-LOG-1")
    other = await make_child(conn, actors.org_a, "UTR-LOG-2")
    theirs = await make_child(conn, actors.org_b, "UTR-LOG-B")
    await make_carer(conn, actors.org_a, "Familie Log", east=0.5)
    request_id = await make_request(conn, actors.org_a, ours)
    csrf = await sign_in(client, conn, actors.org_a, "plaatser", email="plaatser.log@alfa.test")
    await client.post(f"/plaatsingen/{request_id}/zoeken", data={"limit": "5", "csrf_token": csrf})
    assert (await client.get(f"/plaatsingen/{request_id}")).status_code == 200
    assert (await client.get(f"/jeugdigen/{other}")).status_code == 200
    client.cookies.clear()
    await make_request(conn, actors.org_b, theirs)

    await sign_in(client, conn, actors.org_a, "beheerder", email="beheer.log@alfa.test")
    found = await client.get("/beheer/logboek", params={"dossier": " utr-log-1 "})
    assert found.status_code == 200 and is_html(found)
    table = found.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    assert rows
    text = [html.unescape(re.sub(r"<[^>]+>", " ", r)) for r in rows]
    assert all("plaatser.log@alfa.test" in t for t in text), text
    assert any("Gezocht (rangschikking gemaakt)" in t and "UTR-LOG-1" in t for t in text)
    assert any("Plaatsingsverzoek ingezien" in t for t in text)  # names the request, found too
    # The other child's own file read is not about this case (a list naming both is).
    assert not any("UTR-LOG-2" in t and "UTR-LOG-1" not in t for t in text), text
    assert any("Jeugdige ingezien" in t and "UTR-LOG-1" in t for t in text)
    assert 'value="utr-log-1"' in found.text  # the filter is kept as typed (trimmed)

    # Account and action narrow it; a period before today empties it.
    plaatser = await conn.fetchval("SELECT id FROM users WHERE email = 'plaatser.log@alfa.test'")
    search_only = await client.get("/beheer/logboek", params={
        "dossier": "UTR-LOG-1", "gebruiker": str(plaatser), "actie": "matching.search"})
    body = search_only.text.split("<tbody>", 1)[1]
    assert body.count("Gezocht (rangschikking gemaakt)") == 1
    assert "Plaatsingsverzoek ingezien" not in body
    yesterday = (local_today() - dt.timedelta(days=1)).isoformat()
    earlier = await client.get("/beheer/logboek", params={"dossier": "UTR-LOG-1",
                                                          "van": yesterday, "tot": yesterday})
    assert "Niets gevonden met deze filters." in earlier.text
    # Another organisation's case is not found, nor is an unknown number.
    for reference in ("UTR-LOG-B", "UTR-BESTAAT-NIET"):
        missing = await client.get("/beheer/logboek", params={"dossier": reference})
        assert "Niets gevonden met deze filters." in missing.text, reference
    # The look-up is itself logged, naming the child that was found.
    looked_up = await conn.fetchval(
        """SELECT count(*) FROM audit_log WHERE action = 'audit.list'
           AND detail->>'case_reference' = 'utr-log-1' AND child_ids @> ARRAY[$1]::uuid[]""", ours)
    assert looked_up == 1


async def test_access_log_filters_that_cannot_be_read_are_named(client, actors: Actors,
                                                                 conn) -> None:
    await sign_in(client, conn, actors.org_a, "beheerder", email="beheer.filter@alfa.test")
    page = await client.get("/beheer/logboek", params={
        "actie": "child.read; drop", "gebruiker": "iemand", "van": "2026-05-02",
        "tot": "2026-05-01"})
    assert page.status_code == 200 and is_html(page)
    assert "Niet elk filter is gebruikt" in page.text
    assert "kies een handeling uit de lijst" in page.text
    assert "kies een account uit de lijst" in page.text
    assert "Tot en met</a>: ligt voor de datum bij Van" in page.text


async def test_unknown_pages_and_malformed_ids_show_the_signed_in_users_page(
        client, actors: Actors, conn) -> None:
    await sign_in(client, conn, actors.org_a, "beheerder", "plaatser", email="dwaal@alfa.test")
    for address in ("/plaatsingen/onbekend", "/bestaat-niet", "/beheer/accounts/geen-uuid",
                    "/jeugdigen/123/bewerken", "/rangschikkingen/xyz"):
        response = await client.get(address)
        assert response.status_code == 404, address
        assert response.headers["content-type"] == "text/html; charset=utf-8", address
        assert "Niet gevonden" in response.text, address
        assert "dwaal@alfa.test" in response.text and "Uitloggen" in response.text, address
        assert 'href="/beheer/logboek"' in response.text and 'href="/plaatsingen"' in response.text
        assert csrf_of(response.text), address  # the logout form works from here too
    # A method the address does not take is also an unrouted error page for the same user.
    wrong = await client.request("DELETE", "/beheer/beleid")
    assert wrong.status_code == 405 and is_html(wrong) and "dwaal@alfa.test" in wrong.text
    client.cookies.clear()
    anonymous = await client.get("/bestaat-niet")
    assert anonymous.status_code == 404 and is_html(anonymous)
    assert "Uitloggen" not in anonymous.text and "dwaal@alfa.test" not in anonymous.text


async def test_access_log_days_are_dutch_calendar_days(client, actors: Actors, conn) -> None:
    """"From 2 May to 2 May" means that day in the Netherlands: an entry at half past midnight
    in Utrecht (still 1 May in UTC) belongs to 2 May, and is not in 1 May's listing."""
    for utc_time, label in (("2026-05-01 22:30+00", "Nachtdienst"),  # 00:30 on 2 May, CEST
                            ("2026-05-01 21:30+00", "Avonddienst")):  # 23:30 on 1 May, CEST
        await conn.execute(
            """INSERT INTO audit_log (occurred_at, actor_label, organisation_id, action, entity)
               VALUES ($1::timestamptz, $2, $3, 'child.read', 'child')""",
            dt.datetime.fromisoformat(utc_time), label, actors.org_a)
    await sign_in(client, conn, actors.org_a, "beheerder", email="beheer.dagen@alfa.test")

    async def listed(day: str) -> set[str]:
        page = await client.get("/beheer/logboek", params={"van": day, "tot": day})
        assert page.status_code == 200 and is_html(page)
        return {label for label in ("Nachtdienst", "Avonddienst") if label in page.text}

    assert await listed("2026-05-02") == {"Nachtdienst"}
    assert await listed("2026-05-01") == {"Avonddienst"}
