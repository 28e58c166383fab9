"""What a case stands at, in words: the status, the best candidates one line each, what is missing
and what to do next. Read from the case as one viewer may see it, so it never says more than the
page below it: DNA gaps are stated only to DNA-cleared viewers, who alone see the samples."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Candidate, Case

BEST = 3
REPORT_STATUS = {"believed_missing": "Believed missing", "believed_alive": "Believed alive",
                 "believed_dead": "Believed dead", "identified": "Identified", "found_alive": "Found alive"}
KIND = {"Remains": "Remains", "Sighting": "Sighting", "Report": "Report"}
EVIDENCE = {"dna": "DNA", "kinship": "DNA", "voyage": "same voyage", "time_place": "time and place",
            "names": "names", "name": "names", "sex": "sex", "age": "age", "sex_age": "sex and age",
            "stature": "height", "date_of_birth": "date of birth", "nationality": "nationality",
            "descriptions": "clothing, marks and belongings"}
# Review states in the words of the summary line (the candidate's badge says the same).
REVIEW = {"proposed": "not yet examined", "under_review": "under review",
          "confirmation_proposed": "awaiting a second reviewer", "confirmed": "confirmed",
          "excluded": "excluded", "settled": "closed by a confirmed identification"}


def evidence_name(kind: str) -> str:
    """What a piece of evidence compared, in words."""
    return EVIDENCE.get(kind.lower(), kind.replace("_", " "))


def strength(log10_lr: float | None) -> str:
    """Support on the verbal scale of forensic reporting (as the briefs say it)."""
    if log10_lr is None:
        return "not measured"
    for floor, words in ((6, "extremely strong support"), (4, "very strong support"), (2, "strong support"),
                         (1, "moderate support")):
        if log10_lr >= floor:
            return words
    return "limited support" if log10_lr > 0 else "speaks against"


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
    evidence = (f"{evidence_name(best.kind)}: {strength(best.log10_lr)}"
                if best else "no evidence listed")
    band = "re-association" if candidate.association == "same_body" else (candidate.band or "unbanded")
    return CandidateLine(uid=candidate.uid, kind=KIND.get(candidate.target.label, candidate.target.label),
                         title=candidate.target.title, band=band, evidence=evidence,
                         review=REVIEW.get(candidate.review_status, candidate.review_status.replace("_", " ")),
                         review_status=candidate.review_status, conflicts=len(candidate.conflicts))


def summarise(case: Case) -> Summary:
    """The summary of `case` for the viewer it was read for."""
    in_play = open_candidates(case)
    confirmed = next((c for c in case.candidates if c.review_status == "confirmed"
                      and c.association == "identification" and c.section == "identification"), None)
    state, status = _status(case, in_play, confirmed)
    pool = ([confirmed] if confirmed else []) + [c for c in in_play if c is not confirmed]
    best = [line(c) for c in pool[:BEST]]
    missing = _missing(case, in_play)
    return Summary(state=state, status=status, best=best, more=len(pool) - len(best), missing=missing,
                   next_action=_next(case, state, in_play, confirmed, missing),
                   same_person=len(open_candidates(case, "same_person")))


def _name(c: Candidate) -> str:
    return f"{KIND.get(c.target.label, c.target.label).lower()} {c.target.title}"


def _status(case: Case, in_play: list[Candidate], confirmed: Candidate | None) -> tuple[str, str]:
    report = REPORT_STATUS.get(case.report.get("status") or "believed_missing",
                               str(case.report.get("status") or "").replace("_", " ").capitalize())
    if confirmed:
        who = " and ".join(n for n in (confirmed.confirmation_proposed_by, confirmed.confirmed_by) if n)
        return "confirmed", f"{report}: {_name(confirmed)} was confirmed{' by ' + who if who else ''}."
    proposed = next((c for c in in_play if c.review_status == "confirmation_proposed"), None)
    if proposed:
        return "confirmation_proposed", (f"{report}. {_name(proposed).capitalize()} is proposed as the identification"
                                         f" by {proposed.confirmation_proposed_by}; a second reviewer must confirm it.")
    reviewing = [c for c in in_play if c.review_status == "under_review"]
    if reviewing:
        return "under_review", f"{report}. {_plural(len(reviewing), 'candidate')} under review."
    strong = [c for c in in_play if c.band == "strong"]
    if strong:
        return "strong_candidate", f"{report}. {_plural(len(strong), 'strong candidate')} not yet examined."
    if in_play:
        return "candidates", f"{report}. No strong candidate; {_plural(len(in_play), 'weaker candidate')} to examine."
    return "no_candidates", f"{report}. No candidate identification yet."


def _missing(case: Case, in_play: list[Candidate]) -> list[str]:
    missing = []
    if case.viewer.dna_cleared:
        references = any(r.samples for r in case.family) or any(
            d.sample_kind == "reference" or d.source.startswith("personal effect") for d in case.dna)
        if not references:
            missing.append("No reference sample: no relative has given DNA and nothing of the person's "
                           "has been sampled.")
        sampled = {d.remains_uid for d in case.dna if d.remains_uid}
        unsampled = [c.target.title for c in in_play[:BEST]
                     if c.target.label == "Remains" and c.target.uid not in sampled]
        if unsampled:
            missing.append(f"No DNA on the remains {', '.join(unsampled)}.")
    if not case.voyages:
        missing.append("No voyage: the person is linked to no boat.")
    return missing


def _next(case: Case, state: str, in_play: list[Candidate], confirmed: Candidate | None,
          missing: list[str]) -> str:
    if confirmed:
        return "Tell the family: the liaison officer prepares the family brief."
    if state == "confirmation_proposed":
        proposed = next(c for c in in_play if c.review_status == "confirmation_proposed")
        if proposed.confirmation_proposed_by == case.viewer.name:
            return f"A second reviewer confirms or reopens {_name(proposed)}; you proposed it."
        return f"Confirm or reopen {_name(proposed)}, proposed by {proposed.confirmation_proposed_by}."
    if state == "under_review":
        reviewing = next(c for c in in_play if c.review_status == "under_review")
        return f"Finish the review of {_name(reviewing)}: propose its confirmation or exclude it."
    needs_reference = any(m.startswith("No reference sample") for m in missing)
    if state == "strong_candidate":
        first = next(c for c in in_play if c.band == "strong")
        return f"Start the review of {_name(first)}."
    if needs_reference:
        return "Ask the family for a reference DNA sample."
    if in_play:
        return f"Examine {_name(in_play[0])}, the best candidate."
    return "Wait for new records; check that the report's description is complete."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
