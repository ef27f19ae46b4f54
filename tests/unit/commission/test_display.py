"""The dossier as the page and the PDF show it: Dutch labels for outcomes and reasons, the
approved option named by its carer, officer decisions with the families' answers."""

from __future__ import annotations

import datetime as dt
from uuid import uuid4

import msgspec

from placement.commission.display import commission_view, decision_view, option_choices
from placement.commission.schemas import (
    CommissionDecisionOut,
    DossierIntroduction,
    FamilyAnswerOut,
    OfficerDecisionOut,
)
from placement.matching.schemas import Ranking
from tests.unit.commission.test_rules import SUMMARY, option, snapshot

MOMENT = dt.datetime(2026, 11, 30, 9, 15, tzinfo=dt.UTC)


def test_the_commission_decision_in_dutch_with_its_option() -> None:
    snap = snapshot(Ranking(child_id=uuid4(), policy_version=1,
                            options=[option(1, "Familie A"), option(2, "Familie Steun", True)],
                            exclusion_summary=SUMMARY))
    decision = CommissionDecisionOut(
        id=uuid4(), referral_id=uuid4(), request_id=snap.request_id,
        outcome="approve_with_support", snapshot_id=snap.snapshot_id, option_rank=2,
        carer_id=None, carer_name="Familie Steun", extra_support="Ambulante begeleiding",
        relax=None, motivation="Met steun haalbaar.", decided_on=dt.date(2026, 11, 30),
        members_present=["A. Jansen", "B. Bakker"], replaces_decision_id=None, replaced=False,
        decided_by_label="commissie", created_at=MOMENT)
    view = commission_view(decision, {(snap.snapshot_id, 2): "Familie Steun"},
                           {snap.snapshot_id: "01-11-2026 01:00"})
    assert view.outcome == "Akkoord met een optie met extra ondersteuning"
    assert view.option == "optie 2 (Familie Steun) uit de rangschikking van 01-11-2026 01:00"
    assert (view.decided_on, view.members) == ("30-11-2026", "A. Jansen, B. Bakker")
    assert view.recorded == "30-11-2026 10:15"  # Amsterdam time
    assert [text for _, text in option_choices([snap])] == [
        "01-11-2026 01:00 · optie 1 · Familie A",
        "01-11-2026 01:00 · optie 2 · Familie Steun · met ondersteuning"]


def test_an_officer_decision_with_reason_answers_and_introduction() -> None:
    carer = uuid4()
    decision = OfficerDecisionOut(
        id=uuid4(), snapshot_id=uuid4(), option_kind="carer", option_rank=2,
        chosen={"carer_name": "Familie B"}, reason_code="closer_to_network",
        motivation="Oma woont in de straat.", broken_together_ties=0, split_reasons=[],
        supply_changed=True, replaces_decision_id=None, source="officer",
        decided_by_label="plaatser", decided_at=MOMENT,
        answers=[FamilyAnswerOut(carer_id=carer, carer_name="Familie B", answer="accepted",
                                 decline_reason=None, note="", answered_on=dt.date(2026, 12, 1),
                                 recorded_by_label="plaatser", recorded_at=MOMENT)],
        introductions=[DossierIntroduction(carer_id=carer, carer_name="Familie B", outcome="stop",
                                       stop_reason="parents_object", note="",
                                       held_on=dt.date(2026, 12, 3),
                                       recorded_by_label="plaatser", recorded_at=MOMENT)])
    view = decision_view(decision)
    assert (view.option, view.chosen) == ("optie 2", "Familie B")
    assert view.reason == "Dichter bij het netwerk van het kind"
    assert view.supply_changed is True
    assert view.answers == ["Familie B: Akkoord op 01-12-2026"]
    assert view.introductions == ["Familie B: Stoppen (Ouders maken bezwaar) op 03-12-2026"]
    plan = decision_view(msgspec.structs.replace(decision, option_kind="plan", option_rank=1,
                                         chosen={"parts": [{"carer_name": "Familie B"},
                                                           {"carer_name": "Familie C"}]},
                                         reason_code=None, motivation=None,
                                         split_reasons=[{"reason_code": "no_home_for_all"}]))
    assert (plan.option, plan.chosen) == ("plan 1", "Familie B + Familie C")
    assert plan.reason == "bovenste optie: geen reden nodig"
    assert plan.split_reasons == ["Geen gezin met plek voor allen samen"]
