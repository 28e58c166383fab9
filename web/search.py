"""Search across people (every spelling), record ids, case numbers, vessels, places and dates.

A record whose identifier is the text itself comes first; then the results by kind, the missing
before relatives, each kind paged and the whole narrowed by kind, agency, route, year and status.
A hit opens the case it belongs to where there is one.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass
from typing import Any

from flask import Blueprint, current_app, g, jsonify, redirect, render_template, request, url_for

from cases.i18n import N_, value_word
from cases.i18n import gettext as _

from . import db, name_search
from .errors import BadInput
from .security import AUTHENTICATED, audit, requires

bp = Blueprint("search", __name__)
MAX_QUERY = 200
MAX_FILTER = 100
MIN_NAME_SEARCH = 3
# A kind of its own is paged by this many; with every kind, each shows its first few.
PAGE_SIZE = 25
PREVIEW = 8
# A filter is applied to the record a match belongs to: more matches are read, to fill a page.
NARROWED_SCAN = 500
MAX_PAGE = 40
CHOICES_SECONDS = 60.0
ISO_DATE_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
YEAR = re.compile(r"^\d{4}$")
KIND_ORDER = ["Person", "Report", "Remains", "Sighting", "Voyage", "Incident", "Place"]
KIND_TITLES = {"Person": N_("People"), "Report": N_("Reports"), "Remains": N_("Remains"), "Sighting": N_("Sightings"),
               "Voyage": N_("Voyages"), "Incident": N_("Incidents"), "Place": N_("Places")}
# The statuses a report or remains record has (graphmodel/schema/nodes.yaml), in words.
STATUSES = {"believed_missing": N_("believed missing"), "believed_alive": N_("believed alive"),
            "believed_dead": N_("believed dead"), "identified": N_("identified"), "found_alive": N_("found alive"),
            "unidentified": N_("remains unidentified"), "provisional": N_("remains provisionally identified")}
ROLES = {"missing": N_("missing person"), "recorded": N_("named in a sighting"), "companion": N_("fellow traveller")}


@dataclass(frozen=True)
class Filters:
    """What a search is narrowed by; empty strings mean "any"."""

    kind: str = ""
    agency: str = ""
    route: str = ""
    year: str = ""
    status: str = ""

    @classmethod
    def from_args(cls, args: Any) -> Filters:
        values = {name: str(args.get(name, "")).strip() for name in ("kind", "agency", "route", "year", "status")}
        if any(len(value) > MAX_FILTER for value in values.values()):
            raise BadInput(f"A filter is limited to {MAX_FILTER} characters.")
        if values["kind"] and values["kind"] not in KIND_ORDER:
            raise BadInput(f"There is no kind of record {values['kind']!r}; choose one of {', '.join(KIND_ORDER)}.")
        if values["year"] and not YEAR.match(values["year"]):
            raise BadInput("A year is four digits, such as 2016.")
        if values["status"] and values["status"] not in STATUSES:
            raise BadInput(f"There is no status {values['status']!r}.")
        return cls(**values)

    @property
    def narrowing(self) -> bool:
        """Whether a filter reads the record a match belongs to (the kind alone does not)."""
        return any((self.agency, self.route, self.year, self.status))

    def params(self) -> dict[str, str | None]:
        return {"in_agency": self.agency or None, "route": self.route or None, "year": self.year or None,
                "status": self.status or None}

    def args(self) -> dict[str, str]:
        return {name: value for name, value in asdict(self).items() if value}


def run_search(text: str, filters: Filters | None = None, page: int = 1) -> dict[str, Any]:
    """The record the text names first (`exact`), then results grouped by kind, each with the field
    that matched, a link (to the case where there is one) and whether more follow."""
    text = text.strip()
    filters = filters or Filters()
    if len(text) > MAX_QUERY:
        raise BadInput(f"Search text is limited to {MAX_QUERY} characters.")
    page = max(1, min(page, MAX_PAGE))
    if not text:
        return {"query": text, "exact": [], "groups": [], "filters": filters.args(), "page": page}
    size = PAGE_SIZE if filters.kind else PREVIEW
    skip = (page - 1) * size if filters.kind else 0
    groups: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KIND_ORDER}
    more: dict[str, bool] = {}
    access = g.user.access
    lucene = name_search.lucene_query(text)
    date = text if ISO_DATE_PREFIX.match(text) else ""
    # Place and vessel names are searched from three characters on, as words or word prefixes.
    names = (lucene or "") if len(text) >= MIN_NAME_SEARCH else ""
    limit = NARROWED_SCAN if filters.narrowing else skip + size + 1
    reads = [("ui_search_records", {"text": text, "lucene": names, "date": date, "limit": limit,
                                    **filters.params(), **access})]
    if lucene and filters.kind in ("", "Person"):
        reads.append(("ui_search_people", {"lucene": lucene, "keys": name_search.name_keys(text), "limit": size + 1,
                                           "skip": skip, "scan": NARROWED_SCAN if filters.narrowing else 0,
                                           "agency": access["agency"], **filters.params()}))
    found = db.read_together(*reads)
    if len(found) > 1:
        groups["Person"] = [_person_hit(row, text) for row in found[1][:size]]
        more["Person"] = len(found[1]) > size
    exact: list[dict[str, Any]] = []
    records: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KIND_ORDER if kind != "Person"}
    for row in found[0]:
        hit = {"kind": row["kind"], "uid": row["uid"], "title": row["title"] or row["uid"],
               "date": row["date"], "agency": row["agency"], "status": _status(row["status"]),
               "why": f"{row['field']}: {row['value']}", "url": record_url(row["kind"], row["uid"])}
        if row["rank"] == 0:
            exact.append(hit)
        if row["kind"] in records:
            records[row["kind"]].append(hit)
    exact = _dedupe(exact)
    for kind, hits in records.items():
        if filters.kind in ("", kind):
            hits = _dedupe(hits)
            groups[kind], more[kind] = hits[skip:skip + size], len(hits) > skip + size
    return {"query": text, "exact": exact, "filters": filters.args(), "page": page, "page_size": size,
            "groups": [{"kind": kind, "title": _(KIND_TITLES[kind]), "results": groups[kind],
                        "more": more.get(kind, False)}
                       for kind in KIND_ORDER if groups[kind]]}


def record_url(kind: str, uid: str) -> str:
    if kind == "Report":
        return url_for("cases.case_page", uid=uid)
    return url_for("entities.entity_page", label=kind, uid=uid)


def _status(value: str | None) -> str | None:
    return _(STATUSES[value]) if value in STATUSES else value or None


def _dedupe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["uid"] in seen:
            if row["why"] not in seen[row["uid"]]["why"]:
                seen[row["uid"]]["why"] += "; " + row["why"]
        else:
            seen[row["uid"]] = dict(row)
    return list(seen.values())


def _person_hit(row: dict[str, Any], text: str) -> dict[str, Any]:
    words = {t.lower() for t in name_search.tokens(text)}
    fields = [(_("name"), row["full_name"]), (_("father's name"), row["father_name"]),
              (_("mother's name"), row["mother_name"])]
    fields += [(_("other name"), other) for other in row["other_names"] or []]
    why = [f"{label}: {value}" for label, value in fields
           if value and words & {t.lower() for t in name_search.tokens(value)}]
    if not why and row["name_key"] and row["name_key"] in name_search.name_keys(text):
        why = [_("same transliteration key “%(key)s” as “%(text)s”", key=row["name_key"], text=text)]
    if not why:
        why = [_("a spelling or transliteration close to “%(text)s”", text=text)]
    relation = value_word("RELATIVE_OF", "relationship", row["relationship"]) or _("family")
    role = (_(ROLES[row["role"]]) if row["role"] in ROLES else _("relative (%(relation)s)", relation=relation)
            if row["role"] == "relative" else row["role"] or _("person"))
    person_url = url_for("entities.entity_page", label="Person", uid=row["uid"])
    # The case of the report that names the person (theirs, or their missing relative's) is what an
    # investigator works in; a person only a sighting names has no case.
    case_url = url_for("cases.case_page", uid=row["record_uid"]) if row["record_label"] == "Report" else None
    record_url_ = record_url(row["record_label"], row["record_uid"]) if row["record_uid"] else None
    return {"kind": "Person", "uid": row["uid"], "title": row["full_name"] or row["uid"],
            "date": _("born %(date)s", date=row["date_of_birth"]) if row["date_of_birth"] else None,
            "agency": row["agency"], "role": role, "status": _status(row["status"]),
            "father_name": row["father_name"], "why": "; ".join(why),
            "url": case_url or person_url, "person_url": person_url, "case_url": case_url,
            "record_uid": row["record_uid"], "record_url": record_url_}


def choices() -> dict[str, list[str]]:
    """The agencies and routes the filters offer the user's agency, read once a minute."""
    cache: dict[str, tuple[float, dict[str, list[str]]]] = current_app.extensions.setdefault(
        "tracegraph.search_choices", {})
    agency = g.user.agency
    hit = cache.get(agency)
    if hit and time.monotonic() - hit[0] < CHOICES_SECONDS:
        return hit[1]
    found: dict[str, list[str]] = {"agency": [], "route": []}
    for row in db.read("ui_search_choices", agency=agency):
        if row["value"]:
            found[row["choice"]].append(row["value"])
    cache[agency] = (time.monotonic(), found)
    return found


def _page() -> int:
    try:
        return int(request.args.get("page", "1"))
    except ValueError:
        raise BadInput("A page is a whole number, such as 2.") from None


@bp.route("/")
@requires(AUTHENTICATED)
def index() -> Any:
    if g.user.can("browse"):
        return redirect(url_for("search.search_page"))
    return redirect(url_for("admin.users_page"))


@bp.route("/search")
@requires("browse")
def search_page() -> Any:
    text = request.args.get("q", "")
    filters = Filters.from_args(request.args)
    result = run_search(text, filters, _page())
    if text.strip():
        audit("search", detail=text.strip())
    return render_template("search.html", result=result, q=text, filters=filters, choices=choices(),
                           kinds=KIND_ORDER, kind_titles={k: _(t) for k, t in KIND_TITLES.items()},
                           statuses={value: _(words) for value, words in STATUSES.items()},
                           full_page=PAGE_SIZE)


@bp.route("/api/search")
@requires("browse")
def search_api() -> Any:
    text = request.args.get("q", "")
    result = run_search(text, Filters.from_args(request.args), _page())
    if text.strip():
        audit("search", detail=text.strip())
    return jsonify(result)
