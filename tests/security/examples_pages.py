"""Example calls for the pages that change things (children/views.py, requests/views.py new
request, web/admin_views.py, recruitment/leads/views.py): each with a valid form, so an allowed
caller's cell shows the page's success (a redirect to the saved record) and a refused one
changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from placement.core.clock import local_today
from tests.security.examples import Call, example
from tests.security.world import World

LOGIN_CSRF = {"placement_login_csrf": "same-on-both"}


def form_call(role: str | None, form: dict[str, str], **kwargs: Any) -> Call:
    # Bearer-token callers are exempt from CSRF (as on every form route); an anonymous browser
    # passes the pre-session double-submit check, so its cell shows the route's own 401.
    if role is None:
        return Call(form={**form, "csrf_token": "same-on-both"}, cookies=LOGIN_CSRF, **kwargs)
    return Call(form=form, **kwargs)


async def _version(world: World, table: str, record_id: Any) -> str:
    return str(await world.conn.fetchval(f"SELECT version FROM {table} WHERE id = $1", record_id))


@example("POST /jeugdigen/nieuw")
async def _new_child(world: World, role: str | None) -> Call:
    return form_call(role, {"case_reference": world.fresh("PAG"), "given_name": "Sem",
                            "birth_date": "2015-06-01", "gender": "m", "home_postcode": "3511",
                            "need_trauma": "must", "wish_language": "Nederlands"})


@example("POST /jeugdigen/{child_id:uuid}")
async def _edit_child(world: World, role: str | None) -> Call:
    version = await _version(world, "children", world.ids["child_id"])
    return form_call(role, {"version": version, "given_name": "Sem", "birth_date": "2015-06-01",
                            "gender": "m", "home_postcode": "3512"})


@example("POST /jeugdigen/{child_id:uuid}/broers-zussen")
async def _sibling_form(world: World, role: str | None) -> Call:
    other = await world.new_child()
    reference = await world.conn.fetchval("SELECT case_reference FROM children WHERE id = $1",
                                          other)
    return form_call(role, {"child_b_reference": reference, "kind": "half",
                            "intent": "together"})


@example("POST /jeugdigen/{child_id:uuid}/netwerk")
async def _network_form(world: World, role: str | None) -> Call:
    carer = await world.new_carer()
    return form_call(role, {"carer_id": str(carer), "relation": "neighbour"})


@example("POST /plaatsingen/nieuw")
async def _new_request(world: World, role: str | None) -> Call:
    child = await world.new_child()
    return form_call(role, {"child_ids": str(child), "placement_type": "long_term",
                            "desired_start": (local_today() + dt.timedelta(days=10)).isoformat(),
                            "urgency": "normal"})


@example("POST /beheer/accounts")
async def _new_account(world: World, role: str | None) -> Call:
    return form_call(role, {"display_name": "Nieuw", "email": f"{world.fresh('n')}@alfa.test",
                            "roles": "plaatser"})


@example("POST /beheer/accounts/{user_id:uuid}")
async def _edit_account(world: World, role: str | None) -> Call:
    version = await _version(world, "users", world.ids["user_id"])
    return form_call(role, {"version": version, "display_name": "Werver A", "roles": "werver"})


@example("POST /beheer/accounts/{user_id:uuid}/uitschakelen",
         "POST /beheer/accounts/{user_id:uuid}/inschakelen",
         "POST /beheer/accounts/{user_id:uuid}/sleutel")
async def _account_actions(world: World, role: str | None) -> Call:
    return form_call(role, {"name": "koppeling"})


@example("POST /beheer/beleid")
async def _policy_form(world: World, role: str | None) -> Call:
    from placement.matching.core.policy import DEFAULT_WEIGHTS

    weights = {f"w_{k}": str(v) for k, v in DEFAULT_WEIGHTS.items()}
    return form_call(role, {**weights, "w_own_wijk": "2", "note": "Eigen wijk iets zwaarder"})


@example("POST /beheer/organisatie")
async def _organisation_form(world: World, role: str | None) -> Call:
    version = await _version(world, "organisations", world.ids["organisation_id"])
    return form_call(role, {"version": version, "name": "Pleegzorg Alfa (test)",
                            "kind": "provider"})


@example("POST /werving/aanmeldingen/nieuw")
async def _new_lead(world: World, role: str | None) -> Call:
    return form_call(role, {"full_name": "Familie Nieuw", "postcode": "3511",
                            "email": f"{world.fresh('l')}@example.test"})


@example("POST /werving/aanmeldingen/{lead_id:uuid}/fase")
async def _lead_stage(world: World, role: str | None) -> Call:
    lead = await world.provide("lead_id")
    version = await _version(world, "recruitment_leads", lead)
    return form_call(role, {"to_stage": "informatiepakket", "version": version},
                     params={"lead_id": lead})


@example("POST /werving/aanmeldingen/{lead_id:uuid}/goedkeuren")
async def _lead_approve(world: World, role: str | None) -> Call:
    from tests.security.examples_domains import _api, _lead

    lead = await _lead(world)  # each caller its own lead: approval happens only once
    version = await _version(world, "recruitment_leads", lead)
    await _api(world, "werver", "POST", f"/api/v1/recruitment/leads/{lead}/stage",
               json={"to_stage": "screening", "version": int(version)})
    version = await _version(world, "recruitment_leads", lead)
    return form_call(role, {"version": version, "interest_placement_types": "long_term",
                            "spare_rooms": "1", "age_min": "4", "age_max": "12"},
                     params={"lead_id": lead})


@example("POST /werving/aanmeldingen/{lead_id:uuid}/samenvoegen")
async def _lead_merge(world: World, role: str | None) -> Call:
    from tests.security.examples_domains import _lead

    keep, other = await _lead(world), await _lead(world)
    return form_call(role, {"other_lead_id": str(other)}, params={"lead_id": keep})


@example("POST /werving/aanmeldingen/{lead_id:uuid}/taak")
async def _lead_task(world: World, role: str | None) -> Call:
    await world.provide("lead_id")
    return form_call(role, {"title": "Bellen", "due_on": local_today().isoformat()})


@example("POST /werving/import")
async def _lead_import(world: World, role: str | None) -> Call:
    csv = f"name,postcode,email\nImport {world.fresh('x')},3524,{world.fresh('csv')}@voorbeeld.test\n"
    parts = [("bestand", csv, 'filename="aanmeldingen.csv"\r\nContent-Type: text/csv'),
             ("proef", "1", "")]
    if role is None:
        parts.append(("csrf_token", "same-on-both", ""))
    body = "".join(f'--grens\r\nContent-Disposition: form-data; name="{name}"'
                   f'{"; " + extra if extra else ""}\r\n\r\n{value}\r\n'
                   for name, value, extra in parts) + "--grens--\r\n"
    return Call(content=body.encode(), cookies=LOGIN_CSRF if role is None else {},
                headers={"Content-Type": "multipart/form-data; boundary=grens"})


@example("POST /werving/campagnes/nieuw")
async def _new_campaign(world: World, role: str | None) -> Call:
    return form_call(role, {"code": world.fresh("CAMP").upper().replace("_", "-"),
                            "name": "Voorjaar", "channels": "website",
                            "starts_on": local_today().isoformat()})


@example("POST /werving/campagnes/{campaign_id:uuid}")
async def _edit_campaign(world: World, role: str | None) -> Call:
    campaign = await world.provide("campaign_id")
    version = await _version(world, "recruitment_campaigns", campaign)
    return form_call(role, {"version": version, "name": "Voorjaar bijgewerkt",
                            "channels": "krant", "starts_on": local_today().isoformat()},
                     params={"campaign_id": campaign})


@example("GET /rangschikkingen/{snapshot_id:uuid}/vergelijken")
async def _compare(world: World, role: str | None) -> Call:
    from tests.security.examples_domains import _api

    for _ in range(2):
        await world.new_carer()
    found = await _api(world, "plaatser", "POST",
                       f"/api/v1/requests/{world.ids['request_id']}/search", json={})
    ranks = [str(o["rank"]) for o in found["ranking"]["options"][:2]]
    return Call(params={"snapshot_id": found["snapshot_id"]},
                query={"rang": ranks})  # type: ignore[dict-item]
