"""Dutch wording for what the domain services say in English (for API clients).

Pages never show an English detail: a known reason is translated, an unknown one is replaced by
a plain Dutch sentence per status, and field names become the labels the forms use.
"""

from __future__ import annotations

import re
from typing import Any

GENERIC = {400: "Niet alles is goed ingevuld.", 401: "Log eerst in om deze pagina te zien.",
           403: "Je rol geeft geen toegang tot deze pagina of handeling.",
           404: "Deze pagina of dit dossier bestaat niet, of valt buiten je organisatie.",
           405: "Deze handeling kan op deze pagina niet.",
           409: "Dat kan nu niet: de gegevens zijn intussen veranderd of botsen met iets dat er al is.",
           412: "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw.",
           413: "Het bestand of formulier is te groot.",
           429: "Te veel pogingen. Wacht even en probeer het opnieuw.",
           500: "Er ging aan onze kant iets mis; er is niets opgeslagen."}

# English reasons from the services -> Dutch. Patterns, tried in order; groups are kept.
REASONS: list[tuple[str, str]] = [
    (r"missing or wrong CSRF token.*", "Het formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens."),
    (r"sign in first", "Log eerst in."),
    (r"your role does not give access to this", "Je rol geeft hier geen toegang toe."),
    (r"wrong e-?mail or password.*|e-mail address or password is wrong",
     "Onbekend e-mailadres of verkeerd wachtwoord."),
    (r"too many failed attempts; try again in (\d+) minutes",
     "Te veel mislukte pogingen; probeer het over een kwartier opnieuw."),
    (r"lies in the future", "ligt in de toekomst"),
    (r"contains only invisible characters", "vul hier tekst in (nu staan er alleen spaties of onzichtbare tekens)"),
    (r"contains a NUL character|contains the control character .*",
     "bevat een teken dat hier niet kan (een stuurteken)"),
    (r"required.*", "verplicht"),
    (r"a need is listed twice", "een behoefte staat er twee keer in"),
    (r"a club is listed twice", "een club staat er twee keer in"),
    (r"a child is listed twice", "een jeugdige staat er twee keer in"),
    (r"a child cannot be its own sibling", "een jeugdige kan niet zijn eigen broer of zus zijn"),
    (r"these children already have a sibling tie", "deze jeugdigen hebben al een band"),
    (r"this child already has a tie with this carer", "deze jeugdige heeft al een band met dit gezin"),
    (r"case reference already in use", "dit dossiernummer bestaat al"),
    (r"an account with this e-mail address exists", "er is al een account met dit e-mailadres"),
    (r"no such child in your caseload", "deze jeugdige hoort niet bij je organisatie"),
    (r"no such carer", "onbekend pleeggezin of gezinshuis"),
    (r"unknown postcode.*|postcode.*unknown.*|not a Dutch postcode.*", "onbekende postcode"),
    (r"unknown need code.*|no such need.*", "onbekende behoefte"),
    (r"no such school.*", "onbekende school"),
    (r"no such club.*", "onbekende club"),
    (r"only for ties with intent apart", "alleen bij de bedoeling 'apart'"),
    (r"required when the intent is apart", "verplicht als ze apart geplaatst worden"),
    (r"give an e-mail address or a phone number", "vul een e-mailadres of telefoonnummer in"),
    (r"a campaign with this code exists", "er is al een campagne met deze code"),
    (r"ends_on.*before.*|before starts_on", "einddatum ligt voor de begindatum"),
    (r"the lead is already in stage.*", "de aanmelding staat al in deze fase"),
    (r"going back to an earlier stage needs a reason", "terug naar een eerdere fase vraagt een toelichting"),
    (r"reactivating a lead that left needs a reason", "een afgehaakte aanmelding heropenen vraagt een toelichting"),
    (r"required when the lead is .*", "verplicht bij afhaken of afwijzen"),
    (r"only for afgehaakt or afgewezen", "alleen bij afhaken of afwijzen"),
    (r"not a reason code for .*", "deze reden past niet bij deze fase"),
    (r"this lead was merged into.*", "deze aanmelding is samengevoegd; werk verder op de andere"),
    (r"this lead was (already )?erased", "deze aanmelding is gewist"),
    (r"the request is (\w+): nothing to search", "dit verzoek is afgerond: zoeken is niet meer nodig"),
    (r"the request is already shared.*", "dit verzoek is al gedeeld met deze organisatie"),
    (r"password.*(short|common|length).*", "kies een langer of minder voor de hand liggend wachtwoord"),
    (r"weights? .*", "de gewichten kloppen niet"),
]

FIELD_LABELS = {
    "case_reference": "Dossiernummer", "given_name": "Voornaam", "birth_date": "Geboortedatum",
    "gender": "Gender", "home_postcode": "Postcode thuis", "home_address": "Adres",
    "parents_postcode": "Postcode ouders", "school_id": "School", "club_ids": "Clubs",
    "needs": "Behoeften", "wishes": "Wensen", "child_ids": "Jeugdigen",
    "placement_type": "Pleegzorgvorm", "desired_start": "Gewenste start", "urgency": "Urgentie",
    "expected_duration_days": "Verwachte duur", "notes": "Notities", "status": "Status",
    "limit": "Aantal kandidaten", "max_travel_minutes": "Maximale reistijd",
    "child_b_id": "Broer of zus", "child_b_reference": "Dossiernummer broer of zus", "intent": "Bedoeling", "apart_reason": "Reden apart",
    "carer_id": "Gezin", "relation": "Relatie", "email": "E-mailadres", "name": "Naam",
    "roles": "Rollen", "password": "Wachtwoord", "phone": "Telefoon", "postcode": "Postcode",
    "channel": "Kanaal", "stage": "Fase", "reason_code": "Reden", "note": "Toelichting",
    "code": "Code", "starts_on": "Begindatum", "ends_on": "Einddatum", "budget": "Budget",
    "weights": "Gewichten", "pagina": "Pagina", "verzoek": "Verzoek", "file": "Bestand",
    "body": "Formulier", "kind": "Soort", "file_name": "Bestand", "urgentie": "Urgentie",
    # the access log's filters
    "actie": "Handeling", "gebruiker": "Account", "dossier": "Dossiernummer", "van": "Van",
    "tot": "Tot en met",
}

_ENGLISH = re.compile(r"\b(the|is|are|not|no|must|only|this|with|of|or|and|a|an|to|unknown|"
                      r"required|invalid|expected|already|such|cannot|field|value)\b", re.I)


# Words only a Dutch sentence has: a page's own Dutch reason ("de vraag aan de commissie is
# verplicht") holds "is" and "of" as well, and must not be taken for English.
_DUTCH = re.compile(r"\b(de|het|een|en|niet|geen|verplicht|moet|kies|deze|dit|voor|naar|bij|"
                    r"van|wordt|zijn|nog|minstens|hoogstens|dan|datum|waarde|klopt)\b", re.I)


def dutch_reason(reason: str) -> str:
    for pattern, dutch in REASONS:
        if re.fullmatch(pattern, reason.strip(), re.I | re.S):
            return dutch
    if _ENGLISH.search(reason) and not _DUTCH.search(reason):
        return "deze waarde klopt niet"
    return reason  # already Dutch (the pages' own checks)


def dutch_detail(status: int, detail: str) -> str:
    """The sentence on an error page: the translated detail, else the status's own sentence."""
    translated = dutch_reason(detail) if detail and ":" not in detail else ""
    if not translated or translated == "deze waarde klopt niet":
        return GENERIC.get(status, "Er ging iets mis.")
    return translated[:1].upper() + translated[1:]


def field_label(field: str) -> str:
    if field.startswith(("w_", "r_")):  # the policy form: a factor's weight or its reasoning
        from placement.web.labels import FACTORS

        if field[2:] in FACTORS:
            return ("Gewicht: " if field[0] == "w" else "Onderbouwing: ") + FACTORS[field[2:]]
    base = field.split(".")[0].split("[")[0].split("/")[0]
    return FIELD_LABELS.get(field, FIELD_LABELS.get(base, base.replace("_", " ")))


def dutch_errors(errors: list[dict[str, Any]] | None) -> list[dict[str, str]]:
    """Field errors as the forms show them: the Dutch label and reason, plus the raw field name
    kept for linking the message to its input."""
    return [{"field": str(e.get("field", "")), "label": field_label(str(e.get("field", ""))),
             "reason": dutch_reason(str(e.get("reason", "")))} for e in errors or []]
