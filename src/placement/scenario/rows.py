"""Scenario <-> table rows (pure). to_rows feeds the bulk COPY; from_rows rebuilds the document
for export, so that export(import(x)) == x up to ordering."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import asyncpg
import msgspec

from placement.scenario import schemas as s
from placement.scenario.validate import Spot

Rows = dict[str, list[tuple[Any, ...]]]


def to_rows(scenario: s.Scenario, spots: dict[str, Spot], now: dt.datetime) -> Rows:
    rows: Rows = defaultdict(list)
    rows["organisations"] = [(o.id, o.name, o.kind) for o in scenario.organisations]
    for kind in ("schools", "clubs"):
        for i, r in enumerate(getattr(scenario, kind)):
            spot = spots[f"/{kind}/{i}"]
            middle = r.kind if kind == "schools" else r.activity
            rows[kind].append((r.id, r.name, middle, spot.postcode, spot.latitude, spot.longitude,
                               spot.wijk_code))
    for i, c in enumerate(scenario.carers):
        spot = spots[f"/carers/{i}"]
        rows["carers"].append((
            c.id, c.organisation_id, c.name, c.kind, c.foster_kind, spot.postcode, spot.latitude,
            spot.longitude, spot.wijk_code, c.address, list(c.placement_types), c.age_min,
            c.age_max, list(c.genders_accepted), list(c.own_children_birth_years),
            list(c.languages), c.religion, c.availability_confirmed_at, c.status))
        rows["carer_competences"].extend((c.id, k.code, k.level, k.support_note)
                                         for k in c.competences)
        for p in c.places:
            rows["places"].append((p.id, c.id, p.label, p.is_active))
            rows["occupancies"].extend(
                (o.id, p.id, o.child_id, o.request_id, o.kind, asyncpg.Range(o.start, o.end),
                 o.placement_type, o.status, o.end_reason) for o in p.occupancies)
    for i, ch in enumerate(scenario.children):
        home, parents = spots[f"/children/{i}"], spots.get(f"/children/{i}/parents")
        rows["children"].append((
            ch.id, ch.organisation_id, ch.case_reference, ch.given_name, ch.birth_date, ch.gender,
            home.postcode, home.latitude, home.longitude, home.wijk_code, ch.home_address,
            parents.postcode if parents else None, parents.latitude if parents else None,
            parents.longitude if parents else None, ch.school_id))
        wishes = {k: v for k, v in msgspec.to_builtins(ch.wishes).items() if v is not None}
        if wishes:
            rows["child_wishes"].append((ch.id, wishes))
        rows["child_needs"].extend((ch.id, n.code, n.level) for n in ch.needs)
        rows["child_activities"].extend((ch.id, club) for club in ch.club_ids)
        for j, z in enumerate(ch.safety_zones):
            spot = spots[f"/children/{i}/safety_zones/{j}"]
            rows["child_safety_zones"].append((z.id, ch.id, spot.postcode, spot.latitude,
                                               spot.longitude, z.min_distance_km))
        rows["child_carer_exclusions"].extend((ch.id, e.carer_id, e.reason)
                                              for e in ch.excluded_carers)
    rows["sibling_ties"] = [(t.id, t.child_a_id, t.child_b_id, t.kind, t.intent, t.apart_reason)
                            for t in scenario.sibling_ties]
    rows["network_ties"] = [(t.id, t.child_id, t.carer_id, t.relation)
                            for t in scenario.network_ties]
    for r in scenario.requests:
        rows["placement_requests"].append((
            r.id, r.organisation_id, r.placement_type, r.urgency, r.desired_start,
            r.expected_duration_days, r.status, r.referred_to_commission, r.notes,
            r.created_at or now))
        rows["placement_request_children"].extend((r.id, child) for child in r.child_ids)
    return rows


def _group(records: list[asyncpg.Record], key: str) -> dict[Any, list[asyncpg.Record]]:
    grouped: dict[Any, list[asyncpg.Record]] = defaultdict(list)
    for r in records:
        grouped[r[key]].append(r)
    return grouped


def from_rows(tables: dict[str, list[asyncpg.Record]]) -> s.Scenario:
    competences = _group(tables["carer_competences"], "carer_id")
    places = _group(tables["places"], "carer_id")
    occupancies = _group(tables["occupancies"], "place_id")
    needs = _group(tables["child_needs"], "child_id")
    activities = _group(tables["child_activities"], "child_id")
    zones = _group(tables["child_safety_zones"], "child_id")
    exclusions = _group(tables["child_carer_exclusions"], "child_id")
    request_children = _group(tables["placement_request_children"], "request_id")

    def occupancy(o: asyncpg.Record) -> s.Occupancy:
        return s.Occupancy(id=o["id"], kind=o["kind"], start=o["start"], end=o["end_"],
                           placement_type=o["placement_type"], status=o["status"],
                           end_reason=o["end_reason"], child_id=o["child_id"],
                           request_id=o["request_id"])

    carers = [
        s.Carer(
            id=c["id"], organisation_id=c["organisation_id"], name=c["name"], kind=c["kind"],
            foster_kind=c["foster_kind"], postcode=c["postcode"], latitude=c["latitude"],
            longitude=c["longitude"], address=c["address"],
            placement_types=list(c["placement_types"]), age_min=c["age_min"],
            age_max=c["age_max"], genders_accepted=list(c["genders_accepted"]),
            own_children_birth_years=list(c["own_children_birth_years"]),
            languages=list(c["languages"]), religion=c["religion"],
            availability_confirmed_at=c["availability_confirmed_at"], status=c["status"],
            competences=[s.Competence(code=k["need_code"], level=k["level"],
                                      support_note=k["support_note"])
                         for k in competences[c["id"]]],
            places=[s.Place(id=p["id"], label=p["label"], is_active=p["is_active"],
                            occupancies=[occupancy(o) for o in occupancies[p["id"]]])
                    for p in places[c["id"]]],
        )
        for c in tables["carers"]
    ]
    children = [
        s.Child(
            id=c["id"], organisation_id=c["organisation_id"], case_reference=c["case_reference"],
            given_name=c["given_name"], birth_date=c["birth_date"], gender=c["gender"],
            home_postcode=c["home_postcode"], home_latitude=c["home_latitude"],
            home_longitude=c["home_longitude"], home_address=c["home_address"],
            parents_postcode=c["parents_postcode"], school_id=c["school_id"],
            club_ids=[a["club_id"] for a in activities[c["id"]]],
            needs=[s.Need(code=n["need_code"], level=n["level"]) for n in needs[c["id"]]],
            wishes=msgspec.convert(c["wishes"] or {}, s.Wishes),
            safety_zones=[s.SafetyZone(id=z["id"], postcode=z["postcode"],
                                       min_distance_km=z["min_distance_km"])
                          for z in zones[c["id"]]],
            excluded_carers=[s.ExcludedCarer(carer_id=e["carer_id"], reason=e["reason"])
                             for e in exclusions[c["id"]]],
        )
        for c in tables["children"]
    ]
    return s.Scenario(
        format=s.FORMAT, version=s.VERSION,
        organisations=[s.Organisation(id=o["id"], name=o["name"], kind=o["kind"])
                       for o in tables["organisations"]],
        schools=[s.School(id=r["id"], name=r["name"], kind=r["kind"], postcode=r["postcode"],
                          latitude=r["latitude"], longitude=r["longitude"])
                 for r in tables["schools"]],
        clubs=[s.Club(id=r["id"], name=r["name"], activity=r["activity"], postcode=r["postcode"],
                      latitude=r["latitude"], longitude=r["longitude"]) for r in tables["clubs"]],
        carers=carers, children=children,
        sibling_ties=[s.SiblingTie(id=t["id"], child_a_id=t["child_a_id"],
                                   child_b_id=t["child_b_id"], kind=t["kind"], intent=t["intent"],
                                   apart_reason=t["apart_reason"])
                      for t in tables["sibling_ties"]],
        network_ties=[s.NetworkTie(id=t["id"], child_id=t["child_id"], carer_id=t["carer_id"],
                                   relation=t["relation"]) for t in tables["network_ties"]],
        requests=[s.PlacementRequest(
            id=r["id"], organisation_id=r["organisation_id"],
            child_ids=[x["child_id"] for x in request_children[r["id"]]],
            placement_type=r["placement_type"], urgency=r["urgency"],
            desired_start=r["desired_start"], expected_duration_days=r["expected_duration_days"],
            status=r["status"], referred_to_commission=r["referred_to_commission"],
            notes=r["notes"], created_at=r["created_at"]) for r in tables["placement_requests"]],
    )
