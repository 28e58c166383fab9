"""`tracegraph kinship screen` and `explain` over the graph: read profiles and families, run the
kinship maths, write KINSHIP_MATCH evidence.

The maths is the pure surface of `kinship` (`screen`, `compare`, `with_reasons`); this module only
moves plain data between it and the store, through the named queries `queries/kinship_*.cypher`.
Screening is incremental: a post-mortem profile carries the fingerprint of the settings it was
last screened with, and a report the fingerprint of its family's references, so a run compares
only new profiles with every family and changed families with every profile.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

from graphmodel.config import usable_cores
from graphmodel.errors import TraceGraphError
from graphmodel.journal import touched
from graphmodel.store_protocol import GraphStore
from kinship import (
    Family,
    FamilyCheck,
    KinshipSettings,
    PairResult,
    PieceRunner,
    Reference,
    ScreenResult,
    check_family,
    compare,
    parse_profile,
    screen,
    settings_differences,
    settings_from_record,
    settings_record,
    with_reasons,
)
from queries import named_query

SEX_WORDS = {"M": "male", "F": "female"}
ENGINE_AGENCY = "TRACEGRAPH"
FAMILY_BLOCK = 1000
# Sex markers are typed with the STRs but carry no kinship information here.
SEX_MARKERS = frozenset({"amelogenin", "amel"})


@dataclass
class ScreeningReport:
    """What one screening run did, for the CLI and its --json output."""

    post_mortem_profiles: int = 0
    families: int = 0
    new_profiles: int = 0
    changed_families: int = 0
    pairs_compared: int = 0
    pairs_excluded: int = 0
    matches_written: int = 0
    ready_for_report: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    family_data_inconsistent: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    # Where the seconds went: reading, screening, explaining, writing.
    step_seconds: dict[str, float] = field(default_factory=dict)

    def step(self, name: str, since: float) -> float:
        """Record the seconds of a step that started at `since` (perf_counter); the time now."""
        now = time.perf_counter()
        self.step_seconds[name] = round(now - since, 2)
        return now

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_genotypes(stored: Iterable[str]) -> dict[str, str]:
    """`["D3S1358=15,16", "TH01=9.3,"]` (the DNAProfile property) as `{locus: "15,16"}`."""
    profile: dict[str, str] = {}
    for entry in stored or ():
        locus, _, alleles = entry.partition("=")
        if locus.strip().lower() not in SEX_MARKERS:
            profile[locus] = alleles
    return profile


def settings_fingerprint(settings: KinshipSettings) -> str:
    text = json.dumps(asdict(settings), sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _profile_fingerprint(row: Mapping[str, Any], settings_print: str) -> str:
    """Changes with the settings and with the genotypes (a profile delivered again, corrected)."""
    text = "\n".join([settings_print, *sorted(row["genotypes"] or ())])
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _family_fingerprint(row: Mapping[str, Any], settings_print: str, linked: int) -> str:
    parts = sorted(json.dumps(ref, sort_keys=True, default=str) for ref in row["references"])
    text = "\n".join([settings_print, str(linked), str(row.get("sex")), *parts])
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def linked_missing_counts(store: GraphStore) -> dict[str, int]:
    """For each report: how many missing persons share its incident, else its route and year."""
    rows = store.read(named_query("kinship_linked_missing").text)
    by_incident = Counter(row["incident"] for row in rows if row["incident"])
    by_route_year = Counter((row["route"], row["year"]) for row in rows if not row["incident"] and row["route"])
    counts = {}
    for row in rows:
        if row["incident"]:
            counts[row["report"]] = by_incident[row["incident"]]
        elif row["route"]:
            counts[row["report"]] = by_route_year[(row["route"], row["year"])]
        else:
            counts[row["report"]] = 1
    return counts


def family_from_row(row: Mapping[str, Any], linked: int = 1,
                    problems: list[dict[str, str]] | None = None) -> Family:
    """A kinship Family from a `kinship_families` / `kinship_family_of_report` row.

    A reference locus that cannot be read is left out, and said in `problems` when given."""
    populations = [ref["population"] for ref in row["references"] if ref.get("population")]
    references = []
    for ref in row["references"]:
        profile, unreadable = parse_profile(ref["sample"], parse_genotypes(ref["genotypes"]))
        if problems is not None:
            problems += [{"kind": "locus", "item": u.sample_id, "locus": u.locus, "reason": u.problem}
                         for u in unreadable]
        references.append(Reference(sample_id=ref["sample"], relationship=ref["relationship"] or "other",
                                    profile=profile, sex=SEX_WORDS.get(ref.get("sex") or "")))
    return Family(family_id=row["report"], references=tuple(references),
                  population=populations[0] if populations else None,
                  missing_person_id=row["report"] + "#missing",
                  missing_person_sex=SEX_WORDS.get(row.get("sex") or ""), linked_missing_count=linked)


def _match_properties(pair: PairResult, loci: list[dict[str, Any]] | None, computed_at: str,
                      settings: str, family_hash: str | None) -> dict[str, Any]:
    return {
        "lr": pair.lr if pair.log10_lr < 300 else None,
        "log10_lr": pair.log10_lr if pair.log10_lr > -1e300 else -999.0,
        "excluded": pair.excluded,
        "posterior": pair.posterior,
        "prior": pair.prior,
        "ready_for_report": pair.ready_for_report,
        "loci_compared": pair.loci_compared,
        "incompatible_loci": list(pair.incompatible_loci),
        "population": pair.population,
        "stated_population": pair.stated_population,
        "theta": pair.theta,
        "mutation_model": pair.mutation_model,
        "mutation_rate": pair.mutation_rate,
        "pedigree": pair.pedigree,
        "dropout": json.loads(settings)["dropout"],
        "settings": settings,
        "family_hash": family_hash,
        "loci": json.dumps(loci) if loci is not None else None,
        "agency": ENGINE_AGENCY,
        "source_file": "kinship screen",
        "source_record": f"{pair.post_mortem_id}|{pair.family_id}",
        "computed_at": computed_at,
        "sharing": "partners",
    }


def screen_graph(store: GraphStore, settings: KinshipSettings, *, full: bool = False,
                 explain_loci: bool = True, batch_size: int = 1000, workers: int | None = None,
                 runner: PieceRunner | None = None) -> ScreeningReport:
    """Screen the graph's post-mortem profiles against its families and write KINSHIP_MATCH evidence.

    Only profiles that are new or changed (genotypes or settings) are compared with every family,
    and only families whose references changed with every profile; their earlier results are
    replaced. `workers` processes share each block of families (default: the cores this process
    may use); a `runner` (a Dask cluster) takes the computing instead, this process still reads and
    writes the graph.
    """
    started = time.perf_counter()
    workers = workers or usable_cores()
    report = ScreeningReport()
    settings_print = settings_fingerprint(settings)
    linked = linked_missing_counts(store)
    pm_rows = store.read(named_query("kinship_post_mortem_profiles").text)
    family_rows = store.read(named_query("kinship_families").text)
    report.post_mortem_profiles = len(pm_rows)
    report.families = len(family_rows)

    profiles = {row["uid"]: parse_genotypes(row["genotypes"]) for row in pm_rows}
    families: dict[str, Family] = {}
    fingerprints: dict[str, str] = {}
    changed: set[str] = set()
    for row in family_rows:
        count = linked.get(row["report"], 1)
        fingerprints[row["report"]] = _family_fingerprint(row, settings_print, count)
        if full or row["screened"] != fingerprints[row["report"]]:
            changed.add(row["report"])
        # unreadable reference loci are said once, when the family is screened
        families[row["report"]] = family_from_row(row, count, report.skipped if row["report"] in changed else None)
    profile_prints = {row["uid"]: _profile_fingerprint(row, settings_print) for row in pm_rows}
    new_profiles = {row["uid"] for row in pm_rows if full or row["screened"] != profile_prints[row["uid"]]}
    report.new_profiles, report.changed_families = len(new_profiles), len(changed)
    # Remains recovered from the voyage (or its incident) a missing person boarded: the screen keeps
    # their pairs with the report when DNA rules them out too, so reviewers see who was ruled out.
    nearby: dict[str, set[str]] = {}
    for row in store.read(named_query("kinship_neighbourhood_pairs").text):
        if row["report"] in families and row["profile"] in profiles:
            nearby.setdefault(row["report"], set()).add(row["profile"])
    mark = report.step("read", started)

    pairs: list[PairResult] = []
    checks: dict[str, FamilyCheck] = {}
    if changed and profiles:
        pairs += _screen_in_blocks(profiles, [families[uid] for uid in sorted(changed)], settings, report, workers,
                                   checks, runner, explain_loci, nearby)
    elif changed:
        # nothing to compare yet: the families' own data are still checked
        for uid in sorted(changed):
            check = check_family(families[uid])
            if check is not None and check.faults:
                checks[uid] = check
    unchanged = [families[uid] for uid in families if uid not in changed]
    if new_profiles and unchanged:
        fresh = _screen_in_blocks({uid: profiles[uid] for uid in new_profiles}, unchanged, settings, report,
                                  workers, runner=runner, explain=explain_loci, keep_excluded=nearby)
        ruled_out = [pair.excluded and pair.post_mortem_id in nearby.get(pair.family_id, ()) for pair in fresh]
        pairs += _among_the_best(store, [pair for pair, out in zip(fresh, ruled_out) if not out], new_profiles,
                                 settings)
        pairs += [pair for pair, out in zip(fresh, ruled_out) if out]
    report.family_data_inconsistent = [{"report": uid, **check.as_dict()}
                                       for uid, check in sorted(checks.items()) if check.inconsistent]

    mark = report.step("screen", mark)

    computed_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    stored_settings = json.dumps(settings_record(settings), sort_keys=True)
    rows = []
    for pair in pairs:
        # the screen gave the loci of the pairs worth explaining (with `explain_loci`)
        loci = [locus.as_dict() for locus in with_reasons(pair, settings).loci] \
            if pair.loci and pair.worth_explaining else None
        rows.append({"post_mortem": pair.post_mortem_id, "report": pair.family_id,
                     "properties": _match_properties(pair, loci, computed_at, stored_settings,
                                                     fingerprints.get(pair.family_id))})
        report.ready_for_report += pair.ready_for_report
    mark = report.step("explain", mark)
    store.write_batches(named_query("kinship_clear_family").text, [{"report": uid} for uid in changed],
                        batch_size=batch_size, touched=lambda batch: [touched("Report", r["report"]) for r in batch])
    store.write_batches(named_query("kinship_clear_profile").text, [{"uid": uid} for uid in new_profiles],
                        batch_size=batch_size, touched=lambda batch: [touched("DNAProfile", r["uid"]) for r in batch])
    # A match is re-read through its post-mortem profile (a view without DNA has neither).
    store.write_batches(named_query("kinship_write_matches").text, rows, batch_size=batch_size,
                        touched=lambda batch: [touched("DNAProfile", r["post_mortem"]) for r in batch])
    marks = [{"uid": uid, "label": "DNAProfile", "fingerprint": profile_prints[uid]} for uid in new_profiles]
    marks += [{"uid": uid, "label": "Report", "fingerprint": fingerprints[uid], "settings": stored_settings,
               "inconsistent": uid in checks and checks[uid].inconsistent,
               "check": json.dumps(checks[uid].as_dict()) if uid in checks else None} for uid in changed]
    store.write_batches(named_query("kinship_mark_screened").text, marks, batch_size=batch_size,
                        touched=lambda batch: [touched(r["label"], r["uid"]) for r in batch])
    report.matches_written = len(rows)
    report.step("write", mark)
    report.seconds = round(time.perf_counter() - started, 2)
    return report


def _among_the_best(store: GraphStore, fresh: list[PairResult], profiles: set[str],
                    settings: KinshipSettings) -> list[PairResult]:
    """New profiles' pairs with unchanged families, kept by the rule the whole screening follows:
    a family's best `keep_top_per_family` pairs over every profile, and every pair from
    `keep_min_log10_lr`."""
    recorded = {row["report"]: row["log10_lrs"] for row in
                store.read(named_query("kinship_family_results").text, {"profiles": sorted(profiles)})}
    by_family: dict[str, list[PairResult]] = {}
    for pair in fresh:
        by_family.setdefault(pair.family_id, []).append(pair)
    kept = []
    for family_id, candidates in by_family.items():
        ranked = sorted([*recorded.get(family_id, []), *(p.log10_lr for p in candidates if not p.excluded)],
                        reverse=True)
        bar = ranked[settings.keep_top_per_family - 1] if len(ranked) >= settings.keep_top_per_family else -math.inf
        kept += [p for p in candidates if p.log10_lr >= min(bar, settings.keep_min_log10_lr)]
    return kept


def _screen_in_blocks(profiles: Mapping[str, Mapping[str, str]], families: list[Family],
                      settings: KinshipSettings, report: ScreeningReport, workers: int = 1,
                      checks: dict[str, FamilyCheck] | None = None,
                      runner: PieceRunner | None = None, explain: bool = True,
                      keep_excluded: Mapping[str, set[str]] | None = None) -> list[PairResult]:
    """Screen family blocks; a family whose exact pedigree sum does not fit in memory is skipped
    and reported by name, and the others are still screened. What checking each family's
    references found goes to `checks` when given; `keep_excluded` as `screen` takes it."""
    pairs: list[PairResult] = []
    for start in range(0, len(families), FAMILY_BLOCK):
        block = families[start:start + FAMILY_BLOCK]
        try:
            outcome = screen(profiles, block, settings, workers=workers, runner=runner, explain=explain,
                             keep_excluded=keep_excluded)
        except MemoryError:
            for family in block:
                try:
                    outcome = screen(profiles, [family], settings, explain=explain, keep_excluded=keep_excluded)
                except MemoryError:
                    relationships = ", ".join(sorted(ref.relationship for ref in family.references))
                    report.skipped.append({"kind": "family", "item": family.family_id, "locus": "",
                                           "reason": f"pedigree ({relationships}) too large for an exact "
                                                     "computation in memory; screen it with fewer references"})
                    continue
                pairs += outcome.pairs
                _count(report, outcome, checks)
            continue
        pairs += outcome.pairs
        _count(report, outcome, checks)
    return pairs


def _count(report: ScreeningReport, outcome: ScreenResult, checks: dict[str, FamilyCheck] | None = None) -> None:
    if checks is not None:
        checks.update({check.family_id: check for check in outcome.family_checks})
    report.pairs_compared += outcome.pairs_compared
    report.pairs_excluded += outcome.pairs_excluded
    report.skipped += [{"kind": s.kind, "item": s.subject, "locus": s.locus or "",
                        "reason": s.reason} for s in outcome.skipped]


def explain_pair(store: GraphStore, sample: str, report: str, options: Mapping[str, Any] | None = None,
                 agency: str | None = None) -> dict[str, Any]:
    """The per-locus explanation of one post-mortem sample against one report's family.

    Computed with the settings the stored result was computed with (the pair's KINSHIP_MATCH, else
    the family's last screening, else the defaults), and the stored prior, so it gives the stored
    LR and posterior. `options` (setting name -> value) are explicit choices that override them;
    the explanation then says what differs from the stored run.
    """
    samples = store.read(named_query("kinship_sample").text, {"sample": sample, "agency": agency})
    if not samples:
        raise TraceGraphError(f"there is no DNA sample {sample!r}{f' of agency {agency}' if agency else ''}.")
    if len(samples) > 1:
        raise TraceGraphError(f"sample id {sample!r} was used by several agencies: give --agency.")
    families = store.read(named_query("kinship_family_of_report").text, {"report": report, "agency": agency})
    if not families:
        raise TraceGraphError(f"there is no report {report!r}{f' of agency {agency}' if agency else ''}.")
    if len(families) > 1:
        raise TraceGraphError(f"report id {report!r} was used by several agencies: give --agency.")
    row = families[0]
    if not row["references"]:
        raise TraceGraphError(f"report {report!r} has no reference sample from a relative to compare with.")
    stored = store.read(named_query("kinship_stored_match").text,
                        {"profile": samples[0]["uid"], "report": row["report"]})[0]
    settings, provenance = _explain_settings(stored, options or {})
    linked = linked_missing_counts(store).get(row["report"], 1)
    family = family_from_row(row, linked)
    match = stored["stored"]
    if match and match.get("prior") is not None and 0.0 < match["prior"] < 1.0:
        family = replace(family, prior=match["prior"])
    result = compare(samples[0]["uid"], parse_genotypes(samples[0]["genotypes"]), family, settings)
    skipped = [{"kind": s.kind, "item": s.subject, "locus": s.locus or "", "reason": s.reason}
               for s in result.skipped]
    if result.pair is None:
        raise TraceGraphError("nothing could be compared: " + "; ".join(s["reason"] for s in skipped))
    explanation = with_reasons(result.pair, settings).as_dict()
    explanation["sample"] = sample
    explanation["report"] = report
    explanation["skipped"] = skipped
    explanation["dropout"] = settings.dropout
    explanation["settings"] = provenance
    fingerprint = _family_fingerprint(row, settings_fingerprint(settings), linked)
    if match:
        explanation["stored"] = {"log10_lr": match["log10_lr"], "posterior": match["posterior"],
                                 "excluded": match["excluded"], "computed_at": match["computed_at"]}
        family_hash = match.get("family_hash") or stored["family_hash"]
        if family_hash not in (None, fingerprint) and not provenance["differences"]:
            provenance["notes"].append("the family's references or the number of linked missing persons changed "
                                       "since the stored run; run `tracegraph kinship screen` to bring it up to date")
    explanation["family_check"] = result.check.as_dict() if result.check is not None and result.check.faults else None
    explanation["notes"] = _notes(result.pair) + provenance["notes"]
    return explanation


def _explain_settings(stored: Mapping[str, Any], options: Mapping[str, Any]) -> tuple[KinshipSettings, dict[str, Any]]:
    """The settings to explain with, and where they come from, in words."""
    match = stored["stored"] or {}
    record_text = match.get("settings") or stored["family_settings"]
    if record_text:
        record = json.loads(record_text)
        source = "the stored result" if match.get("settings") else "the family's last screening"
    elif match:  # a result stored before the settings were: what it names
        record = {key: match[key] for key in ("theta", "mutation_model", "mutation_rate", "dropout")
                  if match.get(key) is not None}
        source = "the stored result (its theta, mutation model and rate; the rest are defaults)"
    else:
        record, source = {}, "the defaults (this family has not been screened)"
    try:
        base = settings_from_record(record)
        settings = replace(base, **dict(options))
    except (TypeError, ValueError) as error:
        raise TraceGraphError(str(error)) from None
    used, before = settings_record(settings), settings_record(base)
    if "frequencies" in record:
        before["frequencies"] = record["frequencies"]
    differences = settings_differences(used, before)
    notes = []
    if differences:
        notes.append("computed with settings that differ from the stored run: " + "; ".join(differences))
    elif "frequencies" in record and record["frequencies"] != used["frequencies"]:
        notes.append(f"the stored run used the {record['frequencies']} frequencies")
    return settings, {"source": source, "used": used, "stored": record or None, "differences": differences,
                      "notes": notes}


# Fewer loci compared than this make a weak result, whatever the LR says.
FEW_LOCI = 10


def _notes(pair: PairResult) -> list[str]:
    """What a reader must know about a result beyond its numbers."""
    notes = []
    if pair.loci_compared < FEW_LOCI:
        notes.append(f"only {pair.loci_compared} loci could be compared (typed in both the sample and a "
                     "reference): the result rests on little DNA and should be confirmed with more loci")
    return notes
