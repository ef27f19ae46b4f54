"""The documented lists of recruitment: stages, channels, reason codes, age bands.

The migration 0004 repeats these lists in its check constraints; change both together.
"""

from __future__ import annotations

# The path from first interest to the suitability decision, in order.
PATH: tuple[str, ...] = (
    "aanmelding",            # registered interest
    "informatiepakket",      # information pack sent
    "informatieavond",       # attended an information evening
    "kennismakingsgesprek",  # first conversation at home or at the office
    "voorbereiding",         # preparation course
    "screening",             # checks: VOG (certificate of conduct), references, child protection
    "geschiktheidsbesluit",  # suitability decision being taken
)
APPROVED = "goedgekeurd"
WITHDREW = "afgehaakt"   # the lead stopped
REJECTED = "afgewezen"   # the organisation decided not to go on
DROPPED_OUT = (WITHDREW, REJECTED)
STAGES: tuple[str, ...] = (*PATH, APPROVED, WITHDREW, REJECTED)
# Stages that must really have happened (not skipped) before a lead can be approved.
REQUIRED_FOR_APPROVAL = ("screening",)

REASON_CODES: dict[str, dict[str, str]] = {
    WITHDREW: {
        "geen_tijd": "Geen tijd of ruimte in het eigen leven op dit moment",
        "gezinssituatie_veranderd": "Eigen gezinssituatie is veranderd",
        "verwachtingen_anders": "Pleegzorg bleek anders dan verwacht",
        "financieel": "Financiële redenen",
        "woonruimte": "Geen geschikte woonruimte",
        "niet_bereikbaar": "Niet meer bereikbaar na herhaalde pogingen",
        "andere_organisatie": "Gaat verder bij een andere organisatie",
        "overig": "Andere reden (toelichting in notitie)",
    },
    REJECTED: {
        "vog_geweigerd": "Verklaring omtrent gedrag (VOG) niet verkregen",
        "veiligheid": "Zorgen over veiligheid in het gezin",
        "draagkracht": "Onvoldoende draagkracht",
        "opvoedvaardigheden": "Opvoedvaardigheden onvoldoende voor pleegzorg",
        "gezondheid": "Gezondheid laat het nu niet toe",
        "woonruimte_ongeschikt": "Woonruimte ongeschikt",
        "overig": "Andere reden (toelichting in notitie)",
    },
}

CHANNELS: dict[str, str] = {
    "social": "Sociale media",
    "krant": "Krant of huis-aan-huisblad",
    "informatieavond": "Informatieavond",
    "website": "Website",
    "mond_tot_mond": "Mond-tot-mond (via bekenden of pleegouders)",
    "radio_tv": "Radio of televisie",
    "flyer": "Flyer of poster",
    "evenement": "Evenement of markt",
    "huis_aan_huis": "Huis-aan-huis",
    "overig": "Anders",
}

PLACEMENT_TYPES = ("crisis", "short_term", "long_term", "part_time", "family_home")

# Age bands used by campaign targets and the supply-gap report: (code, lowest age, highest age).
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0-3", 0, 3), ("4-11", 4, 11), ("12-17", 12, 17), ("18-23", 18, 23),
)
AGE_BAND_CODES = tuple(code for code, _, _ in AGE_BANDS)

CONSENT_PURPOSES: dict[str, str] = {
    "contact": "Contact opnemen over pleegouderschap",
    "keep_after_dropout": "Gegevens bewaren na afhaken, voor een later moment",
    "newsletter": "Nieuwsbrief",
}
KEEP_CONSENT = "keep_after_dropout"

TASK_KINDS = ("contact_opnemen", "informatiepakket_sturen", "uitnodigen", "terugbellen", "other")
FIRST_CONTACT_WORKING_DAYS = 2
