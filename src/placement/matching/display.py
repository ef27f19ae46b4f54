"""A stored ranking snapshot turned into what the ranking page shows: Dutch labels, the factor
table per candidate and a bar of the contributions per factor (inline SVG, drawn on the server,
so the page needs no script). Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from placement.matching.schemas import (
    ExclusionSummary,
    Factor,
    Option,
    Plan,
    SearchOut,
)
from placement.web.labels import (
    FACTORS,
    TIE_INTENTS,
    TIE_KINDS,
    WISHES,
    carer_kind,
    decimal,
    label,
    local_time,
    raw_value,
)

BAR_WIDTH = 300  # SVG user units; the bar is scaled to the score (a full bar is a score of 1)
# One colour per factor, the same on every bar and in the legend, so bars compare at a glance.
FACTOR_COLOURS = {
    "school_travel": "#0b4f6c", "club_travel": "#01baef", "parents_distance": "#20bf55",
    "own_wijk": "#8fc93a", "siblings_together": "#e4572e", "needs_fit": "#a4161a",
    "network_tie": "#ffb400", "age_order": "#7b2cbf", "expressed_wishes": "#c77dff",
    "availability_freshness": "#6c757d", "stability": "#3d5a80",
}
OTHER_COLOUR = "#adb5bd"


@dataclass
class BarSegment:
    key: str
    label: str
    x: float
    width: float
    colour: str


@dataclass
class FactorRow:
    key: str
    label: str
    raw: str
    score: str
    weight: str
    contribution: str
    explanation: str


@dataclass
class Candidate:
    rank: int
    carer_name: str
    kind: str
    wijk: str
    free_places: int
    score: str
    with_support: bool
    support_needed: list[str]
    availability_stale: bool
    factors: list[FactorRow]
    bar: list[BarSegment]
    bar_title: str


@dataclass
class Part:
    children: list[str]
    carer_name: str
    free_places: int
    score: str
    members: list[tuple[str, Candidate]] = field(default_factory=list)  # (case reference, option)


@dataclass
class PlanView:
    rank: int
    score: str
    all_together: bool
    parts: list[Part]
    broken_ties: list[str]
    requires_split_reason: bool
    part_distances: list[str]
    split_penalty: str
    explanation: list[str] = field(default_factory=list)  # matching's lines, "kind N" = Nth child


@dataclass
class Summary:
    title: str
    considered: int
    eligible: int
    excluded: int
    by_reason: list[tuple[str, int]]


def bar_segments(factors: list[Factor]) -> list[BarSegment]:
    """Contributions side by side: the bar's length is the score, each piece one factor."""
    x = 0.0
    segments = []
    for f in factors:
        width = max(f.contribution, 0.0) * BAR_WIDTH
        if width <= 0:
            continue
        segments.append(BarSegment(f.key, label(FACTORS, f.key), round(x, 2), round(width, 2),
                                   FACTOR_COLOURS.get(f.key, OTHER_COLOUR)))
        x += width
    return segments


def candidate(option: Option, wijk_names: dict[str, str],
              need_labels: dict[str, str] | None = None) -> Candidate:
    rows = [FactorRow(f.key, label(FACTORS, f.key),
                      wijk_names.get(str(f.raw), str(f.raw)) if f.unit == "wijk" and f.raw
                      else raw_value(f.raw, f.unit), decimal(f.score),
                      decimal(f.weight, 1), decimal(f.contribution, 3), f.explanation)
            for f in option.factors]
    return Candidate(
        rank=option.rank, carer_name=option.carer_name,
        kind=carer_kind(option.carer_kind, option.network_family),
        wijk=wijk_names.get(option.wijk_code or "", option.wijk_code or "–"),
        free_places=option.free_places, score=decimal(option.score),
        with_support=option.with_support,
        support_needed=[(need_labels or {}).get(s.need_code, s.need_code)
                        + (f" ({s.note})" if s.note else "") for s in option.support_needed],
        availability_stale=option.availability_stale, factors=rows,
        bar=bar_segments(option.factors),
        bar_title=f"Score {decimal(option.score)}: " + ", ".join(
            f"{r.label} {r.contribution}" for r in rows))


def summary(title: str, s: ExclusionSummary) -> Summary:
    return Summary(title, s.considered, s.eligible, s.excluded,
                   [(r.text, r.count) for r in sorted(s.by_reason, key=lambda r: -r.count)])


def plan_view(plan: Plan, case_refs: dict[UUID, str], wijk_names: dict[str, str],
              need_labels: dict[str, str] | None = None) -> PlanView:
    def ref(child_id: UUID) -> str:
        return case_refs.get(child_id, str(child_id)[:8])

    return PlanView(
        rank=plan.rank, score=decimal(plan.score), all_together=plan.all_together,
        # members are the part's children in order: each child's own explained option here
        parts=[Part([ref(c) for c in p.child_ids], p.carer_name, p.free_places, decimal(p.score),
                    [(ref(c), candidate(m, wijk_names, need_labels))
                     for c, m in zip(p.child_ids, p.members, strict=False)])
               for p in plan.parts],
        broken_ties=[f"{ref(t.child_a)} – {ref(t.child_b)}: {label(TIE_KINDS, t.kind)}, "
                     f"{label(TIE_INTENTS, t.intent)}" for t in plan.broken_ties],
        requires_split_reason=plan.requires_split_reason,
        part_distances=[f"deel {a + 1} en deel {b + 1}: {decimal(d.km, 1)} km"
                        for d in plan.part_distances_km for a, b in [d.parts]],
        split_penalty=decimal(plan.split_penalty),
        explanation=list(plan.explanation),
    )


@dataclass
class InputRow:
    case_reference: str
    age: str
    wijk: str
    must: str
    should: str
    known: str  # which fixed points and wishes the ranking could use


def input_rows(inputs: dict[str, Any], case_refs: dict[UUID, str], wijk_names: dict[str, str],
               need_labels: dict[str, str]) -> list[InputRow]:
    """What the stored ranking was based on, per child (the snapshot keeps no names)."""
    rows = []
    for child in inputs.get("children") or []:
        if not isinstance(child, dict):
            continue
        child_id = str(child.get("child_id", ""))
        ref = next((r for c, r in case_refs.items() if str(c) == child_id), child_id[:8])
        wijk = child.get("home_wijk_code")
        known = [text for key, text in (("school_known", "school"),
                                        ("parents_address_known", "adres ouders"))
                 if child.get(key)]
        if child.get("clubs"):
            known.append(f"{child['clubs']} club(s)")
        if child.get("wishes_expressed"):
            known.append("wensen: " + ", ".join(label(WISHES, w)
                                                for w in child["wishes_expressed"]))
        if child.get("network_ties"):
            known.append(f"{child['network_ties']} netwerkband(en)")
        rows.append(InputRow(
            ref, f"{child.get('age')} jaar", wijk_names.get(wijk or "", wijk or "–"),
            ", ".join(need_labels.get(n, n) for n in child.get("must_needs") or []) or "–",
            ", ".join(need_labels.get(n, n) for n in child.get("should_needs") or []) or "–",
            ", ".join(known) or "–"))
    return rows


def input_ties(inputs: dict[str, Any], case_refs: dict[UUID, str]) -> list[str]:
    """The sibling ties the ranking weighed, as "A – B: volle broer/zus, samen"."""
    refs = {str(c): r for c, r in case_refs.items()}
    lines = []
    for tie in inputs.get("ties") or []:
        if not isinstance(tie, dict):
            continue
        a, b = str(tie.get("child_a", "")), str(tie.get("child_b", ""))
        lines.append(f"{refs.get(a, a[:8])} – {refs.get(b, b[:8])}: "
                     f"{label(TIE_KINDS, tie.get('kind'))}, {label(TIE_INTENTS, tie.get('intent'))}")
    return lines


def ranking_context(out: SearchOut, case_refs: dict[UUID, str], wijk_names: dict[str, str],
                    need_labels: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the ranking template needs, in Dutch, from the stored snapshot."""
    context: dict[str, Any] = {
        "snapshot": out, "created": local_time(out.created_at),
        "model_version": (f"stabiliteitsmodel versie {out.model_version}" if out.model_version
                          else "geen (nog geen voorspellend model)"),
        "candidates": [], "plans": [], "summaries": [], "not_applicable": [], "exclusions": [],
        "legend": [(label(FACTORS, k), c) for k, c in FACTOR_COLOURS.items()],
        "bar_width": BAR_WIDTH,
        "inputs": input_rows(out.inputs, case_refs, wijk_names, need_labels or {}),
        "carers_in_index": out.inputs.get("carers_in_index"),
        "ties": input_ties(out.inputs, case_refs),
    }
    if out.ranking is not None:
        context["candidates"] = [candidate(o, wijk_names, need_labels)
                                 for o in out.ranking.options]
        # Asked for with the search ("toon uitgesloten"): each excluded carer with its reasons.
        context["exclusions"] = [(e.carer_name, [r.text for r in e.reasons])
                                 for e in out.ranking.exclusions or []]
        context["summaries"] = [summary("Uitgesloten opvanglocaties",
                                        out.ranking.exclusion_summary)]
        context["not_applicable"] = [(label(FACTORS, k), why) for k, why
                                     in out.ranking.factors_not_applicable.items()]
        context["travel_basis"] = out.ranking.travel_basis
    if out.plans is not None:
        context["plans"] = [plan_view(p, case_refs, wijk_names, need_labels)
                            for p in out.plans.plans]
        context["all_together_feasible"] = out.plans.all_together_feasible
        context["summaries"] = [
            summary(f"Uitgesloten voor {case_refs.get(r.child_id, str(r.child_id)[:8])}",
                    r.exclusion_summary) for r in out.plans.per_child]
    return context
