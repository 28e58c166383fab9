"""The short name of a record, as lists, the canvas and a brief's chain diagram show it."""

from __future__ import annotations

from typing import Any

from .i18n import gettext as _
from .i18n import value_word


def _sighting(p: dict[str, Any]) -> str:
    kind = value_word("Sighting", "sighting_type", p.get("sighting_type")) or \
        (p.get("sighting_type") or _("sighting")).replace("_", " ")
    return f"{kind} {p.get('date') or ''}"


def _candidate(p: dict[str, Any]) -> str:
    from identify.review import STATUS_WORDS

    status = p.get("review_status") or ""
    words = _(STATUS_WORDS[status]) if status in STATUS_WORDS else status.replace("_", " ")
    band = p.get("band") or ""
    # the bands' words are marked with the pages' (web/language.py)
    band_words = _(band) if band in ("strong", "probable", "possible", "excluded") else band
    return _("%(band)s candidate (%(status)s)", band=band_words, status=words)


def caption(label: str, props: dict[str, Any]) -> str:
    """A short name for a node on the canvas and in lists, its fixed words in the page's language."""
    pick = {
        "Person": lambda p: p.get("full_name"),
        "Report": lambda p: _("Report %(number)s", number=p.get("record_id") or p.get("uid")),
        "Remains": lambda p: _("Remains %(number)s", number=p.get("case_number") or p.get("record_id")),
        "Sighting": _sighting,
        "Voyage": lambda p: p.get("vessel_name") or _("Voyage %(number)s", number=p.get("record_id")),
        "Vessel": lambda p: p.get("registration"),
        "Place": lambda p: p.get("name"),
        "Incident": lambda p: _("Incident %(number)s %(date)s", number=p.get("record_id"), date=p.get("date") or ""),
        "DNAProfile": lambda p: _("DNA %(sample)s", sample=p.get("sample_id")),
        "Candidate": _candidate,
        "Review": lambda p: _("Review: %(decision)s", decision=p.get("decision")),
        "Agency": lambda p: p.get("code"),
        "Route": lambda p: p.get("name"),
    }.get(label)
    text = pick(props) if pick else None
    return str(text or props.get("uid") or label).strip()
