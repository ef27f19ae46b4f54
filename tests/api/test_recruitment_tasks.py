"""Follow-up: a new lead gets a contact task due within 2 working days (weekend aware), and
overdue tasks are listed per recruiter and per campaign."""

from __future__ import annotations

from tests.api.recruitment_helpers import CAMPAIGN, make_campaign, make_lead
from tests.factories import Actors, make_actor

FRIDAY_MORNING = "2026-03-06T10:15:00+01:00"
MONDAY_MORNING = "2026-03-09T09:00:00+01:00"


async def overdue(client, headers, day: str) -> dict:
    response = await client.get(f"/api/v1/recruitment/tasks/overdue?as_of={day}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_lead_on_friday_is_due_tuesday_and_overdue_wednesday(client, actors: Actors,
                                                                  conn) -> None:
    recruiter = actors["werver"]
    colleague = await make_actor(conn, actors.org_a, "werver", email="werver2@alfa.test")
    await make_campaign(client, recruiter.headers)
    friday = await make_lead(client, recruiter.headers, campaign_code=CAMPAIGN,
                             registered_at=FRIDAY_MORNING)
    monday = await make_lead(client, recruiter.headers, full_name="Ahmed Bakker",
                             email="a.bakker@voorbeeld.test", phone="0612121212",
                             registered_at=MONDAY_MORNING, assigned_user_id=str(colleague.user_id))
    assert friday["tasks"][0]["due_on"] == "2026-03-10"  # Friday + Monday, Tuesday
    assert monday["tasks"][0]["due_on"] == "2026-03-11"
    assert monday["tasks"][0]["assigned_user_id"] == str(colleague.user_id)

    assert (await overdue(client, recruiter.headers, "2026-03-10"))["total"] == 0
    wednesday = await overdue(client, recruiter.headers, "2026-03-11")
    assert wednesday["total"] == 1
    assert [(g["key"], g["count"]) for g in wednesday["by_recruiter"]] == [
        (str(recruiter.user_id), 1)]
    assert [(g["key"], g["count"]) for g in wednesday["by_campaign"]] == [(CAMPAIGN, 1)]
    assert wednesday["by_campaign"][0]["tasks"][0]["lead_id"] == friday["id"]

    thursday = await overdue(client, recruiter.headers, "2026-03-12")
    assert thursday["total"] == 2
    assert {g["key"]: g["count"] for g in thursday["by_recruiter"]} == {
        str(recruiter.user_id): 1, str(colleague.user_id): 1}
    assert {g["key"]: g["count"] for g in thursday["by_campaign"]} == {CAMPAIGN: 1, None: 1}


async def test_done_task_is_no_longer_overdue(client, actors: Actors) -> None:
    recruiter = actors["werver"]
    lead = await make_lead(client, recruiter.headers, registered_at=FRIDAY_MORNING)
    task = lead["tasks"][0]
    done = await client.patch(f"/api/v1/recruitment/tasks/{task['id']}",
                              json={"done": True, "version": task["version"]},
                              headers=recruiter.headers)
    assert done.status_code == 200, done.text
    assert done.json()["done_at"] is not None
    assert (await overdue(client, recruiter.headers, "2026-03-20"))["total"] == 0


async def test_holidays_push_the_due_date(client, actors: Actors) -> None:
    # Thursday before Easter 2026: Good Friday is a working day, Easter Monday (6 April) is not.
    lead = await make_lead(client, actors["werver"].headers,
                           registered_at="2026-04-02T16:00:00+02:00")
    assert lead["tasks"][0]["due_on"] == "2026-04-07"


async def test_other_organisations_tasks_stay_out_of_the_list(client, actors: Actors) -> None:
    await make_lead(client, actors.a["werver"].headers, registered_at=FRIDAY_MORNING)
    assert (await overdue(client, actors.b["werver"].headers, "2026-03-20"))["total"] == 0
