"""Matching policy API: versioned, changed only by an administrator, audited, used by search."""

from __future__ import annotations

import asyncpg
import msgspec
import pytest

from placement.matching.core.policy import DEFAULT_POLICY
from placement.matching.service import holder_in
from tests.factories import Actors, make_school
from tests.factories_matching import make_carer, make_child, make_request
from tests.operations.test_index_notifications import _until


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


async def test_a_search_names_the_policy_version_it_used(client, app, actors: Actors,
                                                         conn) -> None:
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
    # The app learns of a new version by its notification, as it does of supply changes
    # (tests/operations/test_index_notifications.py); under load it can come after the answer.
    assert await _until(lambda: holder_in(app.state)._stale)
    after = (await client.post(url, json={}, headers=headers)).json()
    assert before["policy_version"] == 2 and after["policy_version"] == 3
    order = [[o["carer_name"] for o in r["ranking"]["options"]] for r in (before, after)]
    assert order == [["Andere wijk", "Eigen wijk"], ["Eigen wijk", "Andere wijk"]]


async def test_each_organisation_has_its_own_policy_and_only_its_beheerder_changes_it(
        client, actors: Actors, conn) -> None:
    """Issue 12, point 9: A's change applies to A's searches only; B keeps the platform
    default and cannot read or overrule A's version; stored rows cannot be altered."""
    url = "/api/v1/matching/policies"
    mine = await client.post(url, json=new_policy(own_wijk=30, parents_distance=0),
                             headers=actors.a["beheerder"].headers)
    assert mine.status_code == 201 and mine.json()["organisation_id"] == str(actors.org_a)
    version = mine.json()["version"]
    current_a = (await client.get(f"{url}/current", headers=actors.a["plaatser"].headers)).json()
    current_b = (await client.get(f"{url}/current", headers=actors.b["plaatser"].headers)).json()
    assert current_a["version"] == version and current_a["reasoning"]["school_travel"]
    assert current_b["version"] == 2 and current_b["organisation_id"] is None
    assert (await client.get(f"{url}/{version}", headers=actors.b["beheerder"].headers)
            ).status_code == 404
    listing_b = (await client.get(url, headers=actors.b["beheerder"].headers)).json()
    assert version not in [p["version"] for p in listing_b["items"]]
    # B's beheerder makes a version for B; A's stays in force for A.
    theirs = await client.post(url, json=new_policy(needs_fit=9),
                               headers=actors.b["beheerder"].headers)
    assert theirs.json()["organisation_id"] == str(actors.org_b)
    again_a = (await client.get(f"{url}/current", headers=actors.a["plaatser"].headers)).json()
    assert again_a["version"] == version and again_a["weights"]["own_wijk"] == 30
    # Searches use the policy of the request's organisation.
    await make_carer(conn, actors.org_b, "Eigen wijk", east=-10, wijk="binnenstad")
    await make_carer(conn, actors.org_b, "Andere wijk", east=0.3, wijk="oost")
    child = await make_child(conn, actors.org_b, "UTR-B-1", school_id=await make_school(conn))
    request_id = await make_request(conn, actors.org_b, child)
    result = (await client.post(f"/api/v1/requests/{request_id}/search", json={},
                                headers=actors.b["plaatser"].headers)).json()
    assert result["policy_version"] == theirs.json()["version"]
    with pytest.raises(asyncpg.exceptions.InsufficientPrivilegeError):
        await conn.execute("UPDATE matching_policies SET note = 'stil veranderd'")


async def test_a_policy_preview_shows_which_recent_top3s_would_change(client, actors: Actors,
                                                                     conn) -> None:
    await make_carer(conn, actors.org_a, "Eigen wijk", east=-10, wijk="binnenstad")
    await make_carer(conn, actors.org_a, "Andere wijk", east=0.3, wijk="oost")
    school = await make_school(conn)
    requests = [await make_request(conn, actors.org_a, await make_child(
        conn, actors.org_a, f"UTR-V-{i}", school_id=school)) for i in range(2)]
    for request_id in requests:
        await client.post(f"/api/v1/requests/{request_id}/search", json={},
                          headers=actors.a["plaatser"].headers)
    url = "/api/v1/matching/policies/preview"
    assert (await client.post(url, json=new_policy(own_wijk=30),
                              headers=actors.a["plaatser"].headers)).status_code == 403
    same = (await client.post(url, json=new_policy(), headers=actors.a["beheerder"].headers))
    assert same.status_code == 200, same.text
    assert same.json()["searches"] == 2 and same.json()["changed"] == 0
    preview = (await client.post(url, json=new_policy(own_wijk=30, parents_distance=0),
                                 headers=actors.a["beheerder"].headers)).json()
    assert preview["changed"] == 2
    item = preview["items"][0]
    assert item["top3_now"] == ["Andere wijk", "Eigen wijk"]
    assert item["top3_proposed"] == ["Eigen wijk", "Andere wijk"]
    # Nothing was stored; B sees none of A's searches.
    assert await conn.fetchval("SELECT count(*) FROM matching_policies") == 2
    other = (await client.post(url, json=new_policy(own_wijk=30),
                               headers=actors.b["beheerder"].headers)).json()
    assert other["searches"] == 0
