"""Fictional carers: foster families (network and general) and family homes, with places."""

from __future__ import annotations

from uuid import UUID

from placement.demo import names
from placement.demo.context import Ctx, Plan
from placement.scenario import schemas as s

COMMON_COMPETENCES = ["trauma", "hechting", "gedrag", "adhd", "autisme", "lvb",
                      "angst_depressie", "loyaliteit", "onderwijs"]
# Needs that few carers cover: children with these as a must have little choice.
RARE_COMPETENCES = {"medisch": 0.04, "lichamelijk": 0.03, "middelen": 0.03,
                    "seksueel_grensoverschrijdend": 0.03, "zuigeling": 0.08}
FOSTER_TYPES = ["crisis", "short_term", "long_term", "part_time"]
STALE_SHARE = 0.15  # availability last confirmed more than six months ago


def carer_kinds(ctx: Ctx, plan: Plan) -> list[str]:
    homes = round(plan.carers * plan.family_homes)
    network = round(plan.carers * plan.network)
    kinds = ["family_home"] * homes + ["network"] * network
    kinds += ["general"] * (plan.carers - len(kinds))
    ctx.rng.shuffle(kinds)
    return kinds


def make_carer(ctx: Ctx, kind: str, organisations: dict[str, UUID]) -> s.Carer:
    rng = ctx.rng
    pc4, lat, lon = ctx.areas.spot(ctx.areas.pick())
    family = ctx.family_name()
    if kind == "family_home":
        name = f"Gezinshuis {rng.choice(names.HOME_NAMES)} ({family})"
        types: list[str] = ["family_home", "long_term"]
        age_min, age_max = rng.choice([(0, 18), (4, 18), (6, 21), (0, 23)])
        n_places, n_competences = rng.randint(3, 4), rng.randint(3, 6)
        organisation = organisations["homes"]
    else:
        name = f"Familie {family}"
        if kind == "network":
            types = ["long_term"] + (["short_term"] if ctx.chance(0.5) else [])
            age_min, age_max = 0, 18
            n_places, n_competences = rng.randint(1, 2), rng.randint(0, 2)
        else:
            types = sorted(rng.sample(FOSTER_TYPES, rng.randint(1, 3)), key=FOSTER_TYPES.index)
            age_min, age_max = rng.randint(0, 6), rng.randint(10, 18)
            n_places, n_competences = rng.randint(1, 3), rng.randint(1, 4)
        organisation = organisations["foster"]
    competences = [s.Competence(code=code, level=_level(ctx), support_note=None)
                   for code in rng.sample(COMMON_COMPETENCES, n_competences)]
    for code, share in RARE_COMPETENCES.items():
        if ctx.chance(share * (2 if kind == "family_home" else 1)):
            competences.append(s.Competence(code=code, level=_level(ctx)))
    for competence in competences:
        if competence.level == "with_support":
            competence.support_note = "Met ambulante begeleiding vanuit de pleegzorgaanbieder"
    genders = ["f", "m", "x"] if ctx.chance(0.9) else [rng.choice(["f", "m"])]
    stale = ctx.chance(STALE_SHARE)
    status = "active" if ctx.chance(0.9) else rng.choice(["paused", "paused", "inactive"])
    return s.Carer(
        id=ctx.new_id(), organisation_id=organisation, name=name,
        kind="family_home" if kind == "family_home" else "foster_family",
        foster_kind=None if kind == "family_home" else kind,
        postcode=pc4, latitude=lat, longitude=lon, placement_types=types,  # type: ignore[arg-type]
        age_min=age_min, age_max=age_max, genders_accepted=genders,  # type: ignore[arg-type]
        own_children_birth_years=sorted(ctx.today.year - rng.randint(1, 24)
                                        for _ in range(rng.choice([0, 0, 1, 2, 2, 3]))),
        languages=["Nederlands"] + ([rng.choice(names.CARER_LANGUAGES)]
                                    if ctx.chance(0.2) else []),
        religion=rng.choice(names.WISH_RELIGIONS) if ctx.chance(0.25) else None,
        availability_confirmed_at=ctx.moment(rng.randint(190, 540) if stale
                                             else rng.randint(1, 150)),
        status=status,  # type: ignore[arg-type]
        competences=competences,
        places=[s.Place(id=ctx.new_id(), label=f"Plek {n}") for n in range(1, n_places + 1)],
    )


def _level(ctx: Ctx) -> str:
    return "full" if ctx.chance(0.8) else "with_support"
