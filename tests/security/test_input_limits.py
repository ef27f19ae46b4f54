"""Inputs at the edges: a CSV cell over the csv module's limit, an upload with thousands of
mistakes (the answer lists the first 1,000 and the total), names made only of invisible
characters, direction overrides, phone numbers, and the command-line import of unreadable files
(one short message, no traceback)."""

from __future__ import annotations

import msgspec
import pytest
from click.testing import CliRunner

from placement.cli import main
from placement.core.schemas import Strict
from placement.core.validation import MAX_ERRORS, Phone, text_problem
from tests.factories import Actors, make_actor
from tests.scenario_helpers import small_document

CSV_URL = "/api/v1/recruitment/leads/import"
CSV_HEADER = ("name,email,phone,postcode,campaign_code,heard_via,placement_types,family_home,"
              "own_children_birth_years,spare_rooms,consent_contact,consent_keep,"
              "consent_text_version,submitted_at\n")


class _Person(Strict):
    name: str
    phone: Phone | None = None
    notes: list[str] = []


@pytest.mark.parametrize("text", ["\u200b\u200b", "\u3164", " \u2060 ", "\u00a0", "\u180e\u200d"])
def test_a_name_of_only_invisible_characters_is_refused(text: str) -> None:
    with pytest.raises(msgspec.ValidationError, match="`name`: contains only invisible"):
        msgspec.json.decode(msgspec.json.encode({"name": text}), type=_Person)


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u2069", "\x00", "\x1b", "\x85"])
def test_direction_overrides_and_control_characters_are_refused(char: str) -> None:
    with pytest.raises(msgspec.ValidationError, match=r"`notes\[1\]`: contains"):
        msgspec.json.decode(msgspec.json.encode({"name": "Sanne", "notes": ["ok", f"a{char}b"]}),
                            type=_Person)


def test_ordinary_names_and_text_pass() -> None:
    for text in ("Sanne de Vries", "Zoë Öztürk-Ñúñez", "Anne-Marie\nregel twee", "李小龙", "👍🏽"):
        assert text_problem(text) is None, text


@pytest.mark.parametrize("phone", ["030 123 45 67", "(030) 123 45 67", "+31 6 12345678",
                                   "06-12345678", "0031 30 1234567", "+31 (0)6 1234 5678"])
def test_real_phone_numbers_pass(phone: str) -> None:
    assert msgspec.convert({"name": "Sanne", "phone": phone}, _Person).phone == phone


@pytest.mark.parametrize("phone", ["12345", "++31612345678", "06--12345678", "+--------+",
                                   "0612345678901234567", "06 1234 abcd", "(((())))0612"])
def test_phone_numbers_that_are_not_are_refused(phone: str) -> None:
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert({"name": "Sanne", "phone": phone}, _Person)


async def test_a_csv_cell_over_the_field_limit_is_a_400_naming_the_line(
        client, actors: Actors, conn) -> None:
    row = ("Ilse van Dam,ilse@x.test,,3564AB,,social,long_term,nee,,1,ja,nee,2026-01,"
           f"06-03-2026 14:30,\"{'x' * 140_000}\"\n")
    response = await client.post(CSV_URL, content=(CSV_HEADER + row).encode(), headers={
        **actors["werver"].headers, "Content-Type": "text/csv"})
    assert response.status_code == 400, response.text
    error = response.json()["errors"][0]
    assert error["row"] == 2 and "longer than" in error["reason"]
    assert await conn.fetchval("SELECT count(*) FROM recruitment_leads") == 0


async def test_a_csv_name_with_a_nul_byte_names_the_column(client, actors: Actors, conn) -> None:
    row = "Ilse\x00van Dam,ilse@x.test,,3564AB,,social,long_term,nee,,1,ja,nee,2026-01,\n"
    response = await client.post(CSV_URL, content=(CSV_HEADER + row).encode(), headers={
        **actors["werver"].headers, "Content-Type": "text/csv"})
    assert response.status_code == 400, response.text
    assert {(e.get("row"), e["field"]) for e in response.json()["errors"]} == {(2, "name")}
    assert await conn.fetchval("SELECT count(*) FROM recruitment_leads") == 0


async def test_an_upload_with_thousands_of_mistakes_lists_the_first_thousand_and_the_total(
        client, actors: Actors, conn) -> None:
    platform = await make_actor(conn, actors.org_a, "functioneel_beheer",
                                email="platform@alfa.test")
    document = small_document()
    document["schools"] = [{"id": "not-a-uuid", "name": "X"} for _ in range(2500)]
    response = await client.post("/api/v1/import", json=document, headers=platform.headers)
    assert response.status_code == 400
    body = response.json()
    assert len(body["errors"]) == MAX_ERRORS
    assert body["errors_total"] >= 2500
    assert len(response.content) < 300_000


@pytest.mark.parametrize(("content", "reason"), [
    (b'{"format": "placement-scenario", "name": "\xff\xfe"}', "not valid UTF-8"),
    (b"[" * 5000 + b"]" * 5000, "nested too deeply"),
    (b'{"format": "placement-scenario", "version": 1, "organisations": ['
     b'{"id": "3f0b1c8e-8f5e-4b7e-9a43-2f3d1c0e9b11", "name": "A\\u0000B"}]}', "NUL"),
])
def test_the_command_line_import_prints_a_short_error_not_a_traceback(
        tmp_path, database_dsn: str, content: bytes, reason: str) -> None:
    path = tmp_path / "scenario.json"
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["import", str(path)], env={"DATABASE_URL": database_dsn})
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert reason in result.output
    assert len(result.output.strip().splitlines()) <= 3
