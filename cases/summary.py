"""What a case stands at, in words: the status, the best candidates one line each, what is missing
and what to do next. Read from the case as one viewer may see it, so it never says more than the
page below it: DNA gaps are stated only to DNA-cleared viewers, who alone see the samples."""

from __future__ import annotations

from dataclasses import dataclass, field

from .i18n import N_, ngettext
from .i18n import gettext as _
from .model import Candidate, Case

BEST = 3
REPORT_STATUS = {"believed_missing": N_("Believed missing"), "believed_alive": N_("Believed alive"),
                 "believed_dead": N_("Believed dead"), "identified": N_("Identified"),
                 "found_alive": N_("Found alive")}
KIND = {"Remains": N_("Remains"), "Sighting": N_("Sighting"), "Report": N_("Report")}
EVIDENCE = {"dna": N_("DNA"), "kinship": N_("DNA"), "voyage": N_("same voyage"), "time_place": N_("time and place"),
            "names": N_("names"), "name": N_("names"), "sex": N_("sex"), "age": N_("age"),
            "sex_age": N_("sex and age"), "stature": N_("height"), "date_of_birth": N_("date of birth"),
            "nationality": N_("nationality"), "descriptions": N_("clothing, marks and belongings")}
# Review states in the words of the summary line (the candidate's badge says the same).
REVIEW = {"proposed": N_("not yet examined"), "under_review": N_("under review"),
          "confirmation_proposed": N_("awaiting a second reviewer"), "confirmed": N_("confirmed"),
          "excluded": N_("excluded"), "settled": N_("closed by a confirmed identification")}


def evidence_name(kind: str) -> str:
    """What a piece of evidence compared, in words."""
    words = EVIDENCE.get(kind.lower())
    return _(words) if words else kind.replace("_", " ")


def strength(log10_lr: float | None) -> str:
    """Support on the verbal scale of forensic reporting (as the briefs say it)."""
    if log10_lr is None:
        return _("not measured")
    for floor, words in ((6, N_("extremely strong support")), (4, N_("very strong support")),
                         (2, N_("strong support")), (1, N_("moderate support"))):
        if log10_lr >= floor:
            return _(words)
    return _("limited support") if log10_lr > 0 else _("speaks against")


@dataclass(frozen=True)
class CandidateLine:
    """One best candidate in a line: what it proposes, how strong, on what, where its review is."""

    uid: str
    kind: str
    title: str
    band: str
    evidence: str
    review: str
    review_status: str
    conflicts: int


@dataclass(frozen=True)
class Summary:
    """The head of a case page. `state` names the status for styling and tests."""

    state: str
    status: str
    best: list[CandidateLine]
    more: int
    missing: list[str] = field(default_factory=list)
    # other reports that may be the same person, still open (listed apart on the page)
    same_person: int = 0
    next_action: str = ""


def open_candidates(case: Case, section: str = "identification") -> list[Candidate]:
    """The candidates of a section (identify.candidates.SECTIONS) still in play: not excluded, not
    closed, not scored out."""
    return [c for c in case.candidates if c.section == section
            and c.review_status not in ("excluded", "settled") and c.band != "excluded"]


def line(candidate: Candidate) -> CandidateLine:
    scored = [e for e in candidate.evidence if e.log10_lr is not None]
    best = max(scored, key=lambda e: e.log10_lr or 0.0, default=None)
    evidence = (_("%(what)s: %(strength)s", what=evidence_name(best.kind), strength=strength(best.log10_lr))
                if best else _("no evidence listed"))
    band = "re-association" if candidate.association == "same_body" else (candidate.band or "unbanded")
    review = REVIEW.get(candidate.review_status)
    return CandidateLine(uid=candidate.uid, kind=candidate.target.label,
                         title=candidate.target.title, band=band, evidence=evidence,
                         review=_(review) if review else candidate.review_status.replace("_", " "),
                         review_status=candidate.review_status, conflicts=len(candidate.conflicts))


def summarise(case: Case) -> Summary:
    """The summary of `case` for the viewer it was read for."""
    in_play = open_candidates(case)
    confirmed = next((c for c in case.candidates if c.review_status == "confirmed"
                      and c.association == "identification" and c.section == "identification"), None)
    state, status = _status(case, in_play, confirmed)
    pool = ([confirmed] if confirmed else []) + [c for c in in_play if c is not confirmed]
    best = [line(c) for c in pool[:BEST]]
    gaps = _gaps(case, in_play)
    return Summary(state=state, status=status, best=best, more=len(pool) - len(best),
                   missing=[words for _kind, words in gaps],
                   next_action=_next(case, state, in_play, confirmed, any(k == NO_REFERENCE for k, _w in gaps)),
                   same_person=len(open_candidates(case, "same_person")))


def _name(c: Candidate) -> str:
    """`remains CN-17-2016`: a candidate record named in a sentence."""
    named = {"Remains": N_("remains %(title)s"), "Sighting": N_("sighting %(title)s"),
             "Report": N_("report %(title)s")}.get(c.target.label)
    return _(named, title=c.target.title) if named else f"{c.target.label.lower()} {c.target.title}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _status(case: Case, in_play: list[Candidate], confirmed: Candidate | None) -> tuple[str, str]:
    raw = case.report.get("status") or "believed_missing"
    report = _(REPORT_STATUS[raw]) if raw in REPORT_STATUS else str(raw).replace("_", " ").capitalize()
    if confirmed:
        who = [n for n in (confirmed.confirmation_proposed_by, confirmed.confirmed_by) if n]
        if not who:
            return "confirmed", _("%(status)s: %(record)s was confirmed.", status=report, record=_name(confirmed))
        names = who[0] if len(who) == 1 else _("%(first)s and %(second)s", first=who[0], second=who[1])
        return "confirmed", _("%(status)s: %(record)s was confirmed by %(who)s.", status=report,
                              record=_name(confirmed), who=names)
    proposed = next((c for c in in_play if c.review_status == "confirmation_proposed"), None)
    if proposed:
        return "confirmation_proposed", _capital(_(
            "%(status)s. %(record)s is proposed as the identification by %(who)s; a second reviewer must "
            "confirm it.", status=report, record=_capital(_name(proposed)), who=proposed.confirmation_proposed_by))
    reviewing = [c for c in in_play if c.review_status == "under_review"]
    if reviewing:
        return "under_review", ngettext("%(status)s. %(count)s candidate under review.",
                                        "%(status)s. %(count)s candidates under review.", len(reviewing),
                                        status=report)
    strong = [c for c in in_play if c.band == "strong"]
    if strong:
        return "strong_candidate", ngettext("%(status)s. %(count)s strong candidate not yet examined.",
                                            "%(status)s. %(count)s strong candidates not yet examined.",
                                            len(strong), status=report)
    if in_play:
        return "candidates", ngettext("%(status)s. No strong candidate; %(count)s weaker candidate to examine.",
                                      "%(status)s. No strong candidate; %(count)s weaker candidates to examine.",
                                      len(in_play), status=report)
    return "no_candidates", _("%(status)s. No candidate identification yet.", status=report)


# what the summary says is missing, by kind (the next action looks for the first)
NO_REFERENCE = "no_reference"


def _gaps(case: Case, in_play: list[Candidate]) -> list[tuple[str, str]]:
    missing = []
    if case.viewer.dna_cleared:
        references = any(r.samples for r in case.family) or any(
            d.sample_kind == "reference" or d.source.startswith("personal effect") for d in case.dna)
        if not references:
            missing.append((NO_REFERENCE, _("No reference sample: no relative has given DNA and nothing of the "
                                            "person's has been sampled.")))
        sampled = {d.remains_uid for d in case.dna if d.remains_uid}
        unsampled = [c.target.title for c in in_play[:BEST]
                     if c.target.label == "Remains" and c.target.uid not in sampled]
        if unsampled:
            missing.append(("no_dna", _("No DNA on the remains %(records)s.", records=", ".join(unsampled))))
    if not case.voyages:
        missing.append(("no_voyage", _("No voyage: the person is linked to no boat.")))
    return missing


def _next(case: Case, state: str, in_play: list[Candidate], confirmed: Candidate | None,
          needs_reference: bool) -> str:
    if confirmed:
        return _("Tell the family: the liaison officer prepares the family brief.")
    if state == "confirmation_proposed":
        proposed = next(c for c in in_play if c.review_status == "confirmation_proposed")
        if proposed.confirmation_proposed_by == case.viewer.name:
            return _("A second reviewer confirms or reopens %(record)s; you proposed it.", record=_name(proposed))
        return _("Confirm or reopen %(record)s, proposed by %(who)s.", record=_name(proposed),
                 who=proposed.confirmation_proposed_by)
    if state == "under_review":
        reviewing = next(c for c in in_play if c.review_status == "under_review")
        return _("Finish the review of %(record)s: propose its confirmation or exclude it.", record=_name(reviewing))
    if state == "strong_candidate":
        first = next(c for c in in_play if c.band == "strong")
        return _("Start the review of %(record)s.", record=_name(first))
    if needs_reference:
        return _("Ask the family for a reference DNA sample.")
    if in_play:
        return _("Examine %(record)s, the best candidate.", record=_name(in_play[0]))
    return _("Wait for new records; check that the report's description is complete.")
