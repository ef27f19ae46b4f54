"""The dossier as a PDF: Dutch, page numbers and "vertrouwelijk" on every page, children by
case reference only, the options with their reasons and the commission's motivation in it;
downloading it is an audited read."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.api.commission.helpers import decision_body, option_rank, referred_case
from tests.factories import Actors

MOTIVATION = "Met ambulante begeleiding blijft de jeugdige op de eigen school."


async def test_the_pdf_holds_the_options_reasons_and_motivation(client, actors: Actors,
                                                                conn) -> None:
    case = await referred_case(client, conn, actors)
    rank = option_rank(case, case.support_carer)
    decided = await client.post(
        f"/api/v1/commission/cases/{case.request_id}/decisions",
        json=decision_body(outcome="approve_with_support", snapshot_id=str(case.snapshot_id),
                           option_rank=rank, extra_support="Vier uur per week thuisbegeleiding",
                           motivation=MOTIVATION),
        headers=actors.a["commissie"].headers)
    assert decided.status_code == 201
    commission = actors.a["commissie"]
    response = await client.get(f"/api/v1/commission/cases/{case.request_id}/dossier.pdf",
                                headers=commission.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    text = " ".join(pages)
    for n, page in enumerate(pages, start=1):
        assert "VERTROUWELIJK" in page, n
        assert f"pagina {n} van {len(pages)}" in page, n
    # The options, each with its reasons (factor explanations), and the support it needs.
    options = case.result["ranking"]["options"]
    assert len(options) == 2
    for option in options:
        assert option["carer_name"] in text
        for factor in option["factors"][:3]:
            assert " ".join(factor["explanation"].split()) in text, factor["explanation"]
    assert "ambulante begeleiding" in text
    # The decision: outcome, support, motivation, members; the referral's question.
    assert "Akkoord met een optie met extra ondersteuning" in text
    assert "Vier uur per week thuisbegeleiding" in text
    assert MOTIVATION in text
    assert "A. Jansen (voorzitter)" in text
    assert "Kan deze jeugdige met ambulante begeleiding" in text
    # Children by case reference only.
    assert "UTR-C-1" in text and "Testkind" not in text
    audit = await conn.fetchrow(
        "SELECT child_ids, detail FROM audit_log WHERE action = 'commission.dossier.pdf'")
    assert audit is not None and audit["child_ids"] == [case.child_id]
