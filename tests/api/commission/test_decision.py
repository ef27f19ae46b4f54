"""The commission's decision: a required motivation, the outcome's own fields, a listed option,
immutable rows, a new decision replacing the old, audited, visible to the owning officer."""

from __future__ import annotations

import asyncpg
import pytest

from tests.api.commission.helpers import decision_body, option_rank, referred_case
from tests.factories import Actors
from tests.foundation import counts, fields

TABLES = ("commission_decisions", "audit_log")


async def test_the_decision_needs_a_motivation(client, actors: Actors, conn) -> None:
    case = await referred_case(client, conn, actors)
    url = f"/api/v1/commission/cases/{case.request_id}/decisions"
    headers = actors.a["commissie"].headers
    before = await counts(conn, *TABLES)
    for motivation in ("", "   \n "):
        response = await client.post(url, json=decision_body(motivation=motivation),
                                     headers=headers)
        assert response.status_code == 400, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert fields(response) == {"motivation"}
    body = decision_body()
    del body["motivation"]
    missing = await client.post(url, json=body, headers=headers)
    assert missing.status_code == 400 and fields(missing) == {"motivation"}
    assert await counts(conn, *TABLES) == before


async def test_each_outcome_names_what_it_needs(client, actors: Actors, conn) -> None:
    case = await referred_case(client, conn, actors)
    url = f"/api/v1/commission/cases/{case.request_id}/decisions"
    headers = actors.a["commissie"].headers
    cases = [
        (decision_body(outcome="approve_option"), {"snapshot_id", "option_rank"}),
        (decision_body(outcome="approve_with_support", snapshot_id=str(case.snapshot_id),
                       option_rank=1), {"extra_support"}),
        (decision_body(outcome="search_wider"), {"relax"}),
        (decision_body(outcome="non_family_care", relax="reistijd"), {"relax"}),
        (decision_body(members_present=[" "]), {"members_present[0]"}),
        (decision_body(decided_on="2999-01-01"), {"decided_on"}),
        (decision_body(outcome="approve_option", snapshot_id=str(case.snapshot_id),
                       option_rank=99), {"option_rank"}),
        (decision_body(outcome="approve_option", snapshot_id=str(case.child_id),
                       option_rank=1), {"snapshot_id"}),
    ]
    before = await counts(conn, *TABLES)
    for body, expected in cases:
        response = await client.post(url, json=body, headers=headers)
        assert response.status_code == 400, (body, response.text)
        assert fields(response) == expected, (body, response.json())
    assert await counts(conn, *TABLES) == before


async def test_approve_with_support_and_the_officer_sees_it(client, actors: Actors,
                                                            conn) -> None:
    case = await referred_case(client, conn, actors)
    rank = option_rank(case, case.support_carer)
    commission = actors.b["commissie"]  # the commission is not bound to one organisation
    response = await client.post(
        f"/api/v1/commission/cases/{case.request_id}/decisions",
        json=decision_body(outcome="approve_with_support", snapshot_id=str(case.snapshot_id),
                           option_rank=rank,
                           extra_support="Ambulante autismebegeleiding, 4 uur per week",
                           motivation="Dichtbij school en met steun haalbaar."),
        headers=commission.headers)
    assert response.status_code == 201, response.text
    decision = response.json()
    assert decision["carer_id"] == str(case.support_carer)
    assert decision["members_present"] == ["A. Jansen (voorzitter)", "B. de Groot", "C. Bakker"]
    audit = await conn.fetchrow(
        "SELECT actor_user_id, child_ids FROM audit_log WHERE action = 'commission.decision.create'")
    assert audit["actor_user_id"] == commission.user_id and audit["child_ids"] == [case.child_id]
    seen = await client.get(f"/api/v1/requests/{case.request_id}/commission",
                            headers=actors.a["plaatser"].headers)
    assert seen.status_code == 200
    current = seen.json()["current"]
    assert current["outcome"] == "approve_with_support"
    assert current["extra_support"] == "Ambulante autismebegeleiding, 4 uur per week"
    assert current["motivation"] == "Dichtbij school en met steun haalbaar."
    other_officer = await client.get(f"/api/v1/requests/{case.request_id}/commission",
                                     headers=actors.b["plaatser"].headers)
    assert other_officer.status_code == 404


async def test_a_new_decision_replaces_the_old_one_which_stays(client, actors: Actors,
                                                               conn) -> None:
    case = await referred_case(client, conn, actors)
    url = f"/api/v1/commission/cases/{case.request_id}/decisions"
    headers = actors.a["commissie"].headers
    first = await client.post(url, json=decision_body(outcome="search_wider",
                                                      relax="maximale reistijd 45 minuten"),
                              headers=headers)
    second = await client.post(url, json=decision_body(), headers=headers)
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json()["replaces_decision_id"] == first.json()["id"]
    listed = await client.get(f"/api/v1/requests/{case.request_id}/commission",
                              headers=actors.a["plaatser"].headers)
    assert [d["replaced"] for d in listed.json()["decisions"]] == [False, True]
    assert listed.json()["current"]["id"] == second.json()["id"]
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await conn.execute("UPDATE commission_decisions SET motivation = 'anders'")
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await conn.execute("DELETE FROM commission_decisions")
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await conn.execute("UPDATE commission_referrals SET question = 'anders'")


async def test_need_to_know_for_the_commission_routes(client, actors: Actors, conn) -> None:
    case = await referred_case(client, conn, actors)
    unreferred = await conn.fetchval(
        """INSERT INTO placement_requests (organisation_id, placement_type, desired_start)
           VALUES ($1, 'long_term', current_date) RETURNING id""", actors.org_a)
    routes = [("GET", "/api/v1/commission/cases"),
              ("GET", f"/api/v1/commission/cases/{case.request_id}"),
              ("GET", f"/api/v1/commission/cases/{case.request_id}/dossier.pdf"),
              ("POST", f"/api/v1/commission/cases/{case.request_id}/decisions")]
    for method, url in routes:
        for actor in (actors.a["plaatser"], actors.b["plaatser"], actors.a["werver"],
                      actors.a["beheerder"]):
            response = await client.request(method, url, headers=actor.headers,
                                            json=decision_body() if method == "POST" else None)
            assert response.status_code == 403, (url, actor.roles, response.text)
    # The commission sees referred cases only.
    commission = actors.a["commissie"].headers
    assert (await client.get(f"/api/v1/commission/cases/{unreferred}",
                             headers=commission)).status_code == 404
    assert (await client.post(f"/api/v1/commission/cases/{unreferred}/decisions",
                              json=decision_body(), headers=commission)).status_code == 404
    assert await conn.fetchval("SELECT count(*) FROM commission_decisions") == 0
