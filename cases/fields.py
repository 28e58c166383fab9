"""A record's properties as a person reads them: named as the model's YAML names them, two-part
ranges on one line, and the properties kept for matching and bookkeeping left out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.dates import format_date

from graphmodel.model import load_model

from .i18n import N_, active_language, field_label, pgettext
from .i18n import gettext as _
from .model import Properties

# the units the model's ranges are in (graphmodel/schema/nodes.yaml), as a page says them
UNITS = {"years": N_("years"), "cm": N_("cm")}


@dataclass(frozen=True)
class Field:
    """One line of a record's description: the property (or the first of a range), its label, its value."""

    name: str
    label: str
    value: Any


def label_of(node_label: str, prop: str) -> str:
    """The model's name for a property in the page's language, else the property name in words."""
    labels = load_model().nodes[node_label].labels if node_label in load_model().nodes else {}
    return field_label(labels[prop]) if labels.get(prop) else prop.replace("_", " ").capitalize()


def described(node_label: str, props: Properties | None) -> list[Field]:
    """The properties of a `node_label` record that a page shows, in their order, labelled.

    A property with no label in the model is left out as well as an internal one, so a property
    added to the graph stays off the pages until someone names it."""
    node = load_model().nodes[node_label]
    props = props or {}
    ranges = {r.low: r for r in node.ranges}
    in_range = {p for r in node.ranges for p in (r.low, r.high)}
    shown: list[Field] = []
    for name, value in props.items():
        if name in ranges:
            text = span(props.get(name), props.get(ranges[name].high), ranges[name].unit)
            if text:
                shown.append(Field(name, field_label(ranges[name].label), text))
            continue
        if name in in_range:
            if ranges_low_missing(name, node.ranges, props):
                r = next(r for r in node.ranges if r.high == name)
                shown.append(Field(name, field_label(r.label), span(None, value, r.unit)))
            continue
        if node.is_internal(name) or name not in node.labels or value in (None, "", []):
            continue
        shown.append(Field(name, field_label(node.labels[name]), value))
    return shown


def ranges_low_missing(high: str, ranges: tuple[Any, ...], props: Properties) -> bool:
    return any(r.high == high and props.get(r.low) in (None, "") and props.get(high) not in (None, "")
               for r in ranges)


def span(low: Any, high: Any, unit: str) -> str:
    """`20–35 years`, `20 years`, `up to 35 years`, `from 20 years`; empty when neither is known."""
    low, high = _number(low), _number(high)
    suffix = f" {_(UNITS[unit]) if unit in UNITS else unit}" if unit else ""
    if low is None and high is None:
        return ""
    if low is not None and high is not None:
        return f"{low}{suffix}" if low == high else f"{low}–{high}{suffix}"
    return (_("from %(low)s", low=f"{low}{suffix}") if low is not None
            else _("up to %(high)s", high=f"{high}{suffix}"))


def _number(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def readable(node_label: str, props: Properties | None) -> list[Field]:
    """`described`, with each value in words: the model's vocabulary for coded values, dates and
    times as people write them, lists one after another, yes and no; names and ids as recorded."""
    if node_label not in load_model().nodes:
        return []
    return [Field(f.name, f.label, words(node_label, f.name, f.value)) for f in described(node_label, props)]


def words(node_label: str, prop: str, value: Any) -> str:
    """One stored value as a page says it, in the page's language: the model's vocabulary through
    the catalogues, dates as the language writes them; names and ids as recorded."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (list, tuple)):
        return ", ".join(words(node_label, prop, item) for item in value if item not in (None, ""))
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return "; ".join(f"{key.replace('_', ' ')}: {words(node_label, prop, item)}" for key, item in value.items())
    text = str(value)
    vocabulary = load_model().nodes[node_label].values.get(prop, {}) if node_label in load_model().nodes else {}
    if text in vocabulary:
        # the context keeps a word of one vocabulary apart from the same word in another
        return pgettext(f"{node_label}.{prop}", vocabulary[text])
    return moment(text) or (text.replace("=", ": ", 1) if prop == "genotypes" else text)


def moment(text: str) -> str | None:
    """An ISO date or date-time as `30 July 2016` or `30 July 2016, 14:05 UTC`; None for other text."""
    found = _ISO.match(text)
    if not found:
        return None
    year, month, day, hour, minute, zone = found.groups()
    try:
        day_text = format_date(date(int(year), int(month), int(day)), "d MMMM y", locale=active_language())
    except ValueError:
        return None
    if hour is None:
        return day_text
    zone = "UTC" if zone in ("Z", "+00:00") else (zone or "")
    return f"{day_text}, {hour}:{minute}{' ' + zone if zone else ''}"


_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$")
