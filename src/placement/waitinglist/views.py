"""The waiting-list page for the placement officer: make a joint proposal, and read it beside
first come first served, request by request, with a link to choose through the normal decision.

Views only call the service: scope (own organisation), snapshots and audit happen there."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, get, post
from litestar.di import Provide
from litestar.response import Redirect, Template

from placement.auth.access import allow
from placement.auth.principal import PLAATSER, Principal
from placement.waitinglist.controllers import provide_waiting_list
from placement.waitinglist.schemas import ProposalIn
from placement.waitinglist.service import WaitingListService
from placement.web.labels import REQUEST_LABELS, local_time
from placement.web.page_helpers import PageController, csrf_token

SOLVER_STATUS_NL = {
    "optimal": "optimaal (bewezen beste verdeling)",
    "time_limit": "tijdslimiet bereikt: beste gevonden verdeling, niet bewezen optimaal",
    "fallback": "tijdslimiet bereikt zonder oplossing: de volgorde van aanmelding is getoond",
}
FIGURE_ROWS = (
    ("requests_placed", "Verzoeken met een plek"),
    ("children_placed", "Jeugdigen met een plek"),
    ("total_score", "Totale score (som per jeugdige)"),
    ("sibling_groups_together", "Broers en zussen samen geplaatst (groepen)"),
    ("crisis_placed", "Crisisverzoeken met een plek"),
    ("school_minutes_mean", "Reistijd naar school, gemiddeld (min)"),
    ("school_minutes_p90", "Reistijd naar school, 90e percentiel (min)"),
)


class WaitingListPages(PageController):
    path = "/wachtlijst"
    dependencies = {"waiting_list": Provide(provide_waiting_list)}

    @get("/", **allow(PLAATSER))
    async def overview(self, request: Request[Any, Any, Any], principal: Principal,
                       waiting_list: WaitingListService) -> Template:
        page = await waiting_list.list(20, 0)
        return Template("waitinglist/overview.html", context={
            "principal": principal, "csrf_token": csrf_token(request), "proposals": page.items,
            "made": {p.id: local_time(p.created_at) for p in page.items},
            "status_nl": SOLVER_STATUS_NL})

    @post("/", **allow(PLAATSER, child_data=True), status_code=303)
    async def propose(self, waiting_list: WaitingListService) -> Redirect:
        proposal = await waiting_list.propose(ProposalIn())
        return Redirect(f"/wachtlijst/{proposal.id}", status_code=303)

    @get("/{proposal_id:uuid}", **allow(PLAATSER, child_data=True))
    async def proposal(self, proposal_id: UUID, request: Request[Any, Any, Any],
                       principal: Principal, waiting_list: WaitingListService) -> Template:
        proposal = await waiting_list.decoded(proposal_id)
        changed = [line for line in proposal.lines
                   if (line.first_come is None) != (line.proposal is None)
                   or (line.first_come and line.proposal
                       and line.first_come.carer_ids != line.proposal.carer_ids)]
        return Template("waitinglist/proposal.html", context={
            "principal": principal, "csrf_token": csrf_token(request), "p": proposal,
            "made": local_time(proposal.created_at), "rows": FIGURE_ROWS,
            "status_nl": SOLVER_STATUS_NL, "labels": REQUEST_LABELS, "changed": changed,
            "unchanged": len(proposal.lines) - len(changed)})
