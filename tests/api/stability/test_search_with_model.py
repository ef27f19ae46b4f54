"""A search through the API with and without an active stability model: the factor appears,
the snapshot records the model version, and switching the model off removes the factor."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from placement.stability.service import ModelService
from tests.api.stability.conftest import small_model
from tests.factories import Actors, make_school
from tests.factories_matching import make_carer, make_child, make_request


async def test_the_active_model_adds_the_factor_and_the_snapshot_names_its_version(
        client, actors: Actors, conn: asyncpg.Connection, models: ModelService) -> None:
    org = actors.org_a
    school = await make_school(conn)
    await make_carer(conn, org, "Familie Dichtbij", east=1.0)
    await make_carer(conn, org, "Familie Verder", east=4.0)
    kid = await make_child(conn, org, "UTR-S1", school_id=school, needs=(("gedrag", "should"),))
    request = await make_request(conn, org, kid)
    officer = actors.a["plaatser"].headers
    url = f"/api/v1/requests/{request}/search"

    before = (await client.post(url, json={}, headers=officer)).json()
    assert before["model_version"] is None
    assert all(f["key"] != "stability" for o in before["ranking"]["options"] for f in o["factors"])

    await models.store(small_model(1))
    await models.activate(1)
    with_model = await client.post(url, json={}, headers=officer)
    assert with_model.status_code == 201, with_model.text
    body = with_model.json()
    assert body["model_version"] == "1"
    factors = [next(f for f in o["factors"] if f["key"] == "stability")
               for o in body["ranking"]["options"]]
    assert len(factors) == 2
    assert all(0 < f["score"] < 1 and f["explanation"].startswith("Kans dat de plaatsing")
               for f in factors)
    stored = await conn.fetchval("SELECT model_version FROM ranking_snapshots WHERE id = $1",
                                 UUID(body["snapshot_id"]))
    assert stored == "1"

    await models.deactivate()
    after = (await client.post(url, json={}, headers=officer)).json()
    assert after["model_version"] is None
    assert all(f["key"] != "stability" for o in after["ranking"]["options"] for f in o["factors"])
