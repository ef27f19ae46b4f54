"""Decoding a scenario record by record, with JSON-pointer-like paths."""

from __future__ import annotations

import uuid

import pytest

from placement.scenario.decode import decode, msgspec_path


def test_msgspec_messages_become_paths() -> None:
    assert msgspec_path("/carers/3", "Invalid UUID - at `$.places[0].id`") == (
        "/carers/3/places/0/id", "Invalid UUID")
    assert msgspec_path("/children/1", "Object contains unknown field `nationality`") == (
        "/children/1/nationality", "unknown field")
    assert msgspec_path("/schools/0", "Object missing required field `kind`") == (
        "/schools/0/kind", "required field missing")


def test_every_malformed_record_is_reported_and_the_rest_kept() -> None:
    org = str(uuid.uuid4())
    decoded = decode({
        "format": "placement-scenario", "version": 1, "colour": "blue",
        "organisations": [{"id": org, "name": "Demo"}, {"id": "nope", "name": "Other"}],
        "schools": [{"id": str(uuid.uuid4()), "name": "S", "kind": "primary", "postcode": 3511}],
    })
    assert decoded.scenario is not None
    assert [o.name for o in decoded.scenario.organisations] == ["Demo"]
    assert {e["path"] for e in decoded.errors} == {"/colour", "/organisations/1/id",
                                                  "/schools/0/postcode"}


def test_wrong_format_or_version_or_not_json() -> None:
    assert {e["path"] for e in decode({"format": "x", "version": 2}).errors} == {"/format",
                                                                                  "/version"}
    not_json = decode(b"{oops")
    assert not_json.scenario is None and not_json.errors[0]["path"] == ""


def test_documented_json_schema_matches_the_structs() -> None:
    from placement.scenario.jsonschema import SCHEMA_PATH, render

    assert SCHEMA_PATH.read_text(encoding="utf-8") == render(), (
        "docs/scenario.schema.json is stale: run python -m placement.scenario.jsonschema")


def test_generated_documents_satisfy_the_json_schema() -> None:
    import json

    import msgspec

    jsonschema_rs = pytest.importorskip("jsonschema_rs")  # arrives with schemathesis (dev)
    from placement.demo.generate import generate_scenario
    from placement.scenario.jsonschema import scenario_json_schema

    validator = jsonschema_rs.validator_for(scenario_json_schema())
    document = json.loads(msgspec.json.encode(generate_scenario("utrecht", 3)))
    assert validator.is_valid(document)
    document["children"][0]["ethnicity"] = "x"
    assert not validator.is_valid(document)
