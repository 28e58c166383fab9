"""What a family brief says, in plain words and a few pages: what is established, what is being
examined, what the family can do and whom to contact. No probabilities, bands, likelihood ratios,
record kinds from the database or source files; names and record numbers as recorded, every other
word and value in the family's language.

What a confirmed identification settles is never said to be "examined": a candidate it closed is
left out, and a further part of the same body is told as a part of the identified body.
"""

from __future__ import annotations

from typing import Any

from babel.units import format_unit

from cases import Candidate, Case
from cases.summary import open_candidates

from . import words
from .chain import chain_of
from .i18n import active_language, date
from .i18n import gettext as _

# At most this many candidates are told to a family as being examined; the rest are counted.
SHOWN = 3
# Only leads of these bands are described one by one; weaker ones are counted.
TOLD_BANDS = ("strong", "probable")
# Description fields a family reads back, each told through the model's vocabulary (free text,
# such as clothing, stays with the report the family gave).
FACTS = (("Person", "sex"), ("Person", "date_of_birth"), ("Person", "nationality"), ("Person", "hair_colour"),
         ("Person", "eye_colour"))


def build(case: Case, lang: str, unverified: Any) -> dict[str, Any]:
    """The family brief's content for the case as its viewer may see it (the language is set by
    the caller with `i18n.language`)."""
    person = case.person or {}
    own_people = {p for p in [person.get("uid")] if p} | {r.uid for r in case.family if r.uid}
    confirmed = next((c for c in case.candidates if c.review_status == "confirmed"
                      and c.association != "same_body" and not unverified(_record(case, c))), None)
    content: dict[str, Any] = {
        "report_uid": case.uid, "audience": "family", "lang": lang,
        "person": {"name": person.get("full_name") or "", "facts": _facts(person)},
        "report": _report(case),
        "journey": _journey(case),
        "family": [{"name": r.full_name or "", "relationship": words.relationship_word(r.relationship, r.sex),
                    "is_reporter": r.is_reporter} for r in case.family],
        "identification": None, "examined": [], "more_leads": 0,
        "contact": {"name": case.viewer.name, "agency": case.viewer.agency},
    }
    if confirmed is not None:
        content["identification"] = _identification(case, confirmed, own_people)
    else:
        closed = _closed_bodies(case)
        in_play = [c for c in open_candidates(case) if c.association != "same_body"
                   and c.target.uid not in closed and not unverified(_record(case, c))]
        told = [c for c in in_play if c.band in TOLD_BANDS][:SHOWN]
        content["examined"] = [_examined(case, c, own_people) for c in told]
        content["more_leads"] = len(in_play) - len(told)
    content["ask_reference_sample"] = confirmed is None
    # what the page's links to each interactive chain and the chain diagrams need
    told = ([content["identification"]] if content["identification"] else []) + content["examined"]
    content["candidates"] = [{"uid": c["uid"], "title": c["number"], "chain": c["chain"]} for c in told]
    return content


def _closed_bodies(case: Case) -> set[str]:
    """The records of bodies a confirmed identification settled in this case, with every record
    of the same body: a candidate on another part of a body identified as someone else is settled
    too, whatever its own status still says."""
    closed: set[str] = set()
    for candidate in case.candidates:
        if candidate.review_status == "settled":
            closed |= {candidate.target.uid, *([candidate.same_body_as] if candidate.same_body_as else [])}
    return closed


def _record(case: Case, candidate: Candidate) -> dict[str, Any] | None:
    return case.records.get((candidate.target.label, candidate.target.uid))


def _facts(person: dict[str, Any]) -> list[tuple[str, str]]:
    labels = {"sex": _("Sex"), "date_of_birth": _("Date of birth"), "nationality": _("Nationality"),
              "hair_colour": _("Hair"), "eye_colour": _("Eyes")}
    facts = []
    for label, prop in FACTS:
        value = words.vocabulary(label, prop, person.get(prop))
        if value:
            facts.append((labels[prop], value))
    low, high = person.get("age_min"), person.get("age_max")
    if low is not None or high is not None:
        facts.append((_("Age when missing"), _age(low, high)))
    return facts


def _age(low: Any, high: Any) -> str:
    """`52 years`, `50–53 years`, with the plural the language uses (CLDR units)."""
    low, high = (int(v) if isinstance(v, (int, float)) else None for v in (low, high))
    years = format_unit(high if high is not None else low, "duration-year", length="long",
                        locale=active_language())
    return f"{low}–{years}" if low is not None and high is not None and low != high else years


def _report(case: Case) -> dict[str, Any]:
    report, reporter = case.report, case.reporter or {}
    return {"record_id": report.get("record_id") or case.uid, "agency": report.get("agency") or "",
            "reported_on": date(report.get("reported_on")), "filed_by": reporter.get("full_name") or ""}


def _journey(case: Case) -> dict[str, Any]:
    report, person = case.report, case.person or {}
    voyages = [{"name": v.get("vessel_name") or "", "departure_date": date(v.get("departure_date")),
                "departure_place": v.get("departure_place") or "",
                "outcome": words.vocabulary("Voyage", "outcome", v.get("outcome")) or "",
                "outcome_date": date(v.get("outcome_date"))} for v in case.voyages]
    return {"departure": (case.departure or {}).get("name") or "", "departure_date": date(report.get("departure_date")),
            "last_seen": (case.last_seen or {}).get("name") or "",
            "last_seen_date": date(person.get("last_seen_date") or report.get("last_seen_date")),
            "voyages": voyages}


def _record_words(case: Case, candidate: Candidate) -> dict[str, str]:
    """What a candidate's record is, in words: remains found on a date, a sighting of a kind."""
    target = candidate.target
    found = case.chains.get(candidate.uid)
    record = (found.target.properties if found is not None else None) or _record(case, candidate) or {}
    if target.label == "Remains":
        text = _("The remains of a person found on %(date)s, recorded by %(agency)s under number %(number)s.",
                 date=date(record.get("recovery_date") or target.date) or _("an unknown date"),
                 agency=target.agency or "", number=target.title or record.get("record_id") or "")
    elif target.label == "Sighting":
        kind = words.vocabulary("Sighting", "sighting_type", record.get("sighting_type")) or _("a record")
        text = _("A record of a person (%(kind)s) on %(date)s, made by %(agency)s under number %(number)s.",
                 kind=kind, date=date(record.get("date") or target.date) or _("an unknown date"),
                 agency=target.agency or "", number=record.get("record_id") or target.uid)
    else:
        text = _("Another report, made to %(agency)s under number %(number)s.", agency=target.agency or "",
                 number=record.get("record_id") or target.title)
    return {"uid": candidate.uid, "text": text, "kind": target.label,
            "number": target.title or record.get("record_id") or target.uid}


def _evidence(candidate: Candidate, limit: int | None = None, supporting: bool = False) -> list[str]:
    """What fits and what does not (`supporting`: what fits alone), in words; the strongest first."""
    scored = [e for e in candidate.evidence if e.kind != "dependence"
              and (not supporting or (e.log10_lr is not None and e.log10_lr > 0))]
    scored.sort(key=lambda e: -(e.log10_lr if e.log10_lr is not None else -99))
    return [words.family_evidence(e.kind, e.log10_lr) for e in scored[:limit]]


def _chain(case: Case, candidate: Candidate, own_people: set[str]) -> dict[str, Any]:
    chain = chain_of(case.chains.get(candidate.uid), report_uid=case.uid, own_people=own_people,
                     agency=case.viewer.agency, band=candidate.band or "")
    for node in chain["nodes"]:
        node.pop("provenance", None)
    return chain


def _identification(case: Case, confirmed: Candidate, own_people: set[str]) -> dict[str, Any]:
    parts = [_record_words(case, c) for c in case.candidates
             if c.association == "same_body" and c.same_body_as == confirmed.target.uid]
    return {**_record_words(case, confirmed), "evidence": _evidence(confirmed, supporting=True),
            "confirmed_on": date(confirmed.confirmed_at or confirmed.reviewed_at),
            "parts": parts, "chain": _chain(case, confirmed, own_people)}


def _examined(case: Case, candidate: Candidate, own_people: set[str]) -> dict[str, Any]:
    parts = [_record_words(case, c) for c in case.candidates if c.association == "same_body"
             and c.same_body_as == candidate.target.uid and c.review_status != "settled"]
    return {**_record_words(case, candidate), "likelihood": words.likelihood(candidate.band), "parts": parts,
            "review": words.family_review(candidate.review_status), "evidence": _evidence(candidate, 4),
            "chain": _chain(case, candidate, own_people)}
