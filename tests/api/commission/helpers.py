"""A referred case built through the API as people would: a child who needs autism care, one
family that offers it fully and one that can offer it only with ambulant support, a search, and
the officer's referral."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg

from placement.core.clock import local_today
from tests.factories import Actors, make_school
from tests.factories_matching import make_carer, make_child, make_request

QUESTION = "Kan deze jeugdige met ambulante begeleiding in een pleeggezin wonen in plaats van een groep?"
MOTIVATION = "Geen bestandsgezin biedt autismezorg volledig; residentieel is het alternatief."


@dataclass
class Case:
    request_id: UUID
    child_id: UUID
    snapshot_id: UUID
    full_carer: UUID
    support_carer: UUID
    result: dict[str, Any]


async def add_competence(conn: asyncpg.Connection, carer_id: UUID, need: str, level: str,
                         note: str | None = None) -> None:
    await conn.execute(
        """INSERT INTO carer_competences (carer_id, need_code, level, support_note)
           VALUES ($1, $2, $3, $4)""", carer_id, need, level, note)


async def open_case(client: Any, conn: asyncpg.Connection, actors: Actors,
                    reference: str = "UTR-C-1") -> Case:
    school = await make_school(conn)
    full = await make_carer(conn, actors.org_a, "Familie Volledig", east=3)
    support = await make_carer(conn, actors.org_a, "Familie Met Steun", east=0.5)
    await add_competence(conn, full, "autisme", "full")
    await add_competence(conn, support, "autisme", "with_support", "ambulante begeleiding")
    child = await make_child(conn, actors.org_a, reference, school_id=school,
                             needs=(("autisme", "must"),))
    request_id = await make_request(conn, actors.org_a, child)
    search = await client.post(f"/api/v1/requests/{request_id}/search", json={"limit": 5},
                               headers=actors.a["plaatser"].headers)
    assert search.status_code == 201, search.text
    result = search.json()
    return Case(request_id, child, UUID(result["snapshot_id"]), full, support, result)


async def referred_case(client: Any, conn: asyncpg.Connection, actors: Actors,
                        reference: str = "UTR-C-1") -> Case:
    case = await open_case(client, conn, actors, reference)
    response = await client.post(f"/api/v1/requests/{case.request_id}/commission/referrals",
                                 json={"question": QUESTION, "motivation": MOTIVATION},
                                 headers=actors.a["plaatser"].headers)
    assert response.status_code == 201, response.text
    return case


def option_rank(case: Case, carer_id: UUID) -> int:
    ranks = [o["rank"] for o in case.result["ranking"]["options"]
             if o["carer_id"] == str(carer_id)]
    assert ranks, case.result["ranking"]["options"]
    return int(ranks[0])


def decision_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "outcome": "non_family_care",
        "motivation": "Geen gezin kan de veiligheid nu bieden; over drie maanden opnieuw bekijken.",
        "decided_on": local_today().isoformat(),
        "members_present": ["A. Jansen (voorzitter)", "B. de Groot", "C. Bakker"],
    }
    body.update(overrides)
    return body
