"""No personal data in the database server's log: a unique-key violation by the app role (an
e-mail address that exists, a case reference in use) is logged without its DETAIL line, which
would quote the value, and without the statement."""

from __future__ import annotations

import pytest

from placement.db.embedded import _SERVERS
from placement.settings import PROJECT_ROOT
from tests.factories import Actors

EMAIL = "dubbel.persoon@logtest.example"
REFERENCE = "UTR-LOGVRIJ-77"


def _server_log():  # type: ignore[no-untyped-def]
    pgdata = (PROJECT_ROOT / ".test-data" / "pgdata").resolve()
    server = _SERVERS.get(pgdata)
    if server is None:
        pytest.skip("the server log is only at hand for the embedded test server")
    return server.log  # type: ignore[attr-defined]


async def test_unique_violations_leave_no_values_in_the_server_log(client, actors: Actors,
                                                                   conn) -> None:
    log = _server_log()
    start = log.stat().st_size
    admin = actors.a["beheerder"].headers
    user = {"email": EMAIL, "display_name": "Dubbel", "roles": ["werver"]}
    assert (await client.post("/api/v1/users", json=user, headers=admin)).status_code == 201
    assert (await client.post("/api/v1/users", json=user, headers=admin)).status_code == 409
    child = {"case_reference": REFERENCE, "given_name": "Dubbel", "birth_date": "2014-01-01",
             "gender": "f", "home_postcode": "3522"}
    officer = actors.a["plaatser"].headers
    assert (await client.post("/api/v1/children", json=child, headers=officer)).status_code == 201
    assert (await client.post("/api/v1/children", json=child, headers=officer)).status_code == 409
    written = log.read_bytes()[start:].decode("utf-8", "replace")
    assert "duplicate key value violates unique constraint" in written  # the event is there
    assert EMAIL not in written and REFERENCE not in written
    assert "DETAIL" not in written
