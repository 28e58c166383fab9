"""What an inquiry becomes in the graph: a Report in the report model, unverified.

The row built here is written by the named query `inquiry_file` (one `UNWIND $rows` statement
that MERGEs every node and relationship on its key, so a retry changes nothing). Names get the
same full name, transliteration key and variants as an agency's report (`normalise.name_keys`),
nationality and country the same ISO codes, dates the same partial ISO form and precision.
"""

from __future__ import annotations

from typing import Any

from normalise.countries import find_country_code
from normalise.geo import place_uid
from normalise.name_keys import full_name, name_key, name_variants, normalise_text

from .form import TRAVELLER_ROWS, date_iso, lines
from .statuses import NEW

SOURCE = "online inquiry"
CONSENT_SHARING = {"partners": "partners", "receiving": "agency"}


def report_uid(agency: str, number: str) -> str:
    return f"{agency}:{number}"


def _names(family: str | None, given: str | None, others: list[str] | None = None,
           father: str | None = None, mother: str | None = None) -> dict[str, Any]:
    family = normalise_text(family) if family else None
    given = normalise_text(given) if given else None
    others = [normalise_text(name) for name in others or []]
    full = full_name(given or "", family or "") or (others[0] if others else "")
    return {
        "full_name": full or None, "family_name": family, "given_names": given,
        "other_names": others or None, "name_key": name_key(full) or None,
        "name_variants": name_variants([full, *others]) or None,
        "father_name": normalise_text(father) if father else None,
        "mother_name": normalise_text(mother) if mother else None,
    }


def _country(text: str | None, name: str) -> dict[str, Any]:
    if not text:
        return {name: None}
    code = find_country_code(text)
    return {name: code, f"{name}_raw": text if code is None or text != code else None}


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def _place(text: str | None) -> dict[str, str] | None:
    return {"uid": place_uid(text, None), "name": text} if text else None


def graph_row(number: str, answers: dict[str, str], *, agency: str, filed_at: str, lang: str,
              consent_version: str) -> dict[str, Any]:
    """The `inquiry_file` row of one inquiry (every empty answer is left out: unknown)."""
    a = {k: v for k, v in answers.items() if v}
    uid = report_uid(agency, number)
    reported_on = filed_at[:10]
    departure, departure_precision = date_iso(a, "departure_date")
    last_seen, last_seen_precision = date_iso(a, "last_contact_date")
    born, born_precision = date_iso(a, "date_of_birth")
    age, height = _number(a.get("age")), _number(a.get("height_cm"))
    scope = a.get("consent_scope", "receiving")
    report = {
        "record_id": number, "reported_on": reported_on, "reported_on_precision": "day",
        "status": "believed_missing", "source": SOURCE, "verification": "unverified",
        "circumstances": a.get("circumstances"), "last_contact": a.get("last_contact_how"),
        "departure_date": departure, "departure_date_precision": departure_precision,
        "route": a.get("route"), "vessel_description": a.get("vessel"),
        "smuggler_group": a.get("smuggler_group"), "departure_place_text": a.get("departure_place"),
        "reference_sample": a.get("reference_sample"), "consent_scope": scope,
        "consent_version": consent_version, "inquiry_language": lang, "inquiry_filed_at": filed_at,
    }
    missing = {
        "role": "missing",
        **_names(a.get("family_name"), a.get("given_names"), lines(a.get("other_names", "")),
                 a.get("father_name"), a.get("mother_name")),
        "sex": a.get("sex") or None, "date_of_birth": born, "date_of_birth_precision": born_precision,
        "age_min": age, "age_max": age, **_country(a.get("nationality"), "nationality"),
        "languages": [part.strip() for part in a.get("languages", "").split(",") if part.strip()] or None,
        "height_min_cm": height, "height_max_cm": height,
        "hair_colour": a.get("hair_colour"), "eye_colour": a.get("eye_colour"),
        "description": a.get("description"),
        "distinguishing_marks": lines(a.get("distinguishing_marks", "")) or None,
        "clothing": lines(a.get("clothing", "")) or None,
        "personal_effects": lines(a.get("personal_effects", "")) or None,
        "last_seen_date": last_seen, "last_seen_date_precision": last_seen_precision,
    }
    reporter = {
        "role": "relative", "record_id": f"{number}-reporter", "is_reporter": True,
        **_names(a.get("reporter_family_name"), a.get("reporter_given_names")),
        **_country(a.get("contact_country"), "contact_country"),
    }
    travellers = []
    for n in range(1, TRAVELLER_ROWS + 1):
        name = a.get(f"traveller_{n}_name")
        if not name:
            continue
        travellers.append({
            "uid": f"{uid}#traveller-{n}",
            "relationship": a.get(f"traveller_{n}_relationship") or "companion",
            "props": {"role": "companion", "record_id": f"{number}-traveller-{n}",
                      **_names(None, None, [name]), "description": a.get(f"traveller_{n}_notes")},
        })
    sharing = CONSENT_SHARING.get(scope, "agency")
    return {
        "uid": uid, "agency": agency, "status": NEW,
        "provenance": {"agency": agency, "sharing": sharing, "source_file": SOURCE, "source_record": number},
        "report": _without_none(report), "missing": _without_none(missing), "reporter": _without_none(reporter),
        "relationship": a.get("relationship", "other"), "travellers": travellers,
        "route": a.get("route"), "departure": _place(a.get("departure_place")),
        "last_seen": _place(a.get("last_contact_place")),
    }


def _without_none(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None}
