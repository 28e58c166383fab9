"""The staff pages' translations are complete: every message their templates, the Python that builds
their words and the model's field labels can show is in the template catalogue, every language
offered translates each one with its placeholders, the templates hold no English outside gettext,
and the words built in Python (summary, timeline, fields) come out in the language asked for."""

from __future__ import annotations

import re
from pathlib import Path

import briefs.i18n  # noqa: F401 - the briefs share the model's vocabularies with the staff catalogue
from cases import i18n
from cases.fields import span
from cases.timeline import date_words, gap_words
from catalogues import assert_translated, extracted, template
from graphmodel.model import load_model
from identify.review import STATUS_WORDS, TRANSITIONS

PROJECT = Path(__file__).resolve().parents[2]
OFFERED = {"en", "ar", "es", "sq", "bs"}
TEMPLATES = PROJECT / "web" / "templates"
# brand and format names, and the units of a score, are the same in every language
NOT_WORDS = {"TraceGraph", "HTML", "PDF", "LR", "log", "OpenAPI"}


def _template() -> set[tuple[str, str | None]]:
    return template(i18n.TRANSLATIONS / f"{i18n.DOMAIN}.pot")


def test_the_template_catalogue_holds_every_message_of_the_pages_the_code_and_the_model():
    in_code = extracted(i18n.TRANSLATIONS / "babel.cfg", PROJECT)
    assert len(in_code) > 500
    assert in_code == _template(), (sorted(in_code - _template())[:10], sorted(_template() - in_code)[:10])
    model = load_model()
    for node in model.nodes.values():
        assert {(label, i18n.FIELD_CONTEXT) for label in node.labels.values()} <= in_code, node.label
        assert {(r.label, i18n.FIELD_CONTEXT) for r in node.ranges} <= in_code, node.label
    # the review rules' words (buttons, states) are marked where they are defined
    assert {(words, None) for words in [*TRANSITIONS.values(), *STATUS_WORDS.values()]} <= in_code


def test_every_language_translates_every_message_with_its_placeholders():
    expected = _template()
    assert set(i18n.languages()) == OFFERED
    for code in OFFERED - {"en"}:
        assert_translated(i18n.TRANSLATIONS / code / "LC_MESSAGES" / f"{i18n.DOMAIN}.po", expected, code)


def test_each_language_names_itself_and_knows_its_direction():
    assert i18n.languages() == {"en": "English", "ar": "العربية", "bs": "Bosanski / Hrvatski / Srpski",
                                "es": "Español", "sq": "Shqip"}
    assert {code: i18n.direction(code) for code in OFFERED} == {
        "en": "ltr", "ar": "rtl", "bs": "ltr", "es": "ltr", "sq": "ltr"}
    assert i18n.best_match([("hr-HR", 1.0), ("en", 0.5)]) == "bs"
    assert i18n.best_match([("de", 1.0)]) == "en"


def _bare_text(html: str) -> str:
    """What a template shows that is not put there by Jinja: text and the attributes people read."""
    html = re.sub(r"\{#.*?#\}", " ", html, flags=re.S)
    html = re.sub(r"\{%\s*block (?:body_class|main_class) %\}.*?\{%\s*endblock\s*%\}", " ", html)
    html = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", html, flags=re.S)
    html = re.sub(r"<code>.*?</code>|<script.*?</script>", " ", html, flags=re.S)
    read = re.findall(r'\b(?:placeholder|title|aria-label|alt|label)="([^"]*)"', html)
    text = re.sub(r"<[^>]+>", " ", html) + " " + " ".join(read)
    text = re.sub(r"\b\w+_\w+\b", " ", text)  # identifiers, such as a query name given as an example
    return re.sub(r"/[\w./-]+", " ", text)  # addresses such as /api/openapi.json


def test_the_staff_templates_say_nothing_outside_the_catalogue():
    for page in sorted(TEMPLATES.glob("*.html")):
        words = set(re.findall(r"[A-Za-z][A-Za-z'’]+", _bare_text(page.read_text()))) - NOT_WORDS
        assert not words, (page.name, sorted(words))


def test_words_built_in_python_follow_the_language():
    with i18n.language("sq"):
        assert span(20, 35, "years") == "20–35 vjeç"
        assert span(None, 180, "cm") == "deri në 180 cm"
        assert i18n.field_label("Date of birth") == "Data e lindjes"
        assert i18n.value_word("Person", "sex", "F") == "femër"  # the briefs' vocabulary, shared
        assert i18n.country("SEN") == "Senegal"
        assert gap_words(400) == "1 vit e 1 muaj pa asgjë të regjistruar"
    with i18n.language("ar"):
        assert date_words("2016-05-04") == "4 مايو 2016"
        assert gap_words(800) == "سنتان (2) دون أي تسجيل"
        assert i18n.gettext(STATUS_WORDS["under_review"]) == "قيد المراجعة"
    with i18n.language("es"):
        assert i18n.value_word("Person", "hair_colour", "short curly") == "corto y rizado"
        assert i18n.ngettext("%(count)s month with nothing recorded", "%(count)s months with nothing recorded",
                             3) == "3 meses sin nada registrado"
    # English outside any language, and for a language without a catalogue
    assert date_words("2016-05") == "May 2016" and span(20, 35, "years") == "20–35 years"
    with i18n.language("de"):
        assert i18n.active_language() == "en" and i18n.field_label("Date of birth") == "Date of birth"
