"""Parsing the project's Utrecht table and national 4pp-style tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from placement.geo.tables import read_national, read_utrecht
from placement.settings import PROJECT_ROOT

HEADER = ('id,postcode,"woonplaats","alternatieve_schrijfwijzen","gemeente","provincie",'
          '"netnummer",latitude,longitude,"soort"\n')


def _table(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "4pp.csv"
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_po_boxes_are_skipped_and_places_kept(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        '1,1000,"Amsterdam","","Amsterdam","Noord-Holland","020",52.33,4.86,"Postbus"',
        '2,3511,"Utrecht","","Utrecht","Utrecht","030",52.09,5.11,"Adres"',
        '3,3500,"Utrecht","","Utrecht","Utrecht","030",52.09,5.12,"Adres + Postbus"',
    )
    rows, skipped, problems = read_national(path)
    assert [r.pc4 for r in rows] == ["3511", "3500"]
    assert skipped == 1 and problems == []
    assert rows[0].place_name == "Utrecht" and rows[0].province == "Utrecht"
    assert rows[0].wijk_code is None  # the national table knows no wijken


def test_bad_rows_are_reported_with_their_line(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        '1,351,"X","","X","Utrecht","030",52.09,5.11,"Adres"',
        '2,3512,"X","","X","Utrecht","030",north,5.11,"Adres"',
        '3,3513,"X","","X","Utrecht","030",48.85,2.35,"Adres"',
    )
    rows, _, problems = read_national(path)
    assert rows == []
    assert [p.line for p in problems] == [2, 3, 4]
    assert "four digits" in problems[0].reason and "outside" in problems[2].reason


def test_a_table_without_coordinates_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("postcode,plaats\n3511,Utrecht\n", encoding="utf-8")
    with pytest.raises(ValueError, match="latitude"):
        read_national(path)


def test_utrecht_table_covers_the_ten_wijken() -> None:
    rows = read_utrecht(PROJECT_ROOT / "geodata" / "utrecht_pc4.csv")
    assert len({r.wijk_code for r in rows}) == 10
    assert all(52.0 < r.latitude < 52.2 and 4.9 < r.longitude < 5.2 for r in rows)
