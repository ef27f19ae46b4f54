"""Dutch words for the codes that appear in matching explanations. Pure: no I/O.

Every code an explanation line can show has its word here (or, for need codes, in the
`need_codes` table, which the index carries): an officer never reads "grandparent".
"""

from __future__ import annotations

RELATIONS_NL = {
    "grandparent": "grootouder", "aunt_uncle": "oom of tante",
    "adult_sibling": "volwassen broer of zus", "other_relative": "ander familielid",
    "teacher": "leerkracht", "neighbour": "buren", "family_friend": "vriend van de familie",
    "coach": "trainer of coach", "other": "andere bekende",
}

# The seeded labels of need_codes (migration 0001), for indexes built without the database.
NEED_LABELS_NL = {
    "trauma": "trauma", "hechting": "hechtingsproblematiek", "gedrag": "gedragsproblematiek",
    "lvb": "licht verstandelijke beperking (LVB)", "autisme": "autisme", "adhd": "ADHD",
    "medisch": "medische zorg", "lichamelijk": "lichamelijke beperking",
    "middelen": "middelengebruik", "angst_depressie": "angst of depressie",
    "zuigeling": "zuigelingenzorg", "onderwijs": "onderwijsondersteuning",
    "seksueel_grensoverschrijdend": "seksueel grensoverschrijdend gedrag",
    "loyaliteit": "loyaliteitsconflict",
}


def relation_nl(code: str) -> str:
    return RELATIONS_NL.get(code, code.replace("_", " "))


def need_nl(code: str, labels: dict[str, str] | None = None) -> str:
    """A need's word as it reads inside a sentence: "autisme", but "ADHD"."""
    label = (labels or {}).get(code) or NEED_LABELS_NL.get(code) or code.replace("_", " ")
    if len(label) > 1 and label[1].isupper():
        return label  # an abbreviation
    return label[0].lower() + label[1:]


def language_nl(language: str) -> str:
    """Language names are written with a capital in Dutch: "Somalisch", "Nederlands"."""
    return " ".join(w[:1].upper() + w[1:] for w in language.strip().split())
