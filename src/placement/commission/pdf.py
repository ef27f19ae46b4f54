"""The dossier with the commission's decision as a PDF, in Dutch: the same Jinja partial as the
dossier page (templates/commission/_dossier.html) inside a print frame (dossier_print.html) whose
@page rules put "VERTROUWELIJK" and "pagina X van Y" on every page.

Relies on WeasyPrint (pip) and its system libraries Pango and HarfBuzz (apt: libpango-1.0-0,
libpangoft2-1.0-0, libharfbuzz0b; `make pdf-system-libs` installs them), and on the DejaVu fonts
(apt: fonts-dejavu-core), which the print CSS names so the output looks the same on every
machine. Rendering is CPU work, so it runs in a worker thread, off the event loop."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import anyio.to_thread
import jinja2

from placement.commission.display import dossier_context
from placement.commission.schemas import Dossier
from placement.core.clock import NETHERLANDS
from placement.core.database import Database
from placement.geo.service import GeoIndex
from placement.reference.service import need_codes
from placement.web.labels import register_filters
from placement.web.views import TEMPLATES

PRINT_TEMPLATE = "commission/dossier_print.html"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     undefined=jinja2.StrictUndefined)
    register_filters(environment)  # the pages' number format (decimal comma) in print too
    return environment


def dossier_html(context: dict[str, Any], printed_at: dt.datetime | None = None) -> str:
    moment = (printed_at or dt.datetime.now(dt.UTC)).astimezone(NETHERLANDS)
    return environment().get_template(PRINT_TEMPLATE).render(
        **context, print=True, printed_at=moment.strftime("%d-%m-%Y %H:%M"))


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported on use: loading Pango costs time at start-up

    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf()  # type: ignore[no-any-return]


async def dossier_pdf(dossier: Dossier, geo: GeoIndex, db: Database) -> bytes:
    labels = {n.code: n.label for n in await need_codes(db)}
    html = dossier_html(dossier_context(dossier, geo.wijk_names, labels))
    return await anyio.to_thread.run_sync(render_pdf, html)
