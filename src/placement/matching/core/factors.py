"""Soft factors, vectorised over the eligible carers. Each factor gives, per carer, a raw value
with its unit and a score in 0..1; its Dutch one-line explanation is written only for the options
that are actually shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from placement.matching.core.index import (
    LEVEL_FULL,
    LEVEL_WITH_SUPPORT,
    CandidateIndex,
    Distances,
)
from placement.matching.core.policy import MODES, Policy
from placement.matching.core.profiles import ChildProfile
from placement.matching.core.texts import language_nl, need_nl, relation_nl
from placement.matching.core.travel import OfflineEstimator, TravelTimeEstimator, nl


@dataclass
class FactorColumn:
    key: str
    unit: str
    raw: np.ndarray  # float per eligible carer (nan: unknown)
    score: np.ndarray  # 0..1 per eligible carer
    explain: Callable[[int], str]  # position among the eligible carers -> one Dutch line
    raw_text: Callable[[int], str | None] | None = None  # raw values that are words


def among(rows: np.ndarray, wanted: list[int]) -> np.ndarray:
    """Per position in `rows` (ascending carer rows, as evaluate_child keeps them): is it one of
    the few rows in `wanted`? A binary search per wanted row: np.isin sorts both arrays, a
    tenth of a millisecond per factor on a large candidate list."""
    found = np.zeros(len(rows), dtype=bool)
    if wanted and len(rows):
        want = np.asarray(wanted, dtype=rows.dtype)
        at = np.searchsorted(rows, want)
        inside = at < len(rows)
        at, want = at[inside], want[inside]
        found[at[rows[at] == want]] = True
    return found


def falloff(value: np.ndarray, good: float, worst: float) -> np.ndarray:
    """1 up to `good`, straight down to 0 at `worst`, 0 beyond (nan counts as worst)."""
    span = max(worst - good, 1e-9)
    score = np.clip(1.0 - (value - good) / span, 0.0, 1.0)
    score[np.isnan(score)] = 0.0  # no inf is left after the clip: only nan needs a value
    return score


@dataclass
class Trip:
    """Travel from the carers to one fixed point in the child's life."""

    name: str
    km: np.ndarray
    minutes: np.ndarray
    modes: np.ndarray  # int8 index into MODES per carer: the mode depends on age and distance

    def mode(self, j: int) -> str:
        return MODES[int(self.modes[j])]

    def take(self, keep: np.ndarray) -> Trip:
        return Trip(self.name, self.km[keep], self.minutes[keep], self.modes[keep])


def trip(child_spot, index: CandidateIndex, rows: np.ndarray,  # type: ignore[no-untyped-def]
         age: int, policy: Policy, estimator: TravelTimeEstimator,
         beyond_minutes: float | None = None, distances: Distances | None = None) -> Trip:
    """The trip from each carer at `rows`, each by the mode the policy gives this age at that
    distance; the estimator is asked once per mode in use.

    `beyond_minutes`: the caller only needs to know that a trip is longer than this. With the
    offline estimate (minutes grow with distance at most at the fastest mode's speed), carers a
    cheap lower bound puts certainly further away are not measured: they get inf km and
    minutes. A router measures everything it was asked (its answers are fetched beforehand for
    exactly these trips)."""
    if beyond_minutes is not None and type(estimator) is OfflineEstimator and len(rows):
        t = policy.thresholds
        km_cut = beyond_minutes * max(t.speeds_kmh.values()) / (t.detour_factor * 60.0)
        far = index.certainly_beyond_km(child_spot.latitude, child_spot.longitude, rows, km_cut)
        if far.any():
            near = ~far
            inner = trip(child_spot, index, rows[near], age, policy, estimator,
                         distances=distances)
            km = np.full(len(rows), np.inf)
            minutes = np.full(len(rows), np.inf)
            modes = np.full(len(rows), MODES.index(policy.mode_for_age(age)), dtype=np.int8)
            km[near], minutes[near], modes[near] = inner.km, inner.minutes, inner.modes
            return Trip(child_spot.name, km, minutes, modes)
    km = (distances or index.distances_km)(child_spot.latitude, child_spot.longitude, rows)
    modes = policy.modes_for(age, km)
    if type(estimator) is OfflineEstimator:
        speeds = np.array([policy.thresholds.speeds_kmh.get(m, np.nan) for m in MODES])
        return Trip(child_spot.name, km, OfflineEstimator.minutes_by_mode(km, speeds[modes], policy),
                    modes)
    lats, lons = index.latitude[rows], index.longitude[rows]
    used = np.flatnonzero(np.bincount(modes, minlength=len(MODES))).tolist() if len(km) else []
    if len(used) == 1:
        minutes = np.asarray(estimator.minutes(child_spot.latitude, child_spot.longitude, lats,
                                               lons, km, MODES[used[0]], policy), dtype=np.float64)
    else:
        minutes = np.zeros(len(km), dtype=np.float64)
        for m in used:
            mask = modes == m
            minutes[mask] = estimator.minutes(child_spot.latitude, child_spot.longitude,
                                              lats[mask], lons[mask], km[mask], MODES[m], policy)
    return Trip(child_spot.name, km, minutes, modes)


def school_travel(school: Trip, policy: Policy, estimator: TravelTimeEstimator) -> FactorColumn:
    t = policy.thresholds
    score = falloff(school.minutes, t.good_travel_minutes, t.max_travel_minutes)

    def explain(j: int) -> str:
        where = f" ({school.name})" if school.name else ""
        return f"Naar school{where}: " + estimator.basis(
            float(school.km[j]), float(school.minutes[j]), school.mode(j), policy)

    return FactorColumn("school_travel", "min", school.minutes, score, explain)


def club_travel(clubs: list[Trip], policy: Policy, estimator: TravelTimeEstimator) -> FactorColumn:
    t = policy.thresholds
    minutes = np.mean([c.minutes for c in clubs], axis=0)
    score = np.mean([falloff(c.minutes, t.good_travel_minutes, t.max_travel_minutes)
                     for c in clubs], axis=0)

    def explain(j: int) -> str:
        parts = [f"{c.name or 'club'} " + estimator.basis(float(c.km[j]), float(c.minutes[j]),
                                                         c.mode(j), policy) for c in clubs]
        return "Naar sport/club: " + "; ".join(parts)

    return FactorColumn("club_travel", "min", minutes, score, explain)


def parents_distance(km: np.ndarray, to_parents: bool, policy: Policy) -> FactorColumn:
    t = policy.thresholds
    score = falloff(km, t.contact_good_km, t.contact_max_km)
    what = "het huis van de ouders" if to_parents else "de eigen buurt (geen adres ouders bekend)"
    return FactorColumn("parents_distance", "km", km, score,
                        lambda j: f"{nl(float(km[j]))} km hemelsbreed van {what}")


def own_wijk(index: CandidateIndex, rows: np.ndarray, child: ChildProfile) -> FactorColumn:
    wanted = (index.wijk_vocab.index(child.home_wijk_code)
              if child.home_wijk_code in index.wijk_vocab else -2)
    same = index.wijk[rows] == wanted
    score = same.astype(np.float64)

    def wijk_name(j: int) -> str | None:
        code = index.wijk[rows[j]]
        return index.wijk_vocab[code] if code >= 0 else None

    own = index.wijk_label(child.home_wijk_code)

    def explain(j: int) -> str:
        if same[j]:
            return f"In de eigen wijk van het kind ({own})"
        elsewhere = index.wijk_label(wijk_name(j)) or "een andere plaats"
        return f"Buiten de eigen wijk ({own}); opvang in {elsewhere}"

    return FactorColumn("own_wijk", "wijk", score, score, explain, raw_text=wijk_name)


def siblings_placed(index: CandidateIndex, rows: np.ndarray, child: ChildProfile) -> FactorColumn:
    there = among(rows, [index.row_of[c] for c in child.together_sibling_carers
                         if c in index.row_of])
    score = there.astype(np.float64)
    return FactorColumn(
        "siblings_together", "ja/nee", score, score,
        lambda j: ("Broer of zus woont hier al: samen" if there[j]
                   else "Broer of zus woont elders: niet samen"))


def needs_fit(index: CandidateIndex, rows: np.ndarray, child: ChildProfile,
              policy: Policy) -> FactorColumn:
    codes = list(child.must_needs) + list(child.should_needs)
    partial = policy.thresholds.with_support_fit
    levels = np.stack([index.need_column(code)[rows] for code in codes])  # needs x carers
    values = np.where(levels == LEVEL_FULL, 1.0, np.where(levels == LEVEL_WITH_SUPPORT, partial, 0.0))
    score = values.mean(axis=0)

    def explain(j: int) -> str:
        full = [c for c, lv in zip(codes, levels[:, j]) if lv == LEVEL_FULL]
        support = [c for c, lv in zip(codes, levels[:, j]) if lv == LEVEL_WITH_SUPPORT]
        missing = [c for c, lv in zip(codes, levels[:, j]) if lv < LEVEL_WITH_SUPPORT]
        def words(found: list[str]) -> str:
            return ", ".join(need_nl(c, index.need_labels) for c in found)

        text = f"Dekt {len(full)} van {len(codes)} zorgbehoeften volledig"
        if support:
            text += "; met extra ondersteuning: " + words(support)
        if missing:
            text += "; niet: " + words(missing)
        return text

    return FactorColumn("needs_fit", "%", score * 100.0, score, explain)


def network_tie(index: CandidateIndex, rows: np.ndarray, child: ChildProfile) -> FactorColumn:
    relation_of = {index.row_of[c]: rel for c, rel in child.network_ties.items()
                   if c in index.row_of}
    tied = among(rows, list(relation_of))
    score = tied.astype(np.float64)

    def explain(j: int) -> str:
        if tied[j]:
            return f"Netwerk: bekend van het kind ({relation_nl(relation_of[int(rows[j])])})"
        return "Geen bekende band met het kind"

    return FactorColumn("network_tie", "ja/nee", score, score, explain)


def age_order(index: CandidateIndex, rows: np.ndarray, child: ChildProfile,
              policy: Policy) -> FactorColumn:
    all_kids, all_youngest = index.derived("youngest_own_child", lambda: _youngest(index))
    has_kids, youngest = all_kids[rows], all_youngest[rows]
    same_age = np.any(index.own_years[rows] == child.birth_date.year, axis=1)  # pads are -1
    gap = np.where(has_kids, child.birth_date.year - youngest, np.nan)
    score = np.where(~has_kids | (gap >= 1), 1.0, policy.thresholds.age_order_older_score)
    score = np.where(same_age, 0.0, score)

    def explain(j: int) -> str:
        if not has_kids[j]:
            return "Geen eigen kinderen thuis"
        if same_age[j]:
            return "Een eigen kind is even oud: liever niet"
        if gap[j] >= 1:
            return f"Kind is {gap[j]:.0f} jaar jonger dan het jongste eigen kind"
        return "Kind is ouder dan een eigen kind: liever jonger"

    return FactorColumn("age_order", "jaar", gap, score, explain)


def _youngest(index: CandidateIndex) -> tuple[np.ndarray, np.ndarray]:
    """Per carer: has own children at home, and the birth year of the youngest (0 without)."""
    years = index.own_years.astype(np.float64)
    years[years < 0] = np.nan
    has_kids = ~np.all(np.isnan(years), axis=1)
    with np.errstate(all="ignore"):
        youngest = np.nanmax(np.where(has_kids[:, None], years, 0.0), axis=1)
    return has_kids, youngest


def expressed_wishes(index: CandidateIndex, rows: np.ndarray, child: ChildProfile) -> FactorColumn:
    language = (child.wishes.get("language") or "").strip().lower()
    religion = (child.wishes.get("religion") or "").strip().lower()
    checks: list[tuple[str, np.ndarray]] = []
    if language:
        checks.append((f"taal {language_nl(language)}", _speaks(index, rows, language)))
    if religion:
        wanted = (index.religion_vocab.index(religion) if religion in index.religion_vocab else -2)
        checks.append((f"geloof {religion}", index.religion[rows] == wanted))
    score = np.mean([met for _, met in checks], axis=0).astype(np.float64)
    food_note = ("; voedingswens niet te toetsen (niet vastgelegd bij opvanglocaties)"
                 if child.wishes.get("food") else "")

    def explain(j: int) -> str:
        met = [name for name, ok in checks if ok[j]]
        unmet = [name for name, ok in checks if not ok[j]]
        text = "Uitgesproken wens"
        text += (": " + ", ".join(met) + " klopt") if met else ""
        text += ("; niet: " + ", ".join(unmet)) if unmet else ""
        return text + food_note

    return FactorColumn("expressed_wishes", "%", score * 100.0, score, explain)


def _speaks(index: CandidateIndex, rows: np.ndarray, language: str) -> np.ndarray:
    """Per carer: does it speak `language`? Bit test for the first 63 languages."""
    if language not in index.language_vocab:
        return np.zeros(len(rows), dtype=bool)
    position = index.language_vocab.index(language)
    if position < 63:
        return (index.language_mask[rows] & (1 << position)) != 0
    return np.array([language in index.language_sets[r] for r in rows], dtype=bool)


def stability(index: CandidateIndex, rows: np.ndarray, child: ChildProfile, age: int,
              placement_type: str, columns: list[FactorColumn]) -> FactorColumn:
    """The chance the placement lasts 12 months, from the active stability model; the carer
    side comes precomputed in index.stability (stability/ranking.py does the arithmetic)."""
    from placement.stability.features import ChildSide
    from placement.stability.ranking import option_stability

    by_key = {c.key: c for c in columns}
    # A value the same for every option stays a number: one lookup instead of one per carer.
    fit = by_key["needs_fit"].score if "needs_fit" in by_key else 1.0
    school = by_key["school_travel"].raw if "school_travel" in by_key else None
    together = [index.row_of[c] for c in child.together_sibling_carers if c in index.row_of]
    apart = ~among(rows, together) if together else False
    side = ChildSide(age_at_start=float(age), need_codes=child.must_needs + child.should_needs,
                     placement_type=placement_type)
    lasting, explain = option_stability(index.stability, rows, side, fit, school, apart)
    return FactorColumn("stability", "%", lasting * 100.0, lasting, explain)


def availability_freshness(index: CandidateIndex, rows: np.ndarray, today_number: int,
                           policy: Policy) -> tuple[FactorColumn, np.ndarray]:
    t = policy.thresholds
    age_days = today_number - index.confirmed_day[rows]
    # A confirmation dated ahead cannot be true (input refuses it; older rows may hold one):
    # it earns nothing and asks for a check, like one never made.
    ahead = age_days < 0
    score = np.where(ahead, 0.0, falloff(age_days, t.fresh_availability_days,
                                         t.stale_availability_days))
    stale = np.isnan(age_days) | (age_days > t.stale_availability_days) | ahead

    def explain(j: int) -> str:
        if np.isnan(age_days[j]):
            return "Beschikbaarheid nooit bevestigd: eerst navragen"
        if ahead[j]:
            return "Bevestigingsdatum van de beschikbaarheid ligt in de toekomst: eerst navragen"
        days = int(age_days[j])
        if stale[j]:
            return f"Beschikbaarheid {days} dagen geleden bevestigd: verouderd, eerst navragen"
        return f"Beschikbaarheid {days} dagen geleden bevestigd"

    return FactorColumn("availability_freshness", "dagen", age_days, score, explain), stale
