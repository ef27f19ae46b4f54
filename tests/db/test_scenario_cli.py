"""The command line: demo-data, import, export, and the first-start loader of `make run`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from placement.cli import main
from placement.demo.loader import load_demo_if_empty
from placement.settings import Settings
from tests.scenario_helpers import canonical, small_document


def test_demo_data_to_file_import_and_export(database_dsn: str, tmp_path: Path) -> None:
    env = {"DATABASE_URL": database_dsn}
    runner = CliRunner()
    scenario = tmp_path / "utrecht.json"
    made = runner.invoke(main, ["demo-data", "--size", "utrecht", "--seed", "3", "--out",
                                str(scenario)], env=env)
    assert made.exit_code == 0, made.output
    imported = runner.invoke(main, ["import", str(scenario)], env=env)
    assert imported.exit_code == 0, imported.output
    assert "300 carers" in imported.output
    exported = tmp_path / "export.json"
    result = runner.invoke(main, ["export", "--out", str(exported)], env=env)
    assert result.exit_code == 0, result.output
    assert canonical(json.loads(exported.read_text())) == canonical(
        json.loads(scenario.read_text()))


def test_import_of_a_bad_file_lists_every_problem_and_exits_1(
        database_dsn: str, tmp_path: Path) -> None:
    document = small_document()
    document["carers"][1]["age_min"] = 30
    document["children"][0]["school_id"] = document["carers"][0]["id"]  # a carer, not a school
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(path)], env={"DATABASE_URL": database_dsn})
    assert result.exit_code == 1
    assert "/carers/1/age_min" in result.output
    assert "/children/0/school_id: no such school" in result.output
    assert "Nothing was imported" in result.output


async def test_loader_fills_an_empty_database_once(conn, settings: Settings, capsys) -> None:
    assert await load_demo_if_empty(settings) is True
    first = capsys.readouterr().out
    assert "Loaded Utrecht demo data" in first and first.count("\n") == 1
    children = await conn.fetchval("SELECT count(*) FROM children")
    assert children > 150
    assert await load_demo_if_empty(settings) is False
    assert "already holds" in capsys.readouterr().out
    assert await conn.fetchval("SELECT count(*) FROM children") == children
