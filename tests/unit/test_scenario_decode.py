"""Decoding a scenario record by record, with JSON-pointer-like paths."""

from __future__ import annotations

import uuid

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
