"""Shared helpers for the recruitment tests: generated (synthetic) people only."""

from __future__ import annotations

from typing import Any

CAMPAIGN = "UTR-2026-VOORJAAR"


def campaign_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": CAMPAIGN, "name": "Pleegouders gezocht in Utrecht", "channels": ["social", "krant"],
        "starts_on": "2026-01-05", "ends_on": "2026-06-30", "target_wijken": ["overvecht"],
        "target_placement_types": ["long_term"], "target_age_bands": ["4-11"],
        "target_needs": ["trauma"], "budget_euros": 12500,
    }
    body.update(overrides)
    return body


def lead_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "full_name": "Sanne de Wit", "email": "sanne.dewit@voorbeeld.test",
        "phone": "06-11223344", "postcode": "3564 AB", "heard_via": "social",
        "interest_placement_types": ["long_term", "part_time"],
        "own_children_birth_years": [2014, 2017], "spare_rooms": 2,
        "competences": [{"code": "trauma"}],
        "consents": [{"purpose": "contact", "text_version": "2026-01"}],
    }
    body.update(overrides)
    return body


async def make_campaign(client: Any, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = await client.post("/api/v1/recruitment/campaigns", json=campaign_body(**overrides),
                                 headers=headers)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def make_lead(client: Any, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = await client.post("/api/v1/recruitment/leads", json=lead_body(**overrides),
                                 headers=headers)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def move(client: Any, headers: dict[str, str], lead: dict[str, Any], to_stage: str,
               expect: int = 200, **extra: Any) -> dict[str, Any]:
    response = await client.post(f"/api/v1/recruitment/leads/{lead['id']}/stage",
                                 json={"to_stage": to_stage, "version": lead["version"], **extra},
                                 headers=headers)
    assert response.status_code == expect, response.text
    return response.json()  # type: ignore[no-any-return]
