"""The inquiry's translations are complete: every message the pages and the form can show is in the
template catalog, and every language offered translates each of them, keeping its placeholders."""

from __future__ import annotations

from pathlib import Path

from catalogues import assert_translated, extracted, template
from web.inquiry import i18n

PROJECT = Path(__file__).resolve().parents[2]
OFFERED = {"en", "ar", "es", "sq", "bs"}


def test_the_template_catalog_holds_every_message_in_the_code():
    in_code = extracted(i18n.FOLDER / "babel.cfg", PROJECT)
    expected = template(i18n.FOLDER / f"{i18n.DOMAIN}.pot")
    assert len(in_code) > 150
    assert in_code == expected, (sorted(in_code - expected)[:10], sorted(expected - in_code)[:10])


def test_every_language_translates_every_message_with_its_placeholders():
    expected = template(i18n.FOLDER / f"{i18n.DOMAIN}.pot")
    assert set(i18n.languages()) == OFFERED
    for code in OFFERED - {"en"}:
        assert_translated(i18n.FOLDER / code / "LC_MESSAGES" / f"{i18n.DOMAIN}.po", expected, code)


def test_each_language_names_itself_and_knows_its_direction():
    languages = i18n.languages()
    assert {code: (language.name, language.direction) for code, language in languages.items()} == {
        "en": ("English", "ltr"), "ar": ("العربية", "rtl"), "es": ("Español", "ltr"), "sq": ("Shqip", "ltr"),
        "bs": ("Bosanski / Hrvatski / Srpski", "ltr")}
