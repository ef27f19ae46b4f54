"""Dutch words for the codes the API uses, for the officer and commission pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from placement.core.clock import NETHERLANDS
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
        return number(raw, 1 if isinstance(raw, float) else None, UNITS.get(unit, unit))
    return str(raw)


def local_time(moment: dt.datetime) -> str:
    """A moment as a Dutch reader expects it: day-month-year and the clock in the Netherlands."""
    return moment.astimezone(NETHERLANDS).strftime("%d-%m-%Y %H:%M")


def decimal(value: float, digits: int = 2) -> str:
    """A fraction, score or distance with the Dutch decimal comma: 0.834 -> '0,83'."""
    return number(value, digits)


def number(value: Any, digits: int | None = None, unit: str = "", *, sign: bool = False) -> str:
    """Any number as a Dutch reader writes it, the one place pages format numbers: decimal
    comma and the unit after a space. Thousands are not grouped: a grouping dot would read as a
    decimal point to half the readers. `digits` None keeps a whole number whole and gives a
    fraction at most two decimals without trailing zeros (4.20 -> '4,2'); None shows as '–' and
    text passes through. `sign` writes a plus before a positive number (a difference)."""
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = str(value)
    elif isinstance(value, int) and digits is None:
        text = str(value)
    elif digits is None:
        text = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        text = "0" if text in ("-0", "") else text
    else:
        text = f"{value:.{digits}f}".replace(".", ",")
    if sign and isinstance(value, int | float) and value > 0 and not text.startswith("+"):
        text = "+" + text
    return f"{text} {unit}".strip() if unit else text


def register_filters(environment: Any) -> None:
    """The Jinja filters every page and the dossier PDF format numbers with:
    `{{ x|komma }}`, `{{ x|komma(2) }}`, `{{ x|komma(1, "km") }}`."""
    environment.filters["komma"] = number


def label(table: dict[str, str], code: str | None) -> str:
    if code is None:
        return "–"
    return table.get(code, code)


ROLE_LABELS = {"plaatser": "Plaatser", "commissie": "Commissie", "werver": "Werver",
               "beheerder": "Beheerder"}
ORGANISATION_KINDS = {"provider": "Pleegzorgaanbieder", "municipality": "Gemeente",
                      "buurtteam": "Buurtteam", "recruitment": "Wervingsorganisatie"}

# The access log: every action the code records, in Dutch, so an action code is never shown
# raw. An action missing here (a new one) is still spelled from its domain and verbs below.
AUDIT_ACTION_TEXT = {
    "access.refused": "toegang geweigerd",
    "audit.child_history": "logboek van een jeugdige bekeken",
    "audit.child_history.refused": "logboek van een jeugdige: geweigerd",
    "audit.list": "logboek bekeken",
    "auth.login": "ingelogd", "auth.login.failed": "inloggen mislukt",
    "auth.login.locked": "inloggen geblokkeerd na te veel pogingen", "auth.logout": "uitgelogd",
    "auth.password.change": "wachtwoord gewijzigd",
    "auth.password.first_change": "eenmalig wachtwoord vervangen door een eigen wachtwoord",
    "auth.token.create": "API-sleutel gemaakt", "auth.token.revoke": "API-sleutel ingetrokken",
    "campaign.create": "campagne aangemaakt", "campaign.update": "campagne gewijzigd",
    "carer.create": "opvanglocatie aangemaakt", "carer.update": "opvanglocatie gewijzigd",
    "carer.places.read": "plekken van een opvanglocatie ingezien",
    "case_share.create": "casus gedeeld", "case_share.delete": "delen van een casus gestopt",
    "case_share.list": "gedeelde casussen bekeken",
    "child.create": "jeugdige aangemaakt", "child.list": "lijst van jeugdigen bekeken",
    "child.read": "jeugdige ingezien", "child.update": "jeugdige gewijzigd",
    "child.retention_erase": "jeugdige gewist na de bewaartermijn",
    "clubs.create": "club toegevoegd", "clubs.update": "club gewijzigd",
    "schools.create": "school toegevoegd", "schools.update": "school gewijzigd",
    "commission.cases.list": "zaken van de commissie bekeken",
    "commission.decision.create": "besluit van de commissie vastgelegd",
    "commission.dossier.pdf": "dossier als pdf gedownload",
    "commission.dossier.read": "dossier van de commissie ingezien",
    "commission.referral.create": "voorgelegd aan de commissie",
    "commission.request.read": "verzoek ingezien door de commissie",
    "decision.answer": "antwoord van het gezin vastgelegd",
    "decision.create": "keuze voor een optie vastgelegd",
    "decision.families": "gezinnen bij een besluit bekeken",
    "decision.introduction": "kennismaking vastgelegd", "decision.list": "besluiten bekeken",
    "decision.place": "plaatsing vastgelegd", "decision.read": "besluit ingezien",
    "decision.timeline": "tijdlijn van een verzoek bekeken",
    "lead.consent.add": "toestemming van een aanmelding vastgelegd",
    "lead.consent.withdraw": "toestemming van een aanmelding ingetrokken",
    "lead.create": "aanmelding toegevoegd", "lead.erase": "aanmelding gewist",
    "lead.import": "aanmeldingen ingelezen", "lead.list": "aanmeldingen bekeken",
    "lead.merge": "aanmeldingen samengevoegd", "lead.purge": "oude aanmeldingen opgeschoond",
    "lead.read": "aanmelding ingezien", "lead.stage": "fase van een aanmelding gewijzigd",
    "lead.update": "aanmelding gewijzigd", "lead.task.create": "taak aangemaakt",
    "lead.task.list": "taken bekeken", "lead.task.overdue": "verlopen taken bekeken",
    "lead.task.update": "taak gewijzigd",
    "maintenance.dry_run": "onderhoud: proefrun",
    "matching.policy.create": "matchingbeleid gewijzigd",
    "matching.policy.preview": "voorbeeld van een nieuw matchingbeleid bekeken",
    "matching.search": "gezocht (rangschikking gemaakt)",
    "matching.snapshot.list": "rangschikkingen van een verzoek bekeken",
    "matching.snapshot.read": "rangschikking ingezien",
    "model.activate": "stabiliteitsmodel in gebruik genomen",
    "model.deactivate": "stabiliteitsmodel uit gebruik genomen",
    "model.history.read": "versies van het stabiliteitsmodel bekeken",
    "model.train": "stabiliteitsmodel getraind",
    "network_tie.create": "netwerkband toegevoegd", "network_tie.list": "netwerkbanden bekeken",
    "network_tie.read": "netwerkband ingezien", "network_tie.update": "netwerkband gewijzigd",
    "occupancy.list": "plaatsingen en reserveringen bekeken",
    "occupancy.read": "plaatsing of reservering ingezien",
    "occupancy.update": "plaatsing of reservering gewijzigd",
    "occupancy.cancel": "reservering of plaatsing geannuleerd",
    "occupancy.end": "plaatsing beëindigd", "occupancy.schedule_end": "einddatum vastgelegd",
    "occupancy.convert": "reservering omgezet in plaatsing",
    "placement.create": "plaatsing vastgelegd", "reservation.create": "plek gereserveerd",
    "organisation.create": "organisatie aangemaakt",
    "organisation.update": "organisatie gewijzigd",
    "place.create": "plek toegevoegd", "place.deactivate": "plek uit gebruik genomen",
    "ranking_snapshot.retention_erase": "rangschikking gewist na de bewaartermijn",
    "report.funnel": "wervingsfunnel bekeken", "report.kpi": "KPI's bekeken",
    "report.supply_gap": "tekort aan gezinnen bekeken",
    "request.create": "plaatsingsverzoek aangemaakt",
    "request.follow_up": "opvolging van een verzoek vastgelegd",
    "request.list": "plaatsingsverzoeken bekeken", "request.read": "plaatsingsverzoek ingezien",
    "request.read.refused": "plaatsingsverzoek inzien geweigerd",
    "request.update": "plaatsingsverzoek gewijzigd",
    "scenario.export": "scenario uitgevoerd", "scenario.import": "scenario ingelezen",
    "sibling_group.read": "broers en zussen ingezien",
    "sibling_tie.create": "band tussen broers en zussen vastgelegd",
    "sibling_tie.list": "banden tussen broers en zussen bekeken",
    "sibling_tie.read": "band tussen broers en zussen ingezien",
    "sibling_tie.update": "band tussen broers en zussen gewijzigd",
    "user.create": "account aangemaakt", "user.update": "account gewijzigd",
    "user.enable": "account ingeschakeld", "user.disable": "account uitgeschakeld",
    "waiting_list.propose": "wachtlijstvoorstel gemaakt",
    "waiting_list.read": "wachtlijstvoorstel ingezien",
}
AUDIT_DOMAINS = {
    "access": "toegang", "audit": "logboek", "auth": "inloggen", "campaign": "campagne",
    "carer": "opvanglocatie", "case_share": "gedeelde casus", "child": "jeugdige",
    "lead": "aanmelding", "matching": "matching", "network_tie": "netwerkband",
    "occupancy": "plaatsing", "organisation": "organisatie", "place": "plek",
    "report": "rapport", "request": "plaatsingsverzoek", "scenario": "scenario",
    "sibling_group": "broers en zussen", "sibling_tie": "band broers/zussen", "user": "account",
    "schools": "school", "clubs": "club", "decision": "besluit", "commission": "commissie",
    "placement": "plaatsing", "reservation": "reservering", "model": "stabiliteitsmodel",
    "waiting_list": "wachtlijst", "ranking_snapshot": "rangschikking",
    "maintenance": "onderhoud", "indicators": "KPI's", "stability": "stabiliteitsmodel",
}
AUDIT_VERBS = {
    "create": "aangemaakt", "read": "ingezien", "list": "lijst bekeken", "update": "gewijzigd",
    "delete": "verwijderd", "refused": "geweigerd", "login": "ingelogd", "logout": "uitgelogd",
    "locked": "geblokkeerd na te veel pogingen", "search": "gezocht", "enable": "ingeschakeld",
    "disable": "uitgeschakeld", "erase": "gewist", "merge": "samengevoegd",
    "import": "ingelezen", "export": "uitgevoerd", "purge": "opgeschoond", "stage": "fase gewijzigd",
    "add": "toegevoegd", "withdraw": "ingetrokken", "overdue": "verlopen taken bekeken",
    "child_history": "geschiedenis van een jeugdige bekeken", "deactivate": "uitgeschakeld",
    "funnel": "funnel bekeken", "supply_gap": "tekort bekeken", "revoke": "ingetrokken",
    "change": "gewijzigd", "policy": "beleid", "snapshot": "rangschikking", "token": "API-sleutel",
    "password": "wachtwoord", "task": "taak", "consent": "toestemming", "places": "plekken",
    "failed": "mislukt", "answer": "antwoord", "introduction": "kennismaking",
    "place": "plaatsing", "timeline": "tijdlijn", "decision": "besluit", "dossier": "dossier",
    "pdf": "pdf", "referral": "voorlegging", "preview": "voorbeeld bekeken",
    "propose": "voorstel gemaakt", "cancel": "geannuleerd", "end": "beëindigd",
    "convert": "omgezet", "activate": "in gebruik genomen", "train": "getraind",
    "history": "geschiedenis", "retention_erase": "gewist na de bewaartermijn",
    "cases": "zaken", "families": "gezinnen", "follow_up": "opvolging", "kpi": "KPI's",
    "request": "verzoek", "schedule_end": "einddatum vastgelegd", "dry_run": "proefrun",
}
AUDIT_ACTIONS = {
    "child": "Jeugdigen (alles)", "child.read": "Jeugdige ingezien",
    "child.create": "Jeugdige aangemaakt", "child.update": "Jeugdige gewijzigd",
    "request": "Plaatsingsverzoeken (alles)", "request.create": "Plaatsingsverzoek aangemaakt",
    "matching.search": "Gezocht (rangschikking gemaakt)",
    "matching.snapshot.read": "Rangschikking ingezien",
    "matching.policy.create": "Matchingbeleid gewijzigd",
    "matching.policy.preview": "Voorbeeld van matchingbeleid bekeken",
    "decision": "Besluiten, antwoorden en kennismakingen",
    "commission": "Commissie Passend Alternatief",
    "sibling_tie": "Banden tussen broers en zussen", "network_tie": "Netwerkbanden",
    "occupancy": "Plaatsingen en reserveringen", "lead": "Aanmeldingen (werving)",
    "campaign": "Campagnes", "user": "Accounts", "auth": "Inloggen en API-sleutels",
    "access.refused": "Geweigerde toegang", "organisation": "Organisatie",
    "audit": "Logboek bekeken",
}


def action_label(action: str) -> str:
    """An audit action in Dutch: 'child.read' -> 'Jeugdige ingezien'; one not in the table is
    spelled from its parts ('lead.export' -> 'Aanmelding: uitgevoerd')."""
    if action in AUDIT_ACTION_TEXT:
        text = AUDIT_ACTION_TEXT[action]
    else:
        domain, _, rest = action.partition(".")
        words = [AUDIT_VERBS.get(part, part.replace("_", " ")) for part in rest.split(".") if part]
        text = f"{AUDIT_DOMAINS.get(domain, domain.replace('_', ' '))}: {' '.join(words)}"
        text = text.strip(": ")
    return text[:1].upper() + text[1:]
