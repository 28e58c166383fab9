"""The case's timeline as people read it: each event in words, dates in words, events grouped by
where they come from (the family, the voyage, sightings, remains, DNA and review), and long
silences between two events said, not left for the reader to work out from two dates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from identify.review import STATUS_WORDS

from .model import TimelineEvent

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# A silence this long between two events of a group is shown as a gap.
GAP_DAYS = 60

GROUPS = (
    ("family", "From the family's report"),
    ("voyage", "The voyage and what ended it"),
    ("sightings", "Sightings"),
    ("remains", "Remains being compared"),
    ("dna_review", "DNA and review decisions"),
)
_GROUP_OF = {"reported": "family", "family_departure": "family", "last_seen": "family",
             "voyage_departure": "voyage", "voyage_outcome": "voyage", "incident": "voyage",
             "sighting": "sightings", "candidate_sighting": "sightings",
             "recovery": "remains", "burial": "remains",
             "sampling": "dna_review", "kinship_match": "dna_review", "review": "dna_review"}
SIGHTING_WORDS = {
    "disembarkation": "at disembarkation", "aboard_vessel": "aboard a boat",
    "reception_centre": "at a reception centre",
    "detention": "in detention", "hospital": "in hospital", "witness_statement": "by a witness",
    "phone_contact": "in a phone call", "other": "in another record",
}
OUTCOME_WORDS = {
    "arrived": "the boat arrived", "intercepted": "the boat was intercepted",
    "rescued": "the people aboard were rescued",
    "capsized": "the boat capsized", "sank": "the boat sank", "missing": "the boat went missing",
    "unknown": "what happened to the boat is not known",
}
_ISO = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<rest>[T ].*)?$")


def _words(what: str, detail: str | None, title: str) -> str:
    detail = detail or ""
    if what == "reported":
        return "The family's report was taken"
    if what == "family_departure":
        return "The journey started, as the family knows it"
    if what == "last_seen":
        return "Last seen or heard from"
    if what == "voyage_departure":
        return f"The boat {detail} left" if detail else "The boat left"
    if what == "voyage_outcome":
        return "The voyage ended: " + OUTCOME_WORDS.get(detail, detail.replace("_", " ") or "how is not known")
    if what == "incident":
        return f"Incident {detail} recorded"
    if what == "sighting":
        return "Seen " + SIGHTING_WORDS.get(detail, "in a record")
    if what == "candidate_sighting":
        return "Someone who may be this person was seen " + SIGHTING_WORDS.get(detail, "in a record")
    if what == "recovery":
        return f"Remains {detail} were recovered"
    if what == "burial":
        return f"Remains {detail} were buried"
    if what == "sampling":
        return f"DNA sample {detail} was taken"
    if what == "kinship_match":
        return f"A DNA comparison with sample {detail} was computed"
    if what == "review":
        reviewer = title.rsplit(" by ", 1)[1] if " by " in title else ""
        status = STATUS_WORDS.get(detail, detail.replace("_", " "))
        return f"Review: {status}" + (f" ({reviewer})" if reviewer else "")
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
    if day is None:
        return f"{MONTHS[int(month) - 1]} {year}"
    words = f"{int(day)} {MONTHS[int(month) - 1]} {year}"
    if rest:
        try:
            moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        except ValueError:
            return words
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone.utc)
            words = f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"
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
        return f"{days // 365} years with nothing recorded"
    if days >= 365:
        months = (days - 365) // 30
        more = f" and {months} month{'s' if months != 1 else ''}" if months else ""
        return f"1 year{more} with nothing recorded"
    return f"{days // 30} months with nothing recorded"


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
    groups = {key: Group(key, title) for key, title in GROUPS}
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
