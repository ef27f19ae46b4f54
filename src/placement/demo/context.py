"""Shared state of one generator run: the seeded random source, ids, the day, the areas."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field

from placement.demo import names
from placement.demo.areas import Areas

# Fixed namespace: the same seed and counter always give the same id.
DEMO_NAMESPACE = uuid.UUID("6f1c2f0e-5d1b-4a8e-9a57-2b1f3c9d7e10")


@dataclass(frozen=True)
class Plan:
    schools: int
    clubs: int
    carers: int
    family_homes: float  # share of carers
    network: float  # share of carers that are network foster families
    open_children: int  # children with an open placement request
    placed_children: int  # children already placed (occupying places)
    jitter_deg: float


PLANS = {
    "utrecht": Plan(schools=60, clubs=40, carers=300, family_homes=20 / 300, network=0.40,
                    open_children=150, placed_children=120, jitter_deg=0.003),
    "national": Plan(schools=3000, clubs=1500, carers=20000, family_homes=0.05, network=0.40,
                     open_children=1000, placed_children=19000, jitter_deg=0.006),
}


@dataclass
class Ctx:
    seed: int
    today: dt.date
    areas: Areas
    rng: random.Random
    counter: int = 0
    family_names: set[str] = field(default_factory=set)

    def new_id(self) -> uuid.UUID:
        self.counter += 1
        return uuid.uuid5(DEMO_NAMESPACE, f"{self.seed}:{self.counter}")

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def family_name(self) -> str:
        """An invented family name such as "Van Rijnoord"; unique while the supply lasts."""
        for _ in range(20):
            name = (self.rng.choice(names.NAME_PREFIXES) + self.rng.choice(names.NAME_STARTS)
                    + self.rng.choice(names.NAME_ENDS))
            if name not in self.family_names:
                break
        self.family_names.add(name)
        return name

    def days_ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def moment(self, days_ago: int) -> dt.datetime:
        """A UTC moment during office hours on a day `days_ago` before today."""
        day = self.days_ago(days_ago)
        return dt.datetime(day.year, day.month, day.day, self.rng.randint(7, 16),
                           self.rng.choice((0, 15, 30, 45)), tzinfo=dt.UTC)
