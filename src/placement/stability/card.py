"""The model card (docs/model_card.md) and its calibration curve (SVG), written from a training
report. Pure: report in, text out; `placement model card VERSION` writes the files.
"""

from __future__ import annotations

import datetime as dt

from placement.stability.features import FEATURES, LABELS_NL
from placement.stability.train import TrainingReport

ALGORITHM_TEXT = {
    "spline_logistic": "logistische regressie over splines van de continue kenmerken "
                       "(additief: de bijdrage van elk kenmerk is exact af te lezen)",
    "gradient_boosting": "histogram gradient boosting (vindt interacties; uitleg benaderend)",
}
DIMENSION_TEXT = {"age_band": "leeftijd bij start", "gender": "gender",
                  "carer_kind": "soort opvang"}
GROUP_TEXT = {"network": "netwerkpleeggezin", "general": "bestandspleeggezin",
              "family_home": "gezinshuis", "f": "meisje", "m": "jongen", "x": "x"}
PROXY_R_LIMIT = 0.1
PROXY_AUROC_LIMIT = 0.6


def _fmt(value: float | None, digits: int = 3) -> str:
    return "n.v.t." if value is None else f"{value:.{digits}f}"


def calibration_svg(report: TrainingReport, size: int = 320) -> str:
    """Predicted chance of breakdown (x) against the observed share (y), one dot per bin;
    the diagonal is perfect calibration."""
    pad = 40
    inner = size - 2 * pad
    top = max([0.5] + [p.mean_predicted for p in report.curve] + [p.observed for p in report.curve])
    top = min(1.0, round(top + 0.05, 1))

    def x(v: float) -> float:
        return pad + inner * v / top

    def y(v: float) -> float:
        return size - pad - inner * v / top

    dots = "".join(
        f'<circle cx="{x(p.mean_predicted):.1f}" cy="{y(p.observed):.1f}" r="4" fill="#1f5f8b">'
        f"<title>voorspeld {p.mean_predicted:.2f}, waargenomen {p.observed:.2f} (n={p.n})</title>"
        "</circle>" for p in report.curve)
    line = " ".join(f"{x(p.mean_predicted):.1f},{y(p.observed):.1f}" for p in report.curve)
    ticks = "".join(
        f'<text x="{x(t):.1f}" y="{size - pad + 16}" font-size="10" text-anchor="middle">{t:.1f}</text>'
        f'<text x="{pad - 6}" y="{y(t) + 3:.1f}" font-size="10" text-anchor="end">{t:.1f}</text>'
        for t in [i / 10 for i in range(0, int(top * 10) + 1, 1 if top <= 0.5 else 2)])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" role="img" aria-label="Kalibratiecurve">'
        f'<rect x="{pad}" y="{pad}" width="{inner}" height="{inner}" fill="none" stroke="#999"/>'
        f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(top)}" y2="{y(top)}" stroke="#bbb" '
        'stroke-dasharray="4 3"/>'
        f'<polyline points="{line}" fill="none" stroke="#1f5f8b"/>{dots}{ticks}'
        f'<text x="{size / 2}" y="{size - 6}" font-size="11" text-anchor="middle">'
        "voorspelde kans op uitval binnen 12 maanden</text>"
        f'<text x="12" y="{size / 2}" font-size="11" text-anchor="middle" '
        f'transform="rotate(-90 12 {size / 2})">waargenomen aandeel</text></svg>')


def headline(report: TrainingReport) -> str:
    t = report.test
    return (f"AUROC {_fmt(t.auroc)} · Brier {_fmt(t.brier)} · kalibratiefout {_fmt(t.calibration_error)}"
            f" · voorspeld {t.mean_predicted:.1%} tegen waargenomen {t.observed:.1%} "
            f"(n={t.n}, testdeel)")


def model_card(report: TrainingReport, *, version: int, trained_at: dt.datetime,
               svg_name: str = "model_card_calibration.svg") -> str:
    source = ("synthetische geschiedenis (placement.stability.history; effecten uit "
              "placement.stability.effects)" if report.source == "synthetic"
              else "vastgelegde plaatsingen en hun beëindigingen uit de database")
    lines = [
        f"# Modelkaart: stabiliteitsmodel, versie {version}",
        "",
        "_Gegenereerd door `placement model card " + str(version) + "`; niet met de hand bewerken._",
        "",
        "## In het kort",
        "",
        "- Voorspelt: de kans dat een plaatsing binnen 12 maanden onvoorzien eindigt "
        "(uitval, door opvang, jeugdige of instantie). De ranking toont het omgekeerde: de kans "
        "dat de plaatsing 12 maanden standhoudt.",
        f"- Model: {ALGORITHM_TEXT.get(report.algorithm, report.algorithm)}; gekalibreerd "
        "(sigmoid, 3-voudige kruisvalidatie).",
        f"- Getraind op {trained_at:%Y-%m-%d %H:%M} UTC, seed {report.seed}.",
        f"- **Toetscijfers (nieuwste {report.n_test} plaatsingen):** {headline(report)}.",
        "",
        "## Data en venster",
        "",
        f"- Bron: {source}.",
        f"- Venster: plaatsingen gestart vanaf {report.data_from}, gevolgd tot {report.data_to}.",
        f"- Tijdsplitsing: trainen op plaatsingen gestart vóór {report.split_day} "
        f"({report.n_train}), toetsen op de nieuwere ({report.n_test}).",
        f"- Weggelaten: {report.n_left_out} plaatsingen die minder dan 12 maanden vóór het einde van het venster begonnen (nog geen volledige uitkomst).",
        "- Uitkomst 1: beëindigd met reden breakdown_carer, breakdown_child of breakdown_agency "
        "binnen 365 dagen. Uitkomst 0: 12 maanden gelopen, of eerder beëindigd zoals gepland "
        "(planned, return_home, to_network, to_independence).",
        "",
        "## Modelkeuze",
        "",
        "Twee kandidaten, vergeleken op log loss over het nieuwste vijfde deel van de trainingsdata: "
        + ", ".join(f"{name} {loss:.4f}" for name, loss in report.validation_log_loss.items())
        + ". Het additieve model blijft gekozen tenzij boosting meer dan 0,002 beter is: "
        "exacte uitleg per kenmerk en snelle berekening in de ranking wegen zwaarder dan een "
        f"kleine winst. Gekozen: **{report.algorithm}**.",
        "",
        "## Kenmerken",
        "",
        "| kenmerk | betekenis |",
        "|---|---|",
        *[f"| `{name}` | {LABELS_NL[name]} |" for name in FEATURES],
        "",
        "Nooit een kenmerk: nationaliteit, etniciteit, geboorteland, taal, religie, naam, of de "
        "woonplaats als zodanig (postcode en wijk zijn stand-ins voor herkomst). Gender is geen "
        "kenmerk; het model wordt wel per gender gecontroleerd (hieronder).",
        "",
        "## Kalibratie",
        "",
        f"![Kalibratiecurve]({svg_name})",
        "",
        "| voorspeld | waargenomen | n |",
        "|---:|---:|---:|",
        *[f"| {p.mean_predicted:.3f} | {p.observed:.3f} | {p.n} |" for p in report.curve],
        "",
        "## Per groep (testdeel)",
        "",
        "| indeling | groep | n | AUROC | kalibratiefout | gem. voorspeld | waargenomen |",
        "|---|---|---:|---:|---:|---:|---:|",
        *[f"| {DIMENSION_TEXT[g.dimension]} | {GROUP_TEXT.get(g.group, g.group)} | {g.n} | "
          f"{_fmt(g.auroc)} | {_fmt(g.calibration_error)} | {g.mean_predicted:.3f} | "
          f"{g.observed:.3f} |" for g in report.groups],
        "",
        "## Controle op stand-ins (proxy's)",
        "",
        "Kan een kenmerk, of kunnen alle kenmerken samen, een uitgesproken taal- of geloofswens "
        f"voorspellen? Grens: |r| < {PROXY_R_LIMIT} per kenmerk en AUROC < {PROXY_AUROC_LIMIT} "
        "voor alle kenmerken samen.",
        "",
        "| wens | n met wens | sterkste kenmerk | r | AUROC alle kenmerken | oordeel |",
        "|---|---:|---|---:|---:|---|",
        *[f"| {p.wish} | {p.n_with_wish} | {p.strongest_feature or '-'} | {p.strongest_r:.3f} | "
          f"{_fmt(p.auroc_all_features)} | {proxy_verdict(p)} |" for p in report.proxies],
        "",
        "## Bedoeld gebruik en grenzen",
        "",
        "- Een signaal voor de plaatser, één uitgelegde factor naast de andere, met een bescheiden "
        "gewicht in het matchingbeleid. Nooit een besluit: de plaatser of de commissie beslist.",
        "- Niet bedoeld om kinderen of opvanggezinnen te beoordelen, te selecteren of uit te sluiten.",
        "- Getraind op een synthetische geschiedenis zolang er te weinig echte beëindigingen zijn: "
        "de cijfers zeggen dan hoe goed het model de ingebouwde effecten terugvindt, niet hoe goed "
        "het in werkelijkheid voorspelt."
        if report.source == "synthetic" else
        "- Getraind op vastgelegde plaatsingen van dit platform; de kwaliteit hangt af van hoe "
        "volledig en eerlijk de redenen van beëindiging zijn vastgelegd.",
        "- **Op echte data zou een AUROC ver boven 0,75 verdacht zijn**: uitval is in de literatuur "
        "maar matig voorspelbaar. Zo'n cijfer wijst eerder op een lek (een kenmerk dat de uitkomst "
        "al kent) dan op een goed model.",
        "- Controleer met `placement model monitor` of de voorspellingen per groep blijven kloppen; "
        "hertrain als de kalibratie afdrijft.",
        "",
    ]
    return "\n".join(lines)


def proxy_verdict(p) -> str:  # type: ignore[no-untyped-def]
    flagged = abs(p.strongest_r) >= PROXY_R_LIMIT or (
        p.auroc_all_features is not None and p.auroc_all_features >= PROXY_AUROC_LIMIT)
    return "**let op: mogelijke stand-in**" if flagged else "geen stand-in gevonden"
