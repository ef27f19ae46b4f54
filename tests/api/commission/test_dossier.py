"""The dossier: assembled from what is stored, children redacted as the commission sees them,
every stored ranking, the options that fit with support and the support they need, the officer
decisions with the families' answers, and the commission's decision. Reading it is audited."""

from __future__ import annotations

import json

from tests.api.commission.helpers import (
    MOTIVATION,
    QUESTION,
    decision_body,
    option_rank,
    referred_case,
)
from tests.factories import Actors


async def officer_decision(conn, case, carer_id, rank: int) -> object:  # type: ignore[no-untyped-def]
    """A decision and a family's answer as the decisions domain stores them (straight SQL: that
    domain is built in parallel)."""
    chosen = next(o for o in case.result["ranking"]["options"] if o["carer_id"] == str(carer_id))
    decision = await conn.fetchval(
        """INSERT INTO decisions (request_id, organisation_id, snapshot_id, option_kind,
               option_rank, chosen, reason_code, motivation, supply_counter_at_search,
               supply_counter_at_decision, decided_by_label)
           SELECT id, organisation_id, $2, 'carer', $3, $4::jsonb, $5, $6, 1, 1, 'plaatser'
           FROM placement_requests WHERE id = $1 RETURNING id""",
        case.request_id, case.snapshot_id, rank, json.dumps(chosen),
        None if rank == 1 else "closer_to_network",
        None if rank == 1 else "Dichter bij oma, die elke week komt.")
    await conn.execute(
        """INSERT INTO family_answers (decision_id, carer_id, answer, decline_reason,
               answered_on, recorded_by_label)
           VALUES ($1, $2, 'declined', 'needs_too_heavy', current_date, 'plaatser')""",
        decision, carer_id)
    return decision


async def test_the_dossier_shows_what_is_stored(client, actors: Actors, conn) -> None:
    case = await referred_case(client, conn, actors)
    support_rank = option_rank(case, case.support_carer)
    full_rank = option_rank(case, case.full_carer)
    await officer_decision(conn, case, case.full_carer, full_rank)
    second = await client.post(f"/api/v1/requests/{case.request_id}/search", json={},
                               headers=actors.a["plaatser"].headers)
    assert second.status_code == 201
    commission = actors.b["commissie"]
    response = await client.get(f"/api/v1/commission/cases/{case.request_id}",
                                headers=commission.headers)
    assert response.status_code == 200, response.text
    dossier = response.json()
    # Children as the commission sees them: case reference, age, needs; no name or address.
    [child] = dossier["children"]
    assert child["case_reference"] == "UTR-C-1" and child["redacted"] is True
    assert child.get("given_name") is None and child.get("home_address") is None
    assert child.get("birth_date") is None and child.get("school_id") is None
    assert [n["code"] for n in child["needs"]] == ["autisme"]
    # Every stored ranking, newest first, exactly as stored.
    assert [s["snapshot_id"] for s in dossier["snapshots"]] == [second.json()["snapshot_id"],
                                                               str(case.snapshot_id)]
    assert dossier["snapshots"][1] == case.result
    # The options that fit only with support, with the support they need, from both rankings.
    support = dossier["support_options"]
    assert {(s["snapshot_id"], s["carer_name"]) for s in support} == {
        (second.json()["snapshot_id"], "Familie Met Steun"),
        (str(case.snapshot_id), "Familie Met Steun")}
    first = next(s for s in support if s["snapshot_id"] == str(case.snapshot_id))
    assert first["option_rank"] == support_rank
    assert first["support_needed"] == [{"need_code": "autisme",
                                        "note": "ambulante begeleiding"}]
    # The officer's decision with the family's answer, the referral.
    [decision] = dossier["decisions"]
    assert decision["option_rank"] == full_rank
    assert [(a["carer_name"], a["answer"], a["decline_reason"]) for a in decision["answers"]] == [
        ("Familie Volledig", "declined", "needs_too_heavy")]
    assert [(r["question"], r["motivation"]) for r in dossier["referrals"]] == [
        (QUESTION, MOTIVATION)]
    assert dossier["current"] is None
    # Reading it is audited, naming the child, by the commission member.
    actions = {r["action"] for r in await conn.fetch(
        "SELECT action FROM audit_log WHERE actor_user_id = $1 AND $2 = ANY(child_ids)",
        commission.user_id, case.child_id)}
    assert {"commission.dossier.read", "child.read", "matching.snapshot.read"} <= actions


async def test_the_dossier_page_shows_support_options_and_the_decision(client, actors: Actors,
                                                                       conn) -> None:
    case = await referred_case(client, conn, actors)
    rank = option_rank(case, case.support_carer)
    decided = await client.post(
        f"/api/v1/commission/cases/{case.request_id}/decisions",
        json=decision_body(outcome="approve_with_support", snapshot_id=str(case.snapshot_id),
                           option_rank=rank, extra_support="Ambulante begeleiding thuis",
                           motivation="Met steun blijft de jeugdige op de eigen school."),
        headers=actors.a["commissie"].headers)
    assert decided.status_code == 201
    page = await client.get(f"/commissie/casussen/{case.request_id}",
                            headers=actors.a["commissie"].headers)
    assert page.status_code == 200, page.text
    html = page.text
    assert "Opties met extra ondersteuning" in html
    assert "Familie Met Steun" in html and "ambulante begeleiding" in html
    assert "Met steun blijft de jeugdige op de eigen school." in html
    assert "Akkoord met een optie met extra ondersteuning" in html
    assert "Testkind" not in html  # the child's name never reaches the commission
