"""Example calls for the commission routes (placement.commission): the officer refers a fresh
open request of its own, and the commission decides on the world's referred request once a
referral with question and motivation is on record."""

from __future__ import annotations

from placement.core.clock import local_today
from tests.security.examples import Call, example
from tests.security.world import World

REFERRAL = {"question": "Kan dit kind met extra steun in een gezin wonen?",
            "motivation": "Geen standaardoptie past bij de zorgvraag."}
DECISION = {"outcome": "non_family_care", "motivation": "Nu is een groep veiliger.",
            "members_present": ["A. Jansen", "B. de Groot"]}


async def _fresh_open_request(world: World) -> object:
    child = await world.new_child(referred=False)
    return await world.conn.fetchval(
        """SELECT request_id FROM placement_request_children WHERE child_id = $1""", child)


async def _referral_on_record(world: World) -> None:
    await world.conn.execute(
        """INSERT INTO commission_referrals (request_id, organisation_id, question, motivation,
               referred_by_label)
           SELECT id, organisation_id, $2, $3, 'plaatser@alfa.test' FROM placement_requests
           WHERE id = $1 AND NOT EXISTS (
               SELECT 1 FROM commission_referrals WHERE request_id = $1)""",
        world.ids["request_id"], REFERRAL["question"], REFERRAL["motivation"])


@example("POST /api/v1/requests/{request_id:uuid}/commission/referrals")
async def _refer(world: World, role: str | None) -> Call:
    return Call(params={"request_id": await _fresh_open_request(world)}, json=REFERRAL)


@example("POST /plaatsingen/{request_id:uuid}/commissie")
async def _refer_form(world: World, role: str | None) -> Call:
    params = {"request_id": await _fresh_open_request(world)}
    if role is None:  # see examples_web: the anonymous browser passes the pre-session check
        return Call(params=params, form={**REFERRAL, "csrf_token": "same-on-both"},
                    cookies={"placement_login_csrf": "same-on-both"})
    return Call(params=params, form=REFERRAL)


@example("POST /api/v1/commission/cases/{request_id:uuid}/decisions")
async def _decide(world: World, role: str | None) -> Call:
    await _referral_on_record(world)
    return Call(json={**DECISION, "decided_on": local_today().isoformat()})


@example("POST /commissie/casussen/{request_id:uuid}/besluit")
async def _decide_form(world: World, role: str | None) -> Call:
    await _referral_on_record(world)
    form = {**DECISION, "members_present": "\n".join(DECISION["members_present"]),
            "decided_on": local_today().isoformat()}
    if role is None:
        return Call(form={**form, "csrf_token": "same-on-both"},
                    cookies={"placement_login_csrf": "same-on-both"})
    return Call(form=form)
