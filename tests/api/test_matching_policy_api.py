"""Matching policy API: versioned, changed only by an administrator, audited, used by search."""

from __future__ import annotations

import msgspec

from placement.matching.core.policy import DEFAULT_POLICY
from tests.factories import Actors, make_school
from tests.factories_matching import make_carer, make_child, make_request


def new_policy(**weights: float) -> dict[str, object]:
    return {"weights": {**DEFAULT_POLICY.weights, **weights},
            "thresholds": msgspec.to_builtins(DEFAULT_POLICY.thresholds),
            "reasoning": {"own_wijk": "Proef: eigen wijk zwaarder"}, "note": "Proef eigen wijk"}


async def test_current_policy_is_the_platform_default_with_reasoning(client, actors: Actors) -> None:
    response = await client.get("/api/v1/matching/policies/current",
                                headers=actors.a["plaatser"].headers)
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 2 and body["is_current"]  # migration 0006's platform default
    assert body["weights"] == DEFAULT_POLICY.weights
    assert body["thresholds"] == msgspec.to_builtins(DEFAULT_POLICY.thresholds)
    assert body["reasoning"]["school_travel"] and body["reasoning"]["together_max_travel_minutes"]


async def test_only_an_administrator_changes_the_policy_and_it_is_audited(client, actors: Actors,
                                                                          conn) -> None:
    url = "/api/v1/matching/policies"
    refused = await client.post(url, json=new_policy(own_wijk=9), headers=actors.a["plaatser"].headers)
    assert refused.status_code == 403
    created = await client.post(url, json=new_policy(own_wijk=9),
                                headers=actors.a["beheerder"].headers)
    assert created.status_code == 201, created.text
    assert created.json()["version"] == 3 and created.json()["weights"]["own_wijk"] == 9
    listing = (await client.get(url, headers=actors.a["werver"].headers)).json()
    assert [p["version"] for p in listing["items"]] == [3, 2, 1]
    old = (await client.get(f"{url}/1", headers=actors.a["plaatser"].headers)).json()
    assert old["weights"]["own_wijk"] == DEFAULT_POLICY.weights["own_wijk"] and not old["is_current"]
    assert (await client.get(f"{url}/99", headers=actors.a["plaatser"].headers)).status_code == 404
    audit = await conn.fetchrow("SELECT actor_user_id, record_ids FROM audit_log "
                                "WHERE action = 'matching.policy.create'")
    assert audit["actor_user_id"] == actors.a["beheerder"].user_id and audit["record_ids"] == ["3"]


async def test_an_unusable_policy_is_refused_naming_every_field(client, actors: Actors,
                                                               conn) -> None:
    body = new_policy(school_travel=-2)
    body["thresholds"] = {**body["thresholds"], "detour_factor": 7.0}  # type: ignore[dict-item]
    response = await client.post("/api/v1/matching/policies", json=body,
                                 headers=actors.a["beheerder"].headers)
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert "thresholds.detour_factor" in fields and any("school_travel" in f for f in fields)
    assert await conn.fetchval("SELECT count(*) FROM matching_policies") == 2


async def test_a_search_names_the_policy_version_it_used(client, actors: Actors, conn) -> None:
    # The school lies in the centre: the carer in the child's own wijk is far from it.
    await make_carer(conn, actors.org_a, "Eigen wijk", east=-10, wijk="binnenstad")
    await make_carer(conn, actors.org_a, "Andere wijk", east=0.3, wijk="oost")
    child = await make_child(conn, actors.org_a, "UTR-P-1", school_id=await make_school(conn))
    request_id = await make_request(conn, actors.org_a, child)
    url = f"/api/v1/requests/{request_id}/search"
    headers = actors.a["plaatser"].headers
    before = (await client.post(url, json={}, headers=headers)).json()
    created = await client.post("/api/v1/matching/policies",
                                json=new_policy(own_wijk=30, parents_distance=0),
                                headers=actors.a["beheerder"].headers)
    assert created.status_code == 201
    after = (await client.post(url, json={}, headers=headers)).json()
    assert before["policy_version"] == 2 and after["policy_version"] == 3
    order = [[o["carer_name"] for o in r["ranking"]["options"]] for r in (before, after)]
    assert order == [["Andere wijk", "Eigen wijk"], ["Eigen wijk", "Andere wijk"]]
