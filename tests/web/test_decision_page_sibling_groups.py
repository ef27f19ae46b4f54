"""The decision page for a large sibling group: split-reason fields appear for the plan being
chosen only (one per broken `together` tie of that plan), not for every plan, so a five-child
group's page stays small; choosing a splitting plan without its reasons brings the page back
asking for that plan's reasons, in Dutch, as HTML."""

from __future__ import annotations

import html
import re
from itertools import combinations
from typing import Any
from uuid import UUID

from tests.api.decisions.helpers import search, status
from tests.factories import Actors
from tests.factories_matching import make_carer, make_child, make_request, make_tie
from tests.web.test_officer_pages import csrf_of, sign_in


async def five_siblings(conn, actors: Actors) -> UUID:  # type: ignore[no-untyped-def]
    """Five children tied `together` pairwise, and only two-place families: every plan splits."""
    for k in range(4):
        await make_carer(conn, actors.org_a, f"Tweepersoons {k}", east=0.5 + k, places=2)
    kids = [await make_child(conn, actors.org_a, f"UTR-G5-{i}", age=4 + 2 * i) for i in range(5)]
    for a, b in combinations(kids, 2):
        await make_tie(conn, a, b)
    return await make_request(conn, actors.org_a, *kids)


def broken_together(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for t in plan["broken_ties"] if t["intent"] == "together"]


def split_fields(page: str) -> list[str]:
    return re.findall(r'<select id="[^"]*" name="(split-\d+-\d+-code)"', page)


async def test_only_the_chosen_plan_asks_for_split_reasons(client, actors: Actors, conn) -> None:
    request_id = await five_siblings(conn, actors)
    api = actors.a["plaatser"].headers
    plans = (await search(client, api, request_id))["plans"]["plans"]
    assert len(plans) >= 3 and all(broken_together(p) for p in plans)
    every_tie = sum(len(broken_together(p)) for p in plans)
    csrf = await sign_in(client, conn, actors.org_a, "plaatser", "groep@alfa.test")
    url = f"/plaatsingen/{request_id}/besluiten"

    first = await client.get(url)
    assert first.status_code == 200
    assert first.headers["content-type"] == "text/html; charset=utf-8"
    # Plan 1 is preselected; only its broken ties have a reason field.
    assert split_fields(first.text) == [f"split-1-{k}-code"
                                        for k in range(len(broken_together(plans[0])))]
    assert len(split_fields(first.text)) < every_tie

    # A link's option that names no plan (or is no number at all) chooses the first plan.
    for odd in ("²", "99", "drie"):
        shown = await client.get(url, params={"optie": odd})
        assert shown.status_code == 200 and split_fields(shown.text) == split_fields(first.text)

    third = await client.get(url, params={"optie": "3"})
    assert split_fields(third.text) == [f"split-3-{k}-code"
                                        for k in range(len(broken_together(plans[2])))]
    assert re.search(r'value="3" checked', third.text)
    # The page grows with one plan's ties, not with every plan's.
    assert len(third.text) < len(first.text) + 600 * len(broken_together(plans[2]))

    snapshot_id = html.unescape(first.text).split('name="snapshot_id" value="')[1].split('"')[0]
    tampered = await client.post(url, data={"csrf_token": csrf, "snapshot_id": "geen-uuid",
                                            "option_rank": "1"})
    assert tampered.status_code == 400 and "Rangschikking: laad de pagina opnieuw" in tampered.text
    body = {"csrf_token": csrf, "snapshot_id": snapshot_id, "option_rank": "2",
            "reason_code": "professional_judgement", "motivation": "Dichter bij school"}
    refused = await client.post(url, data=body, follow_redirects=False)
    assert refused.status_code == 400
    assert refused.headers["content-type"] == "text/html; charset=utf-8"
    ties = broken_together(plans[1])
    assert split_fields(refused.text) == [f"split-2-{k}-code" for k in range(len(ties))]
    assert "Reden voor splitsen: kies een reden om deze broers en zussen te splitsen" in (
        html.unescape(refused.text))
    assert re.search(r'value="2" checked', refused.text)
    assert "Dichter bij school" in refused.text  # what was typed stays
    assert await status(client, api, request_id) == "open"

    for k in range(len(ties)):
        body[f"split-2-{k}-code"] = "no_home_for_all"
        body[f"split-2-{k}-motivation"] = "Geen gezin met vijf plekken"
    body["csrf_token"] = csrf_of(refused.text)
    chosen = await client.post(url, data=body, follow_redirects=False)
    assert chosen.status_code == 303, chosen.text
    decision = (await client.get(f"/api/v1/requests/{request_id}/decisions",
                                 headers=api)).json()[0]
    assert decision["option_rank"] == 2
    assert len(decision["split_reasons"]) == len(ties)
    assert await status(client, api, request_id) == "proposed"
