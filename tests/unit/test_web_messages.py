"""Reasons on the pages are Dutch: the pages' own Dutch reasons pass as written, English ones
from the framework or the API become a Dutch sentence, never shown as they are."""

from __future__ import annotations

import pytest

from placement.web.messages import dutch_reason


@pytest.mark.parametrize("reason", [
    "de vraag aan de commissie is verplicht",
    "kies een reden als u niet optie 1 kiest",
    "geen jeugdige met dit dossiernummer in uw organisatie",
    "een einddatum ligt na de begindatum of is leeg",
])
def test_a_dutch_reason_is_shown_as_written(reason: str) -> None:
    assert dutch_reason(reason) == reason


@pytest.mark.parametrize("reason", [
    "Expected `int`, got `str`",
    "Object missing required field `kind`",
    "value is not a valid uuid",
    "must be one of the listed codes",
])
def test_an_english_reason_never_reaches_the_page(reason: str) -> None:
    shown = dutch_reason(reason)
    assert shown != reason
    assert shown == "deze waarde klopt niet" or " de " in f" {shown} " or "verplicht" in shown
