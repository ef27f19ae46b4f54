"""Every page speaks Dutch: rendered for a user with every role, with real records on them, the
visible text holds no raw codes (network relations, channels, stages, placement types, need
levels) and none of a list of English words. Error pages included."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tests.factories import Actors, make_school
from tests.factories_matching import make_carer, make_child, make_request, make_tie
from tests.web.pages import csrf_of, sign_in

RAW_CODES = ["grandparent", "aunt_uncle", "adult_sibling", "family_friend", "other_relative",
             "huis_aan_huis", "mond_tot_mond", "radio_tv", "short_term", "long_term", "part_time",
             "family_home", "foster_family", "specialist_care", "severe_conflict", "must",
             "should", "together", "contact_opnemen", "kennismakingsgesprek_", "beheerder,commissie",
             "child.read", "matching.search", "with_support", "entered", "skipped", "None", "True", "False"]
ENGLISH = ["the", "your", "role", "access", "required", "unknown", "error", "errors", "search",
           "submit", "save", "saved", "login", "logout", "password", "not", "found", "invalid",
           "field", "value", "must", "should", "between", "already", "cannot", "sign", "page",
           "request", "child", "carer", "lead", "stage", "users", "policy", "weight", "none"]


class VisibleText(HTMLParser):
    """The text a reader sees or hears: element text, plus labels given as aria-label."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "placeholder") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def problems(page: str) -> list[str]:
    parser = VisibleText()
    parser.feed(page)
    text = " ".join(parser.parts)
    text = re.sub(r"\S+@\S+", " ", text)  # e-mail addresses are names, not words
    found = [code for code in RAW_CODES if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)]
    found += [word for word in ENGLISH if re.search(rf"\b{word}\b", text, re.I)]
    return found


async def test_every_page_is_dutch(client, actors: Actors, conn) -> None:
    school = await make_school(conn)
    carer = await make_carer(conn, actors.org_a, "Familie Dichtbij", east=0.3)
    await make_carer(conn, actors.org_a, "Familie Verweg", east=4.0, wijk="zuid")
    first = await make_child(conn, actors.org_a, "NL-TAAL-1", school_id=school,
                             needs=(("trauma", "must"), ("adhd", "should")))
    second = await make_child(conn, actors.org_a, "NL-TAAL-2", age=8)
    await make_tie(conn, first, second, "apart", "specialist_care")
    await conn.execute("INSERT INTO network_ties (child_id, carer_id, relation) VALUES ($1, $2, "
                       "'grandparent')", first, carer)
    single = await make_request(conn, actors.org_a, first)
    await make_request(conn, actors.org_a, first, second, placement_type="short_term")
    lead = await client.post("/api/v1/recruitment/leads", headers=actors.a["werver"].headers,
                             json={"full_name": "Familie Taal", "postcode": "3511",
                                   "email": "taal@example.test", "heard_via": "huis_aan_huis"})
    assert lead.status_code == 201, lead.text
    csrf = await sign_in(client, conn, actors.org_a, "plaatser", "commissie", "werver",
                         "beheerder", email="alles@alfa.test")
    searched = await client.post(f"/plaatsingen/{single}/zoeken",
                                 data={"limit": "5", "csrf_token": csrf})
    ranking = str(searched.url)
    assert "/rangschikkingen/" in ranking
    users = await client.get("/beheer/accounts")
    someone = re.search(r'href="(/beheer/accounts/[0-9a-f-]{36})"', users.text)
    assert someone

    addresses = [
        "/", "/plaatsingen", f"/plaatsingen/{single}", "/plaatsingen/nieuw", ranking,
        ranking + "/vergelijken?rang=1&rang=2", "/jeugdigen", "/jeugdigen/nieuw",
        f"/jeugdigen/{first}", "/commissie", "/werving", "/werving/aanmeldingen",
        f"/werving/aanmeldingen/{lead.json()['id']}", "/werving/aanmeldingen/nieuw",
        "/werving/import", "/werving/campagnes/nieuw", "/werving/taken", "/werving/tekort",
        "/beheer/accounts", someone.group(1), "/beheer/beleid", "/beheer/logboek",
        "/beheer/organisatie", "/bestaat-niet", "/plaatsingen/geen-id",
        "/plaatsingen?status=weg", "/beheer/logboek?actie=iets&van=gisteren",
    ]
    found = {}
    for address in addresses:
        response = await client.get(address)
        assert response.headers["content-type"].startswith("text/html"), address
        if bad := problems(response.text):
            found[address] = bad
    # A refused form and a failed sign-in, too.
    refused = await client.post("/jeugdigen/nieuw", data={"csrf_token": csrf,
                                                          "home_postcode": "0000"})
    if bad := problems(refused.text):
        found["POST /jeugdigen/nieuw"] = bad
    client.cookies.clear()
    login = await client.get("/login")
    failed = await client.post("/auth/login", data={"email": "x@y.test", "password": "fout",
                                                    "csrf_token": csrf_of(login.text)})
    if bad := problems(failed.text) + problems(login.text):
        found["login"] = bad
    assert not found, found
