"""Synthetic campaigns and leads for the Utrecht demo (generated people only), following each
lead through the stages with plausible drop-out and timing, so the funnel has something to show.
Deterministic for a seed."""

from __future__ import annotations

import datetime as dt
import random
from uuid import UUID

import asyncpg

from placement.auth.principal import Principal, system_principal
from placement.geo.service import GeoIndex
from placement.recruitment.campaigns import queries as campaign_queries
from placement.recruitment.leads import approval, intake, queries
from placement.recruitment.leads.schemas import ConsentIn, LeadCompetenceIn, LeadCreate
from placement.recruitment.leads.stages import plan_transition
from placement.recruitment.reference import APPROVED, PATH, REASON_CODES, WITHDREW
from placement.settings import Settings

FIRST = ["Anouk", "Bas", "Chantal", "Dennis", "Esther", "Frank", "Gerda", "Hamza", "Iris", "Jan",
         "Kim", "Lars", "Mariam", "Niels", "Olga", "Priya", "Quinten", "Rachida", "Sven", "Tamara"]
LAST = ["Aalbers", "Brouwer", "Claassen", "Dijkman", "Evers", "Franken", "Geurts", "Hoekstra",
        "IJzerman", "Jonker", "Koster", "Lammers", "Meijer", "Nieuwenhuis", "Oosterhout",
        "Prins", "Quist", "Roelofs", "Schouten", "Timmer"]
CAMPAIGNS = [
    ("UTR-2025-NAJAAR", "Word pleegouder in Utrecht (najaar)", ["social", "krant", "informatieavond"],
     dt.date(2025, 9, 1), dt.date(2025, 12, 31), []),
    ("UTR-2026-VOORJAAR", "Utrecht zoekt pleegouders", ["social", "website", "mond_tot_mond"],
     dt.date(2026, 1, 5), dt.date(2026, 6, 30), []),
    ("UTR-OVERVECHT-2026", "Pleegouder in je eigen wijk: Overvecht", ["huis_aan_huis", "evenement",
                                                                      "flyer"],
     dt.date(2026, 2, 1), None, ["overvecht"]),
]
# Chance of going on to the next stage, and days spent in the stage before moving.
GO_ON = {"aanmelding": 0.85, "informatiepakket": 0.6, "informatieavond": 0.7,
         "kennismakingsgesprek": 0.75, "voorbereiding": 0.8, "screening": 0.85,
         "geschiktheidsbesluit": 0.9}
DAYS = {"aanmelding": (1, 6), "informatiepakket": (5, 25), "informatieavond": (5, 20),
        "kennismakingsgesprek": (7, 21), "voorbereiding": (28, 56), "screening": (21, 45),
        "geschiktheidsbesluit": (7, 21)}


async def load_demo_leads(conn: asyncpg.Connection, geo: GeoIndex, principal: Principal,
                          organisation_id: UUID, *, seed: int = 7, count: int = 240,
                          now: dt.datetime | None = None) -> int:
    """Insert the demo campaigns and `count` leads in the caller's transaction."""
    now = now or dt.datetime.now(dt.UTC)
    rng = random.Random(seed)
    campaign_ids = {}
    for code, name, channels, starts, ends, wijken in CAMPAIGNS:
        campaign_ids[code] = (await campaign_queries.insert_campaign(conn, {
            "organisation_id": organisation_id, "code": code, "name": name, "channels": channels,
            "starts_on": starts, "ends_on": ends, "target_wijken": wijken,
            "target_placement_types": ["long_term", "short_term"], "budget_euros": 15000}),
            channels, starts, ends)
    areas = geo.pc4_codes(with_wijk=True)
    for n in range(count):
        code = rng.choice(list(campaign_ids))
        _, channels, starts, ends = campaign_ids[code]
        last_day = min(ends or now.date(), now.date())
        registered = dt.datetime.combine(
            starts + dt.timedelta(days=rng.randrange(max((last_day - starts).days, 1))),
            dt.time(rng.randrange(8, 22), rng.randrange(60)), tzinfo=dt.UTC)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        pc4 = "3563" if code == "UTR-OVERVECHT-2026" and rng.random() < 0.6 else rng.choice(areas)
        family_home = rng.random() < 0.08
        data = LeadCreate(
            full_name=f"{first} {last}", postcode=pc4,
            email=f"{first.lower()}.{last.lower()}{n}@voorbeeld.test",
            campaign_code=code, heard_via=rng.choice(channels),
            interest_placement_types=rng.sample(["long_term", "short_term", "part_time",
                                                 "crisis"], rng.randint(1, 2)),
            interest_family_home=family_home,
            foster_kind="network" if rng.random() < 0.15 else "general",
            own_children_birth_years=sorted(rng.sample(range(2005, 2022), rng.randint(0, 3))),
            spare_rooms=rng.randint(3, 4) if family_home else rng.randint(1, 2),
            competences=[LeadCompetenceIn(code=c) for c in rng.sample(
                ["trauma", "hechting", "adhd", "autisme", "onderwijs"], rng.randint(0, 2))],
            consents=[ConsentIn(purpose="contact", text_version="2025-08", given_at=registered)],
            registered_at=registered)
        errors: list[dict[str, object]] = []
        values = intake.check_lead(data, geo, errors, now)
        lead_id, _ = await intake.store_lead(conn, principal, data, values,
                                             organisation_id=organisation_id,
                                             campaign_id=campaign_ids[code][0], now=registered)
        await _walk(conn, geo, principal, rng, lead_id, registered, now)
    return count


async def _walk(conn: asyncpg.Connection, geo: GeoIndex, principal: Principal,
                rng: random.Random, lead_id: UUID, start: dt.datetime, now: dt.datetime) -> None:
    stage, moment, entered = PATH[0], start, {PATH[0]}
    while stage in GO_ON:
        moment += dt.timedelta(days=rng.uniform(*DAYS[stage]))
        if moment > now:
            return
        if rng.random() > GO_ON[stage]:
            outcome = WITHDREW if stage in PATH[:4] or rng.random() < 0.5 else "afgewezen"
            target, reason = outcome, rng.choice(list(REASON_CODES[outcome]))
        else:
            target, reason = (PATH + (APPROVED,))[PATH.index(stage) + 1], None
            if target == "informatieavond" and rng.random() < 0.1:
                target = "kennismakingsgesprek"  # came straight to a conversation
        steps = plan_transition(stage, target, reason_code=reason, note=None, entered=entered)
        if target == APPROVED:
            lead = await queries.get_lead(conn, lead_id, scope_org=None)
            await queries.set_lead_carer(conn, lead_id,
                                         await approval.create_carer(conn, geo, lead, moment))
        await queries.insert_stage_events(
            conn, lead_id, [(s.stage, s.from_stage, s.how, moment, s.reason_code, s.note)
                            for s in steps],
            actor_user_id=principal.user_id, actor_label=principal.label)
        await queries.set_lead_stage(conn, lead_id, target, moment, reason)
        if target not in GO_ON:
            await queries.close_tasks_of_lead(conn, lead_id, None)
            return
        # The first contact was made: the demo does not leave every lead's task open.
        await queries.close_tasks_of_lead(conn, lead_id, None)
        entered.add(target)
        stage = target


async def holds_demo_data(settings: Settings) -> bool:
    """Whether the database holds the generated demo (its organisations exist)."""
    from placement.db.pool import connect, resolve_dsn
    from placement.demo.generate import ORGANISATIONS

    conn = await connect(resolve_dsn(settings))
    try:
        return await queries.organisation_named(conn, ORGANISATIONS["foster"])
    finally:
        await conn.close()


async def load_demo_leads_if_empty(settings: Settings, *, seed: int, count: int = 240) -> int:
    """Demo campaigns and leads for the first demo organisation (whose recruiters are the demo
    werver accounts), only when there are no leads yet; returns how many were added."""
    from placement.db.pool import connect, resolve_dsn
    from placement.demo.generate import ORGANISATIONS
    from placement.geo.service import seed_utrecht

    conn = await connect(resolve_dsn(settings))
    try:
        async with conn.transaction():
            if await queries.count_leads(conn):
                return 0
            organisation_id = await queries.demo_recruitment_organisation(
                conn, ORGANISATIONS["foster"])
            await seed_utrecht(conn, settings.geodata_dir)
            geo = await GeoIndex().load(conn)
            return await load_demo_leads(conn, geo, system_principal("recruitment demo data"),
                                         organisation_id, seed=seed, count=count)
    finally:
        await conn.close()
