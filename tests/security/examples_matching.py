"""Example calls for the matching routes added by issue 12 (policy preview)."""

from __future__ import annotations

from tests.security.examples import Call, example
from tests.security.world import World


@example("POST /api/v1/matching/policies/preview")
async def _policy_preview(world: World, role: str | None) -> Call:
    # One earlier search of organisation A, so the preview ranks a child again.
    await world.conn.execute(
        """INSERT INTO ranking_snapshots (request_id, organisation_id, kind, child_ids, inputs,
                                          result, top_carers, exclusion_summary, policy_version,
                                          asked_by_label)
           SELECT $1, organisation_id, 'single', $2, '{}', '{}', '{}', '[]',
                  (SELECT max(version) FROM matching_policies), 'test'
           FROM placement_requests WHERE id = $1""",
        world.ids["request_id"], [world.ids["child_id"]])
    row = await world.conn.fetchrow(
        "SELECT weights, thresholds FROM matching_policies ORDER BY version DESC LIMIT 1")
    return Call(json={"weights": row["weights"], "thresholds": row["thresholds"],
                      "note": "Voorbeeld (test)"})
