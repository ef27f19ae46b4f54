"""`placement geodata import`: the national PC4 table into postcode_areas."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from placement.cli import main
from placement.geo.service import GeoIndex, import_national, seed_utrecht
from placement.settings import Settings


def _po_box_only(path: Path) -> set[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["postcode"] for row in csv.DictReader(handle) if row["soort"] == "Postbus"}


async def test_national_import_skips_po_boxes_and_keeps_utrecht_wijken(
        conn, settings: Settings, national_pc4: Path) -> None:
    await seed_utrecht(conn, settings.geodata_dir)
    imported, skipped, problems = await import_national(conn, national_pc4)
    po_boxes = _po_box_only(national_pc4)
    assert skipped == len(po_boxes) > 500
    assert problems == []
    count = await conn.fetchval("SELECT count(*) FROM postcode_areas")
    assert count == imported > 3500
    stored = {r["pc4"] for r in await conn.fetch("SELECT pc4 FROM postcode_areas")}
    assert stored.isdisjoint(po_boxes)
    wijken = dict(await conn.fetch(
        "SELECT pc4, wijk_code FROM postcode_areas WHERE wijk_code IS NOT NULL"))
    assert wijken["3511"] == "binnenstad" and wijken["3524"] is not None
    assert len(set(wijken.values())) == 10
    geo = await GeoIndex().load(conn)
    assert geo.resolve("9711").pc4 == "9711"  # Groningen is known now
    assert geo.resolve("3581").wijk_code == "oost"


def test_cli_imports_the_table_and_reports_the_skipped_rows(
        database_dsn: str, national_pc4: Path) -> None:
    result = CliRunner().invoke(main, ["geodata", "import", str(national_pc4)],
                                env={"DATABASE_URL": database_dsn})
    assert result.exit_code == 0, result.output
    assert "Imported" in result.output and "PO-box" in result.output


def test_cli_refuses_a_file_that_is_not_a_postcode_table(database_dsn: str, tmp_path: Path) -> None:
    other = tmp_path / "people.csv"
    other.write_text("name,city\nA,B\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["geodata", "import", str(other)],
                                env={"DATABASE_URL": database_dsn})
    assert result.exit_code == 1
    assert "columns" in result.output
