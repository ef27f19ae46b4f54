"""The demo generator: deterministic, realistic proportions, clearly fictional."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from placement.demo.areas import DemoDataUnavailable
from placement.demo.generate import generate_scenario

DAY = dt.date(2026, 3, 1)


@pytest.fixture(scope="module")
def document() -> dict:
    return generate_scenario("utrecht", 7, today=DAY)


def test_same_seed_same_document_and_other_seed_other_people(document: dict) -> None:
    assert generate_scenario("utrecht", 7, today=DAY) == document
    other = generate_scenario("utrecht", 8, today=DAY)
    assert other != document
    assert {c["id"] for c in other["carers"]}.isdisjoint({c["id"] for c in document["carers"]})


def test_utrecht_proportions(document: dict) -> None:
    assert len(document["schools"]) == 60
    assert len(document["clubs"]) == 40
    assert Counter(s["kind"] for s in document["schools"]).keys() == {"primary", "secondary",
                                                                         "special"}
    carers = document["carers"]
    assert len(carers) == 300
    homes = [c for c in carers if c["kind"] == "family_home"]
    assert 15 <= len(homes) <= 25
    assert all(3 <= len(c["places"]) <= 4 for c in homes)
    network = [c for c in carers if c["foster_kind"] == "network"]
    assert 0.35 <= len(network) / len(carers) <= 0.45
    assert all(1 <= len(c["places"]) <= 2 for c in network)
    general = [c for c in carers if c["foster_kind"] == "general"]
    assert all(1 <= len(c["places"]) <= 3 for c in general)
    stale = [c for c in carers if dt.datetime.fromisoformat(c["availability_confirmed_at"]).date()
             < DAY - dt.timedelta(days=183)]
    assert 0.08 <= len(stale) / len(carers) <= 0.22


def test_utrecht_children_requests_and_siblings(document: dict) -> None:
    open_ids = {c for r in document["requests"] if r["status"] in ("open", "proposed")
                for c in r["child_ids"]}
    assert 140 <= len(open_ids) <= 160
    sizes = Counter(len(r["child_ids"]) for r in document["requests"])
    assert set(sizes) <= {1, 2, 3, 4, 5} and max(sizes) >= 3 and sizes[2] > 0
    intents = Counter(t["intent"] for t in document["sibling_ties"])
    assert intents["apart"] >= 1 and intents["contact"] >= 1
    assert all(t["apart_reason"] for t in document["sibling_ties"] if t["intent"] == "apart")
    assert any(r["referred_to_commission"] for r in document["requests"])
    placements = [o for c in document["carers"] for p in c["places"] for o in p["occupancies"]
                  if o["kind"] == "placement"]
    assert len(placements) >= 50
    assert any(c["safety_zones"] for c in document["children"])
    network_ids = {c["id"] for c in document["carers"] if c["foster_kind"] == "network"}
    assert network_ids <= {t["carer_id"] for t in document["network_ties"]}


def test_rare_must_needs_are_covered_by_few_carers(document: dict) -> None:
    rare = {"medisch", "lichamelijk"}
    needing = [c for c in document["children"]
               if any(n["code"] in rare and n["level"] == "must" for n in c["needs"])]
    covering = [c for c in document["carers"] if any(k["code"] in rare for k in c["competences"])]
    assert needing
    assert len(covering) / len(document["carers"]) < 0.15


def test_people_are_clearly_fictional_and_carry_no_origin(document: dict) -> None:
    assert all(c["case_reference"].startswith(f"DEMO-{DAY.year}-") for c in document["children"])
    assert all(c["name"].startswith(("Familie ", "Gezinshuis ")) for c in document["carers"])
    assert all("Demo" in o["name"] for o in document["organisations"])
    fields = {key for c in document["children"] for key in c} | {
        key for c in document["carers"] for key in c}
    assert not {f for f in fields if "national" in f or "ethnic" in f or "origin" in f}
    assert all(dt.date.fromisoformat(c["birth_date"]) < DAY for c in document["children"])


def test_national_size_without_the_postcode_table_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "4pp.csv"
    with pytest.raises(DemoDataUnavailable, match=str(missing)):
        generate_scenario("national", 1, missing)
