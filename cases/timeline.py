"""The case's timeline as people read it: each event in words, dates in words, events grouped by
where they come from (the family, the voyage, sightings, remains, DNA and review), and long
silences between two events said, not left for the reader to work out from two dates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from babel.dates import format_date, format_skeleton

from identify.review import STATUS_WORDS

from .i18n import N_, active_language, ngettext
from .i18n import gettext as _
from .model import TimelineEvent

# A silence this long between two events of a group is shown as a gap.
GAP_DAYS = 60

GROUPS = (
    ("family", N_("From the family's report")),
    ("voyage", N_("The voyage and what ended it")),
    ("sightings", N_("Sightings")),
    ("remains", N_("Remains being compared")),
    ("dna_review", N_("DNA and review decisions")),
)
_GROUP_OF = {"reported": "family", "family_departure": "family", "last_seen": "family",
             "voyage_departure": "voyage", "voyage_outcome": "voyage", "incident": "voyage",
             "sighting": "sightings", "candidate_sighting": "sightings",
             "recovery": "remains", "burial": "remains",
             "sampling": "dna_review", "kinship_match": "dna_review", "review": "dna_review"}
SIGHTING_WORDS = {
    "disembarkation": N_("Seen at disembarkation"), "aboard_vessel": N_("Seen aboard a boat"),
    "reception_centre": N_("Seen at a reception centre"), "detention": N_("Seen in detention"),
    "hospital": N_("Seen in hospital"), "witness_statement": N_("Seen by a witness"),
    "phone_contact": N_("Seen in a phone call"), "other": N_("Seen in another record"),
}
CANDIDATE_SIGHTING_WORDS = {
    "disembarkation": N_("Someone who may be this person was seen at disembarkation"),
    "aboard_vessel": N_("Someone who may be this person was seen aboard a boat"),
    "reception_centre": N_("Someone who may be this person was seen at a reception centre"),
    "detention": N_("Someone who may be this person was seen in detention"),
    "hospital": N_("Someone who may be this person was seen in hospital"),
    "witness_statement": N_("Someone who may be this person was seen by a witness"),
    "phone_contact": N_("Someone who may be this person was seen in a phone call"),
    "other": N_("Someone who may be this person was seen in another record"),
}
OUTCOME_WORDS = {
    "arrived": N_("The voyage ended: the boat arrived"),
    "intercepted": N_("The voyage ended: the boat was intercepted"),
    "rescued": N_("The voyage ended: the people aboard were rescued"),
    "capsized": N_("The voyage ended: the boat capsized"), "sank": N_("The voyage ended: the boat sank"),
    "missing": N_("The voyage ended: the boat went missing"),
    "unknown": N_("The voyage ended: what happened to the boat is not known"),
}
_ISO = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<rest>[T ].*)?$")


def _words(what: str, detail: str | None, title: str) -> str:
    detail = detail or ""
    if what == "reported":
        return _("The family's report was taken")
    if what == "family_departure":
        return _("The journey started, as the family knows it")
    if what == "last_seen":
        return _("Last seen or heard from")
    if what == "voyage_departure":
        return _("The boat %(boat)s left", boat=detail) if detail else _("The boat left")
    if what == "voyage_outcome":
        words = OUTCOME_WORDS.get(detail)
        how = detail.replace("_", " ") or _("how is not known")
        return _(words) if words else _("The voyage ended: %(how)s", how=how)
    if what == "incident":
        return _("Incident %(record)s recorded", record=detail)
    if what == "sighting":
        return _(SIGHTING_WORDS.get(detail, SIGHTING_WORDS["other"]))
    if what == "candidate_sighting":
        return _(CANDIDATE_SIGHTING_WORDS.get(detail, CANDIDATE_SIGHTING_WORDS["other"]))
    if what == "recovery":
        return _("Remains %(record)s were recovered", record=detail)
    if what == "burial":
        return _("Remains %(record)s were buried", record=detail)
    if what == "sampling":
        return _("DNA sample %(sample)s was taken", sample=detail)
    if what == "kinship_match":
        return _("A DNA comparison with sample %(sample)s was computed", sample=detail)
    if what == "review":
        reviewer = title.rsplit(" by ", 1)[1] if " by " in title else ""
        status = _(STATUS_WORDS[detail]) if detail in STATUS_WORDS else detail.replace("_", " ")
        return (_("Review: %(status)s (%(reviewer)s)", status=status, reviewer=reviewer) if reviewer
                else _("Review: %(status)s", status=status))
    return title


def date_words(text: str) -> str:
    """`2016` → 2016, `2016-05` → May 2016, `2016-05-20` → 20 May 2016, a timestamp → 4 December
    2026, 10:12 UTC. Anything else is shown as written."""
    found = _ISO.match(text.strip())
    if found is None:
        return text
    year, month, day, rest = found.group("year"), found.group("month"), found.group("day"), found.group("rest")
    if month is None or not 1 <= int(month) <= 12:
        return year
    locale = active_language()
    if day is None:
        return format_skeleton("yMMMM", date(int(year), int(month), 1), locale=locale)
    try:
        words = format_date(date(int(year), int(month), int(day)), "d MMMM y", locale=locale)
    except ValueError:
        return text
    if rest:
        try:
            moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        except ValueError:
            return words
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone.utc)
            words = format_date(moment.date(), "d MMMM y", locale=locale)
        words += f", {moment:%H:%M}" + (" UTC" if moment.tzinfo is not None else "")
    return words


def _day(text: str) -> date | None:
    """The first day a partial date can mean (for gaps: a year counts from its 1 January)."""
    found = _ISO.match(text.strip())
    if found is None:
        return None
    try:
        return date(int(found.group("year")), int(found.group("month") or 1), int(found.group("day") or 1))
    except ValueError:
        return None


def gap_words(days: int) -> str:
    if days >= 730:
        return ngettext("%(count)s year with nothing recorded", "%(count)s years with nothing recorded", days // 365)
    if days >= 365:
        months = (days - 365) // 30
        if months:
            return ngettext("1 year and %(count)s month with nothing recorded",
                            "1 year and %(count)s months with nothing recorded", months)
        return _("1 year with nothing recorded")
    return ngettext("%(count)s month with nothing recorded", "%(count)s months with nothing recorded", days // 30)


@dataclass(frozen=True)
class Line:
    """One event as read, or (with `gap`) a silence between two."""

    when: str = ""
    words: str = ""
    event: TimelineEvent | None = None
    gap: str = ""


@dataclass
class Group:
    key: str
    title: str
    lines: list[Line] = field(default_factory=list)


def grouped(events: list[TimelineEvent]) -> list[Group]:
    """The events by source group, in date order within each, with gaps of GAP_DAYS or more said."""
    groups = {key: Group(key, _(title)) for key, title in GROUPS}
    for event in sorted(events, key=lambda e: (e.date, e.title, e.uid or "")):
        group = groups[_GROUP_OF.get(event.what or "", "dna_review")]
        lines = group.lines
        previous = next((line.event for line in reversed(lines) if line.event is not None), None)
        if previous is not None:
            before, now = _day(previous.date), _day(event.date)
            if before and now and (now - before).days >= GAP_DAYS:
                lines.append(Line(gap=gap_words((now - before).days)))
        lines.append(Line(when=date_words(event.date), words=_words(event.what or "", event.detail, event.title),
                          event=event))
    return [group for group in groups.values() if group.lines]
