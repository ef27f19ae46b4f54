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
APART_REASONS = {"specialist_care": "specialistische zorg nodig", "threat": "dreiging",
                 "severe_conflict": "ernstig conflict", "sexual_abuse": "seksueel misbruik"}
RELATIONS = {"grandparent": "grootouder", "aunt_uncle": "tante of oom",
             "adult_sibling": "volwassen broer of zus", "other_relative": "ander familielid",
             "teacher": "leerkracht", "neighbour": "buren", "family_friend": "vriend(in) van de familie",
             "coach": "trainer of coach", "other": "anders"}
GENDERS = {"f": "meisje", "m": "jongen", "x": "anders / niet gezegd"}
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


ROLE_LABELS = {"plaatser": "Plaatser", "commissie": "Commissie", "werver": "Werver",
               "beheerder": "Beheerder"}
ORGANISATION_KINDS = {"provider": "Pleegzorgaanbieder", "municipality": "Gemeente",
                      "buurtteam": "Buurtteam", "recruitment": "Wervingsorganisatie"}

# The access log: each domain and verb in Dutch, so an action code is never shown raw.
AUDIT_DOMAINS = {
    "access": "toegang", "audit": "logboek", "auth": "inloggen", "campaign": "campagne",
    "carer": "gezin", "case_share": "gedeelde casus", "child": "jeugdige",
    "lead": "aanmelding", "matching": "matching", "network_tie": "netwerkband",
    "occupancy": "plaatsing", "organisation": "organisatie", "place": "plek",
    "report": "rapport", "request": "plaatsingsverzoek", "scenario": "scenario",
    "sibling_group": "broers en zussen", "sibling_tie": "band broers/zussen", "user": "account",
    "schools": "school", "clubs": "club", "decision": "besluit", "commission": "commissie",
}
AUDIT_VERBS = {
    "create": "aangemaakt", "read": "ingezien", "list": "lijst ingezien", "update": "gewijzigd",
    "delete": "verwijderd", "refused": "geweigerd", "login": "ingelogd", "logout": "uitgelogd",
    "locked": "geblokkeerd na te veel pogingen", "search": "gezocht", "enable": "ingeschakeld",
    "disable": "uitgeschakeld", "erase": "gewist", "merge": "samengevoegd",
    "import": "ingelezen", "export": "uitgevoerd", "purge": "opgeschoond", "stage": "fase gewijzigd",
    "add": "toegevoegd", "withdraw": "ingetrokken", "overdue": "verlopen taken bekeken",
    "child_history": "geschiedenis van een jeugdige bekeken", "deactivate": "uitgeschakeld",
    "funnel": "funnel bekeken", "supply_gap": "tekort bekeken", "revoke": "ingetrokken",
    "change": "gewijzigd", "policy": "beleid", "snapshot": "rangschikking", "token": "API-sleutel",
    "password": "wachtwoord", "task": "taak", "consent": "toestemming", "places": "plekken",
}
AUDIT_ACTIONS = {
    "child": "Jeugdigen (alles)", "child.read": "Jeugdige ingezien",
    "child.create": "Jeugdige aangemaakt", "child.update": "Jeugdige gewijzigd",
    "request": "Plaatsingsverzoeken (alles)", "request.create": "Plaatsingsverzoek aangemaakt",
    "matching.search": "Gezocht (rangschikking gemaakt)",
    "matching.snapshot.read": "Rangschikking ingezien",
    "matching.policy.create": "Matchingbeleid gewijzigd",
    "sibling_tie": "Banden tussen broers en zussen", "network_tie": "Netwerkbanden",
    "occupancy": "Plaatsingen en reserveringen", "lead": "Aanmeldingen (werving)",
    "campaign": "Campagnes", "user": "Accounts", "auth": "Inloggen en API-sleutels",
    "access.refused": "Geweigerde toegang", "organisation": "Organisatie",
}


def action_label(action: str) -> str:
    """An audit action in Dutch: 'child.read' -> 'jeugdige: ingezien'."""
    if action in AUDIT_ACTIONS and not AUDIT_ACTIONS[action].endswith("(alles)"):
        return AUDIT_ACTIONS[action]
    domain, _, rest = action.partition(".")
    words = [AUDIT_VERBS.get(part, part.replace("_", " ")) for part in rest.split(".") if part]
    return f"{AUDIT_DOMAINS.get(domain, domain.replace('_', ' '))}: {' '.join(words)}".strip(": ")
