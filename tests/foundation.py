"""Shared helpers for the foundation API tests: request bodies and quick record creation."""

from __future__ import annotations

import itertools
from typing import Any

import asyncpg

_case_numbers = itertools.count(1)


async def count(conn: asyncpg.Connection, table: str) -> int:
    return int(await conn.fetchval(f"SELECT count(*) FROM {table}"))


async def counts(conn: asyncpg.Connection, *tables: str) -> dict[str, int]:
    return {table: await count(conn, table) for table in tables}


def carer_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Familie De Vries",
        "kind": "foster_family",
        "foster_kind": "general",
        "postcode": "3563 CD",
        "address": "Lindelaan 7",
        "placement_types": ["short_term", "long_term"],
        "places": 2,
        "age_min": 4,
        "age_max": 12,
        "competences": [{"code": "trauma", "level": "full"},
                        {"code": "autisme", "level": "with_support",
                         "support_note": "ambulante begeleiding"}],
        "own_children_birth_years": [2012],
        "languages": ["Nederlands"],
    }
    body.update(overrides)
    return body


def child_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "case_reference": f"TST-{next(_case_numbers):05d}",
        "given_name": "Sem",
        "birth_date": "2015-06-01",
        "gender": "m",
        "home_postcode": "3522",
    }
    body.update(overrides)
    return body


async def create(client: Any, url: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    response = await client.post(url, json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def new_child(client: Any, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    return await create(client, "/api/v1/children", child_body(**overrides), headers)


async def new_carer(client: Any, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    return await create(client, "/api/v1/carers", carer_body(**overrides), headers)


def fields(response: Any) -> set[str]:
    return {e["field"] for e in response.json().get("errors", [])}
