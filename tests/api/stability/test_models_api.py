"""Model versions over HTTP and the training history read from recorded placements: only an
administrator lists and activates (audited), at most one version is active (the database says
so), a tampered model is refused, and history features count only what was known at the start."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import asyncpg
import pytest
import skops.io as sio
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from placement.stability.service import ModelService, load_active_predictor
from tests.api.stability.conftest import small_model
from tests.factories import Actors, make_school
from tests.factories_matching import make_carer, make_child, make_tie

LAST = dt.date(2025, 12, 31)


URL = "/api/v1/models/stability"


async def test_only_an_administrator_sees_and_activates_versions_and_it_is_audited(
        client, actors: Actors, conn: asyncpg.Connection, models: ModelService) -> None:
    first = await models.store(small_model(1))
    second = await models.store(small_model(3))
    assert (first, second) == (1, 2)
    admin, officer = actors.a["beheerder"].headers, actors.a["plaatser"].headers
    assert (await client.get(URL, headers=officer)).status_code == 403
    assert (await client.post(f"{URL}/1/activate", headers=officer)).status_code == 403
    listing = (await client.get(URL, headers=admin)).json()
    assert [v["version"] for v in listing["items"]] == [2, 1]
    assert listing["items"][0]["metrics"]["auroc"] == small_model(3).report.test.auroc
    assert (await client.get(f"{URL}/active", headers=officer)).json() == {"version": None}

    assert (await client.post(f"{URL}/1/activate", headers=admin)).status_code == 200
    switched = await client.post(f"{URL}/2/activate", headers=admin)
    assert switched.status_code == 200 and switched.json()["is_active"]
    assert (await client.get(f"{URL}/active", headers=officer)).json() == {"version": 2}
    assert await conn.fetchval("SELECT array_agg(version) FROM model_versions WHERE is_active") == [2]
    entries = await conn.fetch("SELECT actor_user_id, record_ids, detail FROM audit_log "
                               "WHERE action = 'model.activate' ORDER BY occurred_at, id")
    assert [e["record_ids"] for e in entries] == [["1"], ["2"]]
    assert entries[1]["actor_user_id"] == actors.a["beheerder"].user_id
    assert entries[1]["detail"] == {"previous_version": 1}

    assert (await client.post(f"{URL}/99/activate", headers=admin)).status_code == 404
    off = await client.post(f"{URL}/deactivate", headers=admin)
    assert off.status_code == 200 and off.json() == {"version": None}
    assert await conn.fetchval("SELECT count(*) FROM model_versions WHERE is_active") == 0


async def test_the_database_refuses_a_second_active_version(conn: asyncpg.Connection,
                                                            models: ModelService) -> None:
    await models.store(small_model(1))
    await models.store(small_model(3))
    await conn.execute("UPDATE model_versions SET is_active = true, activated_at = now(), "
                       "activated_by = 'x' WHERE version = 1")
    with pytest.raises(asyncpg.ExclusionViolationError, match="model_versions_one_active"):
        await conn.execute("UPDATE model_versions SET is_active = true, activated_at = now(), "
                           "activated_by = 'x' WHERE version = 2")


async def test_a_tampered_model_is_refused_and_nothing_changes(
        client, actors: Actors, conn: asyncpg.Connection, models: ModelService) -> None:
    import os

    await models.store(small_model(1))
    hostile = sio.dumps(Pipeline([("run", FunctionTransformer(func=os.system))]))
    await conn.execute("UPDATE model_versions SET artifact = $1 WHERE version = 1", hostile)
    refused = await client.post(f"{URL}/1/activate", headers=actors.a["beheerder"].headers)
    assert refused.status_code == 409
    assert "not trusted" in refused.json()["detail"]
    assert await conn.fetchval("SELECT count(*) FROM model_versions WHERE is_active") == 0


async def test_a_model_that_cannot_be_explained_per_feature_is_not_activated(
        client, actors: Actors, conn: asyncpg.Connection, models: ModelService) -> None:
    boosted = small_model(2)  # on this history boosting won the validation
    assert boosted.report.algorithm == "gradient_boosting"
    await models.store(boosted)
    refused = await client.post(f"{URL}/1/activate", headers=actors.a["beheerder"].headers)
    assert refused.status_code == 409 and "not additive" in refused.json()["detail"]
    assert await conn.fetchval("SELECT count(*) FROM model_versions WHERE is_active") == 0


async def test_no_active_model_means_no_predictor_and_an_active_one_gives_one(
        conn: asyncpg.Connection, models: ModelService) -> None:
    assert await load_active_predictor(conn) is None
    await models.store(small_model(1))
    await models.activate(1)
    predictor = await load_active_predictor(conn)
    assert predictor is not None and predictor.version == 1


async def test_the_card_is_stored_with_the_version_and_served(
        client, actors: Actors, models: ModelService) -> None:
    await models.store(small_model(1))
    card = (await client.get(f"{URL}/1/card", headers=actors.a["plaatser"].headers)).json()
    assert card["card"].startswith("# Modelkaart: stabiliteitsmodel, versie 1")
    assert card["calibration_svg"].startswith("<svg")


async def _placement(conn: asyncpg.Connection, carer: UUID, child: UUID, start: dt.date,
                     end: dt.date | None, reason: str | None, label: str) -> None:
    place = await conn.fetchval("INSERT INTO places (carer_id, label) VALUES ($1, $2) RETURNING id",
                                carer, label)
    await conn.execute(
        """INSERT INTO occupancies (place_id, child_id, kind, period, placement_type, status,
                                    end_reason)
           VALUES ($1, $2, 'placement', daterange($3, $4), 'long_term', $5, $6)""",
        place, child, start, end, "ended" if end else "active", reason)


async def test_history_from_the_database_counts_only_what_was_known_at_the_start(
        conn: asyncpg.Connection, actors: Actors, models: ModelService) -> None:
    org = actors.org_a
    school = await make_school(conn)
    carer = await make_carer(conn, org, "Familie Eerder", places=0, east=3.0)
    other = await make_carer(conn, org, "Familie Anders", places=0)
    await conn.execute("INSERT INTO carer_competences (carer_id, need_code, level) VALUES "
                       "($1, 'gedrag', 'full'), ($1, 'trauma', 'with_support')", carer)
    kid = await make_child(conn, org, "UTR-H1", age=12, school_id=school,
                           needs=(("gedrag", "must"), ("trauma", "should")))
    sibling = await make_child(conn, org, "UTR-H2", age=9)
    await make_tie(conn, kid, sibling)
    earlier = [await make_child(conn, org, f"UTR-E{i}", age=8) for i in range(3)]
    d = dt.date
    await _placement(conn, carer, earlier[0], d(2020, 1, 1), d(2020, 6, 1), "breakdown_carer", "a")
    await _placement(conn, carer, earlier[1], d(2020, 2, 1), d(2021, 3, 1), "planned", "b")
    # Ends after the child's start below: not yet known then, so not counted.
    await _placement(conn, carer, earlier[2], d(2021, 1, 1), d(2022, 6, 1), "breakdown_child", "c")
    await _placement(conn, other, kid, d(2020, 3, 1), d(2021, 2, 1), "breakdown_child", "d")
    await _placement(conn, other, sibling, d(2021, 1, 1), None, None, "e")
    await _placement(conn, carer, kid, d(2021, 4, 1), d(2021, 9, 1), "breakdown_child", "f")

    records = await models.history(d(2025, 1, 1))
    assert len(records) == 6
    at_carer = next(r for r in records if r.start == d(2021, 4, 1))
    assert at_carer.child.previous_placements == 1
    assert at_carer.carer.past_placements == 2 and at_carer.carer.past_breakdowns == 1
    assert at_carer.carer.kind == "general" and at_carer.carer.experience_years == pytest.approx(1.25, abs=0.01)
    assert at_carer.match.needs_fit == 0.75  # gedrag fully, trauma with support
    assert at_carer.match.siblings_apart  # the sibling lives at another carer since January
    assert at_carer.match.school_travel_minutes is not None
    assert at_carer.end_reason == "breakdown_child"
    assert "postcode" not in repr(at_carer) and at_carer.wishes == {"language": "Nederlands"}
    audit = await conn.fetchrow("SELECT child_ids, detail FROM audit_log "
                                "WHERE action = 'model.history.read'")
    assert set(audit["child_ids"]) == {kid, sibling, *earlier}
