"""The JSON Schema of the scenario format, derived from the structs so it cannot drift.

    .venv/bin/python -m placement.scenario.jsonschema   # rewrites docs/scenario.schema.json
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

from placement.scenario.schemas import Scenario
from placement.settings import PROJECT_ROOT

SCHEMA_PATH = PROJECT_ROOT / "docs" / "scenario.schema.json"


def scenario_json_schema() -> dict[str, Any]:
    schema = msgspec.json.schema(Scenario)
    for definition in schema["$defs"].values():
        if definition.get("type") == "object":
            definition["additionalProperties"] = False  # unknown fields are rejected
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://placement.example/schemas/scenario-1.json",
        "title": "Placement scenario, version 1",
        "description": "A whole scenario: organisations, schools, clubs, carers with places and "
                       "occupancy, children, sibling and network ties, placement requests. "
                       "See docs/scenario.md.",
        **schema,
    }


def render() -> str:
    return json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
