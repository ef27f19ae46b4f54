"""The pages' number format and the access log's Dutch actions (pure, no database)."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

from placement.web.labels import AUDIT_ACTION_TEXT, action_label, number, register_filters

SOURCE = Path(__file__).resolve().parents[2] / "src" / "placement"


def test_numbers_have_a_decimal_comma_and_keep_whole_numbers_whole() -> None:
    assert number(0.834, 2) == "0,83"
    assert number(4.25, 1, "km") in ("4,2 km", "4,3 km")  # rounding of the float, not the format
    assert number(4.2) == "4,2" and number(4.0) == "4" and number(1.25) == "1,25"
    assert number(12) == "12" and number(12500) == "12500"  # no grouping dot to misread
    assert number(3, 2) == "3,00" and number(-0.001) == "0"
    assert number(None) == "–" and number("n.v.t.") == "n.v.t."
    assert number(0.1, 2, sign=True) == "+0,10" and number(-0.1, 2, sign=True) == "-0,10"
    assert number(True) == "True"  # not a number to format: shown as given


def test_the_komma_filter_formats_in_a_template() -> None:
    environment = jinja2.Environment(autoescape=True)
    register_filters(environment)
    template = environment.from_string("{{ a|komma(2) }} · {{ b|komma(1, 'km') }} · {{ c|komma }}")
    assert template.render(a=0.8333, b=4.04, c=None) == "0,83 · 4,0 km · –"


def test_every_action_the_code_records_has_a_dutch_sentence() -> None:
    """A new action without a sentence would show half-English in the log ("report: kpi")."""
    recorded = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        recorded |= set(re.findall(r'record\(\s*conn,\s*[\w.()" ,]*?principal[\w.()]*,\s*"([a-z_.]+)"',
                                   text))
    assert len(recorded) > 60, sorted(recorded)  # the pattern still finds the calls
    missing = sorted(recorded - set(AUDIT_ACTION_TEXT))
    assert not missing, missing


def test_action_labels_are_sentences_without_codes() -> None:
    assert action_label("matching.search") == "Gezocht (rangschikking gemaakt)"
    assert action_label("child.read") == "Jeugdige ingezien"
    # one not in the table yet: spelled from its parts, still no underscore or dot
    assert action_label("lead.export") == "Aanmelding: uitgevoerd"
    assert action_label("request.read.refused") == "Plaatsingsverzoek inzien geweigerd"
    for action in AUDIT_ACTION_TEXT:
        text = action_label(action)
        assert "_" not in text and "." not in text and text[0].isupper(), (action, text)
