"""Reading the project's Utrecht table and the national 4pp table (pure file parsing)."""

from __future__ import annotations

import csv
from pathlib import Path

import msgspec


class Pc4Row(msgspec.Struct, frozen=True):
    pc4: str
    latitude: float
    longitude: float
    place_name: str | None
    municipality: str | None
    province: str | None
    wijk_code: str | None


class ImportProblem(msgspec.Struct, frozen=True):
    line: int
    reason: str


def read_utrecht(path: Path) -> list[Pc4Row]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Pc4Row(row["pc4"], float(row["latitude"]), float(row["longitude"]), row["place_name"],
                   "Utrecht", "Utrecht", row["wijk_code"])
            for row in csv.DictReader(handle)
        ]


def read_national(path: Path) -> tuple[list[Pc4Row], int, list[ImportProblem]]:
    """Parse a 4pp.csv-style table. Returns (rows, skipped PO-box rows, problems).

    Rows whose `soort` is `Postbus` are PO-box ranges, not places where anyone lives: skipped.
    """
    rows: list[Pc4Row] = []
    problems: list[ImportProblem] = []
    skipped = 0
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"postcode", "latitude", "longitude"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"not a postcode table: columns {sorted(missing)} missing")
        for line, row in enumerate(reader, start=2):
            if (row.get("soort") or "").strip() == "Postbus":
                skipped += 1
                continue
            pc4 = (row.get("postcode") or "").strip()
            try:
                lat, lon = float(row["latitude"]), float(row["longitude"])
            except (TypeError, ValueError):
                problems.append(ImportProblem(line, "latitude/longitude is not a number"))
                continue
            if not (len(pc4) == 4 and pc4.isdigit() and pc4[0] != "0"):
                problems.append(ImportProblem(line, f"postcode {pc4!r} is not four digits"))
                continue
            if not (50.5 <= lat <= 53.8 and 3.2 <= lon <= 7.3):
                problems.append(ImportProblem(line, "coordinate outside the Netherlands"))
                continue
            rows.append(Pc4Row(pc4, lat, lon, row.get("woonplaats") or None,
                               row.get("gemeente") or None, row.get("provincie") or None, None))
    return rows, skipped, problems
