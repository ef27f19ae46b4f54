"""The whole lifecycle on a hand-made request, with the request's status at each step; scheduled
ends; the follow-up request; one child never holds two overlapping bookings."""

from __future__ import annotations

import datetime as dt

import asyncpg
import pytest

from placement.core.clock import local_today
from tests.api.decisions.helpers import act, decide, ranked, search, single, status
from tests.factories import Actors
from tests.factories_matching import make_carer
from tests.foundation import fields

TODAY = local_today()


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


async def test_whole_lifecycle_with_the_status_at_each_step(client, actors: Actors,
                                                            conn) -> None:
    headers = actors.a["plaatser"].headers
    request_id, child, _carers = await single(conn, actors, start_in_days=-60)
    assert await status(client, headers, request_id) == "open"
    ranking = await search(client, headers, request_id)
    carer, _second = ranked(ranking)

    decision = (await decide(client, headers, request_id, snapshot_id=ranking["snapshot_id"],
                             option_rank=1)).json()
    assert await status(client, headers, request_id) == "proposed"
    waiting = await act(client, headers, decision["id"], "answers", carer_id=carer,
                        answer="no_answer", answered_on=day(-59), note="voicemail")
    assert waiting.json()["state"] == "awaiting_answers"
    assert await status(client, headers, request_id) == "proposed"
    too_early = await act(client, headers, decision["id"], "placement", start=day(-50))
    assert too_early.status_code == 409

    accepted = await act(client, headers, decision["id"], "answers", carer_id=carer,
                         answer="accepted", answered_on=day(-58))
    assert accepted.status_code == 201 and accepted.json()["state"] == "introduction"
    assert await status(client, headers, request_id) == "introduction"

    ahead = await act(client, headers, decision["id"], "introductions", carer_id=carer,
                      outcome="go_ahead", held_on=day(-55))
    assert ahead.status_code == 201 and ahead.json()["state"] == "ready_to_place"
    assert await status(client, headers, request_id) == "introduction"

    placed = await act(client, headers, decision["id"], "placement", start=day(-50))
    assert placed.status_code == 201, placed.text
    [placement] = placed.json()["reservations"]
    assert (placement["kind"], placement["start"], placement["status"]) == (
        "placement", day(-50), "active")
    assert placed.json()["state"] == "placed"
    assert await status(client, headers, request_id) == "placed"

    url = f"/api/v1/occupancies/{placement['id']}"
    scheduled = await client.patch(url, headers=headers, json={
        "version": placement["version"], "end": day(30), "end_reason": "breakdown_carer", "end_note": "Gezin kan het niet meer"})
    assert scheduled.status_code == 200, scheduled.text
    assert (scheduled.json()["status"], scheduled.json()["end_scheduled"]) == ("active", True)
    assert await status(client, headers, request_id) == "placed"
    early = await client.post(f"/api/v1/requests/{request_id}/follow-up", headers=headers,
                              json={"desired_start": day(30)})
    assert early.status_code == 409

    ended = await client.patch(url, headers=headers,
                               json={"version": scheduled.json()["version"], "end": day(-1)})
    assert ended.status_code == 200, ended.text
    body = ended.json()
    assert (body["status"], body["end_reason"], body["end_note"], body["end_scheduled"]) == (
        "ended", "breakdown_carer", "Gezin kan het niet meer", False)
    assert await status(client, headers, request_id) == "ended"

    follow = await client.post(f"/api/v1/requests/{request_id}/follow-up", headers=headers,
                               json={"desired_start": day(1)})
    assert follow.status_code == 201, follow.text
    assert follow.json()["follows_request_id"] == str(request_id)
    assert follow.json()["child_ids"] == [str(child)]
    assert follow.json()["status"] == "open"
    events = (await client.get(f"/api/v1/requests/{request_id}/timeline",
                               headers=headers)).json()
    kinds = [e["kind"] for e in events]
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)
    # Backdated steps (answers, introduction, placement, end) come before today's search.
    assert kinds == ["answer", "answer", "introduction", "placement", "end", "melding", "search",
                     "decision"]
    assert set(kinds) == {"melding", "search", "decision", "answer", "introduction",
                          "placement", "end"}


async def test_a_future_end_is_scheduled_and_counts_from_its_day(client, actors: Actors,
                                                                 conn) -> None:
    headers = actors.a["plaatser"].headers
    carer = await make_carer(conn, actors.org_a, "Familie Einde")
    place = await conn.fetchval("SELECT id FROM places WHERE carer_id = $1", carer)
    request_id, child, _carers = await single(conn, actors)
    made = await client.post("/api/v1/occupancies", headers=headers, json={
        "place_id": str(place), "child_id": str(child), "request_id": str(request_id),
        "kind": "placement", "start": day(-100), "placement_type": "long_term"})
    assert made.status_code == 201, made.text
    url = f"/api/v1/occupancies/{made.json()['id']}"
    scheduled = await client.patch(url, headers=headers,
                                   json={"version": 1, "end": day(10), "end_reason": "planned"})
    assert scheduled.json()["status"] == "active" and scheduled.json()["end_scheduled"]
    assert await status(client, headers, request_id) == "placed"
    # The end day comes without anyone writing: reads show the ending from that day on.
    await conn.execute("UPDATE occupancies SET period = daterange($2::date, $3::date) "
                       "WHERE id = $1", made.json()["id"], TODAY - dt.timedelta(days=100),
                       TODAY)
    assert (await client.get(url, headers=headers)).json()["status"] == "ended"
    assert await status(client, headers, request_id) == "ended"
    listed = await client.get("/api/v1/requests", headers=headers, params={"status": "ended"})
    assert [r["id"] for r in listed.json()["items"]] == [str(request_id)]


async def test_one_child_never_holds_two_overlapping_bookings(client, actors: Actors,
                                                              conn) -> None:
    headers = actors.a["plaatser"].headers
    first = await make_carer(conn, actors.org_a, "Familie Een")
    second = await make_carer(conn, actors.org_a, "Familie Twee")
    places = [await conn.fetchval("SELECT id FROM places WHERE carer_id = $1", c)
              for c in (first, second)]
    _request, child, _carers = await single(conn, actors)
    body = {"child_id": str(child), "kind": "placement", "placement_type": "long_term"}
    ok = await client.post("/api/v1/occupancies", headers=headers,
                           json={**body, "place_id": str(places[0]), "start": day(1)})
    assert ok.status_code == 201, ok.text
    clash = await client.post("/api/v1/occupancies", headers=headers, json={
        **body, "place_id": str(places[1]), "start": day(20), "kind": "reservation"})
    assert clash.status_code == 409 and fields(clash) == {"child_id"}
    with pytest.raises(asyncpg.ExclusionViolationError) as refused:
        await conn.execute(
            """INSERT INTO occupancies (place_id, child_id, kind, period, placement_type)
               VALUES ($1, $2, 'placement', daterange($3::date, NULL), 'long_term')""",
            places[1], child, TODAY + dt.timedelta(days=40))
    assert refused.value.constraint_name == "occupancies_child_no_overlap"
    # A cancelled booking does not count, and an adjacent one is fine.
    await conn.execute("UPDATE occupancies SET status = 'cancelled'")
    await conn.execute(
        """INSERT INTO occupancies (place_id, child_id, kind, period, placement_type)
           VALUES ($1, $2, 'placement', daterange($3::date, $4::date), 'long_term'),
                  ($5, $2, 'placement', daterange($4::date, NULL), 'long_term')""",
        places[1], child, TODAY, TODAY + dt.timedelta(days=5), places[0])


async def test_only_cancelling_or_reopening_is_done_by_hand(client, actors: Actors,
                                                            conn) -> None:
    headers = actors.a["plaatser"].headers
    request_id, _child, _carers = await single(conn, actors)
    ranking = await search(client, headers, request_id)
    await decide(client, headers, request_id, snapshot_id=ranking["snapshot_id"], option_rank=1)
    url = f"/api/v1/requests/{request_id}"
    version = (await client.get(url, headers=headers)).json()["version"]
    by_hand = await client.patch(url, headers=headers, json={"version": version,
                                                             "status": "placed"})
    assert by_hand.status_code == 400 and fields(by_hand) == {"status"}
    reopened = await client.patch(url, headers=headers, json={"version": version,
                                                              "status": "open"})
    assert reopened.status_code == 200
    # The decision still holds a place: re-opening by hand does not hide that.
    assert reopened.json()["status"] == "proposed"
