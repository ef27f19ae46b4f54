"""generate_scenario: a deterministic, clearly fictional scenario document (see docs/scenario.md).

Pure apart from reading the postcode table: the same size, seed and day give the same document.
Ids are uuid5(seed, counter); all randomness comes from random.Random(seed).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any, Literal

import msgspec
import numpy as np

from placement.core.clock import local_today
from placement.demo import names
from placement.demo.areas import Areas, load_areas, nearest
from placement.demo.context import PLANS, Ctx
from placement.demo.demand import ACQUAINTED, Demand
from placement.demo.supply import carer_kinds, make_carer
from placement.scenario import schemas as s
from placement.settings import Settings

Size = Literal["utrecht", "national"]
ORGANISATIONS = {"foster": "Pleegzorg Utrecht Demo", "homes": "Gezinshuizen Midden Demo"}
SCHOOL_MIX = {"primary": 0.60, "secondary": 0.25, "special": 0.15}


def default_pc4_path(size: str, settings: Settings | None = None) -> Path:
    settings = settings or Settings()
    if size == "utrecht":
        return settings.geodata_dir / "utrecht_pc4.csv"
    return settings.national_pc4_path


def generate_scenario(size: Size, seed: int, pc4_path: Path | None = None, *,
                      today: dt.date | None = None) -> dict[str, Any]:
    """The scenario as a JSON-ready dict. Raises DemoDataUnavailable (naming the path) when the
    postcode table is missing."""
    if size not in PLANS:
        raise ValueError(f"unknown size {size!r}; expected one of {sorted(PLANS)}")
    plan = PLANS[size]
    rows, weights = load_areas(size, pc4_path or default_pc4_path(size))
    rng = random.Random(f"placement-demo:{size}:{seed}")
    ctx = Ctx(seed=seed, today=today or local_today(),
              areas=Areas(rows, weights, rng, plan.jitter_deg), rng=rng)
    organisations = [s.Organisation(id=ctx.new_id(), name=name, kind="provider")
                     for name in ORGANISATIONS.values()]
    org_ids = dict(zip(ORGANISATIONS, (o.id for o in organisations)))
    schools = _schools(ctx, plan.schools)
    clubs = _clubs(ctx, plan.clubs)
    carers = [make_carer(ctx, kind, org_ids) for kind in carer_kinds(ctx, plan)]
    demand = Demand(ctx, org_ids, carers)
    demand.placed(plan.placed_children)
    first_waiting = len(demand.children)
    demand.waiting(plan.open_children)
    demand.reserve(0.04)
    waiting = demand.children[first_waiting:]
    tied = {carer_id for _, carer_id in demand.tied}
    for carer in carers:  # every network family knows at least one child
        if carer.foster_kind == "network" and carer.id not in tied and waiting:
            demand.tie(rng.choice(waiting).id, carer.id, rng.choice(ACQUAINTED))
    _assign_schools_and_clubs(ctx, demand.children, schools, clubs)
    scenario = s.Scenario(
        format=s.FORMAT, version=s.VERSION, organisations=organisations, schools=schools,
        clubs=clubs, carers=carers, children=demand.children, sibling_ties=demand.sibling_ties,
        network_ties=demand.network_ties, requests=demand.requests)
    return msgspec.to_builtins(scenario)  # type: ignore[no-any-return]


def _schools(ctx: Ctx, count: int) -> list[s.School]:
    kinds = [kind for kind, share in SCHOOL_MIX.items() for _ in range(round(count * share))]
    kinds = (kinds + ["primary"] * count)[:count]
    schools = []
    for kind in kinds:
        area = ctx.areas.pick()
        pc4, lat, lon = ctx.areas.spot(area)
        place = ctx.areas.rows[area].place_name or "Utrecht"
        name = f"{names.SCHOOL_KIND_WORDS[kind]} {ctx.rng.choice(names.SCHOOL_NAMES)} {place}"
        schools.append(s.School(id=ctx.new_id(), name=name, kind=kind,  # type: ignore[arg-type]
                                postcode=pc4, latitude=lat, longitude=lon))
    return schools


def _clubs(ctx: Ctx, count: int) -> list[s.Club]:
    clubs = []
    for _ in range(count):
        activity, word = ctx.rng.choice(list(names.CLUB_ACTIVITIES.items()))
        pc4, lat, lon = ctx.areas.spot(ctx.areas.pick())
        clubs.append(s.Club(id=ctx.new_id(), name=f"{word} {ctx.rng.choice(names.CLUB_NAMES)}",
                            activity=activity, postcode=pc4, latitude=lat, longitude=lon))
    return clubs


def _school_kind(child: s.Child, age: int) -> str | None:
    if age < 4 or age >= 18:
        return None
    specialist = any(n.code in {"lvb", "autisme"} and n.level == "must" for n in child.needs)
    if specialist:
        return "special"
    return "primary" if age < 12 else "secondary"


def _assign_schools_and_clubs(ctx: Ctx, children: list[s.Child], schools: list[s.School],
                              clubs: list[s.Club]) -> None:
    """A school of the right kind among the three nearest to home; a club for about half."""
    lat = np.array([c.home_latitude for c in children])
    lon = np.array([c.home_longitude for c in children])
    ages = [(ctx.today - c.birth_date).days // 365 for c in children]
    for kind in ("primary", "secondary", "special"):
        pool = [x for x in schools if x.kind == kind]
        who = [i for i, c in enumerate(children) if _school_kind(c, ages[i]) == kind]
        if not pool or not who:
            continue
        near = nearest(lat[who], lon[who], np.array([x.latitude for x in pool]),
                       np.array([x.longitude for x in pool]), 3)
        for row, i in enumerate(who):
            children[i].school_id = pool[int(ctx.rng.choice(near[row]))].id
    if not clubs:
        return
    near_clubs = nearest(lat, lon, np.array([c.latitude for c in clubs]),
                         np.array([c.longitude for c in clubs]), 4)
    for i, child in enumerate(children):
        if ages[i] >= 6 and ctx.chance(0.5):
            picks = {int(ctx.rng.choice(near_clubs[i])) for _ in range(2 if ctx.chance(0.2) else 1)}
            child.club_ids = [clubs[j].id for j in sorted(picks)]
