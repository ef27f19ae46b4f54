"""Example calls for the administrator's pages added by the admin work on issue 9: the policy
preview form (web/admin_views.py), with one earlier search of organisation A to rank again."""

from __future__ import annotations

from tests.security.examples import Call, example
from tests.security.examples_pages import form_call
from tests.security.world import World


@example("POST /beheer/beleid/voorbeeld")
async def _policy_preview_form(world: World, role: str | None) -> Call:
    from placement.matching.core.policy import DEFAULT_WEIGHTS

    await world.conn.execute(
        """INSERT INTO ranking_snapshots (request_id, organisation_id, kind, child_ids, inputs,
                                          result, top_carers, exclusion_summary, policy_version,
                                          asked_by_label)
           SELECT $1, organisation_id, 'single', $2, '{}', '{}', '{}', '[]',
                  (SELECT max(version) FROM matching_policies), 'test'
           FROM placement_requests WHERE id = $1""",
        world.ids["request_id"], [world.ids["child_id"]])
    weights = {f"w_{k}": str(v) for k, v in DEFAULT_WEIGHTS.items()}
    return form_call(role, {**weights, "w_own_wijk": "4"})
