"""The inquiry's translations are complete: every message the pages and the form can show is in the
template catalog, and every language offered translates each of them, keeping its placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from web.inquiry import i18n

PROJECT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)s")
OFFERED = {"en", "ar", "es", "sq", "bs"}


def _key(message) -> tuple[str, str | None]:  # type: ignore[no-untyped-def]
    return (message.id if isinstance(message.id, str) else message.id[0], message.context)


def _catalog(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as source:
        return read_po(source)


def test_the_template_catalog_holds_every_message_in_the_code():
    with (i18n.FOLDER / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    in_code = {((message if isinstance(message, str) else message[0]), context)
               for _file, _line, message, _comments, context in extract_from_dir(str(PROJECT), method_map, options_map)}
    template = {_key(m) for m in _catalog(i18n.FOLDER / f"{i18n.DOMAIN}.pot") if m.id}
    assert len(in_code) > 150
    assert in_code == template, (sorted(in_code - template)[:10], sorted(template - in_code)[:10])


def test_every_language_translates_every_message_with_its_placeholders():
    template = {_key(m) for m in _catalog(i18n.FOLDER / f"{i18n.DOMAIN}.pot") if m.id}
    assert set(i18n.languages()) == OFFERED
    for code in OFFERED - {"en"}:
        po = i18n.FOLDER / code / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
        catalog = _catalog(po)
        messages = {_key(m): m for m in catalog if m.id}
        assert set(messages) == template, (code, sorted(template - set(messages))[:10])
        for key, message in messages.items():
            text = message.string if isinstance(message.string, str) else message.string[0]
            assert text and not message.fuzzy, (code, key)
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(key[0])), (code, key, text)
        with po.with_suffix(".mo").open("rb") as compiled:
            assert {_key(m) for m in read_mo(compiled) if m.id} == template, f"{code}: the .mo is not the .po compiled"


def test_each_language_names_itself_and_knows_its_direction():
    languages = i18n.languages()
    assert {code: (language.name, language.direction) for code, language in languages.items()} == {
        "en": ("English", "ltr"), "ar": ("العربية", "rtl"), "es": ("Español", "ltr"), "sq": ("Shqip", "ltr"),
        "bs": ("Bosanski / Hrvatski / Srpski", "ltr")}
