"""Postcode to coordinate to wijk, on the project's Utrecht table (no database)."""

from __future__ import annotations

import pytest

from placement.core.errors import ValidationFailed
from placement.geo.service import GeoIndex
from placement.geo.tables import read_utrecht
from placement.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def geo() -> GeoIndex:
    index = GeoIndex()
    index.pc4 = {r.pc4: (r.latitude, r.longitude, r.wijk_code, r.place_name, r.municipality)
                 for r in read_utrecht(PROJECT_ROOT / "geodata" / "utrecht_pc4.csv")}
    index.pc6 = {"3511AB": (52.0931, 5.1102)}
    return index


def test_a_pc6_that_is_known_gives_its_own_coordinate(geo: GeoIndex) -> None:
    where = geo.resolve("3511 ab")
    assert (where.postcode, where.precision) == ("3511AB", "pc6")
    assert (where.latitude, where.longitude) == (52.0931, 5.1102)
    assert where.wijk_code == "binnenstad"


def test_an_unknown_pc6_falls_back_to_its_pc4_centre_and_says_so(geo: GeoIndex) -> None:
    where = geo.resolve("3563XY")
    assert (where.postcode, where.pc4, where.precision) == ("3563XY", "3563", "pc4")
    assert where.wijk_code == "overvecht"


@pytest.mark.parametrize(("text", "reason"), [
    ("9999", "unknown postcode 9999"),
    ("0123", "not a Dutch postcode (expected 1234 or 1234 AB)"),
    ("3511SA", "letter pair SA is not used in Dutch postcodes"),
])
def test_a_bad_or_unknown_postcode_is_refused_naming_the_field(
        geo: GeoIndex, text: str, reason: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        geo.resolve(text, "home_postcode")
    assert refused.value.errors == [{"field": "home_postcode", "reason": reason}]


def test_a_coordinate_lies_in_the_wijk_of_the_nearest_area(geo: GeoIndex) -> None:
    assert geo.wijk_at(52.1225, 5.1195) == "overvecht"  # near the centre of 3563
    assert geo.wijk_at(52.0785, 5.0160) == "vleuten_de_meern"  # De Meern, 3454


def test_a_coordinate_far_from_utrecht_is_in_no_wijk(geo: GeoIndex) -> None:
    assert geo.wijk_at(52.3676, 4.9041) is None  # Amsterdam
