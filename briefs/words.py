"""The words of a brief: evidence, bands, review states, descriptions and events in plain language.

Every fixed phrase goes through the `briefs` catalogue, so a family reads it in its own language;
names, places and record ids stay as the records have them.
"""

from __future__ import annotations

from typing import Any

from .i18n import gettext as _


def strength(log10_lr: float | None) -> str:
    """Support for the identification in words, on the usual verbal scale of forensic reporting."""
    if log10_lr is None:
        return _("not measured")
    if log10_lr >= 6:
        return _("extremely strong support")
    if log10_lr >= 4:
        return _("very strong support")
    if log10_lr >= 2:
        return _("strong support")
    if log10_lr >= 1:
        return _("moderate support")
    if log10_lr > 0:
        return _("limited support")
    return _("speaks against")


def evidence_kind(kind: str) -> str:
    """What was compared, as a family reads it."""
    names = {
        "dna": _("DNA comparison with the family's reference samples"),
        "kinship": _("DNA comparison with the family's reference samples"),
        "voyage": _("Travel on the same boat"),
        "time_place": _("Time and place"),
        "names": _("Names"),
        "name": _("Names"),
        "sex": _("Sex"),
        "age": _("Age"),
        "sex_age": _("Sex and age"),
        "stature": _("Height"),
        "date_of_birth": _("Date of birth"),
        "nationality": _("Nationality"),
        "descriptions": _("Clothing, marks and belongings"),
    }
    return names.get(kind.lower(), kind.replace("_", " "))


def evidence_sentence(kind: str, log10_lr: float | None, excludes: bool = False) -> str:
    if excludes:
        return _("%(what)s: rules this identification out.", what=evidence_kind(kind))
    return _("%(what)s: %(strength)s.", what=evidence_kind(kind), strength=strength(log10_lr))


def band(name: str | None) -> str:
    return {"strong": _("strong"), "probable": _("probable"), "possible": _("possible"),
            "excluded": _("excluded")}.get(name or "", name or _("unknown"))


def review_status(name: str | None) -> str:
    return {"proposed": _("proposed, not yet examined"), "under_review": _("being examined"),
            "confirmation_proposed": _("being examined; a second reviewer must confirm it"),
            "confirmed": _("confirmed"), "excluded": _("ruled out"),
            "settled": _("closed: another identification was confirmed")}.get(name or "", name or "")


def same_body_part() -> str:
    """What a further part of a body already listed is, as a family reads it."""
    return _("A further part of the same body (re-association): its DNA is the same person's. "
             "It is not a second identification.")


def duplicate_record() -> str:
    return _("perhaps the same body recorded by another agency; being checked")


def record_kind(label: str) -> str:
    return {"Remains": _("human remains"), "Sighting": _("a sighting"), "Report": _("a report"),
            "Person": _("a person"), "Voyage": _("a voyage"), "Incident": _("an incident"),
            "DNAProfile": _("a DNA profile"), "Place": _("a place")}.get(label, label)


def field(name: str) -> str:
    """The label of a description field."""
    labels = {
        "full_name": _("Name"), "other_names": _("Other names"), "father_name": _("Father's name"),
        "mother_name": _("Mother's name"), "sex": _("Sex"), "date_of_birth": _("Born"),
        "age_min": _("Age from"), "age_max": _("Age to"), "nationality": _("Nationality"),
        "place_of_birth": _("Place of birth"), "height_min_cm": _("Height from (cm)"),
        "height_max_cm": _("Height to (cm)"), "hair_colour": _("Hair"), "eye_colour": _("Eyes"),
        "distinguishing_marks": _("Distinguishing marks"), "clothing": _("Clothing"),
        "personal_effects": _("Personal effects"), "last_seen_date": _("Last seen"),
    }
    return labels.get(name, name.replace("_", " "))


def relationship(name: str | None) -> str:
    words = {"mother": _("mother"), "father": _("father"), "sister": _("sister"), "brother": _("brother"),
             "son": _("son"), "daughter": _("daughter"), "spouse": _("spouse"), "wife": _("wife"),
             "husband": _("husband"), "cousin": _("cousin"), "uncle": _("uncle"), "aunt": _("aunt")}
    return words.get(name or "", (name or _("relative")).replace("_", " "))


def _event_heads() -> dict[str, str]:
    """The fixed part of the timeline's titles as the query writes them; what follows ": " is a name."""
    return {
        "Report taken": _("Report taken"),
        "Departure (as the family knows it)": _("Departure (as the family knows it)"),
        "Last seen or heard from": _("Last seen or heard from"),
        "Voyage departs": _("Voyage departs"),
        "Sighting": _("Sighting"),
        "Candidate sighting": _("Candidate sighting"),
        "Remains recovered": _("Remains recovered"),
        "Buried": _("Buried"),
    }


def event_title(title: str) -> str:
    """A timeline title with its fixed part translated."""
    head, sep, rest = (title or "").partition(": ")
    heads = _event_heads()
    if head in heads:
        return f"{heads[head]}{sep}{rest}"
    if title.startswith("Review: "):
        decision, _by, reviewer = title[len("Review: "):].partition(" by ")
        return _("Review: %(decision)s by %(reviewer)s", decision=decision.replace("_", " "), reviewer=reviewer)
    if title.startswith("Voyage "):
        return _("Voyage outcome: %(outcome)s", outcome=title[len("Voyage "):])
    if title.startswith("Incident "):
        return _("Incident %(record)s", record=title[len("Incident "):])
    return title


def value_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def fixed_phrases() -> dict[str, str]:
    """The template's fixed text, looked up once per brief."""
    return {
        "title": _("Case brief"),
        "family_title": _("Information for the family"),
        "authority_title": _("Brief for the authorities"),
        "person": _("The person sought"),
        "report": _("The family's report"),
        "reported_on": _("Reported on"),
        "filed_by": _("Filed by"),
        "circumstances": _("Circumstances"),
        "last_contact": _("Last contact"),
        "journey": _("The journey"),
        "departure": _("Departure"),
        "last_seen_at": _("Last seen at"),
        "route": _("Route"),
        "voyages": _("Voyages"),
        "family": _("Family"),
        "no_family": _("No relatives recorded."),
        "filed_report": _("filed the report"),
        "timeline": _("Timeline"),
        "no_events": _("No dated events."),
        "candidates": _("Possible identifications"),
        "no_candidates": _("No identification has been proposed."),
        "established": _("What is established"),
        "not_established": _("What is not established"),
        "nothing_established": _("No identification is confirmed. The search goes on."),
        "examined": _("This possible identification is being examined. It is not confirmed; nothing should be concluded from it yet."),
        "confirmed_words": _("This identification has been confirmed after review."),
        "excluded_words": _("This possible identification has been ruled out after review."),
        "settled_words": _("This possible identification was closed when another identification was confirmed."),
        "parts": _("Further parts of the same body"),
        "part_words": _("A further part of the same body (re-association), not a second identification."),
        "band": _("Band"),
        "posterior": _("Probability"),
        "combined": _("Combined likelihood ratio"),
        "evidence": _("Evidence"),
        "review": _("Review"),
        "status": _("Status"),
        "reviewed_by": _("Reviewed by"),
        "not_reviewed": _("Not reviewed yet."),
        "trail": _("Review trail"),
        "chain": _("How the records are linked"),
        "chain_missing": _("No chain of records could be drawn."),
        "dna": _("DNA: per-locus explanation"),
        "dna_restricted": _("The DNA detail is shown only to DNA-cleared staff."),
        "locus": _("Locus"),
        "lr": _("log10 LR"),
        "missing_genotype": _("Genotype of the missing person"),
        "references": _("Reference genotypes"),
        "why": _("Why"),
        "conflicts": _("Conflicts"),
        "sources": _("Sources"),
        "source_agency": _("Agency"),
        "source_record": _("Record"),
        "source_file": _("File"),
        "source_date": _("Date"),
        "generated": _("Generated by %(user)s (%(agency)s) on %(when)s."),
        "reference": _("Reference"),
        "notice_family": _("This brief is for the family of the person sought and the staff who support them. Please do not share it further."),
        "notice_authority": _("Confidential: for the authorities handling this case only. Records shared by other agencies stay under their sharing terms; do not pass this brief on."),
        "page": _("Page"),
        "of": _("of"),
        "date": _("Date"),
        "event": _("Event"),
        "source": _("Source"),
    }
