"""The ranking map, drawn on the server as SVG: no tiles, no internet, no script.

Wijk areas are Voronoi cells of the project's PC4 centres (each PC4 centre gets the part of the
map nearer to it than to any other centre), coloured by wijk; that is recognisable enough to
see "own wijk", "across town" and "outside the city". On top: the child's home wijk hatched,
its school, club and parents' home, and every shown candidate with its rank. Rings around the
child's home (or school) and a scale bar make distances readable.

Pure functions: they take coordinates and return drawing data; the template writes the SVG.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache

from placement.web.labels import number

WIDTH = 720
MARGIN_KM = 1.5
KM_PER_DEG_LAT = 110.57
# Pale fills, one per wijk in turn; the wijk's name is always printed too (colour is not the
# only carrier).
FILLS = ("#e8eef5", "#eef3e6", "#f5ede3", "#efe8f3", "#e3f1f1", "#f4efd9", "#e9e9ee",
         "#f1e4e8", "#e4ecf0", "#ecf1e9")


@dataclass
class Point:
    kind: str  # home, school, club, parents, candidate
    label: str
    latitude: float
    longitude: float
    rank: int | None = None


@dataclass
class Drawn:
    kind: str
    label: str
    x: float
    y: float
    rank: int | None = None


@dataclass
class Area:
    wijk_code: str
    points: str  # SVG polygon points
    fill: str
    own: bool


@dataclass
class MapView:
    width: int
    height: int
    areas: list[Area]
    labels: list[tuple[str, float, float]]  # wijk name at its centre
    markers: list[Drawn]
    rings: list[tuple[float, float, float, str]]  # cx, cy, r, text
    scale: tuple[float, float, float, str]  # x, y, length in px, text
    description: str
    notes: list[str] = field(default_factory=list)


class Projection:
    """Equirectangular around the map's centre: fine at city scale (error far below 1%)."""

    def __init__(self, lat_min: float, lat_max: float, lon_min: float, lon_max: float) -> None:
        self.lat0 = (lat_min + lat_max) / 2
        self.kx = KM_PER_DEG_LAT * math.cos(math.radians(self.lat0))
        self.lat_max, self.lon_min = lat_max, lon_min
        width_km = (lon_max - lon_min) * self.kx
        height_km = (lat_max - lat_min) * KM_PER_DEG_LAT
        self.px_per_km = WIDTH / max(width_km, 0.1)
        self.height = round(height_km * self.px_per_km)

    def xy(self, latitude: float, longitude: float) -> tuple[float, float]:
        return (round((longitude - self.lon_min) * self.kx * self.px_per_km, 1),
                round((self.lat_max - latitude) * KM_PER_DEG_LAT * self.px_per_km, 1))


def _clip(polygon: list[tuple[float, float]], a: tuple[float, float],
          b: tuple[float, float]) -> list[tuple[float, float]]:
    """The part of `polygon` nearer to a than to b (one Sutherland-Hodgman step)."""
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    nx, ny = b[0] - a[0], b[1] - a[1]

    def inside(p: tuple[float, float]) -> bool:
        return (p[0] - mx) * nx + (p[1] - my) * ny <= 0

    out: list[tuple[float, float]] = []
    for i, current in enumerate(polygon):
        previous = polygon[i - 1]
        if inside(current):
            if not inside(previous):
                out.append(_cross(previous, current, mx, my, nx, ny))
            out.append(current)
        elif inside(previous):
            out.append(_cross(previous, current, mx, my, nx, ny))
    return out


def _cross(p: tuple[float, float], q: tuple[float, float], mx: float, my: float, nx: float,
           ny: float) -> tuple[float, float]:
    dp = (p[0] - mx) * nx + (p[1] - my) * ny
    dq = (q[0] - mx) * nx + (q[1] - my) * ny
    t = dp / (dp - dq) if dp != dq else 0.0
    return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))


@cache
def voronoi_cells(sites: tuple[tuple[float, float], ...], width: float,
                  height: float) -> tuple[tuple[tuple[float, float], ...], ...]:
    """The Voronoi cell of each site within the rectangle (0,0)-(width,height)."""
    box = [(0.0, 0.0), (width, 0.0), (width, height), (0.0, height)]
    cells = []
    for i, site in enumerate(sites):
        cell = list(box)
        for j, other in enumerate(sites):
            if i != j and other != site and cell:
                cell = _clip(cell, site, other)
        cells.append(tuple(cell))
    return tuple(cells)


def nice_ring_km(span_km: float) -> list[float]:
    for rings in ([1, 2, 5], [2, 5, 10], [5, 10, 20], [10, 25, 50]):
        if rings[-1] >= span_km / 3:
            return [float(r) for r in rings]
    return [10.0, 25.0, 50.0]


def draw(pc4: dict[str, tuple[float, float, str | None]], wijk_names: dict[str, str],
         points: list[Point], own_wijk: str | None) -> MapView:
    """The map of the Utrecht wijken (from their PC4 centres) with these points on it."""
    utrecht = {code: (lat, lon, wijk) for code, (lat, lon, wijk) in pc4.items() if wijk}
    lats = [v[0] for v in utrecht.values()] + [p.latitude for p in points]
    lons = [v[1] for v in utrecht.values()] + [p.longitude for p in points]
    if not lats:
        lats, lons = [52.09], [5.12]
    margin_lat = MARGIN_KM / KM_PER_DEG_LAT
    margin_lon = MARGIN_KM / (KM_PER_DEG_LAT * math.cos(math.radians(sum(lats) / len(lats))))
    projection = Projection(min(lats) - margin_lat, max(lats) + margin_lat,
                            min(lons) - margin_lon, max(lons) + margin_lon)
    codes = sorted(utrecht)
    sites = tuple(projection.xy(utrecht[c][0], utrecht[c][1]) for c in codes)
    cells = voronoi_cells(sites, float(WIDTH), float(projection.height))
    wijk_order = sorted({utrecht[c][2] for c in codes if utrecht[c][2]})
    fill_of = {w: FILLS[i % len(FILLS)] for i, w in enumerate(wijk_order)}
    areas = [Area(str(utrecht[c][2]), " ".join(f"{x:.1f},{y:.1f}" for x, y in cell),
                  fill_of[str(utrecht[c][2])], utrecht[c][2] == own_wijk)
             for c, cell in zip(codes, cells) if len(cell) >= 3]
    labels = []
    for wijk in wijk_order:
        xy = [s for c, s in zip(codes, sites) if utrecht[c][2] == wijk]
        labels.append((wijk_names.get(wijk, wijk), round(sum(p[0] for p in xy) / len(xy), 1),
                       round(sum(p[1] for p in xy) / len(xy), 1)))
    markers = [Drawn(p.kind, p.label, *projection.xy(p.latitude, p.longitude), rank=p.rank)
               for p in points]
    centre = next((m for m in markers if m.kind == "home"),
                  next((m for m in markers if m.kind == "school"), None))
    span_km = WIDTH / projection.px_per_km
    rings = []
    if centre is not None:
        rings = [(centre.x, centre.y, round(km * projection.px_per_km, 1),
                  number(km, unit="km")) for km in nice_ring_km(span_km)]
    bar_km = 1.0 if span_km < 12 else 2.0 if span_km < 25 else 5.0
    scale = (16.0, float(projection.height - 16), round(bar_km * projection.px_per_km, 1),
             number(bar_km, unit="km"))
    described = [m for m in markers if m.kind != "candidate"]
    description = ("Kaart van de Utrechtse wijken met " +
                   ", ".join(m.label for m in described) +
                   (", " if described else "") +
                   f"en {sum(1 for m in markers if m.kind == 'candidate')} kandidaten met hun "
                   "rangnummer. Ringen rond het huis van de jeugdige geven de afstand hemelsbreed.")
    return MapView(WIDTH, projection.height, areas, labels, markers, rings, scale, description)


def km_between(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    kx = KM_PER_DEG_LAT * math.cos(math.radians((a_lat + b_lat) / 2))
    return math.hypot((a_lat - b_lat) * KM_PER_DEG_LAT, (a_lon - b_lon) * kx)
