"""The dossier turned into what the dossier page and the PDF show, in Dutch: one context for
both, so the page and the printed dossier cannot drift apart. Pure: no I/O.

Children appear by case reference, age, wijk and needs only (as the commission sees them);
carers by name, as in the stored rankings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from placement.commission.schemas import (
    CommissionDecisionOut,
    Dossier,
    OfficerDecisionOut,
)
from placement.decisions.reasons import (
    ANSWERS,
    COMMISSION_OUTCOMES,
    DECLINE_REASONS,
    INTRODUCTION_OUTCOMES,
    OVERRIDE_REASONS,
    REQUEST_STATUSES,
    SPLIT_REASONS,
    STOP_REASONS,
)
from placement.matching.display import candidate, plan_view, summary
from placement.matching.schemas import SearchOut
from placement.web.labels import PLACEMENT_TYPES, URGENCIES, WISHES, label, local_time

GENDERS = {"f": "meisje", "m": "jongen", "x": "anders"}


@dataclass
class ChildLine:
    case_reference: str
    age: str
    gender: str
    wijk: str
    must: str
    should: str
    wishes: str


@dataclass
class SnapshotView:
    id: UUID
    created: str
    policy_version: int
    asked_by: str
    group: bool
    candidates: list[Any]
    plans: list[Any]
    summaries: list[Any]


@dataclass
class DecisionView:
    """An officer's decision with what followed it."""

    decided: str
    decided_by: str
    source: str
    option: str
    chosen: str
    reason: str
    motivation: str
    split_reasons: list[str]
    supply_changed: bool
    answers: list[str] = field(default_factory=list)
    introductions: list[str] = field(default_factory=list)


@dataclass
class CommissionView:
    id: UUID
    outcome_code: str
    outcome: str
    option: str
    extra_support: str
    relax: str
    motivation: str
    decided_on: str
    members: str
    decided_by: str
    recorded: str
    replaced: bool


def day(value: dt.date) -> str:
    return value.strftime("%d-%m-%Y")


def child_lines(dossier: Dossier, wijk_names: dict[str, str]) -> list[ChildLine]:
    lines = []
    for c in dossier.children:
        wishes = ", ".join(f"{label(WISHES, k)}: {v}" for k, v in
                           ((k, getattr(c.wishes, k, None)) for k in WISHES) if v)
        lines.append(ChildLine(
            c.case_reference, f"{c.age} jaar", label(GENDERS, c.gender),
            wijk_names.get(c.home_wijk_code or "", c.home_wijk_code or "onbekend"),
            ", ".join(n.label for n in c.needs if n.level == "must") or "–",
            ", ".join(n.label for n in c.needs if n.level == "should") or "–",
            wishes or "–"))
    return lines


def snapshot_view(snap: SearchOut, case_refs: dict[UUID, str], wijk_names: dict[str, str],
                  need_labels: dict[str, str]) -> SnapshotView:
    view = SnapshotView(snap.snapshot_id, local_time(snap.created_at), snap.policy_version,
                        snap.asked_by, snap.kind == "group", [], [], [])
    if snap.ranking is not None:
        view.candidates = [candidate(o, wijk_names, need_labels) for o in snap.ranking.options]
        view.summaries = [summary("Uitgesloten opvanglocaties", snap.ranking.exclusion_summary)]
    if snap.plans is not None:
        view.plans = [plan_view(p, case_refs, wijk_names, need_labels) for p in snap.plans.plans]
        view.summaries = [summary(f"Uitgesloten voor {case_refs.get(r.child_id, '?')}",
                                  r.exclusion_summary) for r in snap.plans.per_child]
    return view


def _chosen_names(chosen: Any) -> str:
    """The carer name(s) in a decision's `chosen` JSON (an option or a plan, as in the
    snapshot)."""
    if not isinstance(chosen, dict):
        return "–"
    if chosen.get("carer_name"):
        return str(chosen["carer_name"])
    parts = chosen.get("parts") or []
    names = [str(p.get("carer_name")) for p in parts if isinstance(p, dict)]
    return " + ".join(dict.fromkeys(names)) or "–"


def decision_view(d: OfficerDecisionOut) -> DecisionView:
    splits = []
    for s in d.split_reasons if isinstance(d.split_reasons, list) else []:
        # The decision API stores {child_a_id, child_b_id, reason_code, motivation} per tie.
        code = s.get("reason_code") if isinstance(s, dict) else s
        note = s.get("motivation") if isinstance(s, dict) else None
        splits.append(label(SPLIT_REASONS, str(code)) + (f": {note}" if note else ""))
    return DecisionView(
        decided=local_time(d.decided_at), decided_by=d.decided_by_label,
        source={"officer": "plaatser", "waiting_list": "wachtlijstvoorstel",
                "commission": "commissie"}.get(d.source, d.source),
        option=f"{'plan' if d.option_kind == 'plan' else 'optie'} {d.option_rank}",
        chosen=_chosen_names(d.chosen),
        reason=label(OVERRIDE_REASONS, d.reason_code) if d.reason_code else
        ("bovenste optie: geen reden nodig" if d.option_rank == 1 else "–"),
        motivation=d.motivation or "", split_reasons=splits, supply_changed=d.supply_changed,
        answers=[f"{a.carer_name}: {label(ANSWERS, a.answer)}"
                 + (f" ({label(DECLINE_REASONS, a.decline_reason)})" if a.decline_reason else "")
                 + f" op {day(a.answered_on)}" + (f". {a.note}" if a.note else "")
                 for a in d.answers],
        introductions=[f"{i.carer_name}: {label(INTRODUCTION_OUTCOMES, i.outcome)}"
                       + (f" ({label(STOP_REASONS, i.stop_reason)})" if i.stop_reason else "")
                       + f" op {day(i.held_on)}" + (f". {i.note}" if i.note else "")
                       for i in d.introductions])


def commission_view(d: CommissionDecisionOut, option_names: dict[tuple[UUID, int], str],
                    snapshot_times: dict[UUID, str]) -> CommissionView:
    option = "–"
    if d.snapshot_id is not None and d.option_rank is not None:
        option = (f"optie {d.option_rank} ({option_names.get((d.snapshot_id, d.option_rank), '?')})"
                  f" uit de rangschikking van {snapshot_times.get(d.snapshot_id, '?')}")
    return CommissionView(
        id=d.id, outcome_code=d.outcome, outcome=label(COMMISSION_OUTCOMES, d.outcome),
        option=option, extra_support=d.extra_support or "", relax=d.relax or "",
        motivation=d.motivation, decided_on=day(d.decided_on),
        members=", ".join(d.members_present), decided_by=d.decided_by_label,
        recorded=local_time(d.created_at), replaced=d.replaced)


def option_names(snapshots: list[SearchOut]) -> dict[tuple[UUID, int], str]:
    """(snapshot, rank) -> the carer name(s) of that option: for the decision form and for
    naming the option a decision approved."""
    names: dict[tuple[UUID, int], str] = {}
    for snap in snapshots:
        if snap.ranking is not None:
            for o in snap.ranking.options:
                names[(snap.snapshot_id, o.rank)] = o.carer_name
        if snap.plans is not None:
            for p in snap.plans.plans:
                names[(snap.snapshot_id, p.rank)] = " + ".join(
                    dict.fromkeys(part.carer_name for part in p.parts))
    return names


def option_choices(snapshots: list[SearchOut]) -> list[tuple[str, str]]:
    """The decision form's options: value "snapshot_id:rank", and a Dutch line naming it."""
    choices = []
    for snap in snapshots:
        when = local_time(snap.created_at)
        if snap.ranking is not None:
            for o in snap.ranking.options:
                extra = " · met ondersteuning" if o.with_support else ""
                choices.append((f"{snap.snapshot_id}:{o.rank}",
                                f"{when} · optie {o.rank} · {o.carer_name}{extra}"))
        if snap.plans is not None:
            for p in snap.plans.plans:
                names = " + ".join(dict.fromkeys(part.carer_name for part in p.parts))
                choices.append((f"{snap.snapshot_id}:{p.rank}", f"{when} · plan {p.rank} · {names}"))
    return choices


def dossier_context(dossier: Dossier, wijk_names: dict[str, str],
                    need_labels: dict[str, str]) -> dict[str, Any]:
    """Everything the dossier template (page and PDF) needs."""
    case_refs = {c.id: c.case_reference for c in dossier.children}
    times = {s.snapshot_id: local_time(s.created_at) for s in dossier.snapshots}
    names = option_names(dossier.snapshots)
    r = dossier.request
    return {
        "dossier": dossier,
        "case_title": ", ".join(case_refs.values()) or "casus",
        "facts": [
            ("Organisatie", r.organisation_name),
            ("Melding", local_time(r.created_at)),
            ("Pleegzorgvorm", label(PLACEMENT_TYPES, r.placement_type)),
            ("Urgentie", label(URGENCIES, r.urgency)),
            ("Gewenste start", day(r.desired_start)
             + (f" (verwacht {r.expected_duration_days} dagen)" if r.expected_duration_days
                else "")),
            ("Status", label(REQUEST_STATUSES, r.status)),
        ],
        "notes": r.notes,
        "children": child_lines(dossier, wijk_names),
        "referrals": [(local_time(x.referred_at), x.referred_by_label, x.question, x.motivation)
                      for x in dossier.referrals],
        "snapshots": [snapshot_view(s, case_refs, wijk_names, need_labels)
                      for s in dossier.snapshots],
        "support_options": [
            (times.get(o.snapshot_id, "?"),
             f"plan {o.plan_rank}" if o.plan_rank is not None else f"optie {o.option_rank}",
             o.carer_name, case_refs.get(o.child_id, "?"),
             [need_labels.get(s.need_code, s.need_code) + (f" ({s.note})" if s.note else "")
              for s in o.support_needed])
            for o in dossier.support_options],
        "decisions": [decision_view(d) for d in dossier.decisions],
        "current": commission_view(dossier.current, names, times) if dossier.current else None,
        "history": [commission_view(d, names, times) for d in dossier.commission_decisions
                    if d.replaced],
        "option_choices": option_choices(dossier.snapshots),
        "outcome_options": list(COMMISSION_OUTCOMES.items()),
    }
