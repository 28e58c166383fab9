"""Reading a YAML mapping and checking every part of it, so a wrong mapping is refused with one
sentence naming what to fix (never a Python error half-way through a load)."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import yaml

from normalise.dates import DAY_FIRST

from ..errors import MappingError
from .mapped import CONTENT_ID, MAPPABLE, RECORD_ADAPTERS, FieldRule

TOP_KEYS = {"name", "description", "record", "agency", "encoding", "delimiter", "header_row",
            "empty_values", "id", "id_separator", "fields"}
FIELD_KEYS = {"column", "template", "value", "values", "default", "date_format", "split", "part"}
SCALAR = (str, int, float, bool)


def _text(where: str, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise MappingError(f"{where}: {key} must be text, not {value!r}.")
    return value


def _date_formats(where: str, value: Any) -> tuple[str, ...]:
    forms = [value] if isinstance(value, str) else value
    if not isinstance(forms, list) or not forms or not all(isinstance(form, str) and form for form in forms):
        raise MappingError(f"{where}: date_format must be a format such as \"%d/%m/%Y\", \"{DAY_FIRST}\", "
                           f"or a list of them tried in order, not {value!r}.")
    for form in forms:
        if form != DAY_FIRST and "%" not in form:
            raise MappingError(f"{where}: date format {form!r} has no % directive; use e.g. \"%d/%m/%Y\", "
                               f"\"%b %y\", \"%Y\" or \"{DAY_FIRST}\".")
    return tuple(forms)


def _value_map(where: str, values: Any) -> dict[str, str]:
    """Source value -> field value, as text. YAML reads an unquoted `yes`/`no` key as a boolean,
    so a boolean key stands for the words a spreadsheet writes for it."""
    if not isinstance(values, dict):
        raise MappingError(f"{where}: values must map source values to field values.")
    mapped: dict[str, str] = {}
    for key, value in values.items():
        if not isinstance(value, SCALAR) or not isinstance(key, SCALAR):
            raise MappingError(f"{where}: values must map text to text, not {key!r} to {value!r}.")
        words = {True: ("yes", "y", "true", "on"), False: ("no", "n", "false", "off")}.get(key, (str(key),)) \
            if isinstance(key, bool) else (str(key),)
        for word in words:
            mapped[word] = str(value)
    return mapped


def _rule(source: str, target: Any, spec: Any, fields: tuple[str, ...], record: str) -> FieldRule:
    if not isinstance(target, str) or target not in fields:
        raise MappingError(f"{source}: {target!r} is not a field of {record} records; the fields are "
                           f"{', '.join(fields)}.")
    where = f"{source}: field {target!r}"
    if isinstance(spec, str) and spec:
        return FieldRule(target=target, column=spec)
    if not isinstance(spec, dict):
        raise MappingError(f"{where} must be a column name or a mapping with column, template or value.")
    if unknown := set(map(str, spec)) - FIELD_KEYS:
        raise MappingError(f"{where} has unknown key(s) {', '.join(sorted(unknown))}; "
                           f"use {', '.join(sorted(FIELD_KEYS))}.")
    given = [key for key in ("column", "template", "value") if key in spec]
    if len(given) != 1:
        raise MappingError(f"{where} needs exactly one of column, template, value.")
    if spec.get("part") not in (None, "latitude", "longitude"):
        raise MappingError(f"{where}: part must be latitude or longitude.")
    if "value" in spec and not isinstance(spec["value"], SCALAR):
        raise MappingError(f"{where}: value must be a constant, not {spec['value']!r}.")
    if "default" in spec and spec["default"] is not None and not isinstance(spec["default"], SCALAR):
        raise MappingError(f"{where}: default must be a constant, not {spec['default']!r}.")
    return FieldRule(
        target=target,
        column=_text(where, "column", spec["column"]) if "column" in spec else None,
        template=_text(where, "template", spec["template"]) if "template" in spec else None,
        value=None if spec.get("value") is None else str(spec["value"]),
        values=_value_map(where, spec.get("values") or {}),
        default=None if spec.get("default") is None else str(spec["default"]),
        date_formats=_date_formats(where, spec["date_format"]) if "date_format" in spec else (),
        split=_text(where, "split", spec["split"]) if "split" in spec else None,
        part=spec.get("part"))


def _identity(name: str, identity: Any) -> Any:
    if isinstance(identity, str):
        return [identity]
    if isinstance(identity, dict):
        content = identity.get(CONTENT_ID)
        if set(identity) != {CONTENT_ID} or not (content == "all" or (
                isinstance(content, list) and content and all(isinstance(c, str) and c for c in content))):
            raise MappingError(f"{name}: an id from the row's content is written `id: {{content: all}}` or "
                               f"`id: {{content: [column, ...]}}`.")
        return identity
    if not isinstance(identity, list) or not identity or not all(isinstance(c, str) and c for c in identity):
        raise MappingError(f"{name}: id must name the column (or list of columns) that identify a row, "
                           f"or be {{content: all}} for a list without ids.")
    return identity


def _top_level(name: str, spec: dict[str, Any]) -> None:
    for key in ("name", "description", "agency", "id_separator"):
        if key in spec and not isinstance(spec[key], str):
            raise MappingError(f"{name}: {key} must be text, not {spec[key]!r}.")
    if "encoding" in spec:
        try:
            codecs.lookup(_text(name, "encoding", spec["encoding"]))
        except LookupError:
            raise MappingError(f"{name}: encoding {spec['encoding']!r} is not one Python knows "
                               f"(e.g. utf-8, cp1252, latin-1).") from None
    if "delimiter" in spec and (not isinstance(spec["delimiter"], str) or len(spec["delimiter"]) != 1):
        raise MappingError(f"{name}: delimiter must be one character, such as \",\" or \";\".")
    header_row = spec.get("header_row", 1)
    if isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1:
        raise MappingError(f"{name}: header_row must be a line number (1 for the first line).")
    markers = spec.get("empty_values", [])
    if not isinstance(markers, list) or not all(isinstance(marker, SCALAR) for marker in markers):
        raise MappingError(f"{name}: empty_values must be a list of words, such as [\"n/k\", \"?\"].")


def read_mapping(path: Path) -> tuple[dict[str, Any], list[FieldRule]]:
    """The mapping's settings and field rules, checked; MappingError says what to fix."""
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise MappingError(f"cannot read the mapping {path}: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise MappingError(f"{path.name} is not valid YAML{where}.") from None
    name = path.name
    if not isinstance(spec, dict):
        raise MappingError(f"{name} must be a YAML mapping with record, id and fields.")
    if unknown := set(map(str, spec)) - TOP_KEYS:
        raise MappingError(f"{name}: unknown key(s) {', '.join(sorted(unknown))}; use {', '.join(sorted(TOP_KEYS))}.")
    for key in ("record", "id", "fields"):
        if key not in spec:
            raise MappingError(f"{name} lacks {key!r}.")
    if not isinstance(spec["record"], str) or spec["record"] not in MAPPABLE:
        raise MappingError(f"{name}: record must be one of {', '.join(MAPPABLE)}, not {spec['record']!r}.")
    _top_level(name, spec)
    spec["id"] = _identity(name, spec["id"])
    if not isinstance(spec["fields"], dict) or not spec["fields"]:
        raise MappingError(f"{name}: fields must map record fields to columns.")
    if "record_id" in spec["fields"]:
        raise MappingError(f"{name}: record_id comes from id; remove it from fields.")
    inner = RECORD_ADAPTERS[spec["record"]]
    fields = tuple(column for column in inner.columns if column != "record_id")
    rules = [_rule(name, target, rule, fields, spec["record"]) for target, rule in spec["fields"].items()]
    return spec, rules
