"""Decisions on a stored ranking: reasons, reservations linked to decision and snapshot, answers,
introductions, changed minds, scope."""

from __future__ import annotations

from placement.core.clock import local_today
from tests.api.decisions.helpers import (
    act,
    decide,
    pair_that_must_split,
    ranked,
    search,
    single,
    status,
)
from tests.factories import Actors
from tests.foundation import counts, fields

TODAY = local_today().isoformat()


async def test_top_option_needs_no_reason_and_reserves_a_place_linked_to_the_decision(
        client, actors: Actors, conn) -> None:
    headers = actors.a["plaatser"].headers
    request_id, child, _carers = await single(conn, actors)
    ranking = await search(client, headers, request_id)
    near, _far = ranked(ranking)
    response = await decide(client, headers, request_id, snapshot_id=ranking["snapshot_id"],
                            option_rank=1)
    assert response.status_code == 201, response.text
    decision = response.json()
    assert (decision["option_rank"], decision["reason_code"], decision["state"]) == (
        1, None, "awaiting_answers")
    assert decision["chosen"] == ranking["ranking"]["options"][0]
    assert decision["supply_changed"] is False
    [held] = decision["reservations"]
    assert (held["kind"], held["child_id"], held["carer_id"], held["decision_id"]) == (
        "reservation", str(child), str(near), decision["id"])
    row = await conn.fetchrow(
        """SELECT o.decision_id, d.snapshot_id, o.request_id FROM occupancies o
           JOIN decisions d ON d.id = o.decision_id""")
    assert (str(row["decision_id"]), str(row["snapshot_id"]), row["request_id"]) == (
        decision["id"], ranking["snapshot_id"], request_id)
    assert await status(client, headers, request_id) == "proposed"
    audit = await conn.fetchrow("SELECT child_ids, record_ids FROM audit_log "
                                "WHERE action = 'decision.create'")
    assert audit["child_ids"] == [child] and decision["id"] in audit["record_ids"]


async def test_second_option_needs_a_reason_and_motivation_nothing_written_without(
        client, actors: Actors, conn) -> None:
    headers = actors.a["plaatser"].headers
    request_id, _child, _carers = await single(conn, actors)
    ranking = await search(client, headers, request_id)
    _near, far = ranked(ranking)
    before = await counts(conn, "decisions", "occupancies")
    bare = await decide(client, headers, request_id, snapshot_id=ranking["snapshot_id"],
                        option_rank=2)
    assert bare.status_code == 400
    assert bare.headers["content-type"].startswith("application/problem+json")
    assert fields(bare) == {"reason_code", "motivation"}
    blank = await decide(client, headers, request_id, snapshot_id=ranking["snapshot_id"],
                         option_rank=2, reason_code="wish_child_parents", motivation="   ")
    assert blank.status_code == 400 and fields(blank) == {"motivation"}
    unknown = await decide(client, headers, request_id, snapshot_id=ranking["snapshot_id"],
                           option_rank=2, reason_code="because", motivation="x")
    assert unknown.status_code == 400 and fields(unknown) == {"reason_code"}
    missing = await decide(client, headers, request_id, snapshot_id=ranking["snapshot_id"],
                           option_rank=9, reason_code="other", motivation="x")
    assert missing.status_code == 400 and fields(missing) == {"option_rank"}
    assert await counts(conn, "decisions", "occupancies") == before
    assert await status(client, headers, request_id) == "open"
    ok = await decide(client, headers, request_id, snapshot_id=ranking["snapshot_id"],
                      option_rank=2, reason_code="wish_child_parents",
                      motivation="Moeder wil dat Sem bij zijn oom in de buurt blijft")
    assert ok.status_code == 201, ok.text
    assert ok.json()["carers"][0]["carer_id"] == str(far)
    assert ok.json()["reason_code"] == "wish_child_parents"


async def test_a_split_plan_needs_a_reason_per_broken_tie(client, actors: Actors, conn) -> None:
    headers = actors.a["plaatser"].headers
    request_id, kids = await pair_that_must_split(conn, actors)
    ranking = await search(client, headers, request_id)
    top = ranking["plans"]["plans"][0]
    assert top["requires_split_reason"] and len(top["broken_ties"]) == 1
    before = await counts(conn, "decisions", "occupancies")
    bare = await decide(client, headers, request_id, snapshot_id=ranking["snapshot_id"],
                        option_rank=1)
    assert bare.status_code == 400 and fields(bare) == {"split_reasons[0]"}
    wrong_pair = await decide(client, headers, request_id, snapshot_id=ranking["snapshot_id"],
                              option_rank=1, split_reasons=[{
                                  "child_a_id": str(kids[0]), "child_b_id": str(kids[0]),
                                  "reason_code": "no_home_for_all", "motivation": "x"}])
    assert wrong_pair.status_code == 400
    assert fields(wrong_pair) == {"split_reasons[0]"}
    assert await counts(conn, "decisions", "occupancies") == before
    reason = {"child_a_id": str(kids[1]), "child_b_id": str(kids[0]),
              "reason_code": "no_home_for_all",
              "motivation": "Geen gezin met twee vrije plekken binnen de regio"}
    ok = await decide(client, headers, request_id, snapshot_id=ranking["snapshot_id"],
                      option_rank=1, split_reasons=[reason])
    assert ok.status_code == 201, ok.text
    decision = ok.json()
    assert decision["broken_together_ties"] == 1 and decision["split_reasons"] == [reason]
    assert sorted(o["child_id"] for o in decision["reservations"]) == sorted(map(str, kids))
    assert len({o["carer_id"] for o in decision["reservations"]}) == 2


async def test_a_declined_family_frees_the_place_and_the_officer_chooses_again(
        client, actors: Actors, conn) -> None:
    headers = actors.a["plaatser"].headers
    request_id, _child, _carers = await single(conn, actors)
    ranking = await search(client, headers, request_id)
    near, far = ranked(ranking)
    first = (await decide(client, headers, request_id, snapshot_id=ranking["snapshot_id"],
                          option_rank=1)).json()
    no_reason = await act(client, headers, first["id"], "answers", carer_id=near,
                          answer="declined", answered_on=TODAY)
    assert no_reason.status_code == 400 and fields(no_reason) == {"decline_reason"}
    stranger = await act(client, headers, first["id"], "answers", carer_id=far,
                         answer="accepted", answered_on=TODAY)
    assert stranger.status_code == 400 and fields(stranger) == {"carer_id"}
    declined = await act(client, headers, first["id"], "answers", carer_id=near,
                         answer="declined", decline_reason="no_room_now", answered_on=TODAY)
    assert declined.status_code == 201, declined.text
    assert declined.json()["state"] == "declined"
    assert [o["status"] for o in declined.json()["reservations"]] == ["cancelled"]
    assert await status(client, headers, request_id) == "open"
    late = await act(client, headers, first["id"], "answers", carer_id=near,
                     answer="accepted", answered_on=TODAY)
    assert late.status_code == 409
    # The place is free again: another child can hold it for the same period.
    other, _c, _carers = await single(conn, actors, "UTR-D-2")
    place = declined.json()["reservations"][0]["place_id"]
    start = await conn.fetchval("SELECT desired_start FROM placement_requests WHERE id = $1",
                                request_id)
    other_child = await conn.fetchval(
        "SELECT child_id FROM placement_request_children WHERE request_id = $1", other)
    taken = await client.post("/api/v1/occupancies", headers=headers, json={
        "place_id": place, "child_id": str(other_child), "kind": "reservation",
        "start": start.isoformat(), "placement_type": "long_term"})
    assert taken.status_code == 201, taken.text
    # Choosing again on the same ranking: the next family, with the reason.
    again = await decide(client, headers, request_id, snapshot_id=ranking["snapshot_id"],
                         option_rank=2, reason_code="family_declined",
                         motivation="Familie Dichtbij heeft nu geen ruimte")
    assert again.status_code == 201, again.text
    assert again.json()["carers"][0]["carer_id"] == str(far)
    families = (await client.get(f"/api/v1/requests/{request_id}/families",
                                 headers=headers)).json()
    assert [(f["carer_id"], f["answer"]) for f in families] == [
        (str(near), "declined"), (str(far), None)]
    assert families[0]["answers"][0]["decline_reason"] == "no_room_now"


async def test_a_changed_mind_names_the_decision_it_replaces(client, actors: Actors,
                                                             conn) -> None:
    headers = actors.a["plaatser"].headers
    request_id, _child, _carers = await single(conn, actors)
    ranking = await search(client, headers, request_id)
    near, far = ranked(ranking)
    first = (await decide(client, headers, request_id, snapshot_id=ranking["snapshot_id"],
                          option_rank=1)).json()
    body = {"snapshot_id": ranking["snapshot_id"], "option_rank": 2,
            "reason_code": "closer_to_network", "motivation": "Oma woont om de hoek"}
    silent = await decide(client, headers, request_id, **body)
    assert silent.status_code == 409 and fields(silent) == {"replaces_decision_id"}
    changed = await decide(client, headers, request_id, **body,
                           replaces_decision_id=first["id"])
    assert changed.status_code == 201, changed.text
    assert changed.json()["replaces_decision_id"] == first["id"]
    old = (await client.get(f"/api/v1/decisions/{first['id']}", headers=headers)).json()
    assert old["state"] == "replaced" and old["replaced_by_decision_id"] == changed.json()["id"]
    assert [o["status"] for o in old["reservations"]] == ["cancelled"]
    twice = await decide(client, headers, request_id, **body, replaces_decision_id=first["id"])
    assert twice.status_code == 409
    listed = (await client.get(f"/api/v1/requests/{request_id}/decisions",
                               headers=headers)).json()
    assert [d["carers"][0]["carer_id"] for d in listed] == [str(near), str(far)]


async def test_a_stopped_introduction_frees_the_place(client, actors: Actors, conn) -> None:
    headers = actors.a["plaatser"].headers
    request_id, _child, _carers = await single(conn, actors)
    ranking = await search(client, headers, request_id)
    near, _far = ranked(ranking)
    decision = (await decide(client, headers, request_id, snapshot_id=ranking["snapshot_id"],
                             option_rank=1)).json()
    early = await act(client, headers, decision["id"], "introductions", carer_id=near,
                      outcome="go_ahead", held_on=TODAY)
    assert early.status_code == 409
    await act(client, headers, decision["id"], "answers", carer_id=near, answer="accepted",
              answered_on=TODAY)
    assert await status(client, headers, request_id) == "introduction"
    no_reason = await act(client, headers, decision["id"], "introductions", carer_id=near,
                          outcome="stop", held_on=TODAY)
    assert no_reason.status_code == 400 and fields(no_reason) == {"stop_reason"}
    stopped = await act(client, headers, decision["id"], "introductions", carer_id=near,
                        outcome="stop", stop_reason="child_not_comfortable", held_on=TODAY)
    assert stopped.status_code == 201, stopped.text
    assert stopped.json()["state"] == "stopped"
    assert [o["status"] for o in stopped.json()["reservations"]] == ["cancelled"]
    assert await status(client, headers, request_id) == "open"


async def test_other_organisations_see_nothing_commission_reads_referred(
        client, actors: Actors, conn) -> None:
    headers = actors.a["plaatser"].headers
    request_id, _child, _carers = await single(conn, actors, referred=True)
    ranking = await search(client, headers, request_id)
    decision = (await decide(client, headers, request_id, snapshot_id=ranking["snapshot_id"],
                             option_rank=1)).json()
    foreign = actors.b["plaatser"].headers
    assert (await client.get(f"/api/v1/decisions/{decision['id']}",
                             headers=foreign)).status_code == 404
    assert (await decide(client, foreign, request_id, snapshot_id=ranking["snapshot_id"],
                         option_rank=1)).status_code == 404
    commission = actors.a["commissie"].headers
    read = await client.get(f"/api/v1/requests/{request_id}/families", headers=commission)
    assert read.status_code == 200 and len(read.json()) == 1
    assert (await decide(client, commission, request_id, snapshot_id=ranking["snapshot_id"],
                         option_rank=1)).status_code == 403
    other, _c, _carers2 = await single(conn, actors, "UTR-D-9")
    other_ranking = await search(client, headers, other)
    wrong = await decide(client, headers, request_id, snapshot_id=other_ranking["snapshot_id"],
                         option_rank=1, replaces_decision_id=decision["id"])
    assert wrong.status_code == 400 and fields(wrong) == {"snapshot_id"}
