"""The words of a brief: evidence, bands, review states, descriptions and events in plain language.

Every fixed phrase goes through the `briefs` catalogue, so a family reads it in its own language;
names, places and record ids stay as the records have them.
"""

from __future__ import annotations

from typing import Any

from graphmodel.model import load_model

from .i18n import country, date, pgettext
from .i18n import gettext as _

# the catalogues' context of the words a diagram says a relationship with
LINK_CONTEXT = "link"


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
        "marks": _("Scars, tattoos and other marks"),
        "clothing": _("Clothing"),
        "personal_effects": _("Belongings"),
        "hair_colour": _("Hair"),
        "eye_colour": _("Eyes"),
        "dependence": _("Evidence that goes together, counted once"),
    }
    return names.get(kind.lower(), kind.replace("_", " "))


def family_support(log10_lr: float | None) -> str:
    """How well one comparison fits, in a family's words."""
    if log10_lr is None:
        return _("not compared")
    if log10_lr >= 4:
        return _("fits very strongly")
    if log10_lr >= 2:
        return _("fits strongly")
    if log10_lr >= 1:
        return _("fits")
    if log10_lr > 0:
        return _("fits a little")
    return _("does not fit")


def family_evidence(kind: str, log10_lr: float | None) -> str:
    return _("%(what)s: %(how)s.", what=evidence_kind(kind), how=family_support(log10_lr))


def likelihood(band_name: str | None) -> str:
    """A candidate's band as a family reads it: how much of a possibility, never a number."""
    return {"strong": _("A strong possibility"), "probable": _("A real possibility"),
            "possible": _("A weak possibility")}.get(band_name or "", _("A possibility"))


def family_review(status: str | None) -> str:
    return {"under_review": _("A specialist is examining it."),
            "confirmation_proposed": _("A specialist has examined it; a second specialist must check it."),
            }.get(status or "", _("No specialist has examined it yet."))


def vocabulary(label: str, prop: str, raw: Any) -> str | None:
    """A stored value in the brief's language through the model's vocabulary of the property
    (`graphmodel/schema`), countries through CLDR, dates as the language writes them; None when
    the property has no vocabulary that holds the value."""
    if raw in (None, ""):
        return None
    if prop in ("nationality", "contact_country"):
        return country(str(raw))
    if prop.endswith("_date") or prop in ("date", "date_of_birth", "reported_on"):
        return date(raw)
    model = load_model()
    words = (model.nodes[label].values if label in model.nodes else model.relationships[label].values
             if label in model.relationships else {}).get(prop, {})
    english = words.get(str(raw))
    # the context keeps "brown" hair and "brown" eyes apart, for languages where they differ
    return pgettext(f"{label}.{prop}", english) if english is not None else None


def relationship_word(name: str | None, sex: str | None = None) -> str:
    """The relative's relation to the missing person, said of a man or a woman when the sex is known."""
    gendered = {("full_sibling", "M"): _("brother"), ("full_sibling", "F"): _("sister"),
                ("child", "M"): _("son"), ("child", "F"): _("daughter"),
                ("spouse", "M"): _("husband"), ("spouse", "F"): _("wife"),
                ("aunt_uncle", "M"): _("uncle"), ("aunt_uncle", "F"): _("aunt"),
                ("niece_nephew", "M"): _("nephew"), ("niece_nephew", "F"): _("niece"),
                ("grandparent", "M"): _("grandfather"), ("grandparent", "F"): _("grandmother"),
                ("grandchild", "M"): _("grandson"), ("grandchild", "F"): _("granddaughter")}
    word = gendered.get((name or "", sex or ""))
    return word or vocabulary("RELATIVE_OF", "relationship", name) or _("relative")


def node_kind(label: str) -> str:
    """A record's kind as a diagram's box names it."""
    return {"Report": _("Report"), "Person": _("Person"), "Remains": _("Remains"), "Sighting": _("Sighting"),
            "Voyage": _("Boat"), "Incident": _("Incident"), "DNAProfile": _("DNA profile"), "Place": _("Place"),
            "Vessel": _("Boat"), "Route": _("Route"), "Agency": _("Agency")}.get(label, label)


def node_caption(label: str, props: dict[str, Any]) -> str:
    """The short name of a record in a diagram: names and record ids as recorded, every other
    word in the brief's language."""
    if label in ("Person", "Place", "Route"):
        return str(props.get("full_name") or props.get("name") or "")
    if label == "Report":
        return str(props.get("record_id") or props.get("uid") or "")
    if label == "Remains":
        return str(props.get("case_number") or props.get("record_id") or "")
    if label == "Sighting":
        kind = vocabulary("Sighting", "sighting_type", props.get("sighting_type")) or ""
        return " ".join(filter(None, [kind, date(props.get("date"))]))
    if label == "Voyage":  # the boat's name as recorded, else when it left
        return str(props.get("vessel_name") or props.get("record_id") or "") or date(props.get("departure_date"))
    if label == "Incident":
        return " ".join(filter(None, [str(props.get("record_id") or ""), date(props.get("date"))]))
    if label == "DNAProfile":
        return str(props.get("sample_id") or "")
    return str(props.get("record_id") or props.get("uid") or "")


def link_words(rel_type: str) -> str:
    """How a diagram says a relationship type (the model's `words`), in the brief's language."""
    model = load_model().relationships.get(rel_type)
    if model is not None and model.words:
        return pgettext(LINK_CONTEXT, model.words)
    if rel_type in ("strong", "probable", "possible", "excluded", "candidate"):
        return _("proposed identification")
    return rel_type.replace("_", " ").lower()


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
        if head in ("Sighting", "Candidate sighting"):
            rest = vocabulary("Sighting", "sighting_type", rest) or rest
        return f"{heads[head]}{sep}{rest}"
    if title.startswith("Review: "):
        decision, _by, reviewer = title[len("Review: "):].partition(" by ")
        return _("Review: %(decision)s by %(reviewer)s", decision=review_status(decision), reviewer=reviewer)
    if title.startswith("Voyage "):
        outcome = title[len("Voyage "):]
        return _("Voyage outcome: %(outcome)s", outcome=vocabulary("Voyage", "outcome", outcome) or outcome)
    if title.startswith("DNA sample "):
        return _("DNA sample %(sample)s", sample=title[len("DNA sample "):])
    if title.startswith("Kinship match with "):
        return _("DNA match with %(sample)s", sample=title[len("Kinship match with "):])
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
        "signatures": _("Signatures"),
        "sign_role": _("Role"),
        "sign_name": _("Name"),
        "sign_date": _("Date"),
        "signature": _("Signature"),
        "f_person": _("The person you are looking for"),
        "f_name": _("Name"),
        "f_boat": _("Boat"),
        "f_report_received": _("%(agency)s received your report on %(date)s (report number %(number)s)."),
        "f_family": _("Relatives named in the report:"),
        "f_identified_remains": _("We are deeply sorry to tell you that the remains described below have been "
                                  "identified as %(name)s. Two specialists examined the records, one after the "
                                  "other, and confirmed the identification."),
        "f_identified_record": _("The record described below has been identified as %(name)s. Two specialists "
                                 "examined the records, one after the other, and confirmed the identification."),
        "f_how": _("How it was established"),
        "f_part_words": _("It was found later and belongs to the same person. It is not a second identification."),
        "f_examined": _("What is being examined"),
        "f_part_examined": _("It was found later and belongs to the same body. It is not a separate lead."),
        "f_examined_intro": _("The records below are being compared with your report. None of them is confirmed: "
                              "please do not draw conclusions from them yet."),
        "f_nothing_examined": _("No record is close enough to your report to be examined now. The search goes on: "
                                "new records are compared with your report as they arrive."),
        "f_more_leads": _("Other, weaker leads are also being checked (%(count)s). We will tell you if one of them "
                          "becomes important."),
        "f_can_do": _("What you can do"),
        "f_sample": _("Give a reference DNA sample, if no close relative has given one yet: the mother, the father, "
                      "a brother, a sister or a child of the person can give one. It is a swab from the inside of "
                      "the cheek, free of charge and quick. Ask %(agency)s where the nearest place to give it is."),
        "f_after_remains": _("Ask us about the return of the remains, the place of burial and the papers you need, "
                             "such as a death certificate."),
        "f_news": _("Tell us of any news: a call, a message, the name of a boat or of someone who travelled with "
                    "the person. Please quote the reference of this document."),
        "f_keep": _("Keep this document. It is confidential: share it only with people you trust."),
        "f_contact": _("Who to contact"),
        "f_contact_words": _("%(name)s, %(agency)s. Please quote the reference %(reference)s."),
        "f_chain": _("How the records are linked"),
    }


def extract_model_words(fileobj: Any, keywords: Any, comment_tags: Any, options: Any) -> Any:
    """Babel extractor (`briefs/translations/babel.cfg`): the words of the model's YAML that a
    brief shows (the vocabularies of values, how a diagram says a relationship), so the
    catalogues translate them like any phrase of the code."""
    import yaml

    spec = yaml.safe_load(fileobj.read()) or {}
    for name, entry in spec.items():
        if entry.get("words"):
            yield 1, "pgettext", (LINK_CONTEXT, str(entry["words"])), []
        for prop, vocabulary in (entry.get("values") or {}).items():
            for word in vocabulary.values() if isinstance(vocabulary, dict) else vocabulary:
                yield 1, "pgettext", (f"{name}.{prop}", str(word)), []
