"""The briefs' translations are complete: every message the code, the templates and the model's
vocabularies can put in a brief is in the template catalogue, every language offered translates
each one with its placeholders, and the languages offered are those with a catalogue."""

from __future__ import annotations

from briefs import i18n, words
from catalogues import assert_translated, extracted, template
from graphmodel.model import load_model

OFFERED = {"en", "ar", "es", "sq", "bs"}


def _template() -> set[tuple[str, str | None]]:
    return template(i18n.TRANSLATIONS / "briefs.pot")


def test_the_template_catalogue_holds_every_message_of_the_code_and_the_model():
    in_code = extracted(i18n.TRANSLATIONS / "babel.cfg", i18n.TRANSLATIONS.parents[1])
    assert in_code == _template(), (sorted(in_code - _template())[:10], sorted(_template() - in_code)[:10])
    model = load_model()
    for label, node in model.nodes.items():
        for prop, vocabulary in node.values.items():
            assert {(word, f"{label}.{prop}") for word in vocabulary.values()} <= in_code, (label, prop)
    assert all((rel.words, words.LINK_CONTEXT) in in_code for rel in model.relationships.values() if rel.words)


def test_every_language_translates_every_message_with_its_placeholders():
    expected = _template()
    assert set(i18n.LANGUAGES) == OFFERED
    for code in OFFERED - {"en"}:
        assert_translated(i18n.TRANSLATIONS / code / "LC_MESSAGES" / "briefs.po", expected, code)


def test_each_language_names_itself_and_knows_its_direction():
    assert i18n.LANGUAGES == {"en": ("English", "ltr"), "ar": ("العربية", "rtl"),
                              "bs": ("Bosanski / Hrvatski / Srpski", "ltr"), "es": ("Español", "ltr"),
                              "sq": ("Shqip", "ltr")}


def test_values_are_said_through_the_model_vocabularies():
    with i18n.language("es"):
        assert words.vocabulary("Person", "hair_colour", "short curly") == "corto y rizado"
        assert words.vocabulary("Person", "eye_colour", "brown") == "marrones"
        assert words.vocabulary("Person", "hair_colour", "brown") == "castaño"
        assert words.relationship_word("full_sibling", None) == "hermano o hermana"
        assert words.relationship_word("full_sibling", "F") == "hermana"
        assert words.vocabulary("Person", "nationality", "SEN") == "Senegal"
        assert words.vocabulary("Person", "date_of_birth", "2024-09-16") == "16 de septiembre de 2024"
        assert words.vocabulary("Person", "hair_colour", "green with stars") is None  # not in the vocabulary
    with i18n.language("ar"):
        assert words.vocabulary("Person", "nationality", "SEN") == "السنغال"
        assert words.event_title("Candidate sighting: aboard_vessel") == "مشاهدة مرشّحة: على متن قارب"
        assert words.link_words("BOARDED") == "صعد على متن"
