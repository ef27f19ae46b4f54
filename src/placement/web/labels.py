"""Dutch words for the codes the API uses, for the officer and commission pages."""

from __future__ import annotations

from typing import Any

from placement.decisions.reasons import REQUEST_STATUSES

PLACEMENT_TYPES = {
    "crisis": "Crisisplaatsing",
    "short_term": "Perspectiefzoekend (kort)",
    "long_term": "Perspectiefbiedend (lang)",
    "part_time": "Deeltijd / weekend",
    "family_home": "Gezinshuis",
}
URGENCIES = {"crisis": "Crisis", "high": "Hoog", "normal": "Normaal"}
# The request lifecycle's Dutch labels live with the decisions (placement.decisions.reasons).
STATUSES = dict(REQUEST_STATUSES)
# The request labels every officer page passes to its template.
REQUEST_LABELS = {"placement_types": PLACEMENT_TYPES, "urgencies": URGENCIES, "statuses": STATUSES}
NEED_LEVELS = {"must": "noodzakelijk", "should": "wenselijk"}
FACTORS = {
    "school_travel": "Reistijd naar school",
    "club_travel": "Reistijd naar sport/club",
    "parents_distance": "Afstand tot ouders / eigen huis",
    "own_wijk": "Eigen wijk",
    "siblings_together": "Broers en zussen samen",
    "needs_fit": "Passende zorg",
    "network_tie": "Netwerk / verwantschap",
    "age_order": "Leeftijdsvolgorde",
    "expressed_wishes": "Uitgesproken wensen",
    "availability_freshness": "Actualiteit beschikbaarheid",
    "stability": "Voorspelde stabiliteit (model)",
}
WISHES = {"language": "taal", "religion": "geloof", "food": "eten"}
TIE_KINDS = {"full": "volle broer/zus", "half": "halfbroer/-zus", "step": "stiefbroer/-zus"}
TIE_INTENTS = {"together": "samen", "apart": "apart", "contact": "contact houden"}
UNITS = {"wijk": ""}  # a wijk is shown by its name alone


def carer_kind(kind: str, network_family: bool) -> str:
    if kind == "family_home":
        return "Gezinshuis"
    return "Pleeggezin (netwerk)" if network_family else "Pleeggezin (bestand)"


def raw_value(raw: Any, unit: str) -> str:
    """A factor's measured value as an officer reads it: Dutch decimal comma, with its unit."""
    if raw is None:
        return "onbekend"
    if isinstance(raw, bool) or unit == "ja/nee":
        return "ja" if raw else "nee"
    if isinstance(raw, float | int):
        number = f"{raw:.1f}".replace(".", ",") if isinstance(raw, float) else str(raw)
        return f"{number} {UNITS.get(unit, unit)}".strip()
    return str(raw)


def decimal(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def label(table: dict[str, str], code: str | None) -> str:
    if code is None:
        return "–"
    return table.get(code, code)
