"""The KPI formulas on small hand-made histories, against numbers worked out by hand (the
working is in the comments), with cells under 5 shown as "<5"."""

from __future__ import annotations

import datetime as dt
from uuid import UUID, uuid5

from placement.indicators import compute
from placement.indicators.compute import DecisionRow, PlacementRow, RequestRow, SnapshotRow

NS = UUID("00000000-0000-0000-0000-000000000008")
START, END, AS_OF = dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 15)


def uid(name: str) -> UUID:
    return uuid5(NS, name)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# request, melding, start, end, end reason, placement type, child
ROWS = [
    ("r1", "2025-01-01", "2025-01-08", "2025-03-01", "planned", "long_term", "c1"),      # 7 days
    ("r2", "2025-02-01", "2025-02-11", "2025-05-01", "return_home", "crisis", "c2"),     # 10
    ("r3", "2025-03-01", "2025-03-15", "2025-07-01", "breakdown_child", "short_term", "c3"),  # 14
    ("r4", "2025-04-01", "2025-04-21", "2025-08-01", "to_network", "long_term", "c4"),   # 20
    ("r5", "2025-05-01", "2025-06-10", None, None, "long_term", "c5"),                   # 40
    ("r6", "2025-06-01", "2025-06-04", "2026-03-01", "planned", "crisis", "c6"),         # 3
    ("r7", "2024-12-01", "2024-12-20", "2025-02-01", "breakdown_carer", "long_term", "c7"),  # before
    ("r8", "2025-01-25", "2025-02-01", None, None, "long_term", "c7"),                   # 7, a move
]


def history() -> tuple[list[RequestRow], list[PlacementRow]]:
    requests = [RequestRow(uid(r), d(m), 1) for r, m, *_ in ROWS]
    placements = [PlacementRow(uid(c), uid("carer-" + r), t, d(s), d(e) if e else None, why,
                               uid(r), None) for r, _, s, e, why, t, c in ROWS]
    return requests, placements


def test_days_from_melding_to_placement() -> None:
    requests, placements = history()
    out = compute.time_to_placement(requests, placements, START, END)
    # in the period: 7, 10, 14, 20, 40, 3, 7 -> sorted 3 7 7 10 14 20 40
    assert out.requests == 7
    assert out.median_days == 10.0
    assert out.p90_days == 40.0  # nearest rank: ceil(0.9 * 7) = 7th value
    assert out.within_target == 5  # 3, 7, 7, 10, 14
    assert out.share_within_target == round(5 / 7, 3)


def test_fewer_than_five_requests_shows_small_and_no_median() -> None:
    requests, placements = history()
    out = compute.time_to_placement(requests, placements, START, d("2025-03-31"))
    # r1 (7), r2 (10), r3 (14), r8 (7): four requests
    assert out.requests == "<5"
    assert out.median_days is None and out.p90_days is None and out.share_within_target is None


def test_endings_as_planned_against_the_85_percent_target() -> None:
    _, placements = history()
    out = compute.endings(placements, START, END, AS_OF)
    # ended in 2025: c1 planned, c2 return_home, c3 breakdown_child, c4 to_network,
    # c7 breakdown_carer -> 5 ended, 2 unplanned, 3 as planned; c6 ends 2026-03-01: scheduled
    assert out.ended == 5
    assert out.unplanned == "<5" and out.planned == "<5"
    assert out.share_planned == 0.6
    assert out.meets_target is False
    assert out.scheduled_ends == "<5"
    by_reason = {r.code: r.count for r in out.by_reason}
    assert set(by_reason.values()) == {"<5"}
    assert list(by_reason)[:3] == ["planned", "return_home", "to_network"]


def test_crisis_placements_and_their_length() -> None:
    _, placements = history()
    out = compute.crisis(placements, START, END, AS_OF)
    # c2 (2025-02-11 .. 2025-05-01 = 79 days, ended) and c6 (scheduled end: still ongoing);
    # 7 placements started in 2025
    assert out.placements == "<5" and out.ended == "<5" and out.ongoing == "<5"
    assert out.share_of_all_starts == round(2 / 7, 3)
    assert out.median_days is None


def test_crisis_lengths_with_enough_cases() -> None:
    lengths = [3, 10, 20, 30, 60, 90]
    placements = [PlacementRow(uid(f"k{i}"), uid("carer"), "crisis", d("2025-03-01"),
                               d("2025-03-01") + dt.timedelta(days=n), "planned")
                  for i, n in enumerate(lengths)]
    out = compute.crisis(placements, START, END, AS_OF)
    assert out.placements == 6 and out.ended == 6 and out.ongoing == "<5"
    assert out.median_days == 25.0  # (20 + 30) / 2
    assert out.p90_days == 90.0  # ceil(5.4) = 6th
    assert out.longer == "<5"  # 30, 60, 90 are over 28 days


def test_moves_per_child() -> None:
    _, placements = history()
    out = compute.moves(placements, START, END)
    # in care in 2025: c1..c7 (7 children); c7 moved once (r8 after the breakdown of r7)
    assert out.children_in_care == 7
    assert out.moves == "<5"
    assert out.moves_per_child == round(1 / 7, 3)
    assert out.children_with_moves == "<5"


def test_sibling_groups_together_and_each_split_with_its_reason() -> None:
    requests, placements, decisions = [], [], []
    for n in range(7):  # seven groups of two; groups 5 and 6 split
        request = uid(f"g{n}")
        requests.append(RequestRow(request, d("2025-02-01"), 2))
        split = n >= 5
        decision = uid(f"gd{n}")
        decisions.append(DecisionRow(
            decision, request, d("2025-02-03"), 1, None, (uid(f"ga{n}"),),
            split_reasons=("severe_conflict",) if n == 5 else ("no_home_for_all",)
            if split else (), broken_together_ties=1 if split else 0))
        for child in range(2):
            carer = uid(f"ga{n}") if child == 0 or not split else uid(f"gb{n}")
            placements.append(PlacementRow(uid(f"g{n}c{child}"), carer, "long_term",
                                           d("2025-02-10"), None, None, request, decision))
    requests.append(RequestRow(uid("single"), d("2025-02-01"), 1))
    out = compute.siblings(requests, placements, decisions, START, END)
    assert out.groups_placed == 7 and out.together == 5 and out.split == "<5"
    assert out.share_together == round(5 / 7, 3)
    assert [(s.request_id, s.reasons, s.parts) for s in out.splits] == [
        (uid("g5"), ["severe_conflict"], 2), (uid("g6"), ["no_home_for_all"], 2)]
    assert {r.code: r.count for r in out.split_reasons}["severe_conflict"] == "<5"


def test_overrides_by_reason_and_from_the_top_three() -> None:
    ranks = [1, 1, 1, 1, 1, 1, 2, 2, 3, 4]
    reasons = [None] * 6 + ["family_declined", "closer_to_network", "family_declined",
                            "professional_judgement"]
    decisions = [DecisionRow(uid(f"d{i}"), uid(f"r{i}"), d("2025-05-01"), rank, why,
                             (uid("carer"),)) for i, (rank, why) in enumerate(zip(ranks, reasons))]
    decisions.append(DecisionRow(uid("old"), uid("r-old"), d("2024-05-01"), 5, "other",
                                 (uid("carer"),)))  # before the period
    out = compute.overrides(decisions, START, END)
    assert out.decisions == 10 and out.top_option == 6 and out.not_top == "<5"
    assert out.share_not_top == 0.4
    assert out.from_top3 == 9 and out.share_from_top3 == 0.9
    counts = {r.code: r.count for r in out.by_reason}
    assert counts["family_declined"] == "<5" and counts["other"] == "<5"


def test_proposal_load_per_carer_and_concentration() -> None:
    a, b, c, e, f = (uid(x) for x in "abcef")
    names = {a: "Familie A", b: "Familie B", c: "Familie C", e: "Familie E", f: "Familie F"}
    tops = [(a, b, c), (a, b, e), (a, c, f), (a, b, c), (a, e, f), (a, b, c)]
    snapshots = [SnapshotRow(uid(f"s{i}"), uid(f"r{i}"), d("2025-04-01"), t)
                 for i, t in enumerate(tops)]
    snapshots.append(SnapshotRow(uid("late"), uid("r9"), d("2026-01-02"), (f,)))  # outside
    decisions = [DecisionRow(uid(f"d{i}"), uid(f"r{i}"), d("2025-04-02"), 1, None, (carer,))
                 for i, carer in enumerate([a, a, a, a, a, b])]
    out = compute.proposal_load(snapshots, decisions, names, START, END)
    # appearances: a 6, b 4, c 4, e 2, f 2 -> 18 in all
    assert out.snapshots == 6 and out.carers_proposed == 5 and out.appearances == 18
    assert [(x.carer_name, x.in_top5, x.chosen) for x in out.carers] == [
        ("Familie A", 6, 5), ("Familie B", "<5", "<5"), ("Familie C", "<5", "<5"),
        ("Familie E", "<5", "<5"), ("Familie F", "<5", "<5")]
    assert out.carers[0].chosen_share == round(5 / 6, 3)
    assert out.top_tenth_carers == 1 and out.top_tenth_share == round(6 / 18, 3)
    # Gini of 2 2 4 4 6: (2*(1*2+2*2+3*4+4*4+5*6))/(5*18) - 6/5 = 128/90 - 1.2
    assert out.gini == round(128 / 90 - 1.2, 3)


def test_school_minutes_of_a_chosen_option_and_a_plan_part() -> None:
    option = {"carer_id": "x", "factors": [{"key": "school_travel", "raw": 12.5}]}
    assert compute.chosen_school_minutes(option, uid("c1")) == 12.5
    plan = {"parts": [
        {"child_ids": [str(uid("c1")), str(uid("c2"))], "members": [
            {"factors": [{"key": "school_travel", "raw": 8.0}]},
            {"factors": [{"key": "school_travel", "raw": 31.0}]}]}]}
    assert compute.chosen_school_minutes(plan, uid("c2")) == 31.0
    assert compute.chosen_school_minutes({"factors": []}, uid("c1")) is None


def test_school_travel_before_and_after() -> None:
    rows = [compute.TravelRow(uid(f"t{i}"), d("2025-03-01"), before, after) for i, (before, after)
            in enumerate([(10, 12), (25, 20), (35, 28), (40, 45), (50, 15), (5, None)])]
    out = compute.school_travel(rows, START, END)
    assert out.children == 6
    assert out.before_known == 6 and out.before_median_minutes == 30.0  # (25 + 35) / 2
    assert out.before_within_limit == "<5" and out.before_share_within_limit == 0.5
    assert out.after_known == 5 and out.after_median_minutes == 20.0
    assert out.after_share_within_limit == 0.8  # 12 20 28 15 of 12 20 28 45 15


def test_a_split_of_children_meant_to_live_apart_shows_the_apart_reason() -> None:
    request = uid("apart")
    placements = [PlacementRow(uid(f"ap{n}"), uid(f"carer{n}"), "long_term", d("2025-03-01"),
                               None, None, request, None) for n in range(2)]
    out = compute.siblings([RequestRow(request, d("2025-02-20"), 2)], placements, [], START, END,
                           {request: ("threat",)})
    assert out.split == "<5" and out.splits[0].reasons == ["threat"]
    assert out.splits[0].labels == ["Dreiging"]
