"""The candidate index: every carer as columns of numpy arrays, so one child is ranked against
the whole country with a handful of vectorised operations.

Built from plain rows (`CandidateIndex.from_rows`) or from the database (`load_index`, in
matching/queries.py); the service keeps one in memory and rebuilds it when the supply change
counter moves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import numpy as np

from placement.geo.distance import geodesic_km_reduced, reduced_latitude

PLACEMENT_TYPES = ("crisis", "short_term", "long_term", "part_time", "family_home")
GENDERS = ("f", "m", "x")
LEVEL_NONE, LEVEL_WITH_SUPPORT, LEVEL_FULL = 0, 1, 2
OPEN_END = np.iinfo(np.int32).max  # an occupancy without an end date
_EPOCH = dt.date(1970, 1, 1)
FREE_CACHE_PERIODS = 256  # distinct requested periods kept per index (160 kB each nationally)
# A lower bound of the geodesic distance (km per radian of the bound below): well under the
# smallest radius of the ellipsoid (6,335 km) times the flattening correction, so the bound never
# exceeds the real distance (tests/unit/test_matching_speed_paths.py holds it to that).
_LOWER_BOUND_RADIUS_KM = 6200.0
_SMALL_ANGLE = 0.2  # radians: below it sin(x/2) >= 0.998 x/2, the bound's only approximation


Distances = Callable[[float, float, np.ndarray], np.ndarray]  # (lat, lon, rows) -> km


def type_bit(placement_type: str) -> int:
    return 1 << PLACEMENT_TYPES.index(placement_type)


def gender_bit(gender: str) -> int:
    return 1 << GENDERS.index(gender)


def day_number(day: dt.date) -> int:
    return (day - _EPOCH).days


@dataclass
class CandidateIndex:
    carer_ids: list[UUID]
    names: list[str]
    organisation_ids: list[UUID]
    organisation: np.ndarray  # int32 index into org_vocab
    org_vocab: list[UUID]
    latitude: np.ndarray
    longitude: np.ndarray
    wijk: np.ndarray  # int16 index into wijk_vocab, -1 none
    wijk_vocab: list[str]
    family_home: np.ndarray  # bool: gezinshuis (else pleeggezin)
    network: np.ndarray  # bool: netwerkpleeggezin
    active: np.ndarray  # bool: status 'active'
    type_mask: np.ndarray  # int16 bit per placement type
    age_min: np.ndarray
    age_max: np.ndarray
    gender_mask: np.ndarray  # int8 bit per gender
    competence: np.ndarray  # int8 (carers x need codes): 0 none, 1 with_support, 2 full
    need_vocab: list[str]
    support_notes: dict[tuple[int, int], str]
    own_years: np.ndarray  # int16 (carers x k), -1 pads
    language_sets: list[frozenset[str]]
    language_mask: np.ndarray  # int64 bits into language_vocab (first 63 languages)
    language_vocab: list[str]
    religion: np.ndarray  # int16 index into religion_vocab, -1 none
    religion_vocab: list[str]
    confirmed_day: np.ndarray  # float64 day number of availability confirmation, nan unknown
    place_count: np.ndarray  # int32 active places per carer
    place_carer: np.ndarray  # int32 carer row of each active place
    occ_place: np.ndarray  # int32 place row of each non-cancelled occupancy
    occ_start: np.ndarray  # int32 first day (day number)
    occ_end: np.ndarray  # int32 exclusive end day, OPEN_END for open-ended
    id_rank: np.ndarray  # int32 position of each carer id in sorted order: a stable tie-break
    row_of: dict[UUID, int] = field(default_factory=dict)
    counter: int | None = None  # the supply change counter this index reflects
    wijk_labels: dict[str, str] = field(default_factory=dict)  # code -> name shown to people
    stability: Any = None  # stability.ranking.CarerStability of the active model, or None
    need_labels: dict[str, str] = field(default_factory=dict)  # need code -> Dutch label
    _free_cache: dict[tuple[int, int], np.ndarray] = field(default_factory=dict, repr=False)
    # Per occupancy its carer row, and the occupancies of places that have more than one
    # (recomputed after add_occupancy): what _free_places counts with.
    _occ_by_carer: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)
    # Per-carer values derived from the columns above, computed on first use (never changes:
    # the coordinates of an index are fixed).
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.carer_ids)

    @classmethod
    def from_rows(cls, carers: Iterable[Mapping[str, Any]],
                  competences: Iterable[Mapping[str, Any]] = (),
                  places: Iterable[Mapping[str, Any]] = (),
                  occupancies: Iterable[Mapping[str, Any]] = (),
                  counter: int | None = None,
                  wijk_labels: Mapping[str, str] | None = None,
                  need_labels: Mapping[str, str] | None = None) -> CandidateIndex:
        """carers: id, organisation_id, name, kind, foster_kind, latitude, longitude, wijk_code,
        placement_types, age_min, age_max, genders_accepted, own_children_birth_years,
        languages, religion, availability_confirmed_at, status.
        competences: carer_id, need_code, level, support_note.
        places: id, carer_id (and is_active, default true).
        occupancies: place_id, period_start (date), period_end (exclusive date or None)."""
        carers = list(carers)
        n = len(carers)
        row_of = {c["id"]: i for i, c in enumerate(carers)}
        org_vocab = sorted({c["organisation_id"] for c in carers}, key=str)
        org_pos = {o: i for i, o in enumerate(org_vocab)}
        wijk_vocab = sorted({c["wijk_code"] for c in carers if c.get("wijk_code")})
        wijk_pos = {w: i for i, w in enumerate(wijk_vocab)}
        competences = list(competences)
        need_vocab = sorted({c["need_code"] for c in competences})
        need_pos = {code: i for i, code in enumerate(need_vocab)}
        languages = [frozenset(lang.lower() for lang in (c.get("languages") or ())) for c in carers]
        language_vocab = sorted(set().union(*languages)) if languages else []
        religions = sorted({c["religion"].lower() for c in carers if c.get("religion")})
        religion_pos = {r: i for i, r in enumerate(religions)}
        max_kids = max((len(c.get("own_children_birth_years") or ()) for c in carers), default=0)

        own_years = np.full((n, max(max_kids, 1)), -1, dtype=np.int16)
        competence = np.zeros((n, len(need_vocab)), dtype=np.int8)
        support_notes: dict[tuple[int, int], str] = {}
        lang_bits = {lang: 1 << i for i, lang in enumerate(language_vocab[:63])}
        for i, c in enumerate(carers):
            years = list(c.get("own_children_birth_years") or ())
            own_years[i, : len(years)] = years
        for comp in competences:
            row = row_of.get(comp["carer_id"])
            if row is None:
                continue
            col = need_pos[comp["need_code"]]
            full = comp.get("level", "full") == "full"
            competence[row, col] = LEVEL_FULL if full else LEVEL_WITH_SUPPORT
            if not full and comp.get("support_note"):
                support_notes[(row, col)] = comp["support_note"]

        place_carer = []
        place_row: dict[UUID, int] = {}
        for place in places:
            row = row_of.get(place["carer_id"])
            if row is None or not place.get("is_active", True):
                continue
            place_row[place["id"]] = len(place_carer)
            place_carer.append(row)
        occ = [(place_row[o["place_id"]], day_number(o["period_start"]),
                OPEN_END if o.get("period_end") is None else day_number(o["period_end"]))
               for o in occupancies if o["place_id"] in place_row]
        occ_arr = np.array(occ, dtype=np.int32).reshape(-1, 3)
        place_carer_arr = np.array(place_carer, dtype=np.int32)

        def confirmed(value: Any) -> float:
            if value is None:
                return np.nan
            day = value.date() if isinstance(value, dt.datetime) else value
            return float(day_number(day))

        return cls(
            carer_ids=[c["id"] for c in carers],
            names=[c["name"] for c in carers],
            organisation_ids=[c["organisation_id"] for c in carers],
            organisation=np.array([org_pos[c["organisation_id"]] for c in carers], dtype=np.int32),
            org_vocab=org_vocab,
            latitude=np.array([c["latitude"] for c in carers], dtype=np.float64),
            longitude=np.array([c["longitude"] for c in carers], dtype=np.float64),
            wijk=np.array([wijk_pos.get(c.get("wijk_code"), -1) for c in carers], dtype=np.int16),
            wijk_vocab=wijk_vocab,
            family_home=np.array([c["kind"] == "family_home" for c in carers], dtype=bool),
            network=np.array([c.get("foster_kind") == "network" for c in carers], dtype=bool),
            active=np.array([c.get("status", "active") == "active" for c in carers], dtype=bool),
            type_mask=np.array([sum(type_bit(t) for t in c["placement_types"]) for c in carers],
                               dtype=np.int16),
            age_min=np.array([c.get("age_min", 0) for c in carers], dtype=np.int16),
            age_max=np.array([c.get("age_max", 18) for c in carers], dtype=np.int16),
            gender_mask=np.array([sum(gender_bit(g) for g in c.get("genders_accepted") or GENDERS)
                                  for c in carers], dtype=np.int8),
            competence=competence, need_vocab=need_vocab, support_notes=support_notes,
            own_years=own_years,
            language_sets=languages,
            language_mask=np.array([sum(lang_bits.get(lang, 0) for lang in langs)
                                    for langs in languages], dtype=np.int64),
            language_vocab=language_vocab,
            religion=np.array([religion_pos.get((c.get("religion") or "").lower(), -1)
                               for c in carers], dtype=np.int16),
            religion_vocab=religions,
            confirmed_day=np.array([confirmed(c.get("availability_confirmed_at"))
                                    for c in carers], dtype=np.float64),
            place_count=np.bincount(place_carer_arr, minlength=n).astype(np.int32),
            place_carer=place_carer_arr,
            occ_place=occ_arr[:, 0].copy(), occ_start=occ_arr[:, 1].copy(),
            occ_end=occ_arr[:, 2].copy(),
            id_rank=np.argsort(np.argsort([str(c["id"]) for c in carers])).astype(np.int32),
            row_of=row_of, counter=counter, wijk_labels=dict(wijk_labels or {}),
            need_labels=dict(need_labels or {}),
        )

    def free_places(self, start: dt.date, end: dt.date | None) -> np.ndarray:
        """Places per carer with no occupancy overlapping [start, end) (end None: open-ended).

        Half-open periods: an occupancy ending (exclusive) on or before `start` leaves the place
        free, so a place freeing up the day before the desired start counts. An index never
        changes once built (a supply change builds a new one), so the answer for a period is
        kept (read-only) for the next search of the same period; add_occupancy forgets them."""
        lo = day_number(start)
        hi = OPEN_END if end is None else day_number(end)
        cached = self._free_cache.get((lo, hi))
        if cached is None:
            cached = self._free_places(lo, hi)
            cached.setflags(write=False)
            if len(self._free_cache) >= FREE_CACHE_PERIODS:
                self._free_cache.pop(next(iter(self._free_cache)))
            self._free_cache[(lo, hi)] = cached
        return cached

    def add_occupancy(self, place_row: int, lo: int, hi: int) -> None:
        """Book a place in this index only (the demo's history ranks as it books); later
        free_places answers see it."""
        self.occ_place = np.append(self.occ_place, np.int32(place_row))
        self.occ_start = np.append(self.occ_start, np.int32(lo))
        self.occ_end = np.append(self.occ_end, np.int32(hi))
        self._free_cache.clear()
        self._occ_by_carer = None

    def _free_places(self, lo: int, hi: int) -> np.ndarray:
        """Busy places per carer by counting overlapping occupancies per carer, then taking
        back the extra ones of a place busy more than once in the period (a place busy twice
        counts once). Only occupancies of places that have several are looked at for that:
        a quarter of the time of marking busy places over every place first."""
        if self._occ_by_carer is None:
            per_place = np.bincount(self.occ_place, minlength=len(self.place_carer))
            shared = np.flatnonzero(per_place[self.occ_place] > 1)
            self._occ_by_carer = (self.place_carer[self.occ_place], shared)
        occ_carer, shared = self._occ_by_carer
        overlapping = (self.occ_start < hi) & (self.occ_end > lo)
        busy = np.bincount(occ_carer[overlapping], minlength=len(self))
        twice = shared[overlapping[shared]]
        if len(twice):
            per_place = np.bincount(self.occ_place[twice])
            extra = np.flatnonzero(per_place > 1)
            np.subtract.at(busy, self.place_carer[extra], per_place[extra] - 1)
        return self.place_count - busy.astype(np.int32)

    def derived(self, key: Any, make: Callable[[], Any]) -> Any:
        """A value computed from the index's fixed columns, kept for later searches (never
        from the occupancies, which add_occupancy changes)."""
        value = self._derived.get(key)
        if value is None:
            value = self._derived[key] = make()
        return value

    def _geo(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
        """Reduced latitude and its cosine (geo.distance), latitude and longitude in radians,
        and the largest absolute latitude in radians."""
        geo = self._derived.get("geo")
        if geo is None:
            beta = reduced_latitude(self.latitude)
            geo = (beta, np.cos(beta), np.radians(self.latitude), np.radians(self.longitude),
                   float(np.max(np.abs(np.radians(self.latitude)), initial=0.0)))
            self._derived["geo"] = geo
        return geo  # type: ignore[no-any-return]

    def distances_km(self, lat: float, lon: float, rows: np.ndarray) -> np.ndarray:
        """Geodesic km from one point to the carers at `rows`: geo.distance.geodesic_km_many
        with the carers' part precomputed, the same figures to the last bit."""
        beta, cos_beta, _, _, _ = self._geo()
        return geodesic_km_reduced(lat, lon, beta[rows], cos_beta[rows], self.longitude[rows])

    def certainly_beyond_km(self, lat: float, lon: float, rows: np.ndarray,
                            km: float) -> np.ndarray:
        """True where the carer at `rows` lies certainly more than `km` (geodesic) away, by a
        cheap lower bound (a few operations instead of the geodesic's fifty): on the sphere
        sin^2(s/2) >= sin^2(dlat/2) + cos^2(max lat) sin^2(dlon/2), with the angles capped
        where the small-angle bound holds. False means: measure it."""
        _, _, lat_rad, lon_rad, top = self._geo()
        phi = np.radians(lat)
        c = np.cos(max(top, abs(phi)))
        dlat = np.minimum(np.abs(lat_rad[rows] - phi), _SMALL_ANGLE)
        dlon = np.abs(lon_rad[rows] - np.radians(lon))
        dlon = np.minimum(np.minimum(dlon, 2 * np.pi - dlon), _SMALL_ANGLE) * c
        reach = km / _LOWER_BOUND_RADIUS_KM
        return dlat * dlat + dlon * dlon > reach * reach

    def wijk_label(self, code: str | None) -> str | None:
        return self.wijk_labels.get(code, code) if code else None

    def need_column(self, code: str) -> np.ndarray:
        """Competence level of every carer for one need code (zeros when nobody has it)."""
        if code in self.need_vocab:
            return self.competence[:, self.need_vocab.index(code)]
        return np.zeros(len(self), dtype=np.int8)


class DistanceMemo:
    """Geodesic km from a few points to the carers, each carer measured once per point for one
    search: the children of a sibling group share their parents' home and often a school.
    Called like CandidateIndex.distances_km, with the same figures."""

    def __init__(self, index: CandidateIndex) -> None:
        self.index = index
        self.known: dict[tuple[float, float], tuple[np.ndarray, np.ndarray]] = {}

    def __call__(self, lat: float, lon: float, rows: np.ndarray) -> np.ndarray:
        entry = self.known.get((lat, lon))
        if entry is None:
            n = len(self.index)
            entry = self.known[(lat, lon)] = (np.empty(n), np.zeros(n, dtype=bool))
        values, done = entry
        todo = rows[~done[rows]]
        if len(todo):
            values[todo] = self.index.distances_km(lat, lon, todo)
            done[todo] = True
        return values[rows]
