"""Where demo people live: weighted postcode areas, small jitter, nearest-neighbour lookups."""

from __future__ import annotations

import math
import random
from collections import Counter
from pathlib import Path

import numpy as np

from placement.geo.tables import Pc4Row, read_national, read_utrecht


class DemoDataUnavailable(RuntimeError):
    """The postcode table the demo needs is missing."""


def load_areas(size: str, pc4_path: Path) -> tuple[list[Pc4Row], list[float]]:
    """The postcode areas to place people in, with a weight per area.

    National: the non-PO-box areas of the 4pp table. We have no population per area, so an
    area's weight grows with the number of areas in its municipality (cities have many dense
    areas): sqrt(areas in municipality), which gives towns and cities more people without
    emptying the countryside."""
    if not pc4_path.exists():
        raise DemoDataUnavailable(f"postcode table not found at {pc4_path}; the {size} demo "
                                  "data needs it")
    if size == "utrecht":
        rows = read_utrecht(pc4_path)
        return rows, [1.0] * len(rows)
    rows, _, _ = read_national(pc4_path)
    per_municipality = Counter(r.municipality for r in rows)
    return rows, [math.sqrt(per_municipality[r.municipality]) for r in rows]


class Areas:
    def __init__(self, rows: list[Pc4Row], weights: list[float], rng: random.Random,
                 jitter_deg: float) -> None:
        self.rows, self.rng, self.jitter = rows, rng, jitter_deg
        total = sum(weights)
        self.cumulative: list[float] = []
        running = 0.0
        for w in weights:
            running += w / total
            self.cumulative.append(running)
        self.lat = np.array([r.latitude for r in rows])
        self.lon = np.array([r.longitude for r in rows])
        self._near: dict[int, list[int]] = {}
        self.index_of = {r.pc4: i for i, r in enumerate(rows)}

    def pick(self) -> int:
        return self.rng.choices(range(len(self.rows)), cum_weights=self.cumulative)[0]

    def spot(self, index: int) -> tuple[str, float, float]:
        """A point near the centre of area `index`: (pc4, latitude, longitude)."""
        row = self.rows[index]
        lat = round(row.latitude + self.rng.uniform(-self.jitter, self.jitter), 6)
        lon = round(row.longitude + self.rng.uniform(-1.5 * self.jitter, 1.5 * self.jitter), 6)
        return row.pc4, lat, lon

    def near(self, index: int, k: int = 6) -> int:
        """A random area among the k nearest to area `index` (itself included)."""
        if index not in self._near:
            d = nearest(self.lat[index:index + 1], self.lon[index:index + 1], self.lat, self.lon,
                        k)[0]
            self._near[index] = [int(i) for i in d]
        return self.rng.choice(self._near[index])


def nearest(lat: np.ndarray, lon: np.ndarray, cand_lat: np.ndarray, cand_lon: np.ndarray,
            k: int, chunk: int = 1024) -> np.ndarray:
    """Indices of the k nearest candidates for every point (equirectangular approximation: good
    enough to pick a nearby school), nearest first."""
    k = min(k, len(cand_lat))
    out = np.empty((len(lat), k), dtype=np.int64)
    cos = np.cos(np.radians(52.0))
    for start in range(0, len(lat), chunk):
        dy = lat[start:start + chunk, None] - cand_lat[None, :]
        dx = (lon[start:start + chunk, None] - cand_lon[None, :]) * cos
        d2 = dx * dx + dy * dy
        part = np.argpartition(d2, k - 1, axis=1)[:, :k]
        order = np.take_along_axis(d2, part, axis=1).argsort(axis=1, kind="stable")
        out[start:start + chunk] = np.take_along_axis(part, order, axis=1)
    return out
