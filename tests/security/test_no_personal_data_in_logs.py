"""Application logs never contain personal data: names, addresses, birth dates, e-mail."""

from __future__ import annotations

import logging

from tests.factories import Actors

NAME = "Quirijntje-Logvrij"
ADDRESS = "Zeldzamestraat 987"
BIRTH_DATE = "2013-07-29"
EMAIL = "geheim.persoon@logtest.example"


async def test_logs_hold_no_names_addresses_or_birth_dates(client, actors: Actors,
                                                           caplog) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("", "placement", "litestar", "uvicorn", "uvicorn.error", "uvicorn.access",
                 "asyncpg", "httpx"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    officer = actors.a["plaatser"].headers
    body = {"case_reference": "UTR-LOG-1", "given_name": NAME, "birth_date": BIRTH_DATE,
            "gender": "x", "home_postcode": "3522", "home_address": ADDRESS}
    created = await client.post("/api/v1/children", json=body, headers=officer)
    assert created.status_code == 201
    child = created.json()["id"]
    await client.get(f"/api/v1/children/{child}", headers=officer)
    await client.get("/api/v1/children", headers=officer)
    await client.patch(f"/api/v1/children/{child}", headers=officer,
                       json={"version": 1, "home_address": ADDRESS + " bis"})
    # Failures too: a validation error, a refused read, a stale write, a failed login.
    bad = await client.post("/api/v1/children", headers=officer,
                            json={**body, "case_reference": "UTR-LOG-2", "birth_date": "2999-01-01"})
    assert bad.status_code == 400
    await client.post("/api/v1/children", headers=officer, json={**body, "nationaliteit": NAME})
    await client.get(f"/api/v1/children/{child}", headers=actors.b["plaatser"].headers)
    await client.patch(f"/api/v1/children/{child}", headers=officer,
                       json={"version": 1, "given_name": NAME + "2"})
    await client.post("/api/v1/auth/login", json={"email": EMAIL, "password": NAME})
    logged = "\n".join(r.getMessage() + " " + str(r.args) + " " + (r.exc_text or "")
                       for r in caplog.records)
    assert caplog.records, "nothing was captured: the check would prove nothing"
    for secret in (NAME, ADDRESS, BIRTH_DATE, "29-07-2013", EMAIL, "Zeldzamestraat"):
        assert secret not in logged, secret
