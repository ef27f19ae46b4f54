"""The documented Dutch code lists of the decision spine: why an officer chose other than the top
option, why a sibling group was split, why a family declined, why an introduction stopped, how a
placement ended, and what the commission decided.

Migration 0005 holds the same codes in CHECK constraints; keep the two in step (a unit test
compares them). docs/decisions.md shows these lists to the people who use them."""

from __future__ import annotations

OVERRIDE_REASONS: dict[str, str] = {
    "family_declined": "Gezin wees af",
    "family_unreachable": "Gezin niet bereikbaar",
    "wish_child_parents": "Wens van kind of ouders",
    "closer_to_network": "Dichter bij het netwerk van het kind",
    "continuity_school_care": "Continuïteit van school of zorg",
    "professional_judgement": "Professionele afweging",
    "other": "Anders",
}

SPLIT_REASONS: dict[str, str] = {
    "no_home_for_all": "Geen gezin met plek voor allen samen",
    "specialist_care": "Eén kind heeft specialistische zorg nodig",
    "threat": "Dreiging",
    "severe_conflict": "Ernstig conflict tussen de kinderen",
    "sexual_abuse": "(Vermoeden van) seksueel misbruik tussen de kinderen",
    "needs_differ": "Zorgbehoeften lopen te ver uiteen",
    "wish_child": "Wens van de kinderen zelf",
    "professional_judgement": "Professionele afweging",
    "other": "Anders",
}

ANSWERS: dict[str, str] = {
    "accepted": "Akkoord",
    "declined": "Afgewezen",
    "no_answer": "Geen antwoord",
}

DECLINE_REASONS: dict[str, str] = {
    "no_room_now": "Nu geen ruimte",
    "not_fitting_family": "Past niet in het gezin",
    "needs_too_heavy": "Zorgvraag te zwaar",
    "personal_circumstances": "Persoonlijke omstandigheden",
    "other": "Anders",
}

INTRODUCTION_OUTCOMES: dict[str, str] = {
    "go_ahead": "Doorgaan met plaatsing",
    "stop": "Stoppen",
}

STOP_REASONS: dict[str, str] = {
    "child_not_comfortable": "Kind voelt zich er niet prettig",
    "family_not_comfortable": "Gezin ziet het niet zitten",
    "parents_object": "Ouders maken bezwaar",
    "professional_judgement": "Professionele afweging",
    "other": "Anders",
}

END_REASONS: dict[str, str] = {
    "planned": "Gepland beëindigd",
    "return_home": "Terug naar huis",
    "to_network": "Naar het netwerk",
    "to_independence": "Naar zelfstandigheid",
    "breakdown_carer": "Voortijdig beëindigd door het gezin",
    "breakdown_child": "Voortijdig beëindigd door de jeugdige",
    "breakdown_agency": "Voortijdig beëindigd door de instelling",
    "other": "Anders",
}
# Endings that were not as planned ("uitval", breakdown). Every other reason counts as an ending
# as planned for the Utrecht target of 85% (docs/decisions.md gives the formula).
UNPLANNED_END_REASONS = frozenset({"breakdown_carer", "breakdown_child", "breakdown_agency"})

REQUEST_STATUSES: dict[str, str] = {
    "open": "Open",
    "proposed": "Gezin benaderd",
    "introduction": "Kennismaking",
    "placed": "Geplaatst",
    "ended": "Beëindigd",
    "cancelled": "Geannuleerd",
}

COMMISSION_OUTCOMES: dict[str, str] = {
    "approve_option": "Akkoord met een genoemde optie",
    "approve_with_support": "Akkoord met een optie met extra ondersteuning",
    "search_wider": "Breder zoeken",
    "non_family_care": "Niet-gezinsgerichte zorg",
}
